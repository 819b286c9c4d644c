/** OAuth M2M tokens from the simulator's token endpoint, through the kit's HTTP client. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenSource } from './auth.ts';
import { openDatabricksDestination } from './destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';

let sim: DatabricksSimulator;
let slept: number[] = [];
let clock = 0;

const source = (clientSecret = sim.credentials.clientSecret): TokenSource =>
  new TokenSource({
    baseUrl: sim.baseUrl,
    caCert: sim.caCert,
    auth: { kind: 'oauth-m2m', clientId: sim.credentials.clientId, clientSecret },
    retry: { sleep: async (ms) => void slept.push(ms) },
    now: () => clock,
  });

beforeAll(async () => {
  sim = await startDatabricksSimulator();
});
afterAll(async () => sim?.close());
beforeEach(() => {
  slept = [];
  clock = 1_000_000;
});

describe('OAuth M2M token source', () => {
  it('fetches one token for concurrent callers and caches it until five minutes before expiry', async () => {
    const tokens = source();
    try {
      const [a, b] = await Promise.all([tokens.token(), tokens.token()]);
      expect(a).toBe(b);
      expect(a.split('.')).toHaveLength(3);
      clock += 3600_000 - 5 * 60_000 - 1;
      expect(await tokens.token()).toBe(a);
      expect(tokens.fetches).toBe(1);
      clock += 1;
      await tokens.token();
      expect(tokens.fetches).toBe(2);
      tokens.invalidate();
      await tokens.token();
      expect(tokens.fetches).toBe(3);
    } finally {
      await tokens.close();
    }
  });

  it('waits out a throttled token endpoint for its Retry-After', async () => {
    const tokens = source();
    try {
      sim.faults.throttleRest = { count: 1, retryAfterSeconds: 2 };
      expect(await tokens.token()).toMatch(/\./);
      expect(slept).toEqual([2_000]);
    } finally {
      await tokens.close();
    }
  });

  it('a throttled token endpoint (400 "Temporarily throttled, too many requests") is waited out with backoff, not called a wrong secret', async () => {
    const tokens = source();
    try {
      sim.faults.throttleTokenRequests = 3;
      expect(await tokens.token()).toMatch(/\./);
      expect(slept).toHaveLength(3);
      expect(slept.every((ms, i) => ms >= 500 * 2 ** i && ms <= 1_000 * 2 ** i)).toBe(true);
      expect(tokens.fetches).toBe(4);
    } finally {
      await tokens.close();
    }
  });

  it('throttling that does not stop is a transient unavailability after 6 tries, never an auth failure', async () => {
    const tokens = source();
    try {
      sim.faults.throttleTokenRequests = 100;
      await expect(tokens.token()).rejects.toMatchObject({
        code: 'DATABRICKS_UNAVAILABLE',
        transient: true,
        message:
          'The Databricks token endpoint kept answering "Temporarily throttled, too many requests" (6 tries); the client credentials were not refused. Run again in a few minutes.',
      });
      expect(tokens.fetches).toBe(6);
      expect(slept).toHaveLength(5);
    } finally {
      sim.faults.throttleTokenRequests = 0;
      await tokens.close();
    }
  });

  it('a wrong secret is one clear error, not retried', async () => {
    const tokens = source('wrong');
    try {
      await expect(tokens.token()).rejects.toMatchObject({
        code: 'DATABRICKS_AUTH_FAILED',
        message: `Databricks refused the OAuth client credentials (HTTP 401): check the client id "${sim.credentials.clientId}" and the client secret.`,
      });
      expect(slept).toEqual([]);
      expect(tokens.fetches).toBe(1);
    } finally {
      await tokens.close();
    }
  });

  it('a wrong personal access token is refused at once, in words that name the secret to check, never the token', async () => {
    const token = 'dapi-wrong-0123456789abcdef01234567';
    const dest = openDatabricksDestination({
      host: sim.host,
      port: sim.port,
      httpPath: sim.httpPath,
      caCert: sim.caCert,
      auth: { kind: 'pat', token, secretName: 'databricks_token' },
      retry: { sleep: async (ms) => void slept.push(ms) },
    });
    try {
      const refusal = await dest
        .ensureTable({
          table: 'main.x.t',
          columns: [{ name: 'a', type: { kind: 'string' }, required: false }],
          writeMode: 'append',
          mergeKey: [],
          allowDestructiveChanges: false,
        })
        .then(
          () => undefined,
          (error: unknown) => error as Error,
        );
      expect(refusal).toMatchObject({
        code: 'DATABRICKS_AUTH_FAILED',
        transient: false,
        message:
          'Databricks refused the personal access token stored as "databricks_token" (HTTP 403: Invalid access token.). Check that secret: the token may be mistyped, expired or revoked; store a current one under that name.',
      });
      expect(String(refusal?.message)).not.toContain(token);
      expect(slept).toEqual([]);
    } finally {
      await dest.close();
    }
  });

  it('the destination reports the refusal as an auth failure', async () => {
    const dest = openDatabricksDestination({
      host: sim.host,
      port: sim.port,
      httpPath: sim.httpPath,
      caCert: sim.caCert,
      auth: { kind: 'oauth-m2m', clientId: sim.credentials.clientId, clientSecret: 'wrong' },
      retry: { sleep: async (ms) => void slept.push(ms) },
    });
    try {
      await expect(
        dest.ensureTable({
          table: 'main.x.t',
          columns: [{ name: 'a', type: { kind: 'string' }, required: false }],
          writeMode: 'append',
          mergeKey: [],
          allowDestructiveChanges: false,
        }),
      ).rejects.toMatchObject({
        code: 'DATABRICKS_AUTH_FAILED',
      });
    } finally {
      await dest.close();
    }
  });
});
