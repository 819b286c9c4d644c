/**
 * Against the simulator (real driver, DuckDB-backed MERGE): append inserts each row version once, and
 * the warehouse keeps each stream's checkpoint in `_ml_connector_state` beside the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetTable, WriteBatch } from '../../engine/model/io.ts';
import { Decimal, Timestamp } from '../../engine/model/values/index.ts';
import { openDatabricksDestination, type DatabricksDestination } from './destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';

let sim: DatabricksSimulator;
let dest: DatabricksDestination;

const append: TargetTable = {
  table: 'main.finance.gl_history',
  columns: [
    { name: 'account', type: { kind: 'string' }, required: true },
    { name: 'balance', type: { kind: 'decimal', precision: 38, scale: 2 }, required: false },
  ],
  writeMode: 'append',
  mergeKey: [],
  allowDestructiveChanges: false,
};

function batch(batchId: string, rows: [string, string, string][], checkpoint?: string): WriteBatch {
  return {
    lineage: { runId: 'run-1', batchId, syncedAt: '2025-01-31T12:00:00Z' },
    rows: rows.map(([account, balance]) => ({ account, balance: Decimal.parse(balance) })),
    sourceModified: rows.map(() => Timestamp.parse('2025-01-31T11:00:00Z')),
    rowVersions: rows.map(([, , version]) => version),
    ...(checkpoint === undefined ? {} : { checkpoint: { pipelineId: 'ledger', stream: 'gl', watermark: checkpoint } }),
  };
}

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token: sim.credentials.token },
    chunkRows: 2,
    retry: { sleep: async () => {} },
  });
});
afterAll(async () => {
  await dest?.close();
  await sim?.close();
});

describe('Databricks: row versions and checkpoints', () => {
  it('appends a version once, across chunks, batches and a repeat inside one batch', async () => {
    await dest.ensureTable(append);
    expect(
      await dest.writeBatch(
        append,
        batch('b1', [
          ['1000', '1.00', 'v1'],
          ['2000', '2.00', 'v2'],
          ['3000', '3.00', 'v3'],
        ]),
      ),
    ).toMatchObject({ inserted: 3, alreadyPresent: 0 });
    // A lookback re-read: v2 unchanged, 2000 changed (v4), v5 new and served twice by the source.
    const again = await dest.writeBatch(
      append,
      batch('b2', [
        ['2000', '2.00', 'v2'],
        ['2000', '2.50', 'v4'],
        ['4000', '4.00', 'v5'],
        ['4000', '4.00', 'v5'],
      ]),
    );
    expect(again).toMatchObject({ inserted: 2, alreadyPresent: 2 });
    expect((await sim.controlTotals())['main.finance.gl_history']).toEqual({ rows: 5, sums: { balance: '12.50' } });
  });

  it('records the checkpoint of the batch that carried one, per pipeline, stream and table', async () => {
    expect(await dest.readCheckpoint(append, 'ledger', 'gl')).toBeUndefined();
    await dest.writeBatch(append, batch('b3', [['5000', '5.00', 'v6']], 'w3'));
    await dest.writeBatch(append, batch('b4', [['6000', '6.00', 'v7']]));
    await dest.writeBatch(append, batch('b5', [], 'w5'));
    expect(await dest.readCheckpoint(append, 'ledger', 'gl')).toEqual({
      pipelineId: 'ledger',
      stream: 'gl',
      watermark: 'w5',
      runId: 'run-1',
      batchId: 'b5',
      recordedAt: '2025-01-31T12:00:00Z',
    });
    expect(await dest.readCheckpoint(append, 'ledger', 'other')).toBeUndefined();
    expect(await dest.readCheckpoint({ ...append, table: 'main.finance.other' }, 'ledger', 'gl')).toBeUndefined();
  });

  it('trusts no checkpoint for a table emptied by hand, and refuses the state table as a target', async () => {
    await dest.sql.query('DELETE FROM main.finance.gl_history');
    expect(await dest.readCheckpoint(append, 'ledger', 'gl')).toBeUndefined();
    await expect(dest.ensureTable({ ...append, table: 'main.finance._ml_connector_state' })).rejects.toThrow(
      /_ml_connector_state is where ml-connector keeps/,
    );
  });
});
