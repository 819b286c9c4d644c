/**
 * The studio host's browser sign-in (`connections.signIn`) against the BambooHR simulator: the answer
 * carries the page to open, following it (as the browser would) ends in a `sign-in-finished` event and
 * the refresh token in the keychain, and neither the answer nor any event carries a token. BambooHR
 * sends the browser back to a registered HTTPS address only, so the redirect is served over HTTPS with
 * the certificate the studio makes once: the "browser" here trusts the CA file the answer names, as the
 * analyst's does once they have trusted it, and one that does not is refused. Cancel, time-out (on an
 * injected timer), a refusal, a failure before the page is known and a taken redirect port each say so.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../connectors/registry.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../../cli/example-workspace.ts';
import { formatPipeline, parsePipelineText } from '../../model/index.ts';
import { SecretRegistry } from '../../secrets/index.ts';
import type { HostSecrets } from './context.ts';
import { createStudioServices } from './index.ts';
import { createSignIns, type SignInEvent } from './sign-in.ts';
import { SIGN_IN_CA_FILE, SIGN_IN_KEY_SECRET } from './sign-in-certificate.ts';

let bamboo: SimulatorHandle;
let dir: string;
let text: string;
/** The redirect's port in these tests (registered for the app), so they never wait for 47011. */
let port: number;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const free = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

beforeAll(async () => {
  port = await freePort();
  bamboo = await startSimulator('bamboohr', { port: 0, rows: 2, redirectUris: [`https://127.0.0.1:${port}/callback`] });
  dir = mkdtempSync(join(tmpdir(), 'mlc-sign-in-'));
  const file = prepareExampleWorkspace(dir, { gp: { url: 'http://127.0.0.1:1' }, bamboohr: bamboo }, [BAMBOOHR_TO_GP])
    .files[BAMBOOHR_TO_GP]!;
  const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
  const connection = pipeline.connections.bamboohr!;
  pipeline.connections.bamboohr = {
    ...connection,
    address: { ...connection.address, authorizeUrl: String(bamboo.address.authorizeUrl) },
    auth: {
      method: 'oauth2-refresh-token',
      clientId: 'sim-bamboohr-client',
      secret: 'bamboohr_client_secret',
      refreshTokenSecret: 'bamboohr_refresh_token',
    },
  };
  text = formatPipeline(pipeline);
});
afterAll(async () => {
  await bamboo?.close();
  rmSync(dir, { recursive: true, force: true });
});

function memorySecrets(initial: Record<string, string>): HostSecrets & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    resolve: async (name) =>
      values.get(name) ??
      Promise.reject(Object.assign(new Error(`No secret named "${name}".`), { code: 'SECRET_MISSING' })),
    lookup: async (name) => (values.has(name) ? { source: 'keychain' } : undefined),
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => values.delete(name),
    describe: () => 'a keychain in memory',
  };
}

function host(secrets: HostSecrets, certificates = join(dir, 'sign-in')) {
  const events: unknown[] = [];
  let heard: ((event: SignInEvent) => void) | undefined;
  const services = createStudioServices({
    cwd: dir,
    stateDir: join(dir, 'state'),
    signInCertificateDir: certificates,
    secrets,
    registry: new SecretRegistry(),
    publish: (event) => {
      events.push(event);
      if ((event as SignInEvent).type === 'sign-in-finished') heard?.(event as SignInEvent);
    },
  });
  const finished = () => new Promise<SignInEvent>((resolve) => (heard = resolve));
  return { services, events, finished };
}

/** What the browser does with the sign-in page: the simulator consents at once and redirects to the loopback, over HTTPS. */
async function browse(url: string, browser: Agent): Promise<string> {
  const consent = await request(url);
  await consent.body.dump();
  expect(consent.statusCode).toBe(302);
  const back = await request(String(consent.headers.location), { dispatcher: browser });
  return back.body.text();
}

/** A browser that trusts the CA file the studio named (once the analyst has trusted it). */
const trusting = (caFile: string) => new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });

