import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { ValueArithmeticError, ValueFormatError } from './errors.ts';

const d = (text: string): Decimal => Decimal.parse(text);

describe('Decimal.parse', () => {
  it.each([
    ['123', 123n, 0],
    ['-0.50', -50n, 2],
    ['+1.5', 15n, 1],
    ['.5', 5n, 1],
    ['1.', 1n, 0],
    ['1.2E3', 1200n, 0],
    ['1e-3', 1n, 3],
    ['-1.25e1', -125n, 1],
    ['0.000', 0n, 3],
  ])('reads %s', (text, coefficient, scale) => {
    const value = d(text);
    expect(value.coefficient).toBe(coefficient);
    expect(value.scale).toBe(scale);
  });

  it.each(['', '1,234', 'NaN', ' 1', '1 ', 'Infinity', '.', '-', '1e', '1.2.3', '0x10', '1e99999'])(
    'rejects %j with a message quoting it',
    (text) => {
      expect(() => d(text)).toThrow(ValueFormatError);
      expect(() => d(text)).toThrow(JSON.stringify(text));
      expect(Decimal.tryParse(text)).toBeUndefined();
    },
  );

  it('gives the error a stable code', () => {
    try {
      d('abc');
      expect.unreachable();
    } catch (error) {
      expect((error as ValueFormatError).code).toBe('INVALID_DECIMAL');
    }
  });
});

