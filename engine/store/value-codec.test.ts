import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp, epochDayFromCivil } from '../model/values/index.ts';
import type { Value } from '../model/values/index.ts';
import { RunStoreError } from './errors.ts';
import { exactlySame } from './test-support/exact-value.ts';
import {
  decodeRow,
  decodeValue,
  deserializeRows,
  deserializeValue,
  encodeRow,
  encodeValue,
  serializeRows,
  serializeValue,
} from './value-codec.ts';

const MIN_DAY = epochDayFromCivil(1, 1, 1);
const MAX_DAY = epochDayFromCivil(9999, 12, 31);
const MICROS_PER_DAY = 86_400_000_000n;

const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 20 }))
  .map(([coefficient, scale]) => Decimal.of(coefficient, scale));
const dateArb = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map((day) => PlainDate.fromEpochDay(day));
// A day of margin at both ends keeps every offset's local time inside the years 1 to 9999.
const timestampArb = fc
  .tuple(
    fc.bigInt({ min: BigInt(MIN_DAY + 1) * MICROS_PER_DAY, max: BigInt(MAX_DAY - 1) * MICROS_PER_DAY }),
    fc.integer({ min: -18 * 60, max: 18 * 60 }),
  )
  .map(([micros, offset]) => Timestamp.of(micros, offset));
// Keys that look like tags, escapes or prototype tricks, besides arbitrary text.
const keyArb = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '$decimal',
    '$date',
    '$timestamp',
    '$number',
    '$$decimal',
    '$',
    '$$',
    '$$$x',
    '__proto__',
    'constructor',
  ),
);

const { value: valueArb } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.integer(),
    decimalArb,
    dateArb,
    timestampArb,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));

const rowArb = fc.dictionary(keyArb, valueArb, { maxKeys: 6, noNullPrototype: true });

describe('value codec', () => {
  it('round-trips every value exactly through JSON text', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(exactlySame(deserializeValue(serializeValue(value)), value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips rows, including keys that look like tags', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 4 }), (rows) => {
        expect(exactlySame(deserializeRows(serializeRows(rows)), rows)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is judged by a comparator that notices a lost scale, offset or key order', () => {
    expect(exactlySame(Decimal.parse('12.50'), Decimal.parse('12.5'))).toBe(false);
    expect(exactlySame(Timestamp.parse('2024-01-31T10:00:00+01:00'), Timestamp.parse('2024-01-31T09:00:00Z'))).toBe(
      false,
    );
    expect(exactlySame({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(exactlySame(0, -0)).toBe(false);
    expect(exactlySame({ constructor: [] }, { constructor: [] })).toBe(true);
  });

  it('writes the documented tags and keeps a decimal scale', () => {
    const encoded = encodeValue({
      amount: Decimal.parse('12.50'),
      posted: PlainDate.parse('2024-01-31'),
      modified: Timestamp.parse('2024-01-31T10:00:00.123+01:00'),
    });
    expect(encoded).toEqual({
      amount: { $decimal: '12.50' },
      posted: { $date: '2024-01-31' },
      modified: { $timestamp: '2024-01-31T10:00:00.123+01:00' },
    });
    expect((decodeValue({ $decimal: '12.50' }) as Decimal).toString()).toBe('12.50');
  });

  it('keeps the numbers plain JSON cannot carry', () => {
    expect(Object.is(deserializeValue(serializeValue(-0)), -0)).toBe(true);
    expect(deserializeValue(serializeValue(Number.NaN))).toBeNaN();
    expect(deserializeValue(serializeValue(Number.NEGATIVE_INFINITY))).toBe(Number.NEGATIVE_INFINITY);
  });

  it('escapes "$" keys so a source record cannot forge a tag', () => {
    const hostile = { $decimal: '1e9999' };
    const encoded = encodeRow(hostile);
    expect(encoded).toEqual({ $$decimal: '1e9999' });
    const decoded = decodeRow(JSON.parse(JSON.stringify(encoded)));
    expect(decoded).toStrictEqual(hostile);
    expect(decoded['$decimal']).toBe('1e9999');
  });

  it('keeps a "__proto__" key as data without touching the prototype', () => {
    const row = JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, Value>;
    const decoded = decodeRow(encodeRow(row));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['an unknown tag', { $evil: 'x' }],
    ['a tag mixed with other keys', { $decimal: '1', other: 2 }],
    ['a tag holding a non-string', { $date: 20240131 }],
    ['a malformed decimal', { $decimal: 'twelve' }],
    ['an impossible date', { $date: '2024-02-30' }],
    ['a timestamp without offset', { $timestamp: '2024-01-31T10:00:00' }],
    ['an unknown special number', { $number: 'Infinity and beyond' }],
  ])('refuses %s with a codec error', (_, json) => {
    expect(() => decodeValue(json)).toThrow(RunStoreError);
    try {
      decodeValue(json);
    } catch (error) {
      expect((error as RunStoreError).code).toBe('VALUE_CODEC');
    }
  });

  it('refuses values it cannot represent instead of storing them wrongly', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const bad of [new Date(0), 10n, undefined, () => 1, cyclic]) {
      expect(() => encodeValue(bad as unknown as Value)).toThrow(/cannot store/);
    }
  });

  it('refuses a stored row that is not a record, or text that is not JSON', () => {
    expect(() => decodeRow([1, 2])).toThrow(RunStoreError);
    expect(() => decodeRow({ $decimal: '1.0' })).toThrow(/not a record/);
    expect(() => deserializeRows('{"oops"')).toThrow(/malformed/);
  });
});
