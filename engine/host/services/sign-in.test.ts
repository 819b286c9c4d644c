/**
 * The studio host's browser sign-in (`connections.signIn`) against the BambooHR simulator: the answer
 * carries the page to open, following it (as the browser would) ends in a `sign-in-finished` event and
 * the refresh token in the keychain, and neither the answer nor any event carries a token. Cancel,
 * time-out (on an injected timer), a refusal, a failure before the page is known and a taken redirect
 * port each say so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../connectors/registry.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../../cli/example-workspace.ts';
import { formatPipeline, parsePipelineText } from '../../model/index.ts';
import { SecretRegistry } from '../../secrets/index.ts';
import type { HostSecrets } from './context.ts';
import { createStudioServices } from './index.ts';
import { createSignIns, type SignInEvent } from './sign-in.ts';

let bamboo: SimulatorHandle;
let dir: string;
let text: string;

beforeAll(async () => {
  bamboo = await startSimulator('bamboohr', { port: 0, rows: 2 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-sign-in-'));
  const file = prepareExampleWorkspace(dir, { gp: { url: 'http://127.0.0.1:1' }, bamboohr: bamboo }, [BAMBOOHR_TO_GP]).files[BAMBOOHR_TO_GP]!;
  const pipeline = parsePipelineText(readFileSync(file, 'utf8')).pipeline!;
  const connection = pipeline.connections.bamboohr!;
  pipeline.connections.bamboohr = {
    ...connection,
    address: { ...connection.address, authorizeUrl: String(bamboo.address.authorizeUrl) },
    auth: { method: 'oauth2-refresh-token', clientId: 'sim-bamboohr-client', secret: 'bamboohr_client_secret', refreshTokenSecret: 'bamboohr_refresh_token' },
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
    resolve: async (name) => values.get(name) ?? Promise.reject(Object.assign(new Error(`No secret named "${name}".`), { code: 'SECRET_MISSING' })),
    lookup: async (name) => (values.has(name) ? { source: 'keychain' } : undefined),
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => values.delete(name),
    describe: () => 'a keychain in memory',
  };
}

function host(secrets: HostSecrets) {
  const events: unknown[] = [];
  let heard: ((event: SignInEvent) => void) | undefined;
  const services = createStudioServices({
    cwd: dir,
    stateDir: join(dir, 'state'),
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

/** What the browser does with the sign-in page: the simulator consents at once and redirects to the loopback. */
async function browse(url: string): Promise<string> {
  const consent = await request(url);
  await consent.body.dump();
  expect(consent.statusCode).toBe(302);
  const back = await request(String(consent.headers.location));
  return back.body.text();
}

describe('connections.signIn', () => {
  it('answers the page to open, stores the refresh token in the keychain when the browser comes back, and says so without the token', async () => {
    const secrets = memorySecrets({ bamboohr_client_secret: bamboo.secrets.bamboohr_client_secret! });
    const { services, events, finished } = host(secrets);
    const done = finished();
    const started = await services.connections.signIn({ pipeline: { path: BAMBOOHR_TO_GP, text }, connection: 'bamboohr' });
    expect(started.opened).toBe(false);
    const page = new URL(started.authorizeUrl);
    expect(`${page.origin}${page.pathname}`).toBe(bamboo.address.authorizeUrl);
    expect(page.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(page.searchParams.get('scope')).toContain('offline_access');
    expect(await browse(started.authorizeUrl)).toContain('Signed in');
    const event = await done;
    expect(event).toEqual({ type: 'sign-in-finished', signIn: started.signIn, connection: 'bamboohr', outcome: { status: 'signed-in', storedAs: 'bamboohr_refresh_token' } });
    const token = secrets.values.get('bamboohr_refresh_token');
    expect(token).toMatch(/^rt-/);
    expect(JSON.stringify([started, events])).not.toContain(token);
    expect(JSON.stringify([started, events])).not.toContain(bamboo.secrets.bamboohr_client_secret);

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
    const { services, events } = host(memorySecrets({}));
    await expect(services.connections.signIn({ pipeline: { path: BAMBOOHR_TO_GP, text }, connection: 'bamboohr' })).rejects.toThrow('No secret named "bamboohr_client_secret"');
    expect(events).toEqual([]);
  });

  it('says cancelled when the analyst cancels, and frees the loopback port', async () => {
    const { services, finished } = host(memorySecrets({ bamboohr_client_secret: 'x-secret' }));
    const done = finished();
    const started = await services.connections.signIn({ pipeline: { path: BAMBOOHR_TO_GP, text }, connection: 'bamboohr' });
    expect(await services.connections.cancelSignIn({ signIn: started.signIn })).toEqual({ cancelled: true });
    expect((await done).outcome).toEqual({ status: 'cancelled', message: 'The sign-in was cancelled; nothing was stored.' });
    await expect(request(new URL(started.authorizeUrl).searchParams.get('redirect_uri')!)).rejects.toThrow();
    expect(await services.connections.cancelSignIn({ signIn: started.signIn })).toEqual({ cancelled: false });
  });

  it('refuses, in words, a fixed redirect port that is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const { services } = host(memorySecrets({ bamboohr_client_secret: 'x-secret' }));
      await expect(services.connections.signIn({ pipeline: { path: BAMBOOHR_TO_GP, text }, connection: 'bamboohr', port })).rejects.toThrow(`Port ${port} is already in use on this computer`);
    } finally {
      taken.close();
    }
  });
});

describe('sign-ins', () => {
  /** A sign-in that listens and then waits for the browser until aborted, as the real one does. */
  const waiting = (fail?: Error) => async (_context: unknown, options: { onAuthorizeUrl: (url: string) => void; signal?: AbortSignal }) => {
    options.onAuthorizeUrl('https://acme.bamboohr.com/authorize.php?client_id=c');
    if (fail) throw fail;
    return new Promise<never>((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
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
    const signIns = createSignIns({ publish: seen.publish, connect: waiting() as never, timeoutMs: 300_000, setTimer: (run) => (timers.push(run), () => {}) });
    const first = await signIns.start(context);
    const second = await signIns.start(context);
    expect(await seen.nth(1)).toEqual({ type: 'sign-in-finished', signIn: first.signIn, connection: 'hr', outcome: { status: 'cancelled', message: 'The sign-in was cancelled; nothing was stored.' } });
    timers[1]!();
    expect(await seen.nth(2)).toEqual({ type: 'sign-in-finished', signIn: second.signIn, connection: 'hr', outcome: { status: 'timed-out', message: 'The browser did not come back within 5 minutes; nothing was stored. Sign in again.' } });
  });

  it('says refused, with the server\'s words, when the sign-in is denied; and opens the page where the host can', async () => {
    const seen = recorder();
    const opened: string[] = [];
    const denied = Object.assign(new Error('the authorization server refused the sign-in: The user denied access.'), { code: 'AUTH_FAILED' });
    const signIns = createSignIns({ publish: seen.publish, connect: waiting(denied) as never, openExternal: (url) => opened.push(url) });
    const started = await signIns.start(context);
    expect(started.opened).toBe(true);
    expect(opened).toEqual([started.authorizeUrl]);
    expect((await seen.nth(1)).outcome).toEqual({ status: 'refused', message: 'the authorization server refused the sign-in: The user denied access.' });
  });
});
