/**
 * The OAuth authorization-code sign-in through a loopback redirect, against the simulator's
 * authorize and token endpoints: the browser's part is played by following the redirect by hand,
 * trusting the certificate the redirect is served with, as a browser trusts a locally made one.
 * BambooHR redirects only to a registered HTTPS address (§2), which the simulator enforces.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeSimulatorTls } from '../kit/simulator/certificate.ts';
import { readAll } from '../kit/testing/conformance-support.ts';
import { SIGN_IN_REDIRECT_URI, connectBambooHr, type BambooConnectOptions } from './connect.ts';
import { type BambooSimulator, startBambooSimulator } from './simulator/index.ts';
import { createBambooSource } from './source.ts';
import { EMPLOYEES } from './streams.ts';
import { MemorySecrets, configFor } from './test-support.ts';

let sim: BambooSimulator;
let dir: string;
let tlsFiles: { cert: string; key: string };
let browser: Agent;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-bhr-connect-'));
  const tls = makeSimulatorTls('bamboohr sign-in');
  tlsFiles = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  writeFileSync(tlsFiles.cert, tls.cert);
  writeFileSync(tlsFiles.key, tls.key);
  browser = new Agent({ connect: { ca: tls.caCert } });
});
afterAll(async () => {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => sim.close());

/** What a browser does with the printed address: visit it, follow the redirect to the loopback. */
async function browse(url: string, alter: (location: URL) => URL = (location) => location): Promise<number> {
  const consent = await request(url);
  await consent.body.dump();
  const location = consent.headers.location;
  if (consent.statusCode !== 302 || typeof location !== 'string')
    throw new Error(
      `the authorize page answered ${consent.statusCode}: ${String(consent.headers['x-bamboohr-error-message'])}`,
    );
  const back = await request(alter(new URL(location)).toString(), { dispatcher: browser });
  await back.body.dump();
  return back.statusCode;
}

/** The redirect URI a sign-in listens on (a free port in most tests), registered for the app as its user would. */
function register(url: string): string {
  const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
  sim.auth.registerRedirectUri(redirect);
  return url;
}

function options(
  secrets: MemorySecrets,
  onAuthorizeUrl: (url: string) => void,
  extra: Partial<BambooConnectOptions> = {},
): BambooConnectOptions {
  return {
    companyDomain: sim.companyDomain,
    authorizeUrl: `${sim.url}/authorize.php`,
    tokenUrl: sim.tokenUrl,
    clientId: sim.credentials.app.clientId,
    clientSecretSecret: 'bamboo-client-secret',
    refreshTokenSecret: 'bamboo-refresh',
    resolveSecret: secrets.resolve,
    storeSecret: secrets.store,
    port: 0,
    tlsFiles,
    onAuthorizeUrl,
    ...extra,
  };
}

function signedOutSecrets(): MemorySecrets {
  const secrets = new MemorySecrets();
  secrets.values.set('bamboo-client-secret', sim.credentials.app.clientSecret);
  return secrets;
}

