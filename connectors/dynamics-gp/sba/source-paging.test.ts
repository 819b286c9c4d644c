import { afterAll, describe, expect, it } from 'vitest';
import type { DataRow, ReadRequest } from '../../../engine/model/io.ts';
import { Decimal } from '../../../engine/model/values/index.ts';
import { parseJsonExact, type JsonTree } from '../../kit/json-exact.ts';
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from '../simulator/index.ts';
import { createGpSource, type GpSource } from '../source.ts';
import { gpResourcePath } from '../paths.ts';

const running: { sim: GpSimulator; source: GpSource }[] = [];
afterAll(async () => {
  for (const { sim, source } of running) {
    await source.close();
    await sim.close();
  }
});

async function open(options: GpSimulatorOptions): Promise<{ sim: GpSimulator; source: GpSource }> {
  const sim = await startGpSimulator({ seed: 13, ...options });
  const { domain, user, password } = sim.credentials;
  const source = createGpSource({
    baseUrl: sim.url,
    company: sim.company,
    auth: { method: 'basic', domain, user, passwordSecret: 'gp-password' },
    resolveSecret: (name) => (name === 'gp-password' ? Promise.resolve(password) : Promise.reject(new Error(name))),
    retry: false,
  });
  running.push({ sim, source });
  return { sim, source };
}

async function readAll(source: GpSource, entity: string, options: Partial<ReadRequest> = {}): Promise<DataRow[]> {
  const rows: DataRow[] = [];
  for await (const page of source.read({ entity, key: [], cursorField: 'ModifiedDate', pageSize: 25, ...options }))
    rows.push(...page.records);
  return rows;
}

/** Vendors changed after the seed, every third one: their ModifiedDate order is no longer their key order. */
function changeEveryThirdVendor(sim: GpSimulator): void {
  for (const key of [...sim.store.map('vendors').keys()].filter((_, index) => index % 3 === 2))
    sim.store.upsert('vendors', key, { Name: `Renamed ${String(key)}` });
}

describe('GP SBA source: pages it cannot trust stop the read with a plain error', () => {
  it('reads vendors, payables invoices and purchase orders whole, equal to the control totals, asking $orderby', async () => {
    const { sim, source } = await open({ rows: 122 });
    changeEveryThirdVendor(sim);
    const totals = sim.controlTotals();
    for (const entity of ['vendors', 'payables_invoices', 'purchase_orders']) {
      const rows = await readAll(source, entity);
      expect(rows.length, entity).toBe(totals[entity]?.rows);
      for (const [field, total] of Object.entries(totals[entity]?.sums ?? {})) {
        const sum = rows.reduce((acc, row) => acc.add(row[field] as Decimal), Decimal.ZERO);
        expect(sum.toString(), `${entity}.${field}`).toBe(Decimal.parse(total).toString());
      }
    }
  });

  it('pages through many vendors sharing one ModifiedDate by key, neither skipping nor repeating, and the checks do not object', async () => {
    const { sim, source } = await open({ rows: 60 });
    const shared = sim.store.now + 1000;
    for (const [index, record] of [...sim.store.map('vendors').values()].entries())
      if (index % 2 === 0) record.modifiedMs = shared; // 30 vendors stamped by one batch update
    const rows = await readAll(source, 'vendors', { pageSize: 7 });
    expect(rows.map((row) => row.VendorId).sort()).toEqual([...sim.store.map('vendors').keys()].sort());
  });

  it("refuses a GP that ignores query options ('ignored'): one plain error after one list request, no endless loop", async () => {
    const { sim, source } = await open({ rows: 60, sbaQueryOptions: 'ignored' });
    const before = sim.stats.requests;
    const error = await readAll(source, 'vendors').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'GP_SBA_PAGE_TOO_LONG',
      transient: false,
      message: expect.stringMatching(/sent 60 Purchasing\/Vendors records when at most 25 were asked for/),
    });
    expect((error as Error).message).toMatch(/GP administrator/);
    // Basic sign-in: one request, the list; never a second page.
    expect(sim.stats.requests - before).toBe(1);
  });

  it('refuses a GP that ignores query options when its list is exactly one page long: the repeated page stops it', async () => {
    const { sim, source } = await open({ rows: 25, sbaQueryOptions: 'ignored' });
    const before = sim.stats.requests;
    const error = await readAll(source, 'vendors').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'GP_SBA_PAGE_REPEATED', transient: false });
    expect((error as Error).message).toMatch(/Purchasing\/Vendors VendorId V00001 .* again/);
    expect(sim.stats.requests - before).toBe(2);
  });

  it("refuses a GP that lists in key order ('key-order') instead of skipping records silently", async () => {
    const { sim, source } = await open({ rows: 122, sbaQueryOptions: 'key-order' });
    changeEveryThirdVendor(sim);
    // What a keyset read without the check gets from this server: records skipped, and no sign of it.
    expect(await naiveKeysetRead(sim, 'Purchasing/Vendors', 'VendorId', 25)).toBeLessThan(122);
    const error = await readAll(source, 'vendors').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'GP_SBA_PAGE_OUT_OF_ORDER',
      transient: false,
      message: expect.stringMatching(
        /listed Purchasing\/Vendors out of the order asked \(\$orderby=ModifiedDate,VendorId\): VendorId V\d+ \(ModifiedDate [^)]+\) came after VendorId V\d+/,
      ),
    });
  });
});

/**
 * The read as it was before the page checks: keyset pages by ModifiedDate then key, trusting the server's
 * order. Returns how many distinct vendors it saw.
 */
async function naiveKeysetRead(sim: GpSimulator, resource: string, key: string, top: number): Promise<number> {
  const seen = new Set<string>();
  const authorization = `Basic ${Buffer.from(`${sim.credentials.domain}\\${sim.credentials.user}:${sim.credentials.password}`).toString('base64')}`;
  let filter: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const query = new URLSearchParams({ $top: String(top), ...(filter === undefined ? {} : { $filter: filter }) });
    const response = await fetch(`${sim.url}${gpResourcePath(sim.tenant, sim.company, resource)}?${query}`, {
      headers: { authorization },
    });
    const page = (parseJsonExact(await response.text()) as { Payload: { [field: string]: JsonTree }[] }).Payload;
    for (const record of page) seen.add(String(record[key]));
    const last = page.at(-1);
    if (page.length < top || last === undefined) break;
    const stamp = `${String(last.ModifiedDate)}Z`;
    filter = `ModifiedDate gt ${stamp} or (ModifiedDate eq ${stamp} and ${key} gt '${String(last[key])}')`;
  }
  return seen.size;
}
