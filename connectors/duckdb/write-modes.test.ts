import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp } from '../../engine/model/values/index.ts';
import { openDuckDbDestination } from './destination.ts';
import { batchOf, glRow, glTarget, openTempWarehouse, scalar, type TempWarehouse } from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

describe('append', () => {
  it('inserts every row, and a retried batch writes nothing twice', async () => {
    const target = glTarget('append');
    const rows = [glRow(1, 1, '10.00'), glRow(1, 2, '20.00'), glRow(1, 2, '20.00')]; // a repeated line is data in append mode
    expect(await warehouse.destination.writeBatch(target, batchOf(rows, { batchId: 'b1' }))).toMatchObject({
      inserted: 3,
      updated: 0,
      alreadyCommitted: 0,
    });
    expect(await warehouse.destination.writeBatch(target, batchOf(rows, { batchId: 'b1' }))).toMatchObject({
      inserted: 0,
      alreadyCommitted: 3,
    });
    expect(await warehouse.destination.writeBatch(target, batchOf(rows.slice(0, 1), { batchId: 'b2' }))).toMatchObject({
      inserted: 1,
    });
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('4');
    expect(await scalar(warehouse.destination, 'SELECT sum(debit)::VARCHAR FROM gl_lines')).toBe('60.00');
  });

  it('a batch re-sent after the process closed (commit reached, state not advanced) is recognised from the file', async () => {
    const target = glTarget('append');
    await warehouse.destination.writeBatch(target, batchOf([glRow(1, 1, '10.00')], { batchId: 'b1' }));
    await warehouse.destination.close();
    const reopened = await openDuckDbDestination({ path: warehouse.path });
    try {
      expect(await reopened.writeBatch(target, batchOf([glRow(1, 1, '10.00')], { batchId: 'b1' }))).toMatchObject({
        inserted: 0,
        alreadyCommitted: 1,
      });
      expect(await scalar(reopened, 'SELECT count(*) FROM gl_lines')).toBe('1');
    } finally {
      await reopened.close();
    }
  });

  it('fills the lineage columns: run id, batch id, source modified time and synced-at', async () => {
    const modified = Timestamp.parse('2024-01-15T18:00:00.654321Z');
    await warehouse.destination.writeBatch(glTarget('append'), {
      lineage: { runId: 'run-7', batchId: 'run-7/gl/3', syncedAt: '2024-02-01T10:30:00.123456+01:00' },
      rows: [glRow(1, 1, '1.00'), glRow(1, 2, '2.00')],
      sourceModified: [modified, null],
    });
    const rows = await warehouse.destination.readRows('gl_lines', ['line_number']);
    expect(rows.map((row) => [row._mlc_run_id, row._mlc_batch_id])).toEqual([
      ['run-7', 'run-7/gl/3'],
      ['run-7', 'run-7/gl/3'],
    ]);
    expect((rows[0]!._mlc_source_modified as Timestamp).epochMicros).toBe(modified.epochMicros);
    expect(rows[1]!._mlc_source_modified).toBeNull();
    expect((rows[0]!._mlc_synced_at as Timestamp).epochMicros).toBe(
      Timestamp.parse('2024-02-01T09:30:00.123456Z').epochMicros,
    );
  });

  it('keeps the instant of a timestamp written with any offset, to the microsecond, and dates as dates', async () => {
    const written = Timestamp.parse('2024-03-10T23:59:59.999999-06:00');
    await warehouse.destination.writeBatch(
      glTarget('append'),
      batchOf([glRow(1, 1, '1.00', { modified_at: written, posting_date: PlainDate.of(1999, 12, 31) })], {
        batchId: 'b1',
      }),
    );
    const [row] = await warehouse.destination.readRows('gl_lines');
    expect((row!.modified_at as Timestamp).epochMicros).toBe(written.epochMicros);
    expect((row!.modified_at as Timestamp).toString()).toBe('2024-03-11T05:59:59.999999Z');
    expect(String(row!.posting_date)).toBe('1999-12-31');
    expect(await scalar(warehouse.destination, 'SELECT epoch_us(modified_at) FROM gl_lines')).toBe(
      String(written.epochMicros),
    );
  });
});

