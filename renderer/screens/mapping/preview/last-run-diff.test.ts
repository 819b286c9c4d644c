import { describe, expect, it } from 'vitest';
import type { JsonRow } from '../../../api/wire.ts';
import { columnKinds, compareWithLastRun, keysOf, sameValue, type WrittenRows } from './last-run-diff.ts';

const kinds = columnKinds({
  id: { type: 'integer' },
  line: { type: 'decimal(9,1)' },
  amount: { type: 'decimal(18,2)' },
  posted_on: { type: 'date' },
  changed_at: { type: 'timestamp' },
  memo: { type: 'string' },
});
const columns = ['id', 'line', 'amount', 'posted_on', 'changed_at', 'memo'];

function written(rows: readonly JsonRow[]): WrittenRows {
  return {
    available: true,
    table: 't',
    key: ['id', 'line'],
    lastRun: { runId: 'r1', startedAt: '2024-02-01T09:00:00Z', finishedAt: '2024-02-01T09:01:00Z' },
    rows: rows.map((values) => ({ values, runId: 'r1', syncedAt: '2024-02-01T09:00:30Z' })),
  };
}

const row = (extra: Partial<Record<string, string | number | null>> = {}): JsonRow => ({
  id: 1,
  line: '1.0',
  amount: '10.50',
  posted_on: '2024-01-31',
  changed_at: '2024-01-31T18:00:00-06:00',
  memo: 'Office supplies',
  ...extra,
});

describe('sameValue', () => {
  it('compares money as exact decimals, dates as dates, instants as instants, text exactly', () => {
    expect(sameValue('10.5', '10.50', 'decimal')).toBe(true);
    expect(sameValue('10.50', '10.51', 'decimal')).toBe(false);
    expect(sameValue('0.1', '0.10000000000000000001', 'decimal')).toBe(false);
    expect(sameValue(7, '7', 'integer')).toBe(true);
    expect(sameValue('2024-01-31', '2024-01-31T00:00:00Z', 'date')).toBe(true);
    expect(sameValue('2024-01-31', '2024-02-01', 'date')).toBe(false);
    expect(sameValue('2024-02-01T00:00:00Z', '2024-01-31T18:00:00-06:00', 'timestamp')).toBe(true);
    expect(sameValue('2024-02-01T00:00:01Z', '2024-01-31T18:00:00-06:00', 'timestamp')).toBe(false);
    expect(sameValue('0012', '12', 'string')).toBe(false);
    expect(sameValue('Office', 'OFFICE', 'string')).toBe(false);
  });

  it('treats empty as a value of its own: null equals null, never a blank or zero', () => {
    expect(sameValue(null, null, 'decimal')).toBe(true);
    expect(sameValue(null, '0.00', 'decimal')).toBe(false);
    expect(sameValue('', null, 'string')).toBe(false);
  });
});

describe('compareWithLastRun', () => {
  it('marks each differing column with what was written, counts an unwritten key as new, and the rest the same', () => {
    const rows = [
      row(), // written with its amount as 10.5 and the instant in UTC: the same
      row({ line: '2.0', memo: 'OFFICE SUPPLIES', amount: '11.00' }), // two columns changed
      row({ line: '3.0' }), // never written: new
      row({ line: '4.0', memo: null }), // emptied
    ];
    const table = written([
      row({ amount: '10.5', changed_at: '2024-02-01T00:00:00Z' }),
      row({ line: '2', amount: '10.50' }), // the key written as 2, the preview's 2.0
      row({ line: '4.0' }),
    ]);
    const compared = compareWithLastRun(rows, columns, kinds, table);
    expect(compared.map((comparison) => comparison.kind)).toEqual(['same', 'changed', 'new', 'changed']);
    const changed = compared[1]!;
    expect(changed.kind === 'changed' && Object.fromEntries(changed.cells)).toEqual({
      amount: { before: '10.50' },
      memo: { before: 'Office supplies' },
    });
    expect(changed.kind === 'changed' && changed.writtenAt).toBe('2024-02-01T09:00:30Z');
    const emptied = compared[3]!;
    expect(emptied.kind === 'changed' && Object.fromEntries(emptied.cells)).toEqual({
      memo: { before: 'Office supplies' },
    });
  });

  it('a column the table does not have yet differs, with nothing written before', () => {
    const table = written([{ id: 1, line: '1.0', amount: '10.50' }]);
    const compared = compareWithLastRun([row()], ['id', 'line', 'amount', 'memo'], kinds, table);
    expect(compared[0]!.kind === 'changed' && Object.fromEntries(compared[0]!.cells)).toEqual({
      memo: { before: undefined },
    });
  });

  it('asks with each row key in the key order, an absent part as empty', () => {
    expect(keysOf([row(), { id: 2 }], ['line', 'id'])).toEqual([
      ['1.0', 1],
      [null, 2],
    ]);
  });
});
