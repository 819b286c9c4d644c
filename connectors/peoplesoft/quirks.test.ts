/**
 * PeopleSoft's protocol quirks (README facts; peoplesoft.md §0 §8), each against the simulator through the
 * real client: the node and alias are the site's, the envelope is read by status/numrows/rows only, XML
 * without json_resp, the QAS permission list refused in PeopleSoft's words (as a permanent error naming the
 * operation), the ANONYMOUS user, bare 500s in Production mode retried a bounded number of times, and the
 * IdP's token renewed before it expires.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recordingSleep } from '../kit/testing/loopback.ts';
import { readAll } from '../kit/testing/conformance-support.ts';
import { QAS_OPERATION } from './client.ts';
import { psftModule } from './module.ts';
import type { PeopleSoftSimulator } from './simulator/index.ts';
import { createPsftSource } from './source.ts';
import { PSFT_STREAMS } from './streams.ts';
import { configFor, startTestSimulator, TEST_QUERIES } from './test-support.ts';

const running: PeopleSoftSimulator[] = [];
async function start(options: Parameters<typeof startTestSimulator>[0] = {}): Promise<PeopleSoftSimulator> {
  const sim = await startTestSimulator(options);
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const basic = (sim: PeopleSoftSimulator) =>
  `Basic ${Buffer.from(`${sim.users.sync.oprid}:${sim.users.sync.password}`).toString('base64')}`;
const queryUrl = (sim: PeopleSoftSimulator, query: string, extra = '&json_resp=true', node = sim.node) =>
  `${sim.url}/PSIGW/RESTListeningConnector/${node}/${sim.alias}/public/${query}/JSON/NONFILE?isconnectedquery=N&maxrows=3&prompt_psqueryname=&prompt_uniquepromptname=FROM_DT,TO_DT&prompt_fieldvalue=1900-01-01,2026-03-31${extra}`;
const stream = (name: string) => PSFT_STREAMS.find((candidate) => candidate.name === name)!.schema;

describe('PeopleSoft quirks', () => {
  it('serves only the node and alias the site configured: the default node is not assumed', async () => {
    const sim = await start({ alias: 'QASExecute.v1' });
    expect(await psftModule.testConnection(configFor(sim))).toMatchObject({ ok: true });
    const defaults = await psftModule.testConnection(
      configFor(sim, { node: 'PSFT_EP', executeQueryAlias: 'QASExecute.v1' }),
    );
    expect(defaults).toMatchObject({ ok: false, code: 'CONFIG_INVALID' });
    expect(defaults.message).toContain('node name (PSFT_EP)');
    const alias = await psftModule.testConnection(configFor(sim, { executeQueryAlias: 'ExecuteQuery.v1' }));
    expect(alias).toMatchObject({ ok: false, code: 'CONFIG_INVALID' });
    const invented = await fetch(`${sim.url}/psft/api/query/v1/${TEST_QUERIES.vendors}`, {
      headers: { authorization: basic(sim) },
    });
    expect(invented.status).toBe(404);
  });

  it('answers the JSON envelope with queryname=, 1-based row numbers and alias-prefixed keys, XML without json_resp, and cuts at maxrows without a word', async () => {
    const sim = await start();
    const json = (await (
      await fetch(queryUrl(sim, TEST_QUERIES.vendors), { headers: { authorization: basic(sim) } })
    ).json()) as {
      status: string;
      data: { query: Record<string, unknown> & { numrows: number; rows: Record<string, unknown>[] } };
    };
    expect(json.status).toBe('success');
    expect(json.data.query['queryname=']).toBe(TEST_QUERIES.vendors);
    expect(json.data.query.numrows).toBe(3);
    expect(Object.keys(json.data.query).sort()).toEqual(['numrows', 'queryname=', 'rows']);
    expect(json.data.query.rows[0]).toMatchObject({ 'attr:rownumber': 1, 'A.SETID': 'SHARE' });
    const vouchers = (await (
      await fetch(queryUrl(sim, TEST_QUERIES.vouchers), { headers: { authorization: basic(sim) } })
    ).json()) as typeof json;
    expect(Object.keys(vouchers.data.query.rows[0] ?? {})).toContain('VOUCHER_ID');
    const xml = await (
      await fetch(queryUrl(sim, TEST_QUERIES.vendors, ''), { headers: { authorization: basic(sim) } })
    ).text();
    expect(xml).toMatch(
      /^<\?xml version="1.0"\?><QAS_GETQUERYRESULTS_RESP_MSG><query numrows="3" queryname="ACME_AP_VENDORS"><row rownumber="1"><A.SETID><!\[CDATA\[SHARE\]\]><\/A.SETID>/,
    );
  });

  it('reads the rows whichever spelling the query-name key has', async () => {
    const sim = await start({ queryNameKey: 'queryname' });
    const rows = await readAll(createPsftSource({ ...configFor(sim), retry: false }), stream('vendors'), 50);
    expect(rows.length).toBe(sim.controlTotals().vendors?.rows);
  });

  it("refuses a user without the QAS permission list in PeopleSoft's words, as a permanent error naming the operation", async () => {
    const sim = await start();
    for (const signIn of ['basic', 'oauth2'] as const) {
      const checked = await psftModule.testConnection(configFor(sim, { signIn, noQas: true }));
      expect(checked).toMatchObject({ ok: false, code: 'PERMISSION_MISSING' });
      expect(checked.message).toContain(QAS_OPERATION);
      expect(checked.message).toContain(`User ${sim.users.noQas.oprid} not authorized to invoke Service Operation`);
      const { sleep, delays } = recordingSleep();
      const source = createPsftSource({ ...configFor(sim, { signIn, noQas: true }), retry: { sleep } });
      await expect(readAll(source, stream('journal_lines'), 10)).rejects.toMatchObject({ code: 'PERMISSION_MISSING' });
      expect(delays).toEqual([]);
      await source.close();
    }
    // No credentials: the request runs as the ANONYMOUS node's default user, who holds no QAS list.
    const anonymous = await fetch(queryUrl(sim, TEST_QUERIES.vendors));
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain(
      '<DefaultMessage>User ANONYMOUS not authorized to invoke Service Operation QAS_EXECUTEQRY_REST_GET. (158,536)</DefaultMessage>',
    );
  });

  it('answers the same query with different rows to different users (row-level query security)', async () => {
    const sim = await start();
    const everything = await readAll(
      createPsftSource({ ...configFor(sim), retry: false }),
      stream('journal_lines'),
      100,
    );
    const us001 = { kind: 'basic', oprid: sim.users.us001.oprid, passwordSecret: 'us001' } as const;
    const restricted = createPsftSource({
      ...configFor(sim, { auth: us001, resolveSecret: () => Promise.resolve(sim.users.us001.password) }),
      retry: false,
    });
    const seen = await readAll(restricted, stream('journal_lines'), 100);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(everything.length);
    expect(new Set(seen.map((line) => line.BUSINESS_UNIT))).toEqual(new Set(['US001']));
    await restricted.close();
  });

  it('never puts the password or client secret in an error', async () => {
    const sim = await start();
    for (const signIn of ['basic', 'oauth2'] as const) {
      const wrong = `wrong-${signIn}-secret-value`;
      const checked = await psftModule.testConnection(configFor(sim, { signIn, secret: wrong }));
      expect(checked).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      expect(checked.message).not.toContain(wrong);
      expect(checked.message).not.toContain(sim.users.sync.password);
    }
  });

  it('in Production mode a bare 500 is retried a bounded number of times, then the stream stops naming the query and window', async () => {
    const sim = await start({ faults: '500:1' });
    const raw = await fetch(queryUrl(sim, TEST_QUERIES.vendors), { headers: { authorization: basic(sim) } });
    expect([raw.status, await raw.text()]).toEqual([500, '']);
    const before = sim.stats.requests;
    const { sleep, delays } = recordingSleep();
    const source = createPsftSource({ ...configFor(sim), retry: { sleep, maxAttempts: 3 } });
    const error = await readAll(source, stream('journal_lines'), 10).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'HTTP_500' });
    expect((error as Error).message).toContain(`(query ${TEST_QUERIES.journal_lines}, 1900-01-01 to 2025-12-31)`);
    expect(sim.stats.requests - before).toBe(3);
    expect(delays).toHaveLength(2);
    await source.close();
  });

  it('names the query PeopleSoft will not run: its own words in Development mode, the likely reasons behind a bare 500 in Production', async () => {
    const dev = await start({ serviceStatus: 'development' });
    const missing = configFor(dev, { queries: { ...TEST_QUERIES, vouchers: 'NO_SUCH_QUERY' } });
    const checked = await psftModule.testConnection(missing);
    expect(checked).toMatchObject({ ok: false, code: 'QUERY_REFUSED' });
    expect(checked.message).toContain('Query NO_SUCH_QUERY does not exist or is not a public query');
    const prod = await start();
    const hidden = await psftModule.testConnection(
      configFor(prod, { queries: { ...TEST_QUERIES, vouchers: 'NO_SUCH_QUERY' } }),
    );
    expect(hidden).toMatchObject({ ok: false, code: 'QUERY_REFUSED' });
    expect(hidden.message).toContain('query NO_SUCH_QUERY with a bare HTTP 500');
  });

  it("renews the IdP's token before it expires, on the clock it is given", async () => {
    let now = Date.parse('2026-03-31T15:00:00Z');
    const clock = () => now;
    const sim = await start({ now: clock, tokenLifetimeSeconds: 300 });
    const tokens: string[] = [];
    const source = createPsftSource({
      ...configFor(sim, { signIn: 'oauth2', now: clock }),
      retry: false,
      remember: (value) => tokens.push(value),
    });
    await readAll(source, stream('vouchers'), 50);
    now += 250_000; // 50 s before expiry: inside the renewal margin
    await readAll(source, stream('vouchers'), 50);
    expect(new Set(tokens).size).toBe(2);
    await source.close();
  });
});
