/** Checks of lookup tables: range rows (shape, key types, order, overlaps) and the key rule for duplicates. */
import { describe, expect, it } from 'vitest';
import { checkLookups, lookupTableProblems } from './lookup-checks.ts';
import type { LookupDefinition } from './schema/lookup.ts';
import { minimalPipeline } from './test-fixtures.ts';

function problemsOf(lookup: LookupDefinition, name = 'accounts') {
  const pipeline = minimalPipeline();
  pipeline.lookups = { [name]: lookup };
  return checkLookups(pipeline).map(({ code, path, message }) => ({ code, path, message }));
}

const CHART: LookupDefinition = {
  keyType: 'integer',
  ranges: true,
  rows: [
    { from: 4000, to: 4999, value: 'REVENUE' },
    { from: 6000, to: 6499, value: 'OPEX' },
    { from: 4900, to: 5100, value: 'OTHER' },
  ],
};

describe('range rows', () => {
  it('refuses ranges that overlap, naming both rows and a key both hold', () => {
    expect(problemsOf(CHART)).toEqual([
      {
        code: 'lookup-range-overlap',
        path: 'lookups.accounts.rows[2].from',
        message:
          'Rows 1 and 3 of "accounts" overlap: 4000 to 4999 and 4900 to 5100 both hold 4900. ' +
          'Change one of them, or let the first row win ("overlaps": "first-row-wins").',
      },
    ]);
  });

  it('accepts overlaps when the table declares that the first row wins', () => {
    expect(problemsOf({ ...CHART, overlaps: 'first-row-wins' })).toEqual([]);
  });

  it('accepts ranges that touch at a boundary only when they do not share it', () => {
    const touching: LookupDefinition = {
      keyType: 'integer',
      ranges: true,
      rows: [
        { from: 4000, to: 4999, value: 'A' },
        { from: 4999, to: 5999, value: 'B' },
      ],
    };
    expect(problemsOf(touching).map((p) => p.code)).toEqual(['lookup-range-overlap']);
    touching.rows![1] = { from: 5000, to: 5999, value: 'B' };
    expect(problemsOf(touching)).toEqual([]);
  });

  it('refuses a table mixing number and text keys, naming the table and the row', () => {
    const mixed: LookupDefinition = {
      ranges: true,
      rows: [
        { from: '4000', to: '4999', value: 'REVENUE' },
        { from: 6000, to: '6499', value: 'OPEX' },
      ],
    };
    expect(problemsOf(mixed)).toEqual([
      {
        code: 'lookup-mixed-keys',
        path: 'lookups.accounts.rows[1].from',
        message:
          'Row 2 of "accounts", "from": the number 6000 is not text, and the keys of this table are text. ' +
          "A table's keys are all text or all numbers (its keyType), so its ranges have one order.",
      },
    ]);
    const numbers: LookupDefinition = { keyType: 'integer', ranges: true, rows: [{ from: 1, to: 'x9', value: 'A' }] };
    expect(problemsOf(numbers).map((p) => [p.code, p.path])).toEqual([
      ['lookup-mixed-keys', 'lookups.accounts.rows[0].to'],
    ]);
    expect(problemsOf(numbers)[0]!.message).toMatch(/^Row 1 of "accounts", "to": /);
  });

  it("refuses a range that ends before it starts, by the key type's order", () => {
    const numbers: LookupDefinition = { keyType: 'integer', ranges: true, rows: [{ from: 999, to: 4000, value: 'A' }] };
    expect(problemsOf(numbers)).toEqual([]);
    // As text, "999" comes after "4000".
    const text: LookupDefinition = { ranges: true, rows: [{ from: '999', to: '4000', value: 'A' }] };
    expect(problemsOf(text)).toEqual([
      {
        code: 'lookup-range-reversed',
        path: 'lookups.accounts.rows[0].to',
        message: 'Row 1 of "accounts" ends (4000) before it starts (999); a range runs from its first key to its last.',
      },
    ]);
  });

  it('asks for both bounds, and keeps key rows and range rows apart', () => {
    const codes = (lookup: LookupDefinition) => problemsOf(lookup).map((p) => `${p.code}@${p.path}`);
    expect(codes({ ranges: true, rows: [{ from: 'a', value: 'A' }] })).toEqual([
      'lookup-range-bounds@lookups.accounts.rows[0].to',
    ]);
    expect(codes({ ranges: true, rows: [{ key: 'a', from: 'a', to: 'b', value: 'A' }] })).toEqual([
      'lookup-key-in-range-table@lookups.accounts.rows[0].key',
    ]);
    expect(codes({ rows: [{ from: 'a', to: 'b', value: 'A' }] })).toEqual([
      'lookup-range-in-key-table@lookups.accounts.rows[0]',
      'lookup-no-key@lookups.accounts.rows[0].key',
    ]);
    expect(codes({ ranges: true, file: { path: 'a.csv', keyColumn: 'k', valueColumn: 'v' } })).toEqual([
      'lookup-range-columns@lookups.accounts.file',
      'lookup-range-columns@lookups.accounts.file.keyColumn',
    ]);
    expect(
      codes({ ranges: true, file: { path: 'a.csv', fromColumn: 'lo', toColumn: 'hi', valueColumn: 'v' } }),
    ).toEqual([]);
    expect(codes({ file: { path: 'a.csv', valueColumn: 'v' } })).toEqual(['lookup-key-column@lookups.accounts.file']);
  });

  it('lets effective-dated ranges overlap across dates (a later row supersedes), not on one date', () => {
    const dated: LookupDefinition = {
      keyType: 'integer',
      ranges: true,
      effectiveDated: true,
      rows: [
        { from: 4000, to: 4999, value: 'REVENUE', effectiveFrom: '2023-01-01' },
        { from: 4500, to: 4999, value: 'OTHER INCOME', effectiveFrom: '2024-07-01' },
      ],
    };
    expect(problemsOf(dated)).toEqual([]);
    dated.rows![1]!.effectiveFrom = '2023-01-01';
    expect(problemsOf(dated).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^Rows 1 and 2 of "accounts" overlap: 4000 to 4999 and 4500 to 4999 both hold 4500 on the same date\./,
      ),
    ]);
  });

  it('compares text ranges ignoring case unless the table matches exactly', () => {
    const text: LookupDefinition = {
      ranges: true,
      rows: [
        { from: 'A', to: 'M', value: 'FIRST' },
        { from: 'k', to: 'z', value: 'SECOND' },
      ],
    };
    // Ignoring case, "k" lies between "a" and "m"; exactly, lower case sorts after every capital.
    expect(problemsOf(text).map((p) => p.code)).toEqual(['lookup-range-overlap']);
    expect(problemsOf({ ...text, keyMatch: 'exact' })).toEqual([]);
  });

  it('gives the studio the problems of one table with paths inside it', () => {
    expect(lookupTableProblems('accounts', CHART).map((p) => [p.path, p.rows])).toEqual([['rows[2].from', [0, 2]]]);
  });
});

