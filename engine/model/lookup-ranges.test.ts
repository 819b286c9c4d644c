/** The range index LOOKUP searches and the overlap check, against the obvious linear scan. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRangeOverlaps, RangeIndex, type RangeRow } from './lookup-ranges.ts';
import { PlainDate, type Value } from './values/index.ts';

const day = (text: string) => PlainDate.parse(text);

describe('range index', () => {
  const accounts = new RangeIndex([
    { from: 4000, to: 4999, value: 'REVENUE' },
    { from: 6000, to: 6499, value: 'OPEX' },
    { from: 6500, to: 6500, value: 'DEPRECIATION' },
  ]);

  it('holds both boundary keys of a range, and nothing in the gaps or outside', () => {
    expect(accounts.find(4000)).toBe('REVENUE');
    expect(accounts.find(4999)).toBe('REVENUE');
    expect(accounts.find(4500)).toBe('REVENUE');
    expect(accounts.find(6499)).toBe('OPEX');
    expect(accounts.find(6500)).toBe('DEPRECIATION');
    expect(accounts.find(3999)).toBeUndefined();
    expect(accounts.find(5000)).toBeUndefined();
    expect(accounts.find(6501)).toBeUndefined();
  });

  it('orders text character by character, so codes with leading zeros sort as written', () => {
    const codes = new RangeIndex([
      { from: '0100', to: '0999', value: 'LOW' },
      { from: '4000', to: '4999', value: 'REVENUE' },
    ]);
    expect(codes.find('0400')).toBe('LOW');
    expect(codes.find('4000-10')).toBe('REVENUE');
    expect(codes.find('400')).toBeUndefined();
    expect(codes.find('5000')).toBeUndefined();
  });

  it('lets the row nearer the top win where rows overlap (a table that declares it)', () => {
    const index = new RangeIndex([
      { from: 4500, to: 4599, value: 'SERVICES' },
      { from: 4000, to: 4999, value: 'REVENUE' },
    ]);
    expect(index.find(4499)).toBe('REVENUE');
    expect(index.find(4500)).toBe('SERVICES');
    expect(index.find(4599)).toBe('SERVICES');
    expect(index.find(4600)).toBe('REVENUE');
  });

  it('answers as of a date: the latest row on or before it that holds the key supersedes earlier ones', () => {
    const index = new RangeIndex([
      { from: 4000, to: 4999, value: 'REVENUE', effectiveFrom: day('2023-01-01') },
      { from: 4500, to: 4999, value: 'OTHER INCOME', effectiveFrom: day('2024-07-01') },
    ]);
    expect(index.find(4600, day('2024-06-30'))).toBe('REVENUE');
    expect(index.find(4600, day('2024-07-01'))).toBe('OTHER INCOME');
    expect(index.find(4100, day('2024-07-01'))).toBe('REVENUE');
    expect(index.find(4600, day('2022-12-31'))).toBeUndefined();
    expect(index.find(4600)).toBe('OTHER INCOME');
  });

  it('gives what a scan of the rows gives, for any rows and keys', () => {
    const row = fc
      .record({
        a: fc.integer({ min: 0, max: 60 }),
        b: fc.integer({ min: 0, max: 60 }),
        date: fc.constantFrom(undefined, '2024-01-01', '2024-06-01'),
      })
      .map(({ a, b, date }) => ({ from: Math.min(a, b), to: Math.max(a, b), date }));
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 12 }),
        fc.constantFrom(undefined, '2023-12-31', '2024-03-01', '2024-06-01'),
        (spec, asOfText) => {
          const rows: RangeRow[] = spec.map((r, i) => ({
            from: r.from,
            to: r.to,
            value: `row ${i}`,
            ...(r.date ? { effectiveFrom: day(r.date) } : {}),
          }));
          const index = new RangeIndex(rows);
          const asOf = asOfText === undefined ? undefined : day(asOfText);
          for (let key = -1; key <= 61; key++) expect(index.find(key, asOf)).toBe(scan(rows, key, asOf));
        },
      ),
    );
  });
});

/** The meaning, written as plainly as possible: of the rows holding the key (in force), the latest date, then the top row. */
function scan(rows: readonly RangeRow[], key: number, asOf: PlainDate | undefined): Value | undefined {
  let best: { row: RangeRow; date: string } | undefined;
  for (const row of rows) {
    if ((row.from as number) > key || (row.to as number) < key) continue;
    const date = row.effectiveFrom?.toString() ?? '';
    if (asOf !== undefined && row.effectiveFrom !== undefined && row.effectiveFrom.compare(asOf) > 0) continue;
    if (best === undefined || date > best.date) best = { row, date };
  }
  return best?.row.value;
}

describe('range overlaps', () => {
  it('names each overlapping row with a row it overlaps and a key both hold', () => {
    const rows: RangeRow[] = [
      { from: 4000, to: 4999, value: null },
      { from: 6000, to: 6499, value: null },
      { from: 4900, to: 5100, value: null },
      { from: 5100, to: 5200, value: null },
    ];
    expect(findRangeOverlaps(rows)).toEqual([
      { first: 0, second: 2, key: 4900 },
      { first: 2, second: 3, key: 5100 },
    ]);
  });

  it('finds none between ranges that only touch, or that overlap on different effective dates', () => {
    expect(
      findRangeOverlaps([
        { from: 4000, to: 4999, value: null },
        { from: 5000, to: 5999, value: null },
      ]),
    ).toEqual([]);
    expect(
      findRangeOverlaps([
        { from: 4000, to: 4999, value: null, effectiveFrom: day('2023-01-01') },
        { from: 4500, to: 4999, value: null, effectiveFrom: day('2024-01-01') },
      ]),
    ).toEqual([]);
  });
});
