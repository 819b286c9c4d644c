/**
 * The spreadsheet's other rounding functions: ROUNDUP, ROUNDDOWN, TRUNC, INT, MROUND and MOD.
 * Decimals stay exact (a decimal comes back with the places asked for, as ROUND does); integers
 * stay integers, and one beyond the safe range holds the row instead of losing digits.
 */
import { Decimal, type RoundingMode, type Value } from '../../model/values/index.ts';
import { checkArguments, numericResultOf } from './arg-types.ts';
import { checkedInteger, hold, holdOnValueError, numberArg, optionalIntegerArg } from './arg-values.ts';
import { strictFunction } from './define.ts';
import type { FunctionSpec, TypeRuleResult } from './spec.ts';
import type { MappingType } from '../types.ts';

/** Places either side of the point, as for ROUND. */
const MAX_DIGITS = 100;

/** The first argument's kind decides the result's: integer stays integer, decimal stays decimal. */
function followsFirst(fn: string) {
  return (args: readonly MappingType[]): TypeRuleResult =>
    checkArguments(fn, args, ['number', 'integer']) ?? { type: numericResultOf(args[0] ?? { kind: 'any' }) };
}

/** Two numbers: an integer when both are, a decimal when either is. */
function numberPairRule(fn: string) {
  return (args: readonly MappingType[]): TypeRuleResult => {
    const bad = checkArguments(fn, args, ['number', 'number']);
    if (bad !== undefined) return bad;
    const kinds = args.map((arg) => arg.kind);
    if (kinds.includes('any')) return { type: { kind: 'any' } };
    if (kinds.includes('decimal')) return { type: { kind: 'decimal' } };
    if (kinds.every((kind) => kind === 'null')) return { type: { kind: 'null' } };
    return { type: { kind: 'integer' } };
  };
}

/** Rounds in `mode` to `digits` places; a decimal keeps max(digits, 0) places, an integer stays whole. */
function roundIn(fn: string, mode: RoundingMode, value: number | Decimal, digits: number): Value {
  if (Math.abs(digits) > MAX_DIGITS) {
    throw hold(`${fn} keeps from -${MAX_DIGITS} to ${MAX_DIGITS} decimal places, not ${digits}`, 'INVALID_ARGUMENT');
  }
  if (value instanceof Decimal) return value.round(digits, mode);
  if (digits >= 0) return value;
  const rounded = Decimal.fromInteger(value).round(digits, mode).toBigInt();
  return checkedInteger(Number(rounded), `${fn}(${value}, ${digits})`);
}

function directedRounding(
  name: string,
  mode: RoundingMode,
  description: string,
  example: string,
  digitsOptional: boolean,
): FunctionSpec {
  return strictFunction({
    name,
    signature: digitsOptional ? `${name}(number, [digits])` : `${name}(number, digits)`,
    description,
    example,
    params: [
      { name: 'number', description: 'An integer or decimal.' },
      {
        name: 'digits',
        description: `Decimal places to keep${digitsOptional ? '; 0 when left out' : ''}; negative means tens, hundreds...`,
        optional: digitsOptional,
        whenOmitted: 0,
      },
    ],
    returnType: followsFirst(name),
    evaluate: (args) => roundIn(name, mode, numberArg(name, args, 0), optionalIntegerArg(name, args, 1, 0)),
  });
}

export const ROUNDUP = directedRounding(
  'ROUNDUP',
  'up',
  'The number rounded away from zero to the given places (ROUNDUP(2.301, 2) = 2.31, ROUNDUP(-2.301, 2) = -2.31), as in a spreadsheet. A decimal comes back with exactly that many places.',
  'ROUNDUP(1234.561, 2) = 1234.57',
  false,
);

export const ROUNDDOWN = directedRounding(
  'ROUNDDOWN',
  'down',
  'The number rounded toward zero to the given places (ROUNDDOWN(2.309, 2) = 2.30, ROUNDDOWN(-2.309, 2) = -2.30), as in a spreadsheet. A decimal comes back with exactly that many places.',
  'ROUNDDOWN(1234.569, 2) = 1234.56',
  false,
);

export const TRUNC = directedRounding(
  'TRUNC',
  'down',
  'The number with its digits past the given places cut off (toward zero): TRUNC(-8.9) = -8. A decimal comes back with exactly that many places.',
  'TRUNC(1234.569, 2) = 1234.56',
  true,
);

