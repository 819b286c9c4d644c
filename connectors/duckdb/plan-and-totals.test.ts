import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../engine/model/values/index.ts';
import { GL_COLUMNS, batchOf, glRow, glTarget, openTempWarehouse, scalar, type TempWarehouse } from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

describe('plan', () => {
  it('counts inserts, updates (some column differs) and unchanged rows, writing nothing', async () => {
    const target = glTarget('merge');
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '1.00'), glRow(1, 2, '2.00'), glRow(1, 3, '3.00')], { batchId: 'b1' }),
    );
    const before = await scalar(
      warehouse.destination,
      "SELECT string_agg(line_number || '=' || debit || '@' || _mlc_batch_id, ' ' ORDER BY line_number) FROM gl_lines",
    );
    const plan = await warehouse.destination.plan(target, [
      glRow(1, 1, '1.00'), // unchanged
      glRow(1, 2, '2.50'), // update
      glRow(1, 3, '3.0'), // unchanged: 3.0 is 3.00
      glRow(1, 4, '4.00'), // insert
      glRow(1, 5, '5.00', { account: null }), // rejected
    ]);
    expect(plan).toMatchObject({
      inserts: 1,
      updates: 1,
      unchanged: 2,
      rejected: [{ index: 4, code: 'missing-required-value' }],
    });
    expect(
      await scalar(
        warehouse.destination,
        "SELECT string_agg(line_number || '=' || debit || '@' || _mlc_batch_id, ' ' ORDER BY line_number) FROM gl_lines",
      ),
    ).toBe(before);
  });

  it('before the table exists every row is an insert, and the table is not created', async () => {
    expect(
      await warehouse.destination.plan(glTarget('merge'), [glRow(1, 1, '1.00'), glRow(1, 2, '1.00')]),
    ).toMatchObject({ inserts: 2, updates: 0, unchanged: 0 });
    expect(
      await scalar(
        warehouse.destination,
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'gl_lines'",
      ),
    ).toBe('0');
  });

  it('a new target column not in the table yet makes rows with a value in it updates', async () => {
    await warehouse.destination.writeBatch(
      glTarget('merge'),
      batchOf([glRow(1, 1, '1.00'), glRow(1, 2, '2.00')], { batchId: 'b1' }),
    );
    const wider = glTarget('merge', {
      columns: [...GL_COLUMNS, { name: 'memo', type: { kind: 'string' }, required: false }],
    });
    expect(
      await warehouse.destination.plan(wider, [
        glRow(1, 1, '1.00', { memo: 'new' }),
        glRow(1, 2, '2.00', { memo: null }),
      ]),
    ).toMatchObject({
      inserts: 0,
      updates: 1,
      unchanged: 1,
    });
  });

  it('append and replace write every valid row as an insert', async () => {
    await warehouse.destination.writeBatch(glTarget('append'), batchOf([glRow(1, 1, '1.00')], { batchId: 'b1' }));
    expect(
      await warehouse.destination.plan(glTarget('append'), [glRow(1, 1, '1.00'), glRow(1, 2, '1.001')]),
    ).toMatchObject({
      inserts: 1,
      rejected: [{ index: 1 }],
    });
  });
});

describe('control totals', () => {
  it('gives the row count and the exact sum of every decimal column, for the table or for one run', async () => {
    const target = glTarget('append');
    expect(await warehouse.destination.controlTotals(target)).toEqual({
      rows: 0,
      sums: { debit: '0.00', credit: '0.00' },
    });
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '12345678901234.56'), glRow(1, 2, '0.01')], { runId: 'r1', batchId: 'b1' }),
    );
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(2, 1, '9999999999999999.99', { credit: Decimal.parse('0.10') })], { runId: 'r2', batchId: 'b2' }),
    );
    expect(await warehouse.destination.controlTotals(target)).toEqual({
      rows: 3,
      sums: { debit: '10012345678901234.56', credit: '0.10' },
    });
    expect(await warehouse.destination.controlTotals(target, { runId: 'r1' })).toEqual({
      rows: 2,
      sums: { debit: '12345678901234.57', credit: '0.00' },
    });
  });
});
