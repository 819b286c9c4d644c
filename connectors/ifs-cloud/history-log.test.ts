/**
 * The History Log as the suppliers' change feed, against the simulator: an incremental read asks the log
 * (with the time-zone-aware header, so `…Z` means UTC) and reads back only the suppliers it names; without
 * the header the simulator, like IFS, reads the time in the server's zone and misses changes.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint, readAll, watermarkOf } from '../kit/testing/conformance-support.ts';
import { keysOf } from './history-log.ts';
import { DEMO_SETS, type IfsSimulator, startIfsSimulator } from './simulator/index.ts';
import { createIfsSource } from './source.ts';
import { SUPPLIERS } from './streams.ts';
import { configFor } from './test-support.ts';

let sim: IfsSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('IFS History Log as a change feed', () => {
  it('reads only the suppliers the log names since the watermark', async () => {
    sim = await startIfsSimulator({ rows: 60, seed: 9, sets: DEMO_SETS, historyLog: ['SupplierInfoGeneral'] });
    const source = createIfsSource(configFor(sim, { retry: false, historyLog: ['suppliers'] }));
    const full = await readAll(source, SUPPLIERS.schema, 10);
    expect(full).toHaveLength(sim.store.suppliers.length);
    const watermark = watermarkOf(full, SUPPLIERS.schema);
    const changed = sim.advance(12).filter((change) => change.entity === 'suppliers');
    expect(changed.length).toBeGreaterThan(1);
    const before = sim.stats.seen.length;
    const rows = (await readAll(source, SUPPLIERS.schema, 10, watermark.cursor)).filter(
      (row) => !watermark.seenAtCursor.has(fingerprint(row, SUPPLIERS.schema.key)),
    );
    expect(new Set(rows.map((row) => row.SupplierId))).toEqual(new Set(changed.map((change) => change.key[0])));
    const after = sim.stats.seen.slice(before);
    expect(after.some((seen) => seen.path.endsWith('/HistoryLogOverviewSet'))).toBe(true);
    // The set is read back by key only, never whole.
    for (const seen of after.filter((entry) => entry.path.endsWith('/SupplierInfoGeneralSet')))
      expect(seen.query.get('$filter')).toMatch(/^\(SupplierId eq '/);

    // A change one second after the watermark: found only when IFS reads the time as UTC (the header).
    const [first, second] = sim.store.suppliers.slice(-2);
    first!.values.Name = 'Changed a moment ago';
    sim.store.touch(first!);
    const moment = await readAll(source, SUPPLIERS.schema, 10, watermarkOf(rows, SUPPLIERS.schema).cursor);
    const next = watermarkOf(moment, SUPPLIERS.schema);
    second!.values.Name = 'Changed just now';
    sim.store.touch(second!);
    const latest = (await readAll(source, SUPPLIERS.schema, 10, next.cursor)).filter(
      (row) => !next.seenAtCursor.has(fingerprint(row, SUPPLIERS.schema.key)),
    );
    const supplier = second!;
    await source.close();
    expect(latest.map((row) => row.SupplierId)).toEqual([supplier.values.SupplierId]);
  });

  it("without X-Ifs-Time-Zone-Aware-Request a …Z time is read in the server's zone, and changes are missed", async () => {
    sim = await startIfsSimulator({ rows: 10, seed: 9, sets: DEMO_SETS, historyLog: ['SupplierInfoGeneral'] });
    sim.advance(1);
    const entry = sim.store.history[0]!;
    const since = new Date(entry.at.getTime() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const token = await request(sim.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${sim.credentials.clientId}&client_secret=${sim.credentials.clientSecret}`,
    });
    const { access_token } = (await token.body.json()) as { access_token: string };
    const ask = async (headers: Record<string, string>) => {
      const url = `${sim!.url}/main/ifsapplications/projection/v1/HistoryLogHandling.svc/HistoryLogOverviewSet?$filter=${encodeURIComponent(`LuName eq 'SupplierInfoGeneral' and TimeStamp ge ${since}`)}`;
      const answer = await request(url, { headers: { authorization: `Bearer ${access_token}`, ...headers } });
      return ((await answer.body.json()) as { value: unknown[] }).value.length;
    };
    expect(await ask({ 'x-ifs-time-zone-aware-request': 'true' })).toBe(1);
    expect(await ask({})).toBe(0);
  });

  it('reads the keys of a History Log entry', () => {
    expect(keysOf('SUPPLIER_ID=S0001^', { SUPPLIER_ID: 'SupplierId' })).toEqual({ SupplierId: 'S0001' });
    expect(keysOf('COMPANY=10^', { SUPPLIER_ID: 'SupplierId' })).toBeUndefined();
  });
});