export const INT = strictFunction({
  name: 'INT',
  signature: 'INT(number)',
  description:
    'The number rounded down to a whole number, toward minus infinity as in a spreadsheet: INT(8.9) = 8, INT(-8.1) = -9. A decimal comes back as a decimal with no places.',
  example: 'INT(-8.1) = -9',
  params: [{ name: 'number', description: 'An integer or decimal.' }],
  returnType(args) {
    return checkArguments('INT', args, ['number']) ?? { type: numericResultOf(args[0] ?? { kind: 'any' }) };
  },
  evaluate(args) {
    const value = numberArg('INT', args, 0);
    return value instanceof Decimal ? value.round(0, 'floor') : value;
  },
});

/** Both arguments as decimals when either is one; integers stay plain numbers. */
function asPair(fn: string, args: readonly Value[]): [number, number] | [Decimal, Decimal] {
  const a = numberArg(fn, args, 0);
  const b = numberArg(fn, args, 1);
  if (typeof a === 'number' && typeof b === 'number') return [a, b];
  return [typeof a === 'number' ? Decimal.fromInteger(a) : a, typeof b === 'number' ? Decimal.fromInteger(b) : b];
}

export const MOD = strictFunction({
  name: 'MOD',
  signature: 'MOD(number, divisor)',
  description:
    'The remainder after dividing number by divisor, with the sign of the divisor as in a spreadsheet: MOD(-3, 2) = 1, MOD(3, -2) = -1. A divisor of 0 holds the row.',
  example: 'MOD(period + 11, 12) + 1',
  params: [
    { name: 'number', description: 'The number to divide.' },
    { name: 'divisor', description: 'The number to divide by; not 0.' },
  ],
  returnType: numberPairRule('MOD'),
  evaluate(args) {
    const pair = asPair('MOD', args);
    if (typeof pair[0] === 'number') {
      const [n, d] = pair as [number, number];
      if (d === 0) throw hold(`MOD cannot divide ${n} by zero`, 'DIVISION_BY_ZERO');
      // number - divisor * floor(number / divisor), in exact integers.
      return (((n % d) + d) % d) + 0;
    }
    const [n, d] = pair as [Decimal, Decimal];
    if (d.isZero()) throw hold(`MOD cannot divide ${n.toString()} by zero`, 'DIVISION_BY_ZERO');
    return holdOnValueError('MOD', () => n.subtract(d.multiply(n.divide(d, 0, 'floor'))));
  },
});

export const MROUND = strictFunction({
  name: 'MROUND',
  signature: 'MROUND(number, multiple)',
  description:
    'The number rounded to the nearest multiple, halves away from zero: MROUND(10.26, 0.05) = 10.25, MROUND(7.5, 5) = 10. A multiple of 0 gives 0; a number and multiple of opposite signs hold the row (a spreadsheet gives #NUM!).',
  example: 'MROUND(price, 0.05)',
  params: [
    { name: 'number', description: 'The number to round.' },
    { name: 'multiple', description: 'What to round to a multiple of, e.g. 0.05 or 100.' },
  ],
  returnType: numberPairRule('MROUND'),
  evaluate(args) {
    const pair = asPair('MROUND', args);
    const integers = typeof pair[0] === 'number';
    const [n, m] = integers
      ? [Decimal.fromInteger(pair[0] as number), Decimal.fromInteger(pair[1] as number)]
      : (pair as [Decimal, Decimal]);
    if (m.isZero() || n.isZero()) return integers ? 0 : Decimal.ZERO.round(m.scale);
    if (n.sign() !== m.sign()) {
      throw hold(
        `MROUND needs a number and a multiple of the same sign, not ${n.toString()} and ${m.toString()}`,
        'INVALID_ARGUMENT',
      );
    }
    const result = holdOnValueError('MROUND', () => n.divide(m, 0).multiply(m));
    return integers ? checkedInteger(Number(result.toBigInt()), `MROUND(${n.toString()}, ${m.toString()})`) : result;
  },
});

export const ROUNDING_FUNCTIONS: readonly FunctionSpec[] = [ROUNDUP, ROUNDDOWN, TRUNC, INT, MOD, MROUND];
