/**
 * Windows and data: a window that may have been cut at maxrows is halved until it fits (read whole, equal
 * to the control totals), a full single day stops the stream (never taken as complete), effective-dated and
 * SETID-keyed values are read as PeopleSoft resolves them, job rows keep their EFFSEQ, signed journal lines
 * add up to the control totals by ledger and period, and `POST /__sim/change` dates records today.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Decimal, PlainDate } from '../../engine/model/values/index.ts';
import { fetchControlTotals, readAll, reconcile } from '../kit/testing/conformance-support.ts';
import type { PeopleSoftSimulator } from './simulator/index.ts';
import { createPsftSource } from './source.ts';
import { PSFT_STREAMS } from './streams.ts';
import { configFor, startTestSimulator, TEST_TODAY } from './test-support.ts';
import { halves, nextWindowDays, preHistoryWindow } from './windows.ts';

const running: PeopleSoftSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});
async function start(options: Parameters<typeof startTestSimulator>[0] = {}): Promise<PeopleSoftSimulator> {
  const sim = await startTestSimulator(options);
  running.push(sim);
  return sim;
}
const stream = (name: string) => PSFT_STREAMS.find((candidate) => candidate.name === name)!.schema;

describe('PeopleSoft windows', () => {
  it('reaches back to 1900-01-01 once before historyStart, grows windows after empty ones and shrinks them after full ones', () => {
    expect(preHistoryWindow({ from: undefined, last: '2026-01-20', historyStart: '2026-01-01' })).toEqual({
      first: '1900-01-01',
      last: '2025-12-31',
    });
    expect(preHistoryWindow({ from: '2026-01-20', last: '2026-01-20', historyStart: '2000-01-01' })).toBeUndefined();
    expect(nextWindowDays(7, { rows: 0, split: false }, 3660)).toBe(14);
    expect(nextWindowDays(3000, { rows: 0, split: false }, 3660)).toBe(3660);
    expect(nextWindowDays(14, { rows: 3, split: false }, 3660)).toBe(14);
    expect(nextWindowDays(14, { rows: 30, split: true }, 3660)).toBe(7);
    expect(nextWindowDays(1, { rows: 30, split: true }, 3660)).toBe(1);
    expect(halves({ first: '2026-01-01', last: '2026-01-04' })).toEqual([
      { first: '2026-01-01', last: '2026-01-02' },
      { first: '2026-01-03', last: '2026-01-04' },
    ]);
  });

  it('reads 26 years of mostly empty history in few calls: windows grow while empty, and the read equals the control totals', async () => {
    const sim = await start({ rows: 120 });
    const totals = await fetchControlTotals(sim.url);
    const source = createPsftSource({
      ...configFor(sim, { historyStart: '2000-01-01', windowDays: 7, maxRows: 40 }),
      retry: false,
    });
    const before = sim.stats.requests;
    expect(reconcile('vendors', await readAll(source, stream('vendors'), 50), totals)).toEqual([]);
    const calls = sim.stats.requests - before;
    // Fixed 7-day windows from 2000-01-01 to 2026-03-31 would be 1,370 calls; the data (90 days of it) still
    // needs its windows split to fit 40 rows.
    expect(calls).toBeLessThan(40);
    expect(calls).toBeGreaterThan(12);
    await source.close();
  });

  it('splits a window PeopleSoft may have cut at maxrows until it fits, so the read equals the control totals', async () => {
    const sim = await start({ rows: 120 });
    const totals = await fetchControlTotals(sim.url);
    const wide = createPsftSource({ ...configFor(sim, { maxRows: 1000, windowDays: 400 }), retry: false });
    const before = sim.stats.requests;
    expect(reconcile('vendors', await readAll(wide, stream('vendors'), 50), totals)).toEqual([]);
    const unsplit = sim.stats.requests - before;
    const narrow = createPsftSource({ ...configFor(sim, { maxRows: 40, windowDays: 400 }), retry: false });
    const start2 = sim.stats.requests;
    expect(reconcile('vendors', await readAll(narrow, stream('vendors'), 50), totals)).toEqual([]);
    // The 1900-01-01 window (about 36 vendors) fits; the one from 2026-01-01 (about 84) is halved until each part does.
    expect(sim.stats.requests - start2).toBeGreaterThan(unsplit + 4);
    await Promise.all([wide.close(), narrow.close()]);
  });

  it('stops with an error naming the day when one day alone holds more than maxRows rows', async () => {
    const sim = await start();
    sim.advance(36); // six journals posted today: twelve lines on one day
    const source = createPsftSource({ ...configFor(sim, { maxRows: 5 }), retry: false });
    const error = await readAll(source, stream('journal_lines'), 50).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'WINDOW_FULL' });
    expect((error as Error).message).toContain(`more than 5 rows on ${TEST_TODAY} alone`);
    await source.close();
  });

  it('reads a day too full for one answer page by page through the key-paging prompt, when the queries have one', async () => {
    const sim = await start({ rows: 120, keyPrompt: 'AFTER_KEY' });
    sim.advance(36); // twelve journal lines posted today besides the vendors dated 1900-01-01
    const totals = await fetchControlTotals(sim.url);
    const source = createPsftSource({ ...configFor(sim, { maxRows: 5, keyPrompt: 'AFTER_KEY' }), retry: false });
    for (const name of ['vendors', 'journal_lines'])
      expect(reconcile(name, await readAll(source, stream(name), 50), totals)).toEqual([]);
    // The same queries read by a connection that does not name the prompt: the day is refused, not cut.
    const without = createPsftSource({ ...configFor(sim, { maxRows: 5 }), retry: false });
    await expect(readAll(without, stream('vendors'), 50)).rejects.toMatchObject({ code: 'WINDOW_FULL' });
    await Promise.all([source.close(), without.close()]);
  });

  it('reads SETID-resolved, effective-dated descriptions and every PS_JOB row with its EFFSEQ', async () => {
    const sim = await start();
    const source = createPsftSource({ ...configFor(sim), retry: false });
    const lines = await readAll(source, stream('journal_lines'), 100);
    for (const line of lines) {
      expect(line.ACCOUNT_SETID).toBe(line.BUSINESS_UNIT === 'US001' ? 'SHARE' : 'US002');
      const renamed = (line.JOURNAL_DATE as PlainDate).toString() >= '2026-03-01';
      expect(String(line.ACCOUNT_DESCR).includes('renamed'), `${String(line.JOURNAL_DATE)}`).toBe(renamed);
    }
    const changes = sim.advance(6 * 2); // two job rows for today, perhaps on one employee
    const jobs = await readAll(source, stream('payroll_cost'), 100);
    for (const change of changes.filter((c) => c.entity === 'payroll_cost'))
      expect(jobs.some((job) => job.EMPLID === change.key[0] && job.EFFSEQ === change.key[3])).toBe(true);
    const vendors = await readAll(source, stream('vendors'), 100);
    expect(new Set(vendors.map((vendor) => vendor.VENDOR_ID)).size).toBe(vendors.length);
    await source.close();
  });

  it('reads signed journal lines whose sums by ledger and period equal the control totals', async () => {
    const sim = await start({ rows: 100 });
    const source = createPsftSource({ ...configFor(sim), retry: false });
    const lines = await readAll(source, stream('journal_lines'), 100);
    const sums = new Map<string, Decimal>();
    for (const line of lines) {
      const group = `${String(line.LEDGER)}/${String(line.FISCAL_YEAR)}/${String(line.ACCOUNTING_PERIOD)}`;
      sums.set(group, (sums.get(group) ?? Decimal.ZERO).add(line.MONETARY_AMOUNT as Decimal));
    }
    const expected = (await fetchControlTotals(sim.url)).journal_lines_by_ledger_period?.sums ?? {};
    expect(Object.fromEntries([...sums].map(([group, sum]) => [group, sum.toString()]))).toEqual(expected);
    expect(lines.some((line) => (line.MONETARY_AMOUNT as Decimal).toString().startsWith('-'))).toBe(true);
    await source.close();
  });

  it('POST /__sim/change dates the changes today and answers what an incremental read must return', async () => {
    const sim = await start();
    const answer = (await (
      await fetch(`${sim.url}/__sim/change`, { method: 'POST', body: JSON.stringify({ n: 6 }) })
    ).json()) as {
      changes: { entity: string; key: unknown[] }[];
    };
    expect(new Set(answer.changes.map((change) => change.entity))).toEqual(
      new Set([
        'journal_lines',
        'vendors',
        'vendor_addresses',
        'customers',
        'purchase_order_lines',
        'purchase_orders',
        'purchase_order_schedules',
        'purchase_order_distributions',
        'vouchers',
        'payroll_cost',
      ]),
    );
    const source = createPsftSource({ ...configFor(sim), retry: false });
    const vouchers = await readAll(source, stream('vouchers'), 100, PlainDate.parse(TEST_TODAY));
    expect(vouchers.map((voucher) => voucher.VOUCHER_ID)).toContain(
      answer.changes.find((change) => change.entity === 'vouchers')?.key[1],
    );
    await source.close();
  });
});
