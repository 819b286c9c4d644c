import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlainDate } from '../model/values/index.ts';
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
});
