/** The warehouse records where each stream stopped, in the transaction of the batch that got there. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamCheckpoint } from '../../engine/model/io.ts';
import { batchOf, caught, glRow, glTarget, openTempWarehouse, scalar, type TempWarehouse } from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

const checkpoint = (watermark: string, stream = 'gl_lines', pipelineId = 'ledger'): StreamCheckpoint => ({
  pipelineId,
  stream,
  watermark,
});

describe('checkpoints in the warehouse', () => {
  it('keeps the last checkpoint per pipeline, stream and table, with the batch that carried it', async () => {
    const target = glTarget('append');
    expect(await warehouse.destination.readCheckpoint(target, 'ledger', 'gl_lines')).toBeUndefined();
    await warehouse.destination.writeBatch(target, {
      ...batchOf([glRow(1, 1, '1.00')], { batchId: 'b1' }),
      checkpoint: checkpoint('w1'),
    });
    await warehouse.destination.writeBatch(target, {
      ...batchOf([glRow(1, 2, '1.00')], { batchId: 'b2' }),
      checkpoint: checkpoint('w2'),
    });
    // A batch that does not move the watermark (an unordered source's middle batch) leaves it alone.
    await warehouse.destination.writeBatch(target, batchOf([glRow(1, 3, '1.00')], { batchId: 'b3' }));
    expect(await warehouse.destination.readCheckpoint(target, 'ledger', 'gl_lines')).toMatchObject({
      watermark: 'w2',
      batchId: 'b2',
      runId: 'run-1',
      recordedAt: '2024-02-01T09:30:00.123456Z',
    });
    expect(await warehouse.destination.readCheckpoint(target, 'other-pipeline', 'gl_lines')).toBeUndefined();
    expect(
      await warehouse.destination.readCheckpoint({ ...target, table: 'other_table' }, 'ledger', 'gl_lines'),
    ).toBeUndefined();
    // The last batch of a read may be empty and still carry the final watermark.
    await warehouse.destination.writeBatch(target, { ...batchOf([], { batchId: 'b4' }), checkpoint: checkpoint('w4') });
    expect(await warehouse.destination.readCheckpoint(target, 'ledger', 'gl_lines')).toMatchObject({
      watermark: 'w4',
      batchId: 'b4',
    });
  });

  it('is written with its batch or not at all', async () => {
    const target = glTarget('append');
    await warehouse.destination.writeBatch(target, {
      ...batchOf([glRow(1, 1, '1.00')], { batchId: 'b1' }),
      checkpoint: checkpoint('w1'),
    });
    // Someone put a rule on the state table: a checkpoint it refuses takes its batch's rows down with it.
    await warehouse.destination.connection.run('DROP TABLE _ml_connector_state');
    await warehouse.destination.connection.run(
      `CREATE TABLE _ml_connector_state (pipeline_id VARCHAR NOT NULL, stream VARCHAR NOT NULL, target_table VARCHAR NOT NULL,
         watermark VARCHAR NOT NULL CHECK (watermark <> 'refused'), run_id VARCHAR NOT NULL, batch_id VARCHAR NOT NULL, recorded_at TIMESTAMPTZ NOT NULL)`,
    );
    const failed = await caught(
      warehouse.destination.writeBatch(target, {
        ...batchOf([glRow(1, 2, '1.00')], { batchId: 'b2' }),
        checkpoint: checkpoint('refused'),
      }),
    );
    expect(failed.code).toBe('DUCKDB_WRITE_FAILED');
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('1');
    await warehouse.destination.writeBatch(target, {
      ...batchOf([glRow(1, 2, '1.00')], { batchId: 'b2' }),
      checkpoint: checkpoint('w2'),
    });
    expect(await warehouse.destination.readCheckpoint(target, 'ledger', 'gl_lines')).toMatchObject({
      watermark: 'w2',
      batchId: 'b2',
    });
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('2');
  });

  it('is not trusted once its table was emptied by hand: that table is loaded again from the start', async () => {
    const target = glTarget('append');
    await warehouse.destination.writeBatch(target, {
      ...batchOf([glRow(1, 1, '1.00')], { batchId: 'b1' }),
      checkpoint: checkpoint('w1'),
    });
    await warehouse.destination.connection.run('DELETE FROM gl_lines');
    expect(await warehouse.destination.readCheckpoint(target, 'ledger', 'gl_lines')).toBeUndefined();
  });
});
