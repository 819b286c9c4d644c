/** The destination against the simulator: real driver, real HTTPS, DuckDB-backed MERGE. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetTable, WriteBatch } from '../../engine/model/io.ts';
import { Decimal, Timestamp } from '../../engine/model/values/index.ts';
import { openDatabricksDestination, type DatabricksDestination } from './destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';

let sim: DatabricksSimulator;
let dest: DatabricksDestination;
const slept: number[] = [];

const target: TargetTable = {
  table: 'main.finance.gl_balances',
  columns: [
    { name: 'account', type: { kind: 'string' }, required: true },
    { name: 'balance', type: { kind: 'decimal', precision: 38, scale: 2 }, required: false },
  ],
  writeMode: 'merge',
  mergeKey: ['account'],
  allowDestructiveChanges: false,
};

const batch = (batchId: string, rows: [string, string][]): WriteBatch => ({
  lineage: { runId: 'run-1', batchId, syncedAt: '2025-01-31T12:00:00Z' },
  rows: rows.map(([account, balance]) => ({ account, balance: Decimal.parse(balance) })),
  sourceModified: rows.map(() => Timestamp.parse('2025-01-31T11:00:00Z')),
});

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'oauth-m2m', clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret },
    chunkRows: 2,
    retry: { sleep: async (ms) => void slept.push(ms) },
  });
});
afterAll(async () => {
  await dest?.close();
  await sim?.close();
});

describe('Databricks destination', () => {
  it('creates the table once, with DECIMAL and lineage columns', async () => {
    expect(await dest.ensureTable(target)).toEqual([
      { kind: 'create-table', detail: 'created main.finance.gl_balances' },
    ]);
    expect(await dest.ensureTable(target)).toEqual([]);
    expect(dest.sql.tokens.fetches).toBe(1);
  });

  it('merges on the natural key in bounded chunks, last row of a key wins, a re-sent batch writes nothing twice', async () => {
    const first = await dest.writeBatch(
      target,
      batch('b1', [
        ['1000', '10.00'],
        ['2000', '20.50'],
        ['1000', '11.25'],
      ]),
    );
    expect(first).toMatchObject({ inserted: 2, updated: 0, alreadyCommitted: 0, supersededInBatch: 1, rejected: [] });
    expect(
      await dest.writeBatch(
        target,
        batch('b1', [
          ['1000', '10.00'],
          ['2000', '20.50'],
          ['1000', '11.25'],
        ]),
      ),
    ).toMatchObject({ inserted: 0, updated: 0, alreadyCommitted: 2 });
    const second = await dest.writeBatch(
      target,
      batch('b2', [
        ['2000', '-0.01'],
        ['3000', '99999999999999999999999999999999.99'],
        ['4000', '1.001'],
      ]),
    );
    expect(second).toMatchObject({ inserted: 1, updated: 1, rejected: [{ index: 2, code: 'decimal-too-precise' }] });
    expect((await sim.controlTotals())['main.finance.gl_balances']).toEqual({
      rows: 3,
      sums: { balance: '100000000000000000000000000000011.23' },
    });
  });

  it('plans inserts and updates against what the table holds', async () => {
    expect(
      await dest.plan(
        target,
        batch('p', [
          ['1000', '1'],
          ['9000', '2'],
        ]).rows,
      ),
    ).toEqual({ inserts: 1, updates: 1, unchanged: 0 });
  });

  it('retries a concurrent-write conflict and a warehouse that is starting, with backoff', async () => {
    sim.faults.mergeConflicts = 1;
    sim.faults.coldStartRpcs = 1;
    const result = await dest.writeBatch(target, batch('b3', [['5000', '5.00']]));
    expect(result).toMatchObject({ inserted: 1 });
    expect(slept.length).toBe(2);
  });

  it('appends idempotently per batch row and replaces the other runs on the first batch of a run', async () => {
    const append: TargetTable = { ...target, table: 'main.finance.gl_lines', writeMode: 'append', mergeKey: [] };
    expect(
      await dest.writeBatch(
        append,
        batch('a1', [
          ['1000', '1.00'],
          ['1000', '2.00'],
          ['2000', '3.00'],
        ]),
      ),
    ).toMatchObject({ inserted: 3 });
    expect(
      await dest.writeBatch(
        append,
        batch('a1', [
          ['1000', '1.00'],
          ['1000', '2.00'],
          ['2000', '3.00'],
        ]),
      ),
    ).toMatchObject({ inserted: 0, alreadyCommitted: 3 });
    const replace: TargetTable = { ...append, writeMode: 'replace' };
    const next = {
      ...batch('r1', [['7000', '7.00']]),
      lineage: { runId: 'run-2', batchId: 'r1', syncedAt: '2025-02-01T00:00:00Z' },
      replaceStarts: true,
    };
    expect(await dest.writeBatch(replace, next)).toMatchObject({ inserted: 1 });
    expect((await sim.controlTotals())['main.finance.gl_lines']).toEqual({ rows: 1, sums: { balance: '7.00' } });
  });
});
