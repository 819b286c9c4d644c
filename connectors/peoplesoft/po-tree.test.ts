/**
 * The purchase order tree and the vendors' address history, read through the connector from the simulator:
 * each line's schedules (PS_PO_LINE_SHIP) add up exactly to the line's quantity and amount, each schedule's
 * distributions (PS_PO_LINE_DISTRIB) to the schedule's, every PO header is read once, and every
 * effective-dated PS_VENDOR_ADDR row is read (superseded ones too), while the vendors stream still holds one
 * row per vendor with its current address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Decimal, PlainDate } from '../../engine/model/values/index.ts';
import type { DataRow } from '../../engine/model/index.ts';
import { readAll } from '../kit/testing/conformance-support.ts';
import type { PeopleSoftSimulator } from './simulator/index.ts';
import { createPsftSource } from './source.ts';
import { PSFT_STREAMS } from './streams.ts';
import { configFor, startTestSimulator, TEST_TODAY } from './test-support.ts';

const running: PeopleSoftSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});
const stream = (name: string) => PSFT_STREAMS.find((candidate) => candidate.name === name)!.schema;

/** Sums of QTY_PO and MERCHANDISE_AMT per group of rows. */
function sumsBy(rows: readonly DataRow[], group: (row: DataRow) => string): Map<string, [string, string]> {
  const sums = new Map<string, [Decimal, Decimal]>();
  for (const row of rows) {
    const [qty, amount] = sums.get(group(row)) ?? [Decimal.parse('0'), Decimal.parse('0')];
    sums.set(group(row), [qty.add(row.QTY_PO as Decimal), amount.add(row.MERCHANDISE_AMT as Decimal)]);
  }
  return new Map([...sums].map(([key, [qty, amount]]) => [key, [qty.toString(), amount.toString()]]));
}

const normal = (sums: Map<string, [string, string]>) =>
  Object.fromEntries([...sums].map(([key, values]) => [key, values.map((value) => Decimal.parse(value).toFixed(4))]));

describe('PeopleSoft purchase order tree and vendor addresses', () => {
  it('reads schedules summing to their line and distributions summing to their schedule, every header once', async () => {
    const sim = await startTestSimulator({ keyPrompt: 'AFTER_KEY' });
    running.push(sim);
    const source = createPsftSource({ ...configFor(sim, { keyPrompt: 'AFTER_KEY' }), retry: false });
    const lines = await readAll(source, stream('purchase_order_lines'), 100);
    const schedules = await readAll(source, stream('purchase_order_schedules'), 100);
    const distributions = await readAll(source, stream('purchase_order_distributions'), 100);
    const headers = await readAll(source, stream('purchase_orders'), 100);
    await source.close();

    const line = (row: DataRow) => `${String(row.BUSINESS_UNIT)}|${String(row.PO_ID)}|${String(row.LINE_NBR)}`;
    const schedule = (row: DataRow) => `${line(row)}|${String(row.SCHED_NBR)}`;
    expect(schedules.length).toBeGreaterThan(lines.length);
    expect(distributions.length).toBeGreaterThan(schedules.length);
    expect(normal(sumsBy(schedules, line))).toEqual(normal(sumsBy(lines, line)));
    expect(normal(sumsBy(distributions, schedule))).toEqual(normal(sumsBy(schedules, schedule)));
    expect(new Set(distributions.map((row) => row.DEPTID)).size).toBeGreaterThan(1);
    expect(headers.map((row) => `${String(row.BUSINESS_UNIT)}|${String(row.PO_ID)}`).sort()).toEqual(
      [...new Set(lines.map((row) => `${String(row.BUSINESS_UNIT)}|${String(row.PO_ID)}`))].sort(),
    );
    for (const row of schedules) expect(row.DUE_DT).toBeInstanceOf(PlainDate);
  });

  it('reads every effective-dated vendor address row, and a vendor moving today adds one row dated today', async () => {
    const sim = await startTestSimulator();
    running.push(sim);
    const source = createPsftSource({ ...configFor(sim), retry: false });
    const addresses = await readAll(source, stream('vendor_addresses'), 100);
    const vendors = await readAll(source, stream('vendors'), 100);
    const perVendor = new Map<string, DataRow[]>();
    for (const row of addresses)
      perVendor.set(String(row.VENDOR_ID), [...(perVendor.get(String(row.VENDOR_ID)) ?? []), row]);
    expect([...perVendor.values()].some((rows) => rows.length > 1)).toBe(true);
    expect(new Set(vendors.map((row) => row.VENDOR_ID))).toEqual(new Set(perVendor.keys()));
    // The vendors stream's address is the latest row of each vendor's history.
    for (const vendor of vendors) {
      const latest = perVendor
        .get(String(vendor.VENDOR_ID))!
        .map((row) => row.EFFDT as PlainDate)
        .sort((a, b) => a.compare(b))
        .at(-1)!;
      expect((vendor.EFFDT as PlainDate).equals(latest), String(vendor.VENDOR_ID)).toBe(true);
    }
    expect(addresses.every((row) => row.EFF_STATUS === 'A')).toBe(true);

    const [change] = sim.advance(1, ['vendor']).filter((c) => c.entity === 'vendor_addresses');
    expect(change?.key.slice(3)).toEqual([TEST_TODAY]);
    const today = await readAll(source, stream('vendor_addresses'), 100, PlainDate.parse(TEST_TODAY));
    expect(today.map((row) => [row.SETID, row.VENDOR_ID, row.ADDRESS_SEQ_NUM, String(row.EFFDT)])).toContainEqual(
      change!.key,
    );
    await source.close();
  });
});
