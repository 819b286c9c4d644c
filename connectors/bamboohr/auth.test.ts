/**
 * Both sign-ins against the simulator over loopback: the API key as Basic user with `x`, and OAuth
 * refresh tokens renewed before expiry and on a 401, rotated tokens stored before use, a revoked grant
 * as one "reconnect" error. Clocks are injected: time moves by assignment, never by waiting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EMPLOYEES } from './streams.ts';
import { readAll } from '../kit/testing/conformance-support.ts';
import { RECONNECT_HELP } from './client.ts';
import { type BambooSimulator, startBambooSimulator } from './simulator/index.ts';
import { createBambooSource } from './source.ts';
import { configFor, secretsFor } from './test-support.ts';

const clock = { ms: Date.UTC(2025, 0, 6, 12), simAheadMs: 0 };
let sim: BambooSimulator;
const start = async () => {
  clock.ms = Date.UTC(2025, 0, 6, 12);
  clock.simAheadMs = 0;
  sim = await startBambooSimulator({ rows: 12, seed: 3, now: () => clock.ms + clock.simAheadMs });
  return sim;
};
afterEach(() => sim.close());

const oauthSource = (secrets: ReturnType<typeof secretsFor>) =>
  createBambooSource(configFor(sim, 'oauth2-refresh-token', secrets, { now: () => clock.ms, retry: false }));
const read = (source: ReturnType<typeof createBambooSource>) => readAll(source, EMPLOYEES.schema, 50);

describe('BambooHR API key', () => {
  it('signs in with the key as Basic user and x as password; a wrong key is one AUTH_FAILED carrying the header message', async () => {
    await start();
    const secrets = secretsFor(sim);
    const source = createBambooSource(configFor(sim, 'api-key', secrets, { retry: false }));
    expect(await read(source)).toHaveLength(12);
    await source.close();
    secrets.values.set('bamboo-key', 'wrong-key');
    const before = sim.stats.requests;
    const wrong = createBambooSource(configFor(sim, 'api-key', secrets, { retry: { sleep: async () => {} } }));
    await expect(read(wrong)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      vendorMessage: 'Invalid API key or access token.',
    });
    await wrong.close();
    expect(sim.stats.requests - before).toBe(1);
  });
});

describe('BambooHR OAuth refresh tokens', () => {
  it('renews the access token before it expires, with no 401 on the way', async () => {
    await start();
    const source = oauthSource(secretsFor(sim));
    await read(source);
    expect(sim.auth.stats.refreshes).toBe(1);
    clock.ms += 3_560_000; // 40 s before expiry: inside the 60 s renewal margin
    await read(source);
    await source.close();
    expect(sim.auth.stats.refreshes).toBe(2);
    expect(sim.stats.seen.filter((request) => request.status === 401)).toEqual([]);
  });

  it('renews once on a 401 for a token it believed valid, and the read goes on', async () => {
    await start();
    const source = oauthSource(secretsFor(sim));
    await read(source);
    clock.simAheadMs = 3_700_000; // the server's clock says the token expired; the client's does not
    expect(await read(source)).toHaveLength(12);
    await source.close();
    expect(sim.stats.seen.filter((request) => request.status === 401)).toHaveLength(1);
    expect(sim.auth.stats.refreshes).toBe(2);
  });

  it('writes each rotated refresh token to the secret store before the new access token is used', async () => {
    await start();
    const secrets = secretsFor(sim);
    const original = secrets.values.get('bamboo-refresh');
    const atWrite: string[] = [];
    secrets.onWrite = () => atWrite.push(sim.stats.seen.at(-1)?.path ?? '');
    const source = oauthSource(secrets);
    await read(source);
    clock.ms += 3_600_000;
    await read(source);
    await source.close();
    expect(secrets.writes.map((write) => write.name)).toEqual(['bamboo-refresh', 'bamboo-refresh']);
    expect(atWrite).toEqual(['/token.php', '/token.php']);
    const stored = secrets.values.get('bamboo-refresh');
    expect(stored).not.toBe(original);
    // The next run (a new process) signs in with what the store holds; the first token is spent.
    const next = oauthSource(secrets);
    expect(await read(next)).toHaveLength(12);
    await next.close();
    const replay = secretsFor(sim);
    replay.values.set('bamboo-refresh', original ?? '');
    const stale = oauthSource(replay);
    await expect(read(stale)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await stale.close();
  });

  it('a revoked refresh token is one AUTH_FAILED that says to reconnect, at sign-in and mid-run', async () => {
    await start();
    const source = oauthSource(secretsFor(sim));
    await read(source);
    sim.auth.revokeAll();
    clock.ms += 3_600_000;
    const before = sim.stats.requests;
    const error = await read(source).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await source.close();
    expect(error).toMatchObject({ code: 'AUTH_FAILED', options: { help: RECONNECT_HELP } });
    expect((error as Error).message).toContain('Reconnect the connection');
    expect((error as Error).message).not.toContain('rt-');
    expect(sim.stats.requests - before).toBe(1);
    const fresh = oauthSource(secretsFor(sim));
    sim.auth.revokeAll();
    await expect(read(fresh)).rejects.toMatchObject({ code: 'AUTH_FAILED', options: { help: RECONNECT_HELP } });
    await fresh.close();
  });

  it('the authorization-code grant gives a refresh token only with offline_access', async () => {
    await start();
    const form = (code: string) =>
      new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'https://127.0.0.1/callback',
        client_id: sim.credentials.app.clientId,
        client_secret: sim.credentials.app.clientSecret,
      });
    expect(sim.auth.token(form(sim.auth.issueCode('openid offline_access employee'))).body).toHaveProperty(
      'refresh_token',
    );
    expect(sim.auth.token(form(sim.auth.issueCode('openid employee'))).body).not.toHaveProperty('refresh_token');
    expect(sim.auth.token(form('made-up')).status).toBe(400);
  });
});