describe('connections.signIn', () => {
  it('answers the page to open, stores the refresh token in the keychain when the browser comes back, and says so without the token', async () => {
    const secrets = memorySecrets({ bamboohr_client_secret: bamboo.secrets.bamboohr_client_secret! });
    const certificates = join(dir, 'sign-in-first');
    const { services, events, finished } = host(secrets, certificates);
    const done = finished();
    const started = await services.connections.signIn({
      pipeline: { path: BAMBOOHR_TO_GP, text },
      connection: 'bamboohr',
      port,
    });
    expect(started.opened).toBe(false);
    // The studio made its certificate for this first sign-in: the analyst is told which CA file to trust.
    expect(started.certificate).toEqual({ caFile: join(certificates, SIGN_IN_CA_FILE), madeNow: true });
    const page = new URL(started.authorizeUrl);
    expect(`${page.origin}${page.pathname}`).toBe(bamboo.address.authorizeUrl);
    expect(page.searchParams.get('redirect_uri')).toBe(`https://127.0.0.1:${port}/callback`);
    expect(page.searchParams.get('scope')).toContain('offline_access');
    // A browser that has not trusted the CA refuses the redirect's certificate; one that has, comes back.
    const untrusting = new Agent();
    await expect(request(`https://127.0.0.1:${port}/callback`, { dispatcher: untrusting })).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    await untrusting.close();
    const browser = trusting(started.certificate!.caFile);
    expect(await browse(started.authorizeUrl, browser)).toContain('Signed in');
    const event = await done;
    expect(event).toEqual({
      type: 'sign-in-finished',
      signIn: started.signIn,
      connection: 'bamboohr',
      outcome: { status: 'signed-in', storedAs: 'bamboohr_refresh_token' },
    });
    const token = secrets.values.get('bamboohr_refresh_token');
    expect(token).toMatch(/^rt-/);
    expect(JSON.stringify([started, events])).not.toContain(token);
    expect(JSON.stringify([started, events])).not.toContain(bamboo.secrets.bamboohr_client_secret);
    // The certificate's key is in the keychain, in no file and in nothing the studio was told.
    const key = secrets.values.get(SIGN_IN_KEY_SECRET)!;
    expect(key).toContain('PRIVATE KEY');
    for (const file of readdirSync(certificates))
      expect(readFileSync(join(certificates, file), 'utf8')).not.toContain('PRIVATE KEY');
    expect(JSON.stringify([started, events])).not.toContain(key.split('\n')[1]);

    // The next sign-in serves the same certificate: the CA trusted once stays trusted.
    const again = finished();
    const second = await services.connections.signIn({
      pipeline: { path: BAMBOOHR_TO_GP, text },
      connection: 'bamboohr',
      port,
    });
    expect(second.certificate).toEqual({ caFile: join(certificates, SIGN_IN_CA_FILE), madeNow: false });
    expect(await browse(second.authorizeUrl, browser)).toContain('Signed in');
    expect((await again).outcome).toEqual({ status: 'signed-in', storedAs: 'bamboohr_refresh_token' });
    await browser.close();

    // Every screen that reads BambooHR signs in with that token, and BambooHR rotates it each time: each
    // must keep the new one, or the next sign-in fails once the old one's grace is over.
    const pipeline = { path: BAMBOOHR_TO_GP, text };
    const seen = [token!];
    const uses: [string, () => Promise<unknown>][] = [
      ['source fields', () => services.schema.entities({ pipeline, connection: 'bamboohr', samples: 1 })],
      ['preview', () => services.preview.stream({ pipeline, stream: 'employees', limit: 5, refresh: true })],
      ['write plan', () => services.runs.plan({ pipeline, streams: ['employees'] })],
    ];
    for (const [what, use] of uses) {
      await use().catch(() => undefined);
      const now = secrets.values.get('bamboohr_refresh_token')!;
      expect(seen, `${what} kept the rotated refresh token`).not.toContain(now);
      seen.push(now);
    }
    await services.close();
  });

  it('fails the request itself, in words, when the sign-in cannot start (no client secret stored)', async () => {
    const certificates = join(dir, 'sign-in-no-secret');
    const { services, events } = host(memorySecrets({}), certificates);
    await expect(
      services.connections.signIn({ pipeline: { path: BAMBOOHR_TO_GP, text }, connection: 'bamboohr', port }),
    ).rejects.toThrow('No secret named "bamboohr_client_secret"');
    expect(events).toEqual([]);
    // Said before anything else: no certificate was made for a sign-in that cannot go on.
    expect(existsSync(certificates)).toBe(false);
  });

  it('says cancelled when the analyst cancels, and frees the loopback port', async () => {
    const { services, finished } = host(memorySecrets({ bamboohr_client_secret: 'x-secret' }));
    const done = finished();
    const started = await services.connections.signIn({
      pipeline: { path: BAMBOOHR_TO_GP, text },
      connection: 'bamboohr',
      port,
    });
    const browser = trusting(started.certificate!.caFile);
    const redirect = new URL(started.authorizeUrl).searchParams.get('redirect_uri')!;
    // Listening over HTTPS until cancelled (anything but the redirect is answered 404), then gone.
    expect((await request(new URL('/favicon.ico', redirect), { dispatcher: browser })).statusCode).toBe(404);
    expect(await services.connections.cancelSignIn({ signIn: started.signIn })).toEqual({ cancelled: true });
    expect((await done).outcome).toEqual({
      status: 'cancelled',
      message: 'The sign-in was cancelled; nothing was stored.',
    });
    await expect(request(redirect, { dispatcher: browser })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await browser.close();
    expect(await services.connections.cancelSignIn({ signIn: started.signIn })).toEqual({ cancelled: false });
  });

  it('refuses, in words, a fixed redirect port that is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const busy = (taken.address() as AddressInfo).port;
    try {
      const { services } = host(memorySecrets({ bamboohr_client_secret: 'x-secret' }));
      await expect(
        services.connections.signIn({ pipeline: { path: BAMBOOHR_TO_GP, text }, connection: 'bamboohr', port: busy }),
      ).rejects.toThrow(
        `Port ${busy} on 127.0.0.1 is already in use (another sign-in, or another program), so the sign-in cannot listen for BambooHR's redirect there: close what uses it, or use another port and register https://127.0.0.1:<that port>/callback for the app.`,
      );
    } finally {
      taken.close();
    }
  });
});

