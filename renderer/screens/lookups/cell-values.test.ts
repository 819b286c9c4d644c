/** Grid cells to pipeline values and back, and duplicate keys flagged. */
import { describe, expect, it } from 'vitest';
import { cellFromText, cellText, dateFromText, rowProblems } from './cell-values.ts';

describe('lookup grid cells', () => {
  it("types what is typed by the table's declared types, keeping decimals as text", () => {
    expect(cellFromText(' 4100 ', 'integer', 'key')).toBe(4100);
    expect(cellFromText('41.5', 'integer', 'key')).toBe('41.5');
    expect(cellFromText('0.075', 'decimal', 'value')).toBe('0.075');
    expect(cellFromText('TRUE', 'boolean', 'value')).toBe(true);
    expect(cellFromText('CC-OPS', undefined, 'value')).toBe('CC-OPS');
  });

  it('reads an empty value as "no value yet" and an empty key as empty text', () => {
    expect(cellFromText('  ', 'string', 'value')).toBeNull();
    expect(cellFromText('', 'string', 'key')).toBe('');
    expect(cellText(null)).toBe('');
    expect(cellText(12)).toBe('12');
    expect(dateFromText(' ')).toBeUndefined();
    expect(dateFromText('2024-07-01 ')).toBe('2024-07-01');
  });

  it('marks both rows of a repeated key under the key rule, and tells dated rows apart by their date', () => {
    const rows = [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
      { key: 'A', value: 3 },
    ];
    expect([...rowProblems('t', { rows }).keys()]).toEqual([0, 2]);
    expect(rowProblems('t', { rows, keyMatch: 'exact' }).size).toBe(0);
    const dated = [
      { key: 'a', value: 1, effectiveFrom: '2024-01-01' },
      { key: 'a', value: 2, effectiveFrom: '2024-07-01' },
    ];
    expect(rowProblems('t', { rows: dated, effectiveDated: true }).size).toBe(0);
  });

  it('marks both rows of an overlap with the words naming them', () => {
    const ranges = [
      { from: '1', to: '3', value: 'BALANCE SHEET' },
      { from: '2', to: '2', value: 'LIABILITY' },
    ];
    const marked = rowProblems('account_types', { ranges: true, rows: ranges });
    expect([...marked.keys()]).toEqual([0, 1]);
    expect(marked.get(0)).toEqual([expect.stringMatching(/^Rows 1 and 2 of "account_types" overlap: /)]);
  });
});
