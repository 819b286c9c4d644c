import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTransient } from '../../engine/model/errors.ts';
import { openDuckDbDestination } from './destination.ts';
import { batchOf, caught, glRow, glTarget, openTempWarehouse, scalar, type TempWarehouse } from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

describe('calls at the same time', () => {
  it('run one after another on the destination: every batch lands once', async () => {
    const target = glTarget('merge');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, b) =>
        warehouse.destination.writeBatch(
          target,
          batchOf([glRow(b, 1, `${b}.00`), glRow(b, 2, '1.00')], { batchId: `b${b}` }),
        ),
      ),
    );
    expect(results.map((result) => result.inserted)).toEqual(Array.from({ length: 8 }, () => 2));
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('16');
  });

  it('a second destination on the same file shares it; a write-write conflict is WRITE_CONFLICT, transient, and leaves nothing', async () => {
    const target = glTarget('merge');
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '1.00'), glRow(1, 2, '2.00')], { batchId: 'b1' }),
    );
    const second = await openDuckDbDestination({ path: warehouse.path });
    try {
      // Another writer holds an uncommitted change to line 1.
      await warehouse.destination.connection.run('BEGIN TRANSACTION');
      await warehouse.destination.connection.run('DELETE FROM gl_lines WHERE line_number = 1');
      const error = await caught(
        second.writeBatch(target, batchOf([glRow(1, 1, '9.00'), glRow(1, 3, '3.00')], { batchId: 'b2' })),
      );
      expect(error.code).toBe('WRITE_CONFLICT');
      expect(isTransient(error)).toBe(true);
      await warehouse.destination.connection.run('ROLLBACK');
      expect(await scalar(second, 'SELECT count(*) FROM gl_lines')).toBe('2');
      // Retried once the other writer is done, the batch goes through.
      expect(
        await second.writeBatch(target, batchOf([glRow(1, 1, '9.00'), glRow(1, 3, '3.00')], { batchId: 'b2' })),
      ).toMatchObject({ inserted: 1, updated: 1 });
    } finally {
      await second.close();
    }
    // Closing one destination leaves the other's database open.
    expect(await scalar(warehouse.destination, 'SELECT sum(debit)::VARCHAR FROM gl_lines')).toBe('14.00');
  });

  it('refuses calls after close with a clear code', async () => {
    await warehouse.destination.close();
    expect((await caught(warehouse.destination.ensureTable(glTarget('append')))).code).toBe('DUCKDB_CLOSED');
  });
});
