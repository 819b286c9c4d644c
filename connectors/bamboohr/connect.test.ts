/**
 * The OAuth authorization-code sign-in through a loopback redirect, against the simulator's
 * authorize and token endpoints: the browser's part is played by following the redirect by hand.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { readAll } from '../kit/testing/conformance-support.ts';
import { connectBambooHr, type BambooConnectOptions } from './connect.ts';
import { type BambooSimulator, startBambooSimulator } from './simulator/index.ts';
import { createBambooSource } from './source.ts';
import { EMPLOYEES } from './streams.ts';
import { MemorySecrets, configFor } from './test-support.ts';

let sim: BambooSimulator;
afterEach(() => sim.close());

/** What a browser does with the printed address: visit it, follow the redirect to the loopback. */
async function browse(url: string, alter: (location: URL) => URL = (location) => location): Promise<number> {
  const consent = await request(url);
  await consent.body.dump();
  const location = consent.headers.location;
  if (consent.statusCode !== 302 || typeof location !== 'string') throw new Error(`the authorize page answered ${consent.statusCode}`);
  const back = await request(alter(new URL(location)).toString());
  await back.body.dump();
  return back.statusCode;
}

function options(secrets: MemorySecrets, onAuthorizeUrl: (url: string) => void, extra: Partial<BambooConnectOptions> = {}): BambooConnectOptions {
  return {
    companyDomain: sim.companyDomain,
    authorizeUrl: `${sim.url}/authorize.php`,
    tokenUrl: sim.tokenUrl,
    clientId: sim.credentials.app.clientId,
    clientSecretSecret: 'bamboo-client-secret',
    refreshTokenSecret: 'bamboo-refresh',
    resolveSecret: secrets.resolve,
    storeSecret: secrets.store,
    onAuthorizeUrl,
    ...extra,
  };
}

describe('connect BambooHR with OAuth through a loopback redirect', () => {
  it('stores the refresh token under the connection\'s name, and a run then signs in with it', async () => {
    sim = await startBambooSimulator({ rows: 4 });
    const secrets = new MemorySecrets();
    secrets.values.set('bamboo-client-secret', sim.credentials.app.clientSecret);
    let landed = 0;
    const result = await connectBambooHr(options(secrets, (url) => void browse(url).then((status) => (landed = status))));
    expect(result).toMatchObject({ refreshTokenSecret: 'bamboo-refresh', scope: 'openid offline_access employee report' });
    expect(result.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const stored = secrets.values.get('bamboo-refresh') ?? '';
    expect(stored).toMatch(/^rt-/);
    expect(JSON.stringify(result)).not.toContain(stored);
    expect(JSON.stringify(result)).not.toContain(sim.credentials.app.clientSecret);
    await expect.poll(() => landed).toBe(200);
    const source = createBambooSource(configFor(sim, 'oauth2-refresh-token', secrets, { retry: false }));
    expect(await readAll(source, EMPLOYEES.schema, 10)).toHaveLength(4);
    await source.close();
  });

  it('ignores an answer with the wrong state, then takes the real one', async () => {
    sim = await startBambooSimulator({ rows: 1 });
    const secrets = new MemorySecrets();
    secrets.values.set('bamboo-client-secret', sim.credentials.app.clientSecret);
    const forged: number[] = [];
    const done = connectBambooHr(
      options(secrets, (url) => {
        void (async () => {
          forged.push(await browse(url, (location) => (location.searchParams.set('state', 'forged'), location)));
          await browse(url);
        })();
      }),
    );
    await expect(done).resolves.toMatchObject({ refreshTokenSecret: 'bamboo-refresh' });
    expect(forged).toEqual([400]);
  });

  it('says plainly when the user denies access, and can be cancelled', async () => {
    sim = await startBambooSimulator({ rows: 1 });
    const secrets = new MemorySecrets();
    secrets.values.set('bamboo-client-secret', sim.credentials.app.clientSecret);
    sim.auth.denyNext = true;
    await expect(connectBambooHr(options(secrets, (url) => void browse(url)))).rejects.toThrow('the authorization server refused the sign-in: The user denied access.');
    const controller = new AbortController();
    const waiting = connectBambooHr(options(secrets, () => controller.abort(), { signal: controller.signal }));
    await expect(waiting).rejects.toMatchObject({ code: 'REQUEST_ABORTED' });
    await expect(connectBambooHr(options(secrets, () => {}, { scope: 'openid employee' }))).rejects.toThrow('lacks offline_access');
    expect(secrets.writes).toEqual([]);
  });
});
