import { describe, expect, it } from 'vitest';
import { coerceValue, type CoercionResult } from './coerce.ts';
import { Decimal } from './decimal.ts';
import { PlainDate } from './date.ts';
import { Timestamp } from './timestamp.ts';
import { formatValue, valueKind } from './value.ts';

function value(result: CoercionResult): string {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return `${valueKind(result.value)}:${formatValue(result.value)}`;
}

function reason(result: CoercionResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.reason;
}

describe('coerceValue', () => {
  it('gives null for null, undefined, and blank text of non-text types', () => {
    for (const type of ['integer', 'decimal', 'boolean', 'date', 'timestamp'] as const) {
      expect(value(coerceValue('', type))).toBe('null:');
      expect(value(coerceValue('   ', type))).toBe('null:');
      expect(value(coerceValue(undefined, type))).toBe('null:');
    }
    expect(value(coerceValue('', 'string'))).toBe('string:');
    expect(value(coerceValue(null, 'string'))).toBe('null:');
  });

  it('string: keeps text exactly and writes other scalars canonically', () => {
    expect(value(coerceValue('  GP-100 ', 'string'))).toBe('string:  GP-100 ');
    expect(value(coerceValue(42, 'string'))).toBe('string:42');
    expect(value(coerceValue(true, 'string'))).toBe('string:true');
    expect(value(coerceValue(Decimal.parse('1.50'), 'string'))).toBe('string:1.50');
    expect(reason(coerceValue({ a: 1 }, 'string'))).toContain('expected text but got an object');
  });

  it('decimal: from text and from a number via its shortest text', () => {
    expect(value(coerceValue('12.50', 'decimal'))).toBe('decimal:12.50');
    expect(value(coerceValue(' -3 ', 'decimal'))).toBe('decimal:-3');
    expect(value(coerceValue(0.1, 'decimal'))).toBe('decimal:0.1');
    expect(value(coerceValue(12, 'decimal'))).toBe('decimal:12');
    expect(reason(coerceValue('1,234.00', 'decimal'))).toBe(
      'expected a decimal number but got "1,234.00": thousands separators are not read',
    );
    expect(reason(coerceValue(Number.NaN, 'decimal'))).toBe('expected a decimal number but got NaN');
  });

  it('integer: whole values only, within the safe range', () => {
    expect(value(coerceValue('42', 'integer'))).toBe('integer:42');
    expect(value(coerceValue('12.00', 'integer'))).toBe('integer:12');
    expect(value(coerceValue(7, 'integer'))).toBe('integer:7');
    expect(value(coerceValue(7n, 'integer'))).toBe('integer:7');
    expect(reason(coerceValue('12.5', 'integer'))).toBe('expected a whole number but got "12.5": it has a fraction');
    expect(reason(coerceValue(1.5, 'integer'))).toContain('it has a fraction');
    expect(reason(coerceValue('9007199254740993', 'integer'))).toContain('too large');
    expect(reason(coerceValue('abc', 'integer'))).toBe('expected a whole number but got "abc"');
  });

  it('boolean: true/false, 1/0, Y/N in any case', () => {
    for (const yes of [true, 'true', 'TRUE', '1', 'y', 'Y', 1])
      expect(value(coerceValue(yes, 'boolean'))).toBe('boolean:true');
    for (const no of [false, 'False', '0', 'n', 'N', 0])
      expect(value(coerceValue(no, 'boolean'))).toBe('boolean:false');
    expect(reason(coerceValue('maybe', 'boolean'))).toBe('expected true or false but got "maybe"');
    expect(reason(coerceValue(2, 'boolean'))).toBe('expected true or false but got 2');
  });

  it('date: ISO dates and midnight date-times, not other times of day', () => {
    expect(value(coerceValue('2024-01-31', 'date'))).toBe('date:2024-01-31');
    expect(value(coerceValue('2024-01-31T00:00:00Z', 'date'))).toBe('date:2024-01-31');
    expect(value(coerceValue('2024-01-31T00:00:00-05:00', 'date'))).toBe('date:2024-01-31');
    expect(value(coerceValue('2024-01-31 00:00:00.000', 'date'))).toBe('date:2024-01-31');
    expect(value(coerceValue(PlainDate.of(2024, 1, 31), 'date'))).toBe('date:2024-01-31');
    expect(reason(coerceValue('2024-01-31T10:00:00Z', 'date'))).toContain('it has a time of day');
    expect(reason(coerceValue('31/01/2024', 'date'))).toBe('expected a date (YYYY-MM-DD) but got "31/01/2024"');
    expect(reason(coerceValue('2024-02-30', 'date'))).toContain('"2024-02-30"');
    expect(reason(coerceValue(Timestamp.parse('2024-01-31T10:00:00Z'), 'date'))).toContain('it has a time of day');
  });

  it('timestamp: ISO with offset, or with the default zone', () => {
    expect(value(coerceValue('2024-03-01T09:30:00Z', 'timestamp'))).toBe('timestamp:2024-03-01T09:30:00Z');
    expect(value(coerceValue('2024-03-01T09:30:00', 'timestamp', { defaultZone: 'America/Chicago' }))).toBe(
      'timestamp:2024-03-01T09:30:00-06:00',
    );
    expect(reason(coerceValue('2024-03-01T09:30:00', 'timestamp'))).toContain('has no time zone');
    expect(reason(coerceValue(1709285400000, 'timestamp'))).toContain('seconds or milliseconds');
  });

  it('cuts long input to 60 characters in the reason', () => {
    const long = 'x'.repeat(200);
    const why = reason(coerceValue(long, 'decimal'));
    expect(why).toContain(`"${'x'.repeat(60)}…"`);
    expect(why).not.toContain('x'.repeat(61));
  });
});
