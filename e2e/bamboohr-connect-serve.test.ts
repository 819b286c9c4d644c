/**
 * `connect` (the OAuth sign-in, run in-process with an in-memory keychain so no real keyring is
 * touched) and `webhooks serve` (a real process, as IT runs it), both against the simulators.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startBambooSimulator, WebhookSender } from '../connectors/bamboohr/simulator/index.ts';
import { makeSimulatorTls } from '../connectors/kit/simulator/certificate.ts';
import { startGpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { formatPipeline, parsePipelineText } from '../engine/model/index.ts';
import type { SecretStore } from '../engine/secrets/index.ts';
import type { CliContext, Output } from '../engine/cli/context.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { runCli } from '../engine/cli/main.ts';
import { PROJECT_ROOT, tempDir } from '../engine/cli/test-support.ts';

const temp = tempDir('mlc-connect-');
afterAll(() => temp.remove());

class MemoryKeychain implements SecretStore {
  readonly values = new Map<string, string>();
  get = (name: string) => Promise.resolve(this.values.get(name));
  set = (name: string, value: string) => Promise.resolve(void this.values.set(name, value));
  delete = (name: string) => Promise.resolve(this.values.delete(name));
  list = () => Promise.resolve([...this.values.keys()].sort());
  describe = () => 'a keychain in memory';
}

function capture(): Output & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (text) => void lines.push(text), json: (value) => void lines.push(JSON.stringify(value)) };
}

describe('connect', () => {
  it('signs in through the browser redirect and stores the refresh token in the keychain, never printing it', async () => {
    const bamboo = await startBambooSimulator({ rows: 2 });
    try {
      const workspace = prepareExampleWorkspace(
        temp.path,
        {
          gp: { url: 'http://127.0.0.1:1' },
          bamboohr: {
            address: { companyDomain: bamboo.companyDomain, apiBase: bamboo.apiBase, tokenUrl: bamboo.tokenUrl },
          },
        },
        [BAMBOOHR_TO_GP],
      );
      const file = workspace.files[BAMBOOHR_TO_GP]!;
      const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
      const connection = pipeline.connections.bamboohr!;
      pipeline.connections.bamboohr = {
        ...connection,
        address: { ...connection.address, authorizeUrl: `${bamboo.url}/authorize.php` },
        auth: {
          method: 'oauth2-refresh-token',
          clientId: bamboo.credentials.app.clientId,
          secret: 'bamboohr_client_secret',
          refreshTokenSecret: 'bamboohr_refresh_token',
          scope: 'openid offline_access employee',
        },
      };
      writeFileSync(file, formatPipeline(pipeline));
      const keychain = new MemoryKeychain();
      keychain.values.set('bamboohr_client_secret', bamboo.credentials.app.clientSecret);
      // The redirect's certificate, as mkcert would make it, and a browser that trusts its CA.
      const tls = makeSimulatorTls('sign-in');
      writeFileSync(join(temp.path, '127.0.0.1.pem'), tls.cert);
      writeFileSync(join(temp.path, '127.0.0.1-key.pem'), tls.key);
      const browser = new Agent({ connect: { ca: tls.caCert } });
      const out = capture();
      const browsing: Promise<void>[] = [];
      const watched: Output = {
        json: out.json,
        line: (text) => {
          out.line(text);
          const url = /^\s+(http\S+)$/.exec(text)?.[1];
          if (url !== undefined) {
            browsing.push(
              (async () => {
                // The app's user registered this redirect URI (a free port here, so tests never collide on 47011).
                bamboo.auth.registerRedirectUri(new URL(url).searchParams.get('redirect_uri')!);
                const consent = await request(url);
                await consent.body.dump();
                await (await request(String(consent.headers.location), { dispatcher: browser })).body.dump();
              })(),
            );
          }
        },
      };
      const context: CliContext = {
        out: watched,
        err: capture(),
        env: {},
        cwd: temp.path,
        stdin: process.stdin,
        stderr: process.stderr,
        secrets: {
          resolve: async (name) => (await keychain.get(name)) ?? Promise.reject(new Error(`no ${name}`)),
          values: () => [...keychain.values.values()],
          scrub: (text) => text,
          keychain,
          environment: new MemoryKeychain(),
        },
      };
      // Without the certificate BambooHR's HTTPS redirect needs, or on a port in use: exit 2, one line with the fix.
      const refused = capture();
      expect(await runCli(['connect', file], { ...context, err: refused })).toBe(2);
      expect(refused.lines).toEqual([
        "error: BambooHR sends the browser back to HTTPS addresses only, so this sign-in listens on https://127.0.0.1:47011/callback, which needs a certificate for 127.0.0.1 that your browser trusts and its key (e.g. made with mkcert): give their files (connect --tls-cert FILE --tls-key FILE; the studio makes its own), and register https://127.0.0.1:47011/callback as the app's redirect URI in BambooHR's developer portal.",
      ]);
      const certificate = ['--tls-cert', '127.0.0.1.pem', '--tls-key', '127.0.0.1-key.pem'];
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const busy = String((taken.address() as AddressInfo).port);
      const inUse = capture();
      expect(await runCli(['connect', file, ...certificate, '--port', busy], { ...context, err: inUse })).toBe(2);
      await new Promise<void>((resolve) => taken.close(() => resolve()));
      expect(inUse.lines[0]).toContain(`error: port ${busy} on 127.0.0.1 is already in use`);
      expect(out.lines).toEqual([]);

      expect(await runCli(['connect', file, ...certificate, '--port', '0'], context)).toBe(0);
      await Promise.all(browsing);
      await browser.close();
      const token = keychain.values.get('bamboohr_refresh_token') ?? '';
      expect(token).toMatch(/^rt-/);
      expect(out.lines.at(-1)).toBe(
        'Signed in. The refresh token is stored in the keychain as "bamboohr_refresh_token".',
      );
      expect(out.lines.join('\n')).not.toContain(token);
      expect(out.lines.join('\n')).not.toContain(bamboo.credentials.app.clientSecret);
      // A pipeline without an OAuth connection has nothing to connect: exit 2 with the reason.
      const plain = capture();
      expect(
        await runCli(['connect', join(PROJECT_ROOT, 'assets', 'examples', BAMBOOHR_TO_GP)], { ...context, err: plain }),
      ).toBe(2);
      expect(plain.lines[0]).toContain('no connection in this pipeline signs in with oauth2-refresh-token');
    } finally {
      await bamboo.close();
    }
  });
});

describe('webhooks serve', () => {
  it('listens, applies a signed delivery to GP, refuses a forged one, and stops cleanly on Ctrl-C', async () => {
    const bamboo = await startBambooSimulator({ rows: 3, seed: 5 });
    const gp = await startGpSimulator({ rows: 2 });
    const key = 'whk-cli-private-key-42';
    const workspace = prepareExampleWorkspace(
      join(temp.path, 'serve'),
      {
        gp,
        bamboohr: {
          address: { companyDomain: bamboo.companyDomain, apiBase: bamboo.apiBase, tokenUrl: bamboo.tokenUrl },
        },
      },
      [BAMBOOHR_TO_GP],
    );
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env))
      if (value !== undefined && !name.startsWith('ML_CONNECTOR_')) env[name] = value;
    Object.assign(env, {
      ML_CONNECTOR_SECRET_BAMBOOHR_API_KEY: bamboo.credentials.apiKey,
      ML_CONNECTOR_SECRET_GP_PASSWORD: gp.credentials.password,
      ML_CONNECTOR_SECRET_BAMBOOHR_WEBHOOK_KEY: key,
    });
    // BambooHR delivers to https:// only: the receiver serves HTTPS with a certificate for 127.0.0.1 (its CA trusted by the sender).
    const tls = makeSimulatorTls('webhook receiver');
    writeFileSync(join(temp.path, 'hooks.pem'), tls.cert);
    writeFileSync(join(temp.path, 'hooks-key.pem'), tls.key);
    const serve = [
      'webhooks',
      'serve',
      workspace.files[BAMBOOHR_TO_GP]!,
      '--port',
      '0',
      '--poll-every',
      '0',
      '--state',
      join(temp.path, 'serve-state'),
    ];
    let plain: ChildProcess | undefined;
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, 'bin', 'ml-connector.mjs'),
        ...serve,
        '--tls-cert',
        'hooks.pem',
        '--tls-key',
        'hooks-key.pem',
      ],
      { cwd: temp.path, env },
    );
    let stdout = '';
    const seen = (text: string) =>
      new Promise<void>((ready, fail) => {
        const check = () => stdout.includes(text) && ready();
        child.stdout.on('data', check);
        child.once('exit', () => fail(new Error(`webhooks serve ended early: ${stdout}`)));
        check();
      });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    try {
      await seen('Press Ctrl-C to stop.');
      const url = /on (https:\/\/127\.0\.0\.1:\d+\/hooks\/bamboohr)/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      expect(stdout).toContain(`Give BambooHR this webhook URL: ${url}\n`);
      const [change] = bamboo.advance(1);
      bamboo.store.events.splice(0, bamboo.store.events.length - 1);
      expect(
        (await new WebhookSender(bamboo.store, { url: url!, privateKey: 'forged', ca: tls.caCert }).flush()).map(
          (d) => d.status,
        ),
      ).toEqual([401]);
      bamboo.store.events.push({
        type: 'employee.updated',
        employeeId: change!.employeeId,
        changedFields: ['department'],
        atMs: Date.now(),
      });
      expect(
        (await new WebhookSender(bamboo.store, { url: url!, privateKey: key, ca: tls.caCert }).flush()).map(
          (d) => d.status,
        ),
      ).toEqual([200]);
      await seen('webhook: 1 read, 1 written');
      expect(gp.store.map('employees').has(change!.employeeId)).toBe(true);
      expect(stdout).toContain('delivery 401 bad-signature');
      expect(stdout).not.toContain(key);
      const code = await new Promise<number | null>((done) => {
        child.removeAllListeners('exit');
        child.once('exit', done);
        child.kill('SIGINT');
      });
      expect(code).toBe(0);

      // Without a certificate it listens on plain HTTP, and says that address is not one to give BambooHR.
      plain = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'ml-connector.mjs'), ...serve], {
        cwd: temp.path,
        env,
      });
      let said = '';
      plain.stdout!.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
      await new Promise<void>((ready, fail) => {
        plain!.stdout!.on('data', () => said.includes('Press Ctrl-C to stop.') && ready());
        plain!.once('exit', () => fail(new Error(`webhooks serve ended early: ${said}`)));
      });
      plain.removeAllListeners('exit');
      plain.kill('SIGINT');
      expect(said).toMatch(
        /^Listening for BambooHR webhooks on http:\/\/127\.0\.0\.1:\d+\/hooks\/bamboohr \(stream employees\); no polling\.\n/,
      );
      expect(said).toContain(
        'This listener speaks plain HTTP, and BambooHR delivers webhooks to https:// addresses only: put a TLS-terminating reverse proxy or tunnel in front of it and give BambooHR that https:// address (name it with --public-url), or serve HTTPS here with --tls-cert and --tls-key.',
      );
      expect(said).not.toContain('Give BambooHR this webhook URL');
    } finally {
      child.kill('SIGKILL');
      plain?.kill('SIGKILL');
      await bamboo.close();
      await gp.close();
    }
  }, 90_000);
});
