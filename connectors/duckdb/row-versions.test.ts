/**
 * Append never holds one version of a record twice: the warehouse skips the versions it already holds,
 * in the batch's transaction, also for rows written before the version column existed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataRow, WriteBatch } from '../../engine/model/io.ts';
import { openDuckDbDestination } from './destination.ts';
import { batchOf, glRow, glTarget, openTempWarehouse, scalar, type TempWarehouse } from './test-support.ts';

let warehouse: TempWarehouse;
beforeEach(async () => {
  warehouse = await openTempWarehouse();
});
afterEach(async () => {
  await warehouse.dispose();
});

function versioned(rows: readonly DataRow[], versions: readonly string[], batchId: string): WriteBatch {
  return { ...batchOf(rows, { batchId }), rowVersions: versions };
}

describe('append with row versions', () => {
  it('inserts a version once: a later batch carrying it again, or a repeat inside one batch, writes nothing', async () => {
    const target = glTarget('append');
    const first = await warehouse.destination.writeBatch(
      target,
      versioned([glRow(1, 1, '10.00'), glRow(1, 2, '20.00')], ['v1', 'v2'], 'b1'),
    );
    expect(first).toMatchObject({ inserted: 2, alreadyPresent: 0 });
    // A lookback re-read: line 1 unchanged (v1), line 2 changed (v3), line 3 new and served twice by the source (v4).
    const second = await warehouse.destination.writeBatch(
      target,
      versioned(
        [glRow(1, 1, '10.00'), glRow(1, 2, '25.00'), glRow(1, 3, '5.00'), glRow(1, 3, '5.00')],
        ['v1', 'v3', 'v4', 'v4'],
        'b2',
      ),
    );
    expect(second).toMatchObject({ inserted: 2, alreadyPresent: 2, alreadyCommitted: 0 });
    expect(
      await scalar(
        warehouse.destination,
        "SELECT string_agg(line_number || '=' || debit || '@' || _mlc_row_version, ' ' ORDER BY line_number, debit) FROM gl_lines",
      ),
    ).toBe('1=10.00@v1 2=20.00@v2 2=25.00@v3 3=5.00@v4');
  });

  it('a batch re-sent after a crash reports the rows it skipped the first time as already present, not as its own', async () => {
    const target = glTarget('append');
    await warehouse.destination.writeBatch(target, versioned([glRow(1, 1, '10.00')], ['v1'], 'b1'));
    const resent = () =>
      warehouse.destination.writeBatch(
        target,
        versioned([glRow(1, 1, '10.00'), glRow(1, 2, '20.00'), glRow(1, 2, '20.00')], ['v1', 'v2', 'v2'], 'b2'),
      );
    expect(await resent()).toMatchObject({ inserted: 1, alreadyPresent: 2 });
    expect(await resent()).toMatchObject({ inserted: 0, alreadyCommitted: 1, alreadyPresent: 2 });
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('2');
  });

  it('recognises rows written before the version column existed by their values and source modified time', async () => {
    const target = glTarget('append');
    await warehouse.destination.writeBatch(
      target,
      batchOf([glRow(1, 1, '10.00'), glRow(1, 2, '20.00')], { batchId: 'old' }),
    );
    await warehouse.destination.connection.run('ALTER TABLE gl_lines DROP COLUMN _mlc_row_version');
    await warehouse.destination.close();
    // A newer release opens the older table: the column is added, empty in the rows already there.
    const reopened = await openDuckDbDestination({ path: warehouse.path });
    try {
      const changes = await reopened.ensureTable(target);
      expect(changes.map((change) => [change.kind, change.column])).toEqual([['add-column', '_mlc_row_version']]);
      const result = await reopened.writeBatch(
        target,
        versioned([glRow(1, 1, '10.00'), glRow(1, 2, '21.00')], ['v1', 'v2'], 'new'),
      );
      expect(result).toMatchObject({ inserted: 1, alreadyPresent: 1 });
      expect(
        await scalar(
          reopened,
          "SELECT string_agg(line_number || '=' || debit || '@' || coalesce(_mlc_row_version, '-'), ' ' ORDER BY line_number, debit) FROM gl_lines",
        ),
      ).toBe('1=10.00@- 2=20.00@- 2=21.00@v2');
    } finally {
      await reopened.close();
    }
  });

  it('replace keeps one row per version within its run and none of the runs before', async () => {
    const target = glTarget('replace');
    await warehouse.destination.writeBatch(target, {
      ...versioned([glRow(1, 1, '10.00')], ['v1'], 'r1.1'),
      lineage: { runId: 'r1', batchId: 'r1.1', syncedAt: '2024-02-01T09:30:00Z' },
      replaceStarts: true,
    });
    const again = await warehouse.destination.writeBatch(target, {
      ...versioned([glRow(1, 1, '10.00'), glRow(1, 1, '10.00')], ['v1', 'v1'], 'r2.1'),
      lineage: { runId: 'r2', batchId: 'r2.1', syncedAt: '2024-02-02T09:30:00Z' },
      replaceStarts: true,
    });
    expect(again).toMatchObject({ inserted: 1, alreadyPresent: 1 });
    expect(await scalar(warehouse.destination, "SELECT string_agg(_mlc_run_id, ' ') FROM gl_lines")).toBe('r2');
  });

  it('a batch without versions appends as before (rows written directly, not by a run)', async () => {
    const target = glTarget('append');
    await warehouse.destination.writeBatch(target, batchOf([glRow(1, 1, '10.00')], { batchId: 'b1' }));
    expect(
      await warehouse.destination.writeBatch(target, batchOf([glRow(1, 1, '10.00')], { batchId: 'b2' })),
    ).toMatchObject({ inserted: 1 });
    expect(await scalar(warehouse.destination, 'SELECT count(*) FROM gl_lines')).toBe('2');
  });
});
