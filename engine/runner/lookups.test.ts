import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate } from '../model/values/index.ts';
import { buildLookupTable } from './lookups.ts';

describe('lookup tables', () => {
  it('reads a CSV file beside the pipeline, quoted values included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-lookup-'));
    writeFileSync(join(dir, 'cc.csv'), 'account,cost_center\r\n000-4100-00,"CC, Sales"\r\n000-6100-00,CC-ADMIN\r\n');
    const table = buildLookupTable(
      'cost_centers',
      { file: { path: 'cc.csv', keyColumn: 'account', valueColumn: 'cost_center' } },
      dir,
    );
    expect(table.get('000-4100-00')).toBe('CC, Sales');
    expect(table.get('000-9999-00')).toBeUndefined();
  });

  it('names the file and column when the CSV does not match the definition', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-lookup-'));
    writeFileSync(join(dir, 'cc.csv'), 'acct,cc\n1,2\n');
    expect(() =>
      buildLookupTable('cc', { file: { path: 'cc.csv', keyColumn: 'account', valueColumn: 'cc' } }, dir),
    ).toThrow(/lookups\.cc\.file\.keyColumn: "cc.csv" has no column "account" \(columns: acct, cc\)/);
    expect(() =>
      buildLookupTable('cc', { file: { path: 'missing.csv', keyColumn: 'a', valueColumn: 'b' } }, dir),
    ).toThrow(/cannot read "missing.csv"/);
  });

  it('refuses text after a closing quote, as the file source does, naming the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-lookup-'));
    writeFileSync(join(dir, 'cc.csv'), 'account,cost_center\n000-4100-00,"CC"X\n');
    expect(() =>
      buildLookupTable('cc', { file: { path: 'cc.csv', keyColumn: 'account', valueColumn: 'cost_center' } }, dir),
    ).toThrow(/^cc\.csv line 2: field 2 has text after its closing quote/);
  });

  it('answers an effective-dated lookup with the row in force on the date', () => {
    const table = buildLookupTable(
      'cc',
      {
        effectiveDated: true,
        rows: [
          { key: '4100', value: 'CC-OLD', effectiveFrom: '2023-01-01' },
          { key: '4100', value: 'CC-NEW', effectiveFrom: '2024-07-01' },
        ],
      },
      tmpdir(),
    );
    expect(table.get('4100', PlainDate.parse('2024-06-30'))).toBe('CC-OLD');
    expect(table.get('4100', PlainDate.parse('2024-07-01'))).toBe('CC-NEW');
    expect(table.get('4100', PlainDate.parse('2022-12-31'))).toBeUndefined();
  });

  it('types keys and values as declared, refusing a value of the wrong type with its row', () => {
    const table = buildLookupTable(
      'rates',
      { keyType: 'integer', valueType: 'decimal', rows: [{ key: 1, value: '0.075' }] },
      tmpdir(),
    );
    expect(String(table.get(1))).toBe('0.075');
    expect(() =>
      buildLookupTable('rates', { valueType: 'decimal', rows: [{ key: 'a', value: 'ten' }] }, tmpdir()),
    ).toThrow(/lookups\.rates, row 1/);
  });

  it('answers a range table with the row whose range holds the key, boundaries included', () => {
    const table = buildLookupTable(
      'chart',
      {
        keyType: 'integer',
        ranges: true,
        rows: [
          { from: 4000, to: 4999, value: 'REVENUE' },
          { from: 6000, to: 6499, value: 'OPEX' },
        ],
      },
      tmpdir(),
    );
    expect([3999, 4000, 4321, 4999, 5000, 6000, 6499, 6500].map((key) => table.get(key))).toEqual([
      undefined,
      'REVENUE',
      'REVENUE',
      'REVENUE',
      undefined,
      'OPEX',
      'OPEX',
      undefined,
    ]);
  });

  it('orders number keys as numbers and text keys character by character', () => {
    const numbers = buildLookupTable(
      'n',
      { keyType: 'integer', ranges: true, rows: [{ from: 900, to: 4000, value: 'IN' }] },
      tmpdir(),
    );
    expect(numbers.get(1000)).toBe('IN');
    expect(numbers.get(90)).toBeUndefined();
    const text = buildLookupTable('t', { ranges: true, rows: [{ from: '0900', to: '4000', value: 'IN' }] }, tmpdir());
    expect(text.get('1000')).toBe('IN');
    expect(text.get('0950-00')).toBe('IN');
    // As text, "90" sorts after "4000" (its first character is larger) and "3" between "0900" and "4000".
    expect(text.get('90')).toBeUndefined();
    expect(text.get('3')).toBe('IN');
  });

  it('matches text keys ignoring case by default, and exactly when the table says so', () => {
    const rows = [{ key: 'SALES', value: 'CC-SALES' }];
    expect(buildLookupTable('d', { rows }, tmpdir()).get('Sales')).toBe('CC-SALES');
    expect(buildLookupTable('d', { rows, keyMatch: 'exact' }, tmpdir()).get('Sales')).toBeUndefined();
    expect(buildLookupTable('d', { rows, keyMatch: 'exact' }, tmpdir()).get('SALES')).toBe('CC-SALES');
    const ranges = { ranges: true, rows: [{ from: 'A', to: 'F', value: 'FIRST' }] };
    expect(buildLookupTable('r', ranges, tmpdir()).get('cat')).toBe('FIRST');
    expect(buildLookupTable('r', { ...ranges, keyMatch: 'exact' }, tmpdir()).get('cat')).toBeUndefined();
    expect(buildLookupTable('r', { ...ranges, keyMatch: 'exact' }, tmpdir()).get('CAT')).toBe('FIRST');
  });

  it('matches number keys by value, whatever their written places, as a spreadsheet does; text keys as written', () => {
    const decimals = buildLookupTable(
      'gl',
      { keyType: 'decimal', rows: [{ key: '4100.00', value: 'SALES' }] },
      tmpdir(),
    );
    expect(decimals.get(Decimal.parse('4100'))).toBe('SALES');
    expect(decimals.get(Decimal.parse('4100.0'))).toBe('SALES');
    expect(decimals.get(4100)).toBe('SALES');
    expect(decimals.get(Decimal.parse('4100.01'))).toBeUndefined();
    const integers = buildLookupTable('gl', { keyType: 'integer', rows: [{ key: 4100, value: 'SALES' }] }, tmpdir());
    expect(integers.get(Decimal.parse('4100.00'))).toBe('SALES');
    const ranges = buildLookupTable(
      'bands',
      { keyType: 'decimal', ranges: true, rows: [{ from: '100.00', to: '200.0', value: 'MID' }] },
      tmpdir(),
    );
    expect(ranges.get(Decimal.parse('100'))).toBe('MID');
    expect(ranges.get(200)).toBe('MID');
    expect(ranges.get(Decimal.parse('200.00'))).toBe('MID');
    expect(ranges.get(Decimal.parse('200.01'))).toBeUndefined();
    const text = buildLookupTable('codes', { rows: [{ key: '4100.00', value: 'SALES' }] }, tmpdir());
    expect(text.get('4100')).toBeUndefined();
    expect(text.get('4100.00')).toBe('SALES');
  });

  it('refuses a CSV giving one number twice, written two ways, naming both rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-lookup-'));
    writeFileSync(join(dir, 'gl.csv'), 'account,name\n4100,Sales\n6100,Admin\n4100.00,Other\n');
    const file = { path: 'gl.csv', keyColumn: 'account', valueColumn: 'name' };
    expect(() => buildLookupTable('gl', { keyType: 'decimal', file }, dir)).toThrow(
      'lookups.gl: rows 1 and 3 give the keys 4100 and 4100.00, which are one number',
    );
  });

  it('refuses a CSV whose keys are one key only when case is ignored, naming both rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-lookup-'));
    writeFileSync(join(dir, 'departments.csv'), 'department,cost_center\nSALES,CC-1\nFinance,CC-2\nSales,CC-3\n');
    const file = { path: 'departments.csv', keyColumn: 'department', valueColumn: 'cost_center' };
    expect(() => buildLookupTable('departments', { file }, dir)).toThrow(
      'lookups.departments: rows 1 and 3 give the keys SALES and Sales, which are one key when case is ignored',
    );
    const exact = buildLookupTable('departments', { file, keyMatch: 'exact' }, dir);
    expect([exact.get('SALES'), exact.get('Sales')]).toEqual(['CC-1', 'CC-3']);
  });

  it('answers an effective-dated range table with the row in force on the date', () => {
    const table = buildLookupTable(
      'chart',
      {
        keyType: 'integer',
        ranges: true,
        effectiveDated: true,
        rows: [
          { from: 4000, to: 4999, value: 'REVENUE', effectiveFrom: '2023-01-01' },
          { from: 4500, to: 4999, value: 'OTHER INCOME', effectiveFrom: '2024-07-01' },
        ],
      },
      tmpdir(),
    );
    expect(table.get(4600, PlainDate.parse('2024-06-30'))).toBe('REVENUE');
    expect(table.get(4600, PlainDate.parse('2024-07-01'))).toBe('OTHER INCOME');
    expect(table.get(4200, PlainDate.parse('2024-07-01'))).toBe('REVENUE');
    expect(table.get(4600, PlainDate.parse('2022-12-31'))).toBeUndefined();
  });

  it('reads ranges from a CSV file, refusing overlaps by their rows unless the first row wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-lookup-'));
    writeFileSync(join(dir, 'chart.csv'), 'low,high,class\n4000,4999,REVENUE\n6000,6499,OPEX\n4500,4599,SERVICES\n');
    const file = { path: 'chart.csv', fromColumn: 'low', toColumn: 'high', valueColumn: 'class' };
    expect(() => buildLookupTable('chart', { keyType: 'integer', ranges: true, file }, dir)).toThrow(
      'lookups.chart: rows 1 and 3 overlap (both hold 4500); change one of them, or let the first row win ("overlaps": "first-row-wins")',
    );
    const table = buildLookupTable(
      'chart',
      { keyType: 'integer', ranges: true, overlaps: 'first-row-wins', file },
      dir,
    );
    expect(table.get(4550)).toBe('REVENUE');
    expect(table.get(6100)).toBe('OPEX');
    writeFileSync(join(dir, 'bad.csv'), 'low,high,class\n4000,4999,REVENUE\n6000,x,OPEX\n');
    expect(() =>
      buildLookupTable('chart', { keyType: 'integer', ranges: true, file: { ...file, path: 'bad.csv' } }, dir),
    ).toThrow(/^lookups\.chart, row 2, "to": /);
  });
});
