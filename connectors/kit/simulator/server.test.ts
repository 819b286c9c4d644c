import { afterEach, describe, expect, it } from 'vitest';
import { oauth2ClientCredentials } from '../auth/oauth2.ts';
import { createHttpClient } from '../http/client.ts';
import { recordingSleep } from '../testing/loopback.ts';
import { addDecimals, entityTotals } from './control-totals.ts';
import { seededRandom } from './seeded.ts';
import { type RunningSimulator, sendJson, startSimulator } from './server.ts';
import { SimTokenIssuer } from './tokens.ts';

let sim: RunningSimulator | undefined;
afterEach(async () => sim?.close());

function ledger(rows: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: rows }, (_, index) => ({ id: index + 1, amount: random.decimal(-5000, 5000, 2) }));
}

describe('control totals', () => {
  it('sums decimals exactly (no float drift)', () => {
    expect(addDecimals(Array.from({ length: 10 }, () => '0.1'))).toBe('1.0');
    expect(addDecimals(['1.005', '-2', null, '0.10'])).toBe('-0.895');
    expect(entityTotals([{ a: '1.25' }, { a: '2.5' }], ['a'])).toEqual({ rows: 2, sums: { a: '3.75' } });
  });

  it('seeded data is the same for the same seed', () => {
    expect(ledger(50, 3)).toEqual(ledger(50, 3));
    expect(ledger(50, 3)).not.toEqual(ledger(50, 4));
  });
});

describe('simulator server', () => {
  it('serves control totals even when every other request faults', async () => {
    const rows = ledger(1000, 9);
    sim = await startSimulator({
      name: 't',
      faults: '503:1',
      controlTotals: () => ({ gl: entityTotals(rows, ['amount']) }),
      handle: (_, response) => sendJson(response, 200, {}),
    });
    const client = createHttpClient({ baseUrl: sim.url, retry: false });
    await expect(client.getJson('/__sim/control-totals')).resolves.toEqual({
      gl: { rows: 1000, sums: { amount: addDecimals(rows.map((row) => row.amount)) } },
    });
    await expect(client.getJson('/gl')).rejects.toMatchObject({ code: 'HTTP_503', retryAfterMs: 1000 });
    await client.close();
  });

  it('a kit client with OAuth survives 429, 500, 503, resets, slow responses and token expiry', async () => {
    const tokens = new SimTokenIssuer(5);
    const rows = ledger(200, 5);
    sim = await startSimulator({
      name: 't',
      seed: 5,
      faults: '429:0.1,500:0.05,503:0.1,reset:0.05,slow:0.03@60ms,expire:0.1',
      controlTotals: () => ({}),
      expireToken: (request) => tokens.expire(request),
      handle: (request, response) => {
        if (request.url.pathname === '/token') return sendJson(response, 200, tokens.issue('client', 3600));
        if (tokens.subjectOf(request) === undefined) return sendJson(response, 401, { error: 'invalid_token' });
        const page = Number(request.url.searchParams.get('page') ?? 0);
        sendJson(response, 200, rows.slice(page * 10, page * 10 + 10));
      },
    });
    const { sleep, delays } = recordingSleep();
    const retry = { sleep, maxAttempts: 8 };
    const auth = oauth2ClientCredentials({
      tokenUrl: `${sim.url}/token`,
      clientId: 'c',
      resolveSecret: async () => 'unused',
      retry,
    });
    const client = createHttpClient({ baseUrl: sim.url, auth, retry, timeouts: { requestMs: 30 } });
    const read: { id: number }[] = [];
    for (let page = 0; page < 20; page += 1) read.push(...(await client.getJson<{ id: number }[]>('/gl', { page })));
    await client.close();
    expect(read.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    const { faults } = sim.stats;
    for (const kind of ['429', '503', 'reset', 'expire'] as const) expect(faults[kind]).toBeGreaterThan(0);
    expect(delays).toContain(1000); // a Retry-After was honoured
  });

  it('fails to start with a clear error on a bad faults spec', async () => {
    await expect(
      startSimulator({ name: 't', faults: 'boom:1', controlTotals: () => ({}), handle: () => undefined }),
    ).rejects.toMatchObject({ code: 'FAULT_SPEC_INVALID' });
  });
});

describe('simulator server in a system’s words, over HTTPS', () => {
  it("answers injected faults in the system's own shape (sendFault) and serves HTTPS from a CA made at start", async () => {
    sim = await startSimulator({
      name: 't',
      faults: '500:1',
      tls: true,
      controlTotals: () => ({}),
      sendFault: (response, status) => {
        response.writeHead(status, { 'content-type': 'text/xml' });
        response.end('<Fault>COMMUNICATION_FAILURE</Fault>');
      },
      handle: (_, response) => sendJson(response, 200, {}),
    });
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = createHttpClient({ baseUrl: sim.url, retry: false, caCert: sim.caCert ?? '', proxy: {} });
    await expect(client.send({ method: 'GET', path: '/x' })).rejects.toMatchObject({
      code: 'HTTP_500',
      message: expect.stringContaining('COMMUNICATION_FAILURE'),
    });
    await client.close();
  });
});
