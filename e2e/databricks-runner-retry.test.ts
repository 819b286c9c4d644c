/**
 * A Databricks failure that outlasts the SQL client's own attempts (a Delta write conflict, here) is
 * transient by code, so the runner retries the whole batch rather than failing the stream. The batch goes
 * through the runner's retry (`withRetry`, what the batch writer calls) against the real driver and the
 * Databricks simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabricksDestination, type DatabricksDestination } from '../connectors/databricks/destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from '../connectors/databricks/simulator/server.ts';
import { isTransient } from '../engine/model/errors.ts';
import type { TargetTable, WriteBatch } from '../engine/model/io.ts';
import { Decimal, Timestamp } from '../engine/model/values/index.ts';
import { withRetry } from '../engine/runner/retry.ts';

let sim: DatabricksSimulator;
let dest: DatabricksDestination;

const table: TargetTable = {
  table: 'main.retry.balances',
  columns: [
    { name: 'account', type: { kind: 'string' }, required: true },
    { name: 'balance', type: { kind: 'decimal', precision: 38, scale: 2 }, required: false },
  ],
  writeMode: 'merge',
  mergeKey: ['account'],
  allowDestructiveChanges: false,
};

const batch: WriteBatch = {
  lineage: { runId: 'run-1', batchId: 'b1', syncedAt: '2025-01-31T12:00:00Z' },
  rows: [{ account: '1000', balance: Decimal.parse('1.00') }],
  sourceModified: [Timestamp.parse('2025-01-31T11:00:00Z')],
};

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token: sim.credentials.token },
    // Two attempts of its own, with no waiting, so a third conflict reaches the runner.
    retry: { maxAttempts: 2, sleep: async () => undefined },
  });
  await dest.sql.query('CREATE SCHEMA IF NOT EXISTS main.retry');
  await dest.ensureTable(table);
});

afterAll(async () => {
  await dest?.close();
  await sim?.close();
});

describe('the runner retries a transient Databricks error', () => {
  it('a write conflict the client gave up on is DATABRICKS_WRITE_CONFLICT, transient, and the runner writes the batch on its next attempt', async () => {
    sim.faults.mergeConflicts = 2;
    const failure = await dest.writeBatch(table, batch).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'DATABRICKS_WRITE_CONFLICT', transient: true });
    expect(isTransient(failure)).toBe(true);

    sim.faults.mergeConflicts = 2;
    const retried: string[] = [];
    const result = await withRetry(
      () => dest.writeBatch(table, { ...batch, lineage: { ...batch.lineage, batchId: 'b2' } }),
      {
        attempts: 3,
        baseDelayMs: 0,
        maxDelayMs: 0,
        onRetry: ({ error }) => retried.push((error as { code: string }).code),
      },
    );
    expect(retried).toEqual(['DATABRICKS_WRITE_CONFLICT']);
    expect(result).toMatchObject({ inserted: 1 });
    expect((await sim.controlTotals())['main.retry.balances']?.rows).toBe(1);
  });
});