describe('the key rule and duplicate keys', () => {
  const departments: LookupDefinition = {
    rows: [
      { key: 'SALES', value: 'CC-1' },
      { key: 'Sales', value: 'CC-2' },
    ],
  };

  it('refuses two keys that differ only in case when case is ignored (the default)', () => {
    expect(problemsOf(departments)).toEqual([
      {
        code: 'lookup-duplicate-key',
        path: 'lookups.accounts.rows[1].key',
        message:
          'The key "Sales" is already in row 1 (as "SALES": keys match ignoring case); a lookup must give one answer.',
      },
    ]);
  });

  it('accepts them when the table matches keys exactly', () => {
    expect(problemsOf({ ...departments, keyMatch: 'exact' })).toEqual([]);
  });
  it('refuses one number written twice in a table of number keys (4100 and "4100.00")', () => {
    const accounts: LookupDefinition = {
      keyType: 'decimal',
      rows: [
        { key: 4100, value: 'SALES' },
        { key: '4100.00', value: 'OTHER' },
      ],
    };
    expect(problemsOf(accounts)).toEqual([
      {
        code: 'lookup-duplicate-key',
        path: 'lookups.accounts.rows[1].key',
        message: 'The key "4100.00" is already in row 1 (as 4100: the same number); a lookup must give one answer.',
      },
    ]);
    expect(
      problemsOf({
        rows: [
          { key: '4100', value: 'A' },
          { key: '4100.00', value: 'B' },
        ],
      }),
    ).toEqual([]);
  });
});
