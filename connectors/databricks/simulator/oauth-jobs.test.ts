/** OAuth M2M and Jobs endpoints of the simulator, over HTTPS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabricksSimulator, type DatabricksSimulator } from './server.ts';
import { callSimulator, connectDriver } from './test-support.ts';

let sim: DatabricksSimulator;
// The driver checks `exp` against the real clock, so the simulator's clock starts there and is moved by hand.
let clock = Date.now();

beforeAll(async () => {
  sim = await startDatabricksSimulator({ tokens: { now: () => clock }, jobs: { 7: 'SUCCESS', 8: 'FAILED' } });
});
afterAll(async () => sim?.close());

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function fetchToken(
  secret = sim.credentials.clientSecret,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const reply = await callSimulator(sim, 'POST', '/oidc/v1/token', {
    headers: {
      authorization: basic(sim.credentials.clientId, secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=all-apis',
  });
  return { status: reply.status, json: reply.json as Record<string, unknown> };
}

describe('OAuth M2M', () => {
  it('publishes the token endpoint in its discovery document', async () => {
    const reply = await callSimulator(sim, 'GET', '/oidc/.well-known/oauth-authorization-server');
    expect(reply.json).toMatchObject({ token_endpoint: `${sim.baseUrl}/oidc/v1/token` });
  });

  it('issues a one-hour JWT for the client credentials, refuses a wrong secret', async () => {
    const { status, json } = await fetchToken();
    expect(status).toBe(200);
    expect(json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'all-apis' });
    const payload = JSON.parse(
      Buffer.from(String(json['access_token']).split('.')[1] ?? '', 'base64url').toString(),
    ) as { iat: number; exp: number };
    expect(payload.exp - payload.iat).toBe(3600);
    expect(payload.iat).toBe(Math.floor(clock / 1000));
    expect((await fetchToken('wrong')).status).toBe(401);
  });

  it('accepts the token on the Thrift path until it expires, then answers 401', async () => {
    const token = String((await fetchToken()).json['access_token']);
    const db = await connectDriver(sim, { getToken: async () => token });
    expect(await db.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    clock += 3601_000;
    await expect(db.query('SELECT 2 AS two')).rejects.toThrow(/401/);
    const fresh = String((await fetchToken()).json['access_token']);
    const again = await connectDriver(sim, { getToken: async () => fresh });
    expect(await again.query('SELECT 3 AS three')).toEqual([{ three: 3 }]);
    await again.close();
  });
});

describe('Jobs', () => {
  const auth = (): Record<string, string> => ({
    authorization: `Bearer ${sim.credentials.token}`,
    'content-type': 'application/json',
  });

  it('runs a job once per idempotency token and walks its life cycle to TERMINATED', async () => {
    const body = JSON.stringify({ job_id: 7, job_parameters: { run: 'r1' }, idempotency_token: 'sync-r1' });
    const first = await callSimulator(sim, 'POST', '/api/2.1/jobs/run-now', { headers: auth(), body });
    const second = await callSimulator(sim, 'POST', '/api/2.1/jobs/run-now', { headers: auth(), body });
    expect(second.json).toEqual(first.json);
    expect(sim.jobs.launched()).toHaveLength(1);
    const runId = (first.json as { run_id: number }).run_id;
    const states: unknown[] = [];
    for (let i = 0; i < 6; i += 1) {
      const reply = await callSimulator(sim, 'GET', `/api/2.1/jobs/runs/get?run_id=${runId}`, { headers: auth() });
      states.push((reply.json as { state: unknown }).state);
    }
    expect(states.map((s) => (s as { life_cycle_state: string }).life_cycle_state)).toEqual([
      'QUEUED',
      'PENDING',
      'RUNNING',
      'TERMINATING',
      'TERMINATED',
      'TERMINATED',
    ]);
    expect(states.at(-1)).toMatchObject({ result_state: 'SUCCESS' });
  });

  it('refuses an unknown job, a missing token, and throttles with Retry-After when told to', async () => {
    expect(
      (await callSimulator(sim, 'POST', '/api/2.1/jobs/run-now', { headers: auth(), body: '{"job_id": 99}' })).status,
    ).toBe(400);
    expect((await callSimulator(sim, 'POST', '/api/2.1/jobs/run-now', { body: '{"job_id": 7}' })).status).toBe(401);
    sim.faults.throttleRest = { count: 1, retryAfterSeconds: 3 };
    const throttled = await callSimulator(sim, 'POST', '/api/2.1/jobs/run-now', {
      headers: auth(),
      body: '{"job_id": 8}',
    });
    expect([throttled.status, throttled.headers['retry-after']]).toEqual([429, '3']);
  });
});
