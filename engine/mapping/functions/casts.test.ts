import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp, formatValue, valueKind, type Value } from '../../model/values/index.ts';
import { check } from '../checker.ts';
import { compileExpression } from '../compiler.ts';
import { parse } from '../parser.ts';
import { T } from '../types.ts';
import { call, holdOf, testContext, typeOf } from './testing.ts';

const dec = (text: string): Decimal => Decimal.parse(text);
const shown = (value: Value): string => `${valueKind(value)} ${formatValue(value)}`;

describe('TEXT', () => {
  it('writes every kind canonically', () => {
    expect(call('TEXT', [dec('12.50')])).toBe('12.50');
    expect(call('TEXT', [42])).toBe('42');
    expect(call('TEXT', [true])).toBe('true');
    expect(call('TEXT', [PlainDate.of(2024, 1, 31)])).toBe('2024-01-31');
    expect(call('TEXT', [Timestamp.parse('2024-03-01T09:30:00-06:00')])).toBe('2024-03-01T09:30:00-06:00');
    expect(call('TEXT', [['a', dec('1.0')]])).toBe('["a","1.0"]');
    expect(call('TEXT', ['x'])).toBe('x');
  });

  it('writes integers as formatValue does, on its own and joined with &', () => {
    const joined = compileExpression(
      parse('"n=" & N').ast,
      check(parse('"n=" & N').ast, { schema: { N: T.integer }, lookups: new Map() }),
    ).evaluate;
    const env = { ctx: testContext(), tables: [] };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.maxSafeInteger(),
          fc.constantFrom(-0, 0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
        ),
        (n) => {
          expect(call('TEXT', [n])).toBe(formatValue(n));
          expect(joined({ N: n }, env)).toBe(`n=${formatValue(n)}`);
        },
      ),
    );
  });

  it('TEXT(NULL) is NULL; any type is accepted', () => {
    expect(call('TEXT', [null])).toBeNull();
    expect(typeOf('TEXT', [T.list(T.string)])).toBe('string');
  });
});

describe('NUMBER', () => {
  it('always gives a decimal', () => {
    expect(shown(call('NUMBER', ['1234.50']))).toBe('decimal 1234.50');
    expect(shown(call('NUMBER', ['12']))).toBe('decimal 12');
    expect(shown(call('NUMBER', [' -3.5 ']))).toBe('decimal -3.5');
    expect(shown(call('NUMBER', [7]))).toBe('decimal 7');
  });

  it('holds text that is not a number and propagates NULL', () => {
    expect(holdOf('NUMBER', ['abc'])).toEqual({
      code: 'INVALID_NUMBER',
      reason:
        'NUMBER could not read "abc" as a number (write it like 1234.50, without thousands separators; VALUE reads 1,234.50, $1,234.50, (100) and 50%)',
    });
    expect(holdOf('NUMBER', ['1,234']).code).toBe('INVALID_NUMBER');
    expect(call('NUMBER', [null])).toBeNull();
    expect(typeOf('NUMBER', [T.string])).toBe('decimal');
    expect(typeOf('NUMBER', [T.date])).toContain('NUMBER expects text or a number');
  });
});

describe('DECIMAL', () => {
  it('makes decimals, rounding to a scale when given', () => {
    expect(shown(call('DECIMAL', [12, 2]))).toBe('decimal 12.00');
    expect(shown(call('DECIMAL', [12]))).toBe('decimal 12');
    expect(shown(call('DECIMAL', [dec('2.345'), 2]))).toBe('decimal 2.35');
    expect(shown(call('DECIMAL', ['-2.345', 2]))).toBe('decimal -2.35');
  });

  it('holds bad input, propagates NULL', () => {
    expect(holdOf('DECIMAL', [12, -1]).reason).toBe('DECIMAL needs a scale of 0 or more, not -1');
    expect(holdOf('DECIMAL', ['x']).code).toBe('INVALID_NUMBER');
    expect(call('DECIMAL', [null, 2])).toBeNull();
    expect(typeOf('DECIMAL', [T.integer, T.integer])).toBe('decimal');
    expect(typeOf('DECIMAL', [T.boolean])).toContain('DECIMAL expects text or a number');
  });
});

describe('INTEGER', () => {
  it('makes whole numbers without dropping fractions', () => {
    expect(shown(call('INTEGER', [dec('12.00')]))).toBe('integer 12');
    expect(shown(call('INTEGER', ['42']))).toBe('integer 42');
    expect(shown(call('INTEGER', [5]))).toBe('integer 5');
    expect(holdOf('INTEGER', [dec('12.50')]).reason).toBe(
      'INTEGER cannot make a whole number of the decimal 12.50 without dropping its fraction; round it first with ROUND(value, 0)',
    );
    expect(holdOf('INTEGER', [dec('1e20')]).code).toBe('INTEGER_OVERFLOW');
    expect(call('INTEGER', [null])).toBeNull();
    expect(typeOf('INTEGER', [T.decimal])).toBe('integer');
  });
});