describe('Decimal construction', () => {
  it('of() validates the scale', () => {
    expect(Decimal.of(1234n, 2).toString()).toBe('12.34');
    expect(() => Decimal.of(1n, -1)).toThrow(ValueArithmeticError);
    expect(() => Decimal.of(1n, 1.5)).toThrow(ValueArithmeticError);
  });

  it('fromInteger takes safe integers and bigints', () => {
    expect(Decimal.fromInteger(42).toString()).toBe('42');
    expect(Decimal.fromInteger(12345678901234567890n).toString()).toBe('12345678901234567890');
    expect(() => Decimal.fromInteger(1.5)).toThrow(ValueFormatError);
    expect(() => Decimal.fromInteger(2 ** 60)).toThrow(ValueFormatError);
  });

  it('fromNumber reads the shortest text of a float', () => {
    expect(Decimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(Decimal.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.fromNumber(1e-7).toString()).toBe('0.0000001');
    expect(() => Decimal.fromNumber(Number.NaN)).toThrow(ValueFormatError);
  });
});

describe('Decimal arithmetic', () => {
  it('adds and subtracts exactly across scales', () => {
    expect(d('0.1').add(d('0.2')).toString()).toBe('0.3');
    expect(d('12.50').add(d('0.005')).toString()).toBe('12.505');
    expect(d('1').subtract(d('0.01')).toString()).toBe('0.99');
    expect(d('0.01').subtract(d('1')).toString()).toBe('-0.99');
  });

  it('multiplies exactly, adding scales', () => {
    const product = d('1.5').multiply(d('2.25'));
    expect(product.toString()).toBe('3.375');
    expect(product.scale).toBe(3);
  });

  it('divides exactly when the quotient ends, keeping at least max(scales, 6) places', () => {
    expect(d('10').divide(d('4')).toString()).toBe('2.500000');
    expect(d('10').divide(d('-0.4')).toString()).toBe('-25.000000');
    expect(d('1.00000000').divide(d('4')).toString()).toBe('0.25000000');
    // Beyond six places: 99.99 / 20000 used to be 0.005, which ROUND(..., 2) made 0.01.
    expect(d('99.99').divide(d('20000')).toString()).toBe('0.0049995');
    expect(d('1').divide(d('1024')).toString()).toBe('0.0009765625');
  });

  it('rounds a quotient that does not end to 34 significant digits, half away from zero', () => {
    expect(d('1').divide(d('3')).toString()).toBe('0.3333333333333333333333333333333333');
    expect(d('2').divide(d('3')).toString()).toBe('0.6666666666666666666666666666666667');
    expect(d('-2').divide(d('3')).toString()).toBe('-0.6666666666666666666666666666666667');
    expect(d('0.0525').divide(d('365')).toString()).toBe('0.0001438356164383561643835616438356164');
    expect(d('1').divide(d('0.0000007')).toString()).toBe('1428571.428571428571428571428571429');
    // Never fewer places than the inputs or six, even when that is more than 34 digits.
    expect(d('1e30').divide(d('3')).toString()).toBe('333333333333333333333333333333.333333');
  });

  it('divides to a given scale, half away from zero', () => {
    expect(d('10').divide(d('4'), 0).toString()).toBe('3');
    expect(d('-10').divide(d('4'), 0).toString()).toBe('-3');
    expect(d('2').divide(d('3'), 2).toString()).toBe('0.67');
  });

  it('refuses division by zero with DIVISION_BY_ZERO', () => {
    expect(() => d('1').divide(d('0.00'))).toThrow(ValueArithmeticError);
    try {
      d('1').divide(Decimal.ZERO);
    } catch (error) {
      expect((error as ValueArithmeticError).code).toBe('DIVISION_BY_ZERO');
    }
  });

  it('negate, abs, sign', () => {
    expect(d('1.50').negate().toString()).toBe('-1.50');
    expect(d('-1.50').abs().toString()).toBe('1.50');
    expect(d('-0.01').sign()).toBe(-1);
    expect(d('0.00').sign()).toBe(0);
    expect(d('3').sign()).toBe(1);
  });
});

describe('Decimal comparison', () => {
  it('is numeric: 1.0 equals 1.00', () => {
    expect(d('1.0').equals(d('1.00'))).toBe(true);
    expect(d('1.0').compare(d('1.01'))).toBe(-1);
    expect(d('-1').compare(d('-1.01'))).toBe(1);
    expect(d('0.00').isZero()).toBe(true);
    expect(d('12.00').isInteger()).toBe(true);
    expect(d('12.01').isInteger()).toBe(false);
  });
});

describe('Decimal.round', () => {
  it.each([
    ['2.5', 0, 'half-away-from-zero', '3'],
    ['-2.5', 0, 'half-away-from-zero', '-3'],
    ['2.5', 0, 'half-even', '2'],
    ['3.5', 0, 'half-even', '4'],
    ['-2.5', 0, 'half-even', '-2'],
    ['2.59', 1, 'down', '2.5'],
    ['-2.59', 1, 'down', '-2.5'],
    ['2.51', 1, 'up', '2.6'],
    ['-2.51', 1, 'up', '-2.6'],
    ['-2.51', 1, 'floor', '-2.6'],
    ['2.59', 1, 'floor', '2.5'],
    ['2.51', 1, 'ceiling', '2.6'],
    ['-2.59', 1, 'ceiling', '-2.5'],
    ['1234.5', -2, 'half-away-from-zero', '1200'],
    ['1250', -2, 'half-away-from-zero', '1300'],
    ['-1250', -2, 'half-even', '-1200'],
    ['12.5', 2, 'half-away-from-zero', '12.50'],
    ['12.345', 2, 'half-away-from-zero', '12.35'],
  ] as const)('round(%s, %i, %s) = %s', (text, scale, mode, expected) => {
    expect(d(text).round(scale, mode).toString()).toBe(expected);
  });

  it('defaults to half away from zero', () => {
    expect(d('0.125').round(2).toString()).toBe('0.13');
  });

  it('refuses fractional places', () => {
    expect(() => d('1').round(0.5)).toThrow(ValueArithmeticError);
  });
});

describe('Decimal scale and size', () => {
  it('rescale is exact or throws LOSES_DIGITS', () => {
    expect(d('1.5').rescale(3).toString()).toBe('1.500');
    expect(d('1.500').rescale(1).toString()).toBe('1.5');
    expect(() => d('1.55').rescale(1)).toThrow(expect.objectContaining({ code: 'LOSES_DIGITS' }));
  });

  it('precision counts coefficient digits', () => {
    expect(d('123.45').precision()).toBe(5);
    expect(d('0.05').precision()).toBe(1);
    expect(d('0').precision()).toBe(1);
  });

  it('fitsIn follows SQL DECIMAL(p, s)', () => {
    expect(d('12345678.90').fitsIn(10, 2)).toBe(true);
    expect(d('123456789.00').fitsIn(10, 2)).toBe(false);
    expect(d('1.230').fitsIn(3, 2)).toBe(true);
    expect(d('1.235').fitsIn(10, 2)).toBe(false);
    expect(d('0.5').fitsIn(2, 2)).toBe(true);
    expect(d('1.5').fitsIn(2, 2)).toBe(false);
  });

  it('stripTrailingZeros keeps the value', () => {
    expect(d('12.500').stripTrailingZeros().toString()).toBe('12.5');
    expect(d('0.000').stripTrailingZeros().toString()).toBe('0');
    expect(d('100').stripTrailingZeros().toString()).toBe('100');
  });
});

describe('Decimal output', () => {
  it('writes plain notation keeping the scale', () => {
    expect(d('12.50').toString()).toBe('12.50');
    expect(d('-0.05').toString()).toBe('-0.05');
    expect(d('-0.00').toString()).toBe('0.00');
    expect(d('1e-10').toString()).toBe('0.0000000001');
    expect(d('1E+5').toString()).toBe('100000');
    expect(JSON.stringify({ amount: d('1.10') })).toBe('{"amount":"1.10"}');
  });

  it('toFixed rounds half away from zero', () => {
    expect(d('2.345').toFixed(2)).toBe('2.35');
    expect(d('2').toFixed(2)).toBe('2.00');
    expect(() => d('2').toFixed(-1)).toThrow(ValueArithmeticError);
  });

  it('toBigInt for whole numbers only', () => {
    expect(d('42.00').toBigInt()).toBe(42n);
    expect(d('-42').toBigInt()).toBe(-42n);
    expect(() => d('42.5').toBigInt()).toThrow(expect.objectContaining({ code: 'NOT_AN_INTEGER' }));
  });

  it('toNumber approximates for display', () => {
    expect(d('12.25').toNumber()).toBe(12.25);
  });
});
