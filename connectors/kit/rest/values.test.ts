import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp } from '../../../engine/model/values/index.ts';
import { parseJsonExact, type JsonTree } from '../json-exact.ts';
import {
  amountObject,
  boolean,
  date,
  decimal,
  edm,
  fixedWidth,
  integer,
  list,
  moneyAmount,
  moneyCurrency,
  text,
  timestamp,
  type Conversion,
  type Json,
} from './values.ts';

const json = (source: string): JsonTree => parseJsonExact(source);
const read = (convert: Conversion, source: string, record: Json = {}) => convert(json(source), record);
const valueText = (convert: Conversion, source: string): string => {
  const result = read(convert, source);
  return 'value' in result ? String(result.value) : `problem: ${result.problem}`;
};

describe('exact decimals', () => {
  it('reads JSON numbers and strings by their text, never through a float', () => {
    expect(valueText(decimal(), '12345678901234567.89')).toBe('12345678901234567.89');
    expect(valueText(decimal(), '"0.10"')).toBe('0.10');
    expect(read(decimal(), '""')).toEqual({ value: null });
    expect(valueText(decimal(), '"12,50"')).toBe('problem: "12,50" is not an amount');
  });

  it('reads an amount inside an object and gives it its places when no digit is lost', () => {
    const money = amountObject({ amount: 'Value', places: 'DecimalDigits' });
    expect(valueText(money, '{"Value": 12.5, "DecimalDigits": 2}')).toBe('12.50');
    expect(valueText(money, '{"Value": 12.345, "DecimalDigits": 2}')).toBe('12.345');
    expect(valueText(money, '{"Value": "12.5"}')).toBe('problem: is not an amount');
  });

  it('reads money as {value, currency} or "amount CUR", and its currency apart', () => {
    const fields = { amount: 'value', currency: 'currency' };
    expect(valueText(moneyAmount(fields), '"55,000.00 USD"')).toBe('55000.00');
    expect(valueText(moneyAmount(fields), '{"value": "1.10", "currency": "EUR"}')).toBe('1.10');
    expect(read(moneyCurrency('pay', fields), 'null', json('{"pay": "55000.00 USD"}') as Json)).toEqual({
      value: 'USD',
    });
  });
});

describe('text, flags, whole numbers, lists', () => {
  it('says per system what empty and numbers mean', () => {
    expect(read(text(), '""')).toEqual({ value: '' });
    expect(read(text({ emptyIsNull: true }), '""')).toEqual({ value: null });
    expect(read(text(), '42')).toEqual({ problem: 'is not text' });
    expect(read(text({ numbers: true }), '42')).toEqual({ value: '42' });
    expect(read(boolean(), 'null')).toEqual({ value: null });
    expect(read(boolean({ missing: false }), 'null')).toEqual({ value: false });
    expect(read(integer(), '9007199254740993')).toEqual({ problem: 'is not a whole number' });
    expect(read(integer(), '12')).toEqual({ value: 12 });
    expect(read(list(), '[1, "a"]')).toEqual({ value: ['1', 'a'] });
  });
});

describe('dates and timestamps', () => {
  it('reads plain dates, midnight date-times where the system writes dates that way, and a zero date as none', () => {
    expect(read(date(), '"2024-03-01"')).toEqual({ value: PlainDate.parse('2024-03-01') });
    expect(read(date({ midnightTime: true }), '"2024-03-01T00:00:00Z"')).toEqual({
      value: PlainDate.parse('2024-03-01'),
    });
    expect(read(date({ midnightTime: true, expected: 'a GP date' }), '"2024-03-01T10:00:00"')).toEqual({
      problem: '"2024-03-01T10:00:00" is not a GP date',
    });
    expect(read(date({ zeroDateIsNull: true }), '"0000-00-00"')).toEqual({ value: null });
  });

  it('reads zoned text as its instant and zone-less text in the connection time zone', () => {
    const zoned = read(timestamp({ zone: 'Europe/Paris' }), '"2024-03-01T10:00:00Z"');
    expect(zoned).toEqual({ value: Timestamp.parse('2024-03-01T10:00:00Z') });
    const local = read(timestamp({ zone: 'Europe/Paris' }), '"2024-03-01T10:00:00"') as { value: Timestamp };
    expect(local.value.toEpochMillis()).toBe(Timestamp.parse('2024-03-01T09:00:00Z').toEpochMillis());
  });

  it("reads OData v2's /Date(ms)/ with and without an offset", () => {
    const plain = read(timestamp(), '"/Date(1709287200000)/"') as { value: Timestamp };
    expect(plain.value.toEpochMillis()).toBe(1709287200000);
    const offset = read(timestamp(), '"/Date(1709287200000+0100)/"') as { value: Timestamp };
    expect(offset.value.toEpochMillis()).toBe(1709287200000);
    expect(offset.value.toString()).toContain('+01:00');
  });
});

describe('OData Edm types', () => {
  it('reads Edm.Decimal and Edm.Int64 exactly from strings or numbers, Edm.DateTime in the connection zone', () => {
    expect(valueText(edm('Edm.Decimal'), '"79228162514264337593543950335.01"')).toBe(
      '79228162514264337593543950335.01',
    );
    expect(valueText(edm('Edm.Int64'), '"9007199254740993"')).toBe('9007199254740993');
    expect(read(edm('Edm.Int32'), '7')).toEqual({ value: 7 });
    const stamp = read(edm('Edm.DateTime', { zone: 'America/New_York' }), '"2024-01-15T12:00:00"') as {
      value: Timestamp;
    };
    expect(stamp.value.toEpochMillis()).toBe(Timestamp.parse('2024-01-15T17:00:00Z').toEpochMillis());
  });
});

describe('fixed-width rows', () => {
  it('cuts a field by position, trims its blanks, and reads an all-blank one as null', () => {
    const row = '0000100042SMITH     000000012.50';
    expect(fixedWidth(row, 0, 10)).toEqual({ value: '0000100042' });
    expect(fixedWidth(row, 10, 10)).toEqual({ value: 'SMITH' });
    expect(fixedWidth(row, 20, 12, decimal())).toEqual({ value: Decimal.parse('000000012.50') });
    expect(fixedWidth('          ', 0, 10)).toEqual({ value: null });
  });
});
