import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataRow, ReadRequest } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp, compareValues, type Value } from '../../engine/model/values/index.ts';
import { isKitError } from '../kit/errors.ts';
import type { GpConnectionConfig } from './client.ts';
import { startGpSimulator, type GpSimulator } from './simulator/index.ts';
import { createGpSource, type GpSource } from './source.ts';

let sim: GpSimulator;
const opened: GpSource[] = [];
beforeAll(async () => {
  sim = await startGpSimulator({ rows: 143, seed: 11, company: 'Acme Holdings (Bermuda), LTD' });
});
afterAll(async () => {
  await Promise.all(opened.map((source) => source.close()));
  await sim.close();
});

function open(method: GpConnectionConfig['auth']['method'] = 'ntlm', password = sim.credentials.password): GpSource {
  const { domain, user } = sim.credentials;
  const source = createGpSource({
    baseUrl: sim.url,
    company: sim.company,
    auth: { method, domain, user, passwordSecret: 'gp-password' },
    resolveSecret: (name) => (name === 'gp-password' ? Promise.resolve(password) : Promise.reject(new Error(name))),
    retry: false,
  });
  opened.push(source);
  return source;
}

async function readAll(source: GpSource, entity: string, options: Partial<ReadRequest> = {}): Promise<DataRow[]> {
  const rows: DataRow[] = [];
  for await (const page of source.read({ entity, key: [], cursorField: 'ModifiedDate', pageSize: 25, ...options })) {
    expect(page.problems ?? []).toEqual([]);
    rows.push(...page.records);
  }
  return rows;
}

function sum(rows: readonly DataRow[], field: string): Decimal {
  return rows.reduce((total, row) => total.add(row[field] as Decimal), Decimal.ZERO);
}

describe('Dynamics GP source against the simulator', () => {
  it('reads every entity in full over NTLM; rows and sums equal the control totals', async () => {
    const source = open('ntlm');
    const totals = sim.controlTotals();
    for (const entity of ['vendors', 'payables_invoices', 'purchase_orders']) {
      const rows = await readAll(source, entity);
      const expected = totals[entity];
      expect(rows.length, entity).toBe(expected?.rows);
      for (const [field, total] of Object.entries(expected?.sums ?? {}))
        expect(sum(rows, field).toString(), `${entity}.${field}`).toBe(Decimal.parse(total).toString());
      // Ascending ModifiedDate, as orderedByCursor promises.
      for (let i = 1; i < rows.length; i++)
        expect(compareValues(rows[i - 1]?.ModifiedDate ?? null, rows[i]?.ModifiedDate ?? null)).toBeLessThanOrEqual(0);
    }
    expect(source.orderedByCursor).toBe(true);
  });

  it('types values: money as exact decimals at the currency places, GP dates as dates, ModifiedDate as UTC timestamps', async () => {
    const [invoice] = await readAll(open('basic'), 'payables_invoices', { pageSize: 1 }).then((rows) =>
      rows.slice(0, 1),
    );
    expect(invoice?.DocumentAmount).toBeInstanceOf(Decimal);
    expect((invoice?.DocumentAmount as Decimal).toString()).toMatch(/^\d+\.\d{2}$/);
    expect(invoice?.DocumentDate).toBeInstanceOf(PlainDate);
    expect(invoice?.ModifiedDate).toBeInstanceOf(Timestamp);
    expect(String(invoice?.ModifiedDate)).toMatch(/Z$|\+00:00$/);
  });

  it('pages by ModifiedDate and key, so records are neither skipped nor repeated at any page size', async () => {
    const source = open('basic');
    const all = await readAll(source, 'payables_invoices', { pageSize: 1000 });
    for (const pageSize of [1, 2, 3, 7]) {
      const rows = await readAll(source, 'payables_invoices', { pageSize });
      expect(rows.map((row) => row.VoucherNumber)).toEqual(all.map((row) => row.VoucherNumber));
    }
  });

  it('an incremental read from a watermark after advance() returns only the changed records', async () => {
    const source = open('ntlm');
    const watermark = Timestamp.fromEpochMillis(sim.store.now + 1);
    const changes = sim.advance(25);
    let seen = 0;
    for (const entity of ['vendors', 'payables_invoices', 'purchase_orders']) {
      const rows = await readAll(source, entity, { from: { cursor: watermark }, pageSize: 4 });
      const changed = new Set(changes.filter((change) => change.entity === entity).map((change) => String(change.key)));
      const keyField =
        {
          vendors: 'VendorId',
          payables_invoices: 'VoucherNumber',
          purchase_orders: 'PONumber',
        }[entity] ?? '';
      expect(new Set(rows.map((row) => String(row[keyField]))), entity).toEqual(changed);
      expect(rows.every((row) => compareValues(row.ModifiedDate as Value, watermark) >= 0)).toBe(true);
      seen += rows.length;
    }
    const sba = changes.filter((change) => ['vendors', 'payables_invoices', 'purchase_orders'].includes(change.entity));
    expect(seen).toBe(new Set(sba.map((change) => `${change.entity}/${change.key}`)).size);
  });

  it('loses nothing when records change while a read is under way', async () => {
    const source = open('basic');
    const before = new Set((await readAll(source, 'vendors', { pageSize: 1000 })).map((row) => row.VendorId));
    const seen = new Set<Value>();
    let pages = 0;
    for await (const page of source.read({
      entity: 'vendors',
      key: ['VendorId'],
      cursorField: 'ModifiedDate',
      pageSize: 10,
    })) {
      for (const row of page.records) seen.add(row.VendorId ?? null);
      if (++pages % 3 === 0) sim.advance(5);
    }
    for (const id of before) expect(seen.has(id ?? null)).toBe(true);
  });

  it('filters payables invoices by TransactionState', async () => {
    const rows = await readAll(open('basic'), 'payables_invoices', { filters: { TransactionState: 'Work' } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.TransactionState === 'Work')).toBe(true);
  });

  it('a wrong password is one AUTH_FAILED error, for NTLM and Basic alike', async () => {
    for (const method of ['ntlm', 'basic'] as const) {
      const error = await readAll(open(method, 'wrong'), 'vendors').then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isKitError(error) && error.code).toBe('AUTH_FAILED');
    }
  });
});
