import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, formatValue, valueKind, type Value } from '../../model/values/index.ts';
import { T } from '../types.ts';
import { call, holdOf, typeOf } from './testing.ts';

const dec = (text: string): Decimal => Decimal.parse(text);
const shown = (value: Value): string => `${valueKind(value)} ${formatValue(value)}`;

describe('ROUND', () => {
  it('rounds decimals half away from zero and keeps the asked places', () => {
    expect(shown(call('ROUND', [dec('1234.565'), 2]))).toBe('decimal 1234.57');
    expect(shown(call('ROUND', [dec('-2.5')]))).toBe('decimal -3');
    expect(shown(call('ROUND', [dec('2.5'), 0]))).toBe('decimal 3');
    expect(shown(call('ROUND', [dec('12.5'), 2]))).toBe('decimal 12.50');
    expect(shown(call('ROUND', [dec('1250'), -2]))).toBe('decimal 1300');
  });

  it('keeps integers integers', () => {
    expect(shown(call('ROUND', [1234]))).toBe('integer 1234');
    expect(shown(call('ROUND', [1250, -2]))).toBe('integer 1300');
    expect(shown(call('ROUND', [-1250, -2]))).toBe('integer -1300');
    expect(call('ROUND', [Number.MAX_SAFE_INTEGER, -1])).toBe(9007199254740990);
    expect(holdOf('ROUND', [Number.MAX_SAFE_INTEGER, -16]).code).toBe('INTEGER_OVERFLOW');
  });

  it('propagates NULL and refuses absurd digits', () => {
    expect(call('ROUND', [null, 2])).toBeNull();
    expect(call('ROUND', [dec('1.5'), null])).toBeNull();
    expect(holdOf('ROUND', [dec('1.5'), 500]).code).toBe('INVALID_ARGUMENT');
    expect(holdOf('ROUND', ['1.5', 0]).code).toBe('WRONG_TYPE');
  });

  it('types follow the input', () => {
    expect(typeOf('ROUND', [T.decimal, T.integer])).toBe('decimal');
    expect(typeOf('ROUND', [T.integer])).toBe('integer');
    expect(typeOf('ROUND', [T.any])).toBe('any');
    expect(typeOf('ROUND', [T.string])).toBe(
      'error: ROUND expects a number as its first argument, but got a string. Use NUMBER(...) to read a number from text.',
    );
    expect(typeOf('ROUND', [T.decimal, T.decimal])).toContain('ROUND expects an integer as its second argument');
  });
});

describe('ABS', () => {
  it('drops the sign', () => {
    expect(shown(call('ABS', [dec('-12.50')]))).toBe('decimal 12.50');
    expect(shown(call('ABS', [-7]))).toBe('integer 7');
    expect(call('ABS', [null])).toBeNull();
    expect(typeOf('ABS', [T.integer])).toBe('integer');
    expect(typeOf('ABS', [T.date])).toContain('ABS expects a number');
  });
});

describe('SIGN', () => {
  it('gives -1, 0 or 1 as an integer', () => {
    expect(call('SIGN', [dec('-12.50')])).toBe(-1);
    expect(call('SIGN', [dec('0.00')])).toBe(0);
    expect(call('SIGN', [0])).toBe(0);
    expect(Object.is(call('SIGN', [0]), 0)).toBe(true);
    expect(call('SIGN', [42])).toBe(1);
    expect(call('SIGN', [null])).toBeNull();
    expect(typeOf('SIGN', [T.decimal])).toBe('integer');
  });
});

describe('MIN and MAX', () => {
  it('compare numbers across integer and decimal, returning a decimal when any is one', () => {
    expect(shown(call('MIN', [3, dec('2.50'), 4]))).toBe('decimal 2.50');
    expect(shown(call('MAX', [3, dec('2.50')]))).toBe('decimal 3');
    expect(shown(call('MAX', [3, 9, -1]))).toBe('integer 9');
  });

  it('compare text, dates and timestamps', () => {
    expect(call('MIN', ['b', 'a'])).toBe('a');
    expect(formatValue(call('MAX', [PlainDate.of(2024, 1, 31), PlainDate.of(2023, 12, 31)]))).toBe('2024-01-31');
  });

  it('skip NULLs and give NULL only when all are NULL', () => {
    expect(call('MIN', [null, 5, null, 2])).toBe(2);
    expect(call('MAX', [null, null])).toBeNull();
  });

  it('refuse mixed kinds and booleans', () => {
    expect(typeOf('MIN', [T.integer, T.decimal])).toBe('decimal');
    expect(typeOf('MAX', [T.date, T.date])).toBe('date');
    expect(typeOf('MIN', [T.integer, T.string])).toContain('mixed');
    expect(typeOf('MAX', [T.boolean, T.boolean])).toContain('MAX expects text or a number');
    expect(holdOf('MIN', [1, 'a']).reason).toBe('MIN cannot compare the integer 1 with the string "a"');
    expect(holdOf('MAX', [true]).code).toBe('WRONG_TYPE');
  });
});
