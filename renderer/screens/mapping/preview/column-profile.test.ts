import { describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../../api/wire.ts';
import { profileMappedColumn, profileSourceField, profileValues, sourceFieldsOf } from './column-profile.ts';

describe('profileValues', () => {
  it('counts nulls, blanks and distinct values, and orders the top values by count then text', () => {
    const profile = profileValues(['b', 'a', null, '  ', 'b', undefined, '', 'c', 'a', 'b']);
    expect(profile).toMatchObject({ values: 10, nulls: 2, blanks: 2, distinct: 3, kind: 'text', min: 'a', max: 'c' });
    expect(profile.top).toEqual([
      { value: 'b', count: 3 },
      { value: 'a', count: 2 },
      { value: 'c', count: 1 },
    ]);
    expect(profile.bins).toEqual([]);
  });

  it('keeps at most five top values', () => {
    expect(profileValues(['a', 'b', 'c', 'd', 'e', 'f', 'f']).top.map((entry) => entry.value)).toEqual([
      'f',
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('compares decimals exactly: a float would merge 12345678901234.56 and 12345678901234.57', () => {
    const profile = profileValues(['12345678901234.56', '12345678901234.57', '-0.01', '12345678901234.560']);
    expect(profile.kind).toBe('number');
    expect(profile.min).toBe('-0.01');
    expect(profile.max).toBe('12345678901234.57');
    // 12345678901234.56 and 12345678901234.560 are one number, shown as first written.
    expect(profile.distinct).toBe(3);
    expect(profile.top[0]).toEqual({ value: '12345678901234.56', count: 2 });
  });

  it('bins numbers into ten equal bins from min to max, the max in the last bin', () => {
    const profile = profileValues([0, '1.5', '9.99', 10, '10.00', '5']);
    expect(profile.bins).toHaveLength(10);
    expect(profile.bins.map((bin) => bin.count)).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(profile.bins[0]).toEqual({ from: '0.000', to: '1.000', count: 1 });
    expect(profile.bins[9]!.to).toBe('10.000');
  });

  it('bins huge money amounts without losing cents', () => {
    const profile = profileValues(['12345678901234.56', '12345678901234.66', '12345678901234.65']);
    // (0.09 / 0.10) * 10 = 9: bin 9; a float sum would put 12345678901234.65 anywhere from bin 8 to 9.
    expect(profile.bins.map((bin) => bin.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(profile.bins[1]).toMatchObject({ from: '12345678901234.570', to: '12345678901234.580' });
  });

  it('profiles dates by day: min, max and bins over the days between', () => {
    const profile = profileValues(['2024-01-15', '2024-01-20', '2024-01-31', '2024-02-10', '2024-01-15', null]);
    expect(profile).toMatchObject({ kind: 'date', min: '2024-01-15', max: '2024-02-10', distinct: 4, nulls: 1 });
    expect(profile.top[0]).toEqual({ value: '2024-01-15', count: 2 });
    // 26 days in ten bins: day offsets 0, 5, 16, 26 -> bins 0, 1, 6, 9.
    expect(profile.bins.map((bin) => bin.count)).toEqual([2, 1, 0, 0, 0, 0, 1, 0, 0, 1]);
    expect(profile.bins[0]!.from).toBe('2024-01-15');
    expect(profile.bins[9]!.to).toBe('2024-02-10');
  });

  it('says a column with no values is empty', () => {
    expect(profileValues([null, ''])).toMatchObject({ kind: 'empty', distinct: 0, min: null, max: null, bins: [] });
  });

  it('draws no bins when every number is the same', () => {
    expect(profileValues(['1.0', '1.00']).bins).toEqual([]);
  });
});

describe('profiles of a preview answer', () => {
  const result: PreviewResult = {
    stream: 'gl',
    columns: [{ name: 'debit', expression: 'DEBITAMT', fields: ['DEBITAMT'], lookups: [] }],
    rows: [{ debit: '0.00' }, { debit: '1250.00' }],
    rowSources: [
      { position: 0, values: { DEBITAMT: '0.00' }, lookupDefaults: [] },
      { position: 2, values: { DEBITAMT: '1250.00' }, lookupDefaults: [] },
    ],
    held: [{ sourceRecord: { DEBITAMT: '', ACTNUMST: '9' }, reasons: [], position: 1 }],
    read: 3,
    sample: { readAt: '2024-01-01T00:00:00Z', reused: false, records: 3 },
  };

  it('profiles a mapped column over the mapped rows', () => {
    expect(profileMappedColumn(result, 'debit')).toMatchObject({ values: 2, min: '0.00', max: '1250.00' });
  });

  it('profiles a source field over every record, held ones included', () => {
    expect(sourceFieldsOf(result)).toEqual(['DEBITAMT', 'ACTNUMST']);
    expect(profileSourceField(result, 'DEBITAMT')).toMatchObject({ values: 3, blanks: 1, distinct: 2 });
    expect(profileSourceField(result, 'ACTNUMST')).toMatchObject({ values: 3, nulls: 2 });
  });
});
