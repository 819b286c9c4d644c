/**
 * Reading a Databricks table back by merge key, through the real @databricks/sql driver against the
 * simulator: the values as their types (exact decimals, dates, instants), the run that wrote each row,
 * more keys than one statement's 256 parameters hold, and no table at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetTable } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp, toJsonValue } from '../../engine/model/values/index.ts';
import { openDatabricksDestination, type DatabricksDestination } from './destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';

let sim: DatabricksSimulator;
let dest: DatabricksDestination;

const target: TargetTable = {
  table: 'main.finance.gl_lines',
  columns: [
    { name: 'journal', type: { kind: 'integer' }, required: true },
    { name: 'line', type: { kind: 'integer' }, required: true },
    { name: 'amount', type: { kind: 'decimal', precision: 18, scale: 2 }, required: false },
    { name: 'posted_on', type: { kind: 'date' }, required: false },
    { name: 'changed_at', type: { kind: 'timestamp' }, required: false },
    { name: 'memo', type: { kind: 'string' }, required: false },
  ],
  writeMode: 'merge',
  mergeKey: ['journal', 'line'],
  allowDestructiveChanges: false,
};

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'oauth-m2m', clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret },
    retry: { sleep: async () => {} },
  });
});
afterAll(async () => {
  await dest?.close();
  await sim?.close();
});

describe('Databricks readByKeys', () => {
  it('says the table is not there before a run writes it', async () => {
    expect(await dest.readByKeys(target, [[1, 1]])).toBeUndefined();
  });

  it('reads back what a batch wrote for the keys asked, as their types, past the 256-parameter limit', async () => {
    const rows = Array.from({ length: 300 }, (_, index) => ({
      journal: 7,
      line: index + 1,
      amount: Decimal.parse(index === 0 ? '10.50' : '1.00'),
      posted_on: PlainDate.of(2025, 1, 31),
      changed_at: Timestamp.parse('2025-01-31T18:00:00-06:00'),
      memo: index === 0 ? 'Office supplies' : null,
    }));
    await dest.ensureTable(target);
    await dest.writeBatch(target, {
      lineage: { runId: 'run-9', batchId: 'b1', syncedAt: '2025-02-01T09:30:00Z' },
      rows,
      sourceModified: rows.map(() => null),
    });
    const keys = [...rows.map((row) => [row.journal, row.line]), [8, 1]];
    const found = await dest.readByKeys(target, keys);
    expect(found).toHaveLength(300);
    const first = found!.find((written) => written.row.line === 1)!;
    expect(toJsonValue(first.row)).toEqual({
      journal: 7,
      line: 1,
      amount: '10.50',
      posted_on: '2025-01-31',
      changed_at: '2025-02-01T00:00:00Z',
      memo: 'Office supplies',
    });
    expect(first.runId).toBe('run-9');
    expect(first.syncedAt).toBe('2025-02-01T09:30:00Z');
    expect(found!.find((written) => written.row.line === 2)!.row.memo).toBeNull();
  });
});
