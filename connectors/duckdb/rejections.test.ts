import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TargetTable } from '../../engine/model/io.ts';
import { Decimal, PlainDate } from '../../engine/model/values/index.ts';
import { batchOf, caught, glRow, glTarget, openTempWarehouse, scalar, type TempWarehouse } from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

describe('rows whose values do not fit', () => {
  it('are reported with their index, a code and the column; the other rows of the batch are written', async () => {
    const rows = [
      glRow(1, 1, '10.00'),
      glRow(1, 2, '12345678901234567.00'), // 17 digits before the point: DECIMAL(18,2) holds 16
      glRow(1, 3, '1.005'), // a third decimal place would be rounded away
      glRow(1, 4, '1.00', { account: null }), // required
      glRow(1, 5, '1.00', { posting_date: '2024-01-15' }), // text where a date belongs
      glRow(1, 6, '1.00', { account: 'broken \uD800 text' }),
      glRow(1, 7, '1.500'), // extra zeros are not digits lost
      glRow(1, 8, '1.00', { credit: 5 }), // an integer is a fine decimal
    ];
    const result = await warehouse.destination.writeBatch(glTarget('append'), batchOf(rows, { batchId: 'b1' }));
    expect(result.rejected.map((row) => [row.index, row.code])).toEqual([
      [1, 'decimal-too-large'],
      [2, 'decimal-too-precise'],
      [3, 'missing-required-value'],
      [4, 'wrong-type'],
      [5, 'malformed-text'],
    ]);
    expect(result.rejected[0]!.message).toBe(
      'debit: 12345678901234567.00 does not fit decimal(18,2) (at most 16 digits before the decimal point)',
    );
    expect(result.rejected[3]!.message).toMatch(/^posting_date: expected date, got string/);
    expect(result.inserted).toBe(3);
    expect(
      await scalar(
        warehouse.destination,
        "SELECT string_agg(line_number || ':' || debit || '/' || credit, ' ' ORDER BY line_number) FROM gl_lines",
      ),
    ).toBe('1:10.00/0.00 7:1.50/0.00 8:1.00/5.00');
  });

  it('are reported again when the batch is retried, so a crash cannot lose the reasons', async () => {
    const batch = batchOf([glRow(1, 1, '1.00'), glRow(1, 2, '1.001')], { batchId: 'b1' });
    await warehouse.destination.writeBatch(glTarget('append'), batch);
    const retried = await warehouse.destination.writeBatch(glTarget('append'), batch);
    expect(retried).toMatchObject({
      inserted: 0,
      alreadyCommitted: 1,
      rejected: [{ index: 1, code: 'decimal-too-precise' }],
    });
  });

  it('a hostile string is stored as data, never run as SQL', async () => {
    const hostile = `'); DROP TABLE gl_lines; -- "x" \\ \u0000 ✓`;
    await warehouse.destination.writeBatch(
      glTarget('append'),
      batchOf([glRow(1, 1, '1.00', { account: hostile })], { batchId: "b'1" }),
    );
    const [row] = await warehouse.destination.readRows('gl_lines');
    expect(row!.account).toBe(hostile);
    expect(row!._mlc_batch_id).toBe("b'1");
  });
});

describe('a batch the database refuses midway', () => {
  // The analyst added a rule to the warehouse table that the mapping does not know about.
  async function tableWithCheck(): Promise<TargetTable> {
    const target = glTarget('merge');
    await warehouse.destination.ensureTable(target);
    await warehouse.destination.connection.run('DROP TABLE gl_lines');
    await warehouse.destination.connection.run(
      `CREATE TABLE gl_lines (journal_entry BIGINT NOT NULL, line_number BIGINT NOT NULL, account VARCHAR NOT NULL, posting_date DATE NOT NULL,
         debit DECIMAL(18,2) CHECK (debit >= 0), credit DECIMAL(18,2), posted BOOLEAN, modified_at TIMESTAMPTZ,
         _mlc_run_id VARCHAR NOT NULL, _mlc_batch_id VARCHAR NOT NULL, _mlc_source_modified TIMESTAMPTZ, _mlc_synced_at TIMESTAMPTZ NOT NULL,
         _mlc_row_version VARCHAR)`,
    );
    return target;
  }

  it('is rolled back whole: no row of it is written, and the error says which batch and why', async () => {
    const target = await tableWithCheck();
    const rows = Array.from({ length: 5000 }, (_, i) => glRow(1, i + 1, i === 4321 ? '-1.00' : '1.00'));
    const error = await caught(warehouse.destination.writeBatch(target, batchOf(rows, { batchId: 'b1' })));
    expect(error.code).toBe('DUCKDB_WRITE_FAILED');
    expect(error.message).toMatch(/^writing batch b1 to gl_lines failed: Constraint Error: CHECK constraint failed/);
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('0');
  });

  it('in merge, the old versions it had already deleted come back', async () => {
    const target = await tableWithCheck();
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '10.00'), glRow(1, 2, '20.00')], { batchId: 'b1' }),
    );
    const error = await caught(
      warehouse.destination.writeBatch(
        target,
        batchOf([glRow(1, 1, '11.00'), glRow(1, 2, '-5.00'), glRow(1, 3, '1.00')], { batchId: 'b2' }),
      ),
    );
    expect(error.code).toBe('DUCKDB_WRITE_FAILED');
    expect(
      await scalar(
        warehouse.destination,
        "SELECT string_agg(debit::VARCHAR || '@' || _mlc_batch_id, ' ' ORDER BY line_number) FROM gl_lines",
      ),
    ).toBe('10.00@b1 20.00@b1');
    // The destination is usable afterwards: the transaction was ended, not left open.
    expect(
      await warehouse.destination.writeBatch(target, batchOf([glRow(1, 1, '11.00')], { batchId: 'b3' })),
    ).toMatchObject({ updated: 1 });
  });
});

describe('exactness at the edges of DECIMAL', () => {
  it('keeps 38-digit decimals and negative scale-0 numbers exactly', async () => {
    const target: TargetTable = {
      table: 'wide',
      columns: [
        { name: 'id', type: { kind: 'integer' }, required: true },
        { name: 'big', type: { kind: 'decimal', precision: 38, scale: 10 }, required: false },
        { name: 'whole', type: { kind: 'decimal', precision: 5, scale: 0 }, required: false },
        { name: 'day', type: { kind: 'date' }, required: false },
      ],
      writeMode: 'merge',
      mergeKey: ['id'],
      allowDestructiveChanges: false,
    };
    const big = '-9999999999999999999999999999.9999999999';
    await warehouse.destination.writeBatch(
      target,
      batchOf([{ id: 1, big: Decimal.parse(big), whole: Decimal.parse('-99999'), day: PlainDate.of(1, 1, 1) }], {
        batchId: 'b1',
      }),
    );
    const [row] = await warehouse.destination.readRows('wide');
    expect((row!.big as Decimal).toString()).toBe(big);
    expect((row!.whole as Decimal).toString()).toBe('-99999');
    expect(String(row!.day)).toBe('0001-01-01');
  });
});