describe('connect BambooHR with OAuth through a loopback redirect', () => {
  it('listens on the documented redirect URI by default, https://127.0.0.1:47011/callback, registered for the app', async () => {
    sim = await startBambooSimulator({ rows: 4 });
    const secrets = signedOutSecrets();
    let landed = 0;
    const { port: _free, ...defaults } = options(
      secrets,
      (url) => void browse(url).then((status) => (landed = status)),
    );
    const result = await connectBambooHr(defaults);
    expect(result).toMatchObject({
      refreshTokenSecret: 'bamboo-refresh',
      scope: 'openid offline_access employee report',
      redirectUri: SIGN_IN_REDIRECT_URI,
    });
    expect(SIGN_IN_REDIRECT_URI).toBe('https://127.0.0.1:47011/callback');
    const stored = secrets.values.get('bamboo-refresh') ?? '';
    expect(stored).toMatch(/^rt-/);
    expect(JSON.stringify(result)).not.toContain(stored);
    expect(JSON.stringify(result)).not.toContain(sim.credentials.app.clientSecret);
    await expect.poll(() => landed).toBe(200);
    const source = createBambooSource(configFor(sim, 'oauth2-refresh-token', secrets, { retry: false }));
    expect(await readAll(source, EMPLOYEES.schema, 10)).toHaveLength(4);
    await source.close();
  });

  it('is refused by BambooHR on any redirect URI not registered for the app, character for character', async () => {
    sim = await startBambooSimulator({ rows: 1 });
    const secrets = signedOutSecrets();
    const controller = new AbortController();
    const refusals: unknown[] = [];
    const waiting = connectBambooHr(
      options(
        secrets,
        (url) => {
          void (async () => {
            // Another port than the registered one, then the registered address with a trailing slash.
            const consent = await request(url);
            await consent.body.dump();
            const trailing = new URL(url);
            trailing.searchParams.set('redirect_uri', `${SIGN_IN_REDIRECT_URI}/`);
            const again = await request(trailing.toString());
            await again.body.dump();
            refusals.push(
              [consent.statusCode, consent.headers.location, consent.headers['x-bamboohr-error-message']],
              [again.statusCode, again.headers.location],
            );
            controller.abort();
          })();
        },
        { signal: controller.signal },
      ),
    );
    await expect(waiting).rejects.toMatchObject({ code: 'REQUEST_ABORTED' });
    expect(refusals).toEqual([
      [
        400,
        undefined,
        expect.stringMatching(
          /^The redirect_uri https:\/\/127\.0\.0\.1:\d+\/callback is not a redirect URI registered for this application\.$/,
        ),
      ],
      [400, undefined],
    ]);
    expect(secrets.writes).toEqual([]);
    expect(() => sim.auth.registerRedirectUri('http://127.0.0.1:47011/callback')).toThrow(
      'BambooHR registers HTTPS redirect URIs only',
    );
  });

  it("refuses in words to start without the certificate BambooHR's HTTPS redirect needs, on a taken port, or with an unreadable file", async () => {
    sim = await startBambooSimulator({ rows: 1 });
    const secrets = signedOutSecrets();
    const opened: string[] = [];
    const { tlsFiles: _none, ...noCertificate } = options(secrets, (url) => opened.push(url));
    await expect(connectBambooHr({ ...noCertificate, port: undefined })).rejects.toThrow(
      'BambooHR sends the browser back to HTTPS addresses only, so this sign-in listens on https://127.0.0.1:47011/callback, which needs a certificate for 127.0.0.1 that your browser trusts and its key',
    );
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(connectBambooHr(options(secrets, (url) => opened.push(url), { port }))).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: `port ${port} on 127.0.0.1 is already in use (another sign-in, or another program), so the sign-in cannot listen for BambooHR's redirect there: close what uses it, or use another port and register https://127.0.0.1:<that port>/callback for the app`,
      });
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    const missing = join(dir, 'missing.pem');
    await expect(
      connectBambooHr(options(secrets, (url) => opened.push(url), { tlsFiles: { cert: missing, key: tlsFiles.key } })),
    ).rejects.toThrow(`the sign-in's certificate file ${missing} cannot be read (ENOENT)`);
    await expect(
      connectBambooHr(
        options(secrets, (url) => opened.push(url), { tlsFiles: { cert: tlsFiles.key, key: tlsFiles.cert } }),
      ),
    ).rejects.toThrow('cannot be used together');
    expect([opened, secrets.writes]).toEqual([[], []]);
  });

  it('ignores an answer with the wrong state, then takes the real one', async () => {
    sim = await startBambooSimulator({ rows: 1 });
    const secrets = signedOutSecrets();
    const forged: number[] = [];
    const done = connectBambooHr(
      options(secrets, (url) => {
        void (async () => {
          forged.push(
            await browse(register(url), (location) => (location.searchParams.set('state', 'forged'), location)),
          );
          await browse(url);
        })();
      }),
    );
    await expect(done).resolves.toMatchObject({
      refreshTokenSecret: 'bamboo-refresh',
      redirectUri: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/callback$/),
    });
    expect(forged).toEqual([400]);
  });

  it('says plainly when the user denies access, and can be cancelled', async () => {
    sim = await startBambooSimulator({ rows: 1 });
    const secrets = signedOutSecrets();
    sim.auth.denyNext = true;
    await expect(connectBambooHr(options(secrets, (url) => void browse(register(url))))).rejects.toThrow(
      'the authorization server refused the sign-in: The user denied access.',
    );
    const controller = new AbortController();
    const waiting = connectBambooHr(options(secrets, () => controller.abort(), { signal: controller.signal }));
    await expect(waiting).rejects.toMatchObject({ code: 'REQUEST_ABORTED' });
    await expect(connectBambooHr(options(secrets, () => {}, { scope: 'openid employee' }))).rejects.toThrow(
      'lacks offline_access',
    );
    expect(secrets.writes).toEqual([]);
  });
});