describe('sign-ins', () => {
  /** A sign-in that listens and then waits for the browser until aborted, as the real one does. */
  const waiting =
    (fail?: Error) =>
    async (_context: unknown, options: { onAuthorizeUrl: (url: string) => void; signal?: AbortSignal }) => {
      options.onAuthorizeUrl('https://acme.bamboohr.com/authorize.php?client_id=c');
      if (fail) throw fail;
      return new Promise<never>((_resolve, reject) =>
        options.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    };
  const context = { name: 'hr' } as Parameters<ReturnType<typeof createSignIns>['start']>[0];
  /** The events published, and a wait for the n-th (the host's own signal, not a timer). */
  const recorder = () => {
    const events: SignInEvent[] = [];
    const waiters: (() => void)[] = [];
    return {
      events,
      publish: (event: SignInEvent) => {
        events.push(event);
        for (const wake of waiters.splice(0)) wake();
      },
      async nth(n: number): Promise<SignInEvent> {
        while (events.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
        return events[n - 1]!;
      },
    };
  };

  it('times out on its own clock, and a newer sign-in of the same connection replaces a forgotten one', async () => {
    const timers: (() => void)[] = [];
    const seen = recorder();
    const signIns = createSignIns({
      publish: seen.publish,
      connect: waiting() as never,
      timeoutMs: 300_000,
      setTimer: (run) => (timers.push(run), () => {}),
    });
    const first = await signIns.start(context);
    const second = await signIns.start(context);
    expect(await seen.nth(1)).toEqual({
      type: 'sign-in-finished',
      signIn: first.signIn,
      connection: 'hr',
      outcome: { status: 'cancelled', message: 'The sign-in was cancelled; nothing was stored.' },
    });
    timers[1]!();
    expect(await seen.nth(2)).toEqual({
      type: 'sign-in-finished',
      signIn: second.signIn,
      connection: 'hr',
      outcome: {
        status: 'timed-out',
        message: 'The browser did not come back within 5 minutes; nothing was stored. Sign in again.',
      },
    });
  });

  it("says refused, with the server's words, when the sign-in is denied; and opens the page where the host can", async () => {
    const seen = recorder();
    const opened: string[] = [];
    const denied = Object.assign(new Error('the authorization server refused the sign-in: The user denied access.'), {
      code: 'AUTH_FAILED',
    });
    const signIns = createSignIns({
      publish: seen.publish,
      connect: waiting(denied) as never,
      openExternal: (url) => opened.push(url),
    });
    const started = await signIns.start(context);
    expect(started.opened).toBe(true);
    expect(opened).toEqual([started.authorizeUrl]);
    expect((await seen.nth(1)).outcome).toEqual({
      status: 'refused',
      message: 'the authorization server refused the sign-in: The user denied access.',
    });
  });
});
