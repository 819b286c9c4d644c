import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { PlainDate } from './date.ts';
import { Timestamp } from './timestamp.ts';
import { compareValues, formatValue, toJsonValue, valueEquals, valueKind, type Value } from './value.ts';

const dec = (text: string): Decimal => Decimal.parse(text);
const date = (text: string): PlainDate => PlainDate.parse(text);
const ts = (text: string): Timestamp => Timestamp.parse(text);

describe('valueKind', () => {
  it('names every kind', () => {
    const cases: [Value, string][] = [
      [null, 'null'],
      ['a', 'string'],
      [1, 'integer'],
      [dec('1.0'), 'decimal'],
      [true, 'boolean'],
      [date('2024-01-01'), 'date'],
      [ts('2024-01-01T00:00:00Z'), 'timestamp'],
      [[1, 2], 'list'],
      [{ a: 1 }, 'record'],
    ];
    for (const [value, kind] of cases) expect(valueKind(value)).toBe(kind);
  });
});

describe('valueEquals', () => {
  it('integer 1 equals decimal 1.00, and decimals compare numerically', () => {
    expect(valueEquals(1, dec('1.00'))).toBe(true);
    expect(valueEquals(dec('1.0'), dec('1.00'))).toBe(true);
    expect(valueEquals(1, dec('1.01'))).toBe(false);
  });

  it('treats null as equal to null only', () => {
    expect(valueEquals(null, null)).toBe(true);
    expect(valueEquals(null, '')).toBe(false);
  });

  it('compares instants, keeps dates and timestamps apart, and strings exactly', () => {
    expect(valueEquals(ts('2024-01-01T06:00:00Z'), ts('2024-01-01T00:00:00-06:00'))).toBe(true);
    expect(valueEquals(date('2024-01-01'), ts('2024-01-01T00:00:00Z'))).toBe(false);
    expect(valueEquals('1', 1)).toBe(false);
    expect(valueEquals('a', 'A')).toBe(false);
  });

  it('compares lists and records deeply', () => {
    expect(valueEquals([1, dec('2.0')], [1, 2])).toBe(true);
    expect(valueEquals([1, 2], [1, 2, 3])).toBe(false);
    expect(valueEquals({ a: 1, b: 'x' }, { b: 'x', a: dec('1') })).toBe(true);
    expect(valueEquals({ a: 1 }, { a: 1, b: null })).toBe(false);
  });
});

describe('compareValues', () => {
  it('orders null first, then by kind, numbers across integer and decimal', () => {
    const sorted: Value[] = ['b', 2, null, dec('1.5'), true, date('2024-01-01'), 'a', false];
    sorted.sort(compareValues);
    expect(sorted.map(formatValue)).toEqual(['', 'false', 'true', '1.5', '2', 'a', 'b', '2024-01-01']);
  });

  it('orders text by code unit, dates and timestamps chronologically', () => {
    expect(compareValues('B', 'a')).toBe(-1);
    expect(compareValues(date('2024-01-02'), date('2024-01-01'))).toBe(1);
    expect(compareValues(ts('2024-01-01T00:00:00Z'), ts('2024-01-01T00:00:00+01:00'))).toBe(1);
    expect(compareValues([1, 2], [1, 3])).toBe(-1);
    expect(compareValues([1], [1, 0])).toBe(-1);
    expect(compareValues({ a: 1 }, { a: 1 })).toBe(0);
    expect(compareValues({ a: 1 }, { b: 1 })).toBe(-1);
  });
});

describe('toJsonValue and formatValue', () => {
  it('writes decimals as strings and dates in ISO', () => {
    const value: Value = {
      amount: dec('12.50'),
      posted: date('2024-01-31'),
      at: ts('2024-03-01T09:30:00-06:00'),
      lines: [1, null, true],
    };
    expect(toJsonValue(value)).toEqual({
      amount: '12.50',
      posted: '2024-01-31',
      at: '2024-03-01T09:30:00-06:00',
      lines: [1, null, true],
    });
  });

  it('formats scalars as text and containers as JSON', () => {
    expect(formatValue(null)).toBe('');
    expect(formatValue(dec('-0.50'))).toBe('-0.50');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(['a', dec('1.0')])).toBe('["a","1.0"]');
  });
});