describe('merge', () => {
  it('inserts, then updates on the key, and reads exact decimals back', async () => {
    const target = glTarget('merge');
    const first = await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '12345678901234.56'), glRow(1, 2, '0.01')], { batchId: 'b1' }),
    );
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    const second = await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '-9999999999999999.99'), glRow(1, 2, '0.01'), glRow(2, 1, '7.00')], { batchId: 'b2' }),
    );
    expect(second).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, alreadyCommitted: 0 });
    const rows = await warehouse.destination.readRows('gl_lines', ['journal_entry', 'line_number']);
    expect(rows.map((row) => (row.debit as Decimal).toString())).toEqual(['-9999999999999999.99', '0.01', '7.00']);
    expect(rows.map((row) => row._mlc_batch_id)).toEqual(['b2', 'b1', 'b2']); // the unchanged row keeps its lineage
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('3');
  });

  it('survives 12345678901234.56 exactly, with no float on the way', async () => {
    await warehouse.destination.writeBatch(
      glTarget('merge'),
      batchOf([glRow(1, 1, '12345678901234.56')], { batchId: 'b1' }),
    );
    const [row] = await warehouse.destination.readRows('gl_lines');
    expect(row!.debit).toBeInstanceOf(Decimal);
    expect((row!.debit as Decimal).coefficient).toBe(1234567890123456n);
    expect(await scalar(warehouse.destination, 'SELECT debit::VARCHAR FROM gl_lines')).toBe('12345678901234.56');
  });

  it('of two rows with the same key in one batch, the last one wins', async () => {
    const result = await warehouse.destination.writeBatch(
      glTarget('merge'),
      batchOf([glRow(1, 1, '1.00'), glRow(1, 1, '2.00'), glRow(1, 1, '3.00')], { batchId: 'b1' }),
    );
    expect(result).toMatchObject({ inserted: 1, supersededInBatch: 2 });
    expect(await scalar(warehouse.destination, 'SELECT string_agg(debit::VARCHAR) FROM gl_lines')).toBe('3.00');
  });

  it('a retried batch changes nothing and says it was committed', async () => {
    const target = glTarget('merge');
    const batch = batchOf([glRow(1, 1, '5.00'), glRow(1, 2, '6.00')], { batchId: 'b1' });
    await warehouse.destination.writeBatch(target, batch);
    expect(await warehouse.destination.writeBatch(target, batch)).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 0,
      alreadyCommitted: 2,
    });
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('2');
  });

  it('keys on every merge key column, with null never matching (a key value is required)', async () => {
    const target = glTarget('merge');
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '1.00'), glRow(1, 2, '2.00'), glRow(2, 1, '3.00')], { batchId: 'b1' }),
    );
    const result = await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(2, 1, '30.00'), glRow(1, 3, '4.00'), glRow(1, 4, '1.00', { line_number: null })], {
        batchId: 'b2',
      }),
    );
    expect(result).toMatchObject({ inserted: 1, updated: 1, rejected: [{ index: 2, code: 'missing-required-value' }] });
    expect(
      await scalar(
        warehouse.destination,
        "SELECT string_agg(journal_entry || '/' || line_number || '=' || debit, ' ' ORDER BY journal_entry, line_number) FROM gl_lines",
      ),
    ).toBe('1/1=1.00 1/2=2.00 1/3=4.00 2/1=30.00');
  });
});

describe('replace', () => {
  const target = glTarget('replace');

  it('the first batch of a run empties the table in its own transaction; later batches of the run append', async () => {
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '1.00'), glRow(1, 2, '2.00')], { runId: 'r1', batchId: 'r1-1', replaceStarts: true }),
    );
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(9, 1, '9.00')], { runId: 'r2', batchId: 'r2-1', replaceStarts: true }),
    );
    await warehouse.destination.writeBatch(target, batchOf([glRow(9, 2, '8.00')], { runId: 'r2', batchId: 'r2-2' }));
    expect(await scalar(warehouse.destination, 'SELECT string_agg(DISTINCT _mlc_run_id) FROM gl_lines')).toBe('r2');
    expect(await scalar(warehouse.destination, 'SELECT sum(debit)::VARCHAR FROM gl_lines')).toBe('17.00');
  });

  it('a retried first batch does not wipe the batches of its run that followed', async () => {
    const first = batchOf([glRow(1, 1, '1.00')], { runId: 'r2', batchId: 'r2-1', replaceStarts: true });
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(7, 7, '7.00')], { runId: 'r1', batchId: 'r1-1', replaceStarts: true }),
    );
    await warehouse.destination.writeBatch(target, first);
    await warehouse.destination.writeBatch(target, batchOf([glRow(1, 2, '2.00')], { runId: 'r2', batchId: 'r2-2' }));
    expect(await warehouse.destination.writeBatch(target, first)).toMatchObject({ inserted: 0, alreadyCommitted: 1 });
    expect(
      await scalar(warehouse.destination, "SELECT string_agg(_mlc_batch_id, ',' ORDER BY _mlc_batch_id) FROM gl_lines"),
    ).toBe('r2-1,r2-2');
  });
});
