import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal, PlainDate, toJsonValue } from '../../engine/model/values/index.ts';
import { batchOf, glRow, glTarget, openTempWarehouse, type TempWarehouse } from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

describe('readByKeys', () => {
  it('reads back the rows a batch wrote for the keys asked, with the run that wrote them', async () => {
    const target = glTarget('merge');
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '10.50'), glRow(1, 2, '2.00'), glRow(2, 1, '3.00')], { runId: 'run-7', batchId: 'b1' }),
    );
    const rows = await warehouse.destination.readByKeys(target, [
      [1, 1],
      [2, 1],
      [9, 9], // never written
      [null, 1], // an empty key part matches nothing
    ]);
    expect(
      rows!
        .map((written) => ({ ...(toJsonValue(written.row) as object), run: written.runId, at: written.syncedAt }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([
      expect.objectContaining({
        journal_entry: 1,
        line_number: 1,
        debit: '10.50',
        posting_date: '2024-01-15',
        run: 'run-7',
      }),
      expect.objectContaining({ journal_entry: 2, line_number: 1, debit: '3.00', run: 'run-7' }),
    ]);
    expect(rows![0]!.syncedAt).toBe('2024-02-01T09:30:00.123456Z');
  });

  it('finds a decimal key written with another scale, and says when the table is not there', async () => {
    const target = glTarget('merge', { mergeKey: ['debit', 'posting_date'] });
    expect(await warehouse.destination.readByKeys(target, [[Decimal.parse('10.5'), PlainDate.of(2024, 1, 15)]])).toBe(
      undefined,
    );
    await warehouse.destination.writeBatch(target, batchOf([glRow(1, 1, '10.50')], { batchId: 'b1' }));
    const rows = await warehouse.destination.readByKeys(target, [[Decimal.parse('10.5'), PlainDate.of(2024, 1, 15)]]);
    expect(rows?.map((written) => written.row.journal_entry)).toEqual([1]);
  });

  it('reads more keys than one query holds', async () => {
    const target = glTarget('merge');
    const written = Array.from({ length: 1200 }, (_, index) => glRow(3, index + 1, '1.00'));
    await warehouse.destination.writeBatch(target, batchOf(written, { batchId: 'b1' }));
    const rows = await warehouse.destination.readByKeys(
      target,
      written.map((row) => [row.journal_entry!, row.line_number!]),
    );
    expect(rows).toHaveLength(1200);
  });
});
