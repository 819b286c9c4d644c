/**
 * Number functions. Decimals stay exact; integers stay integers, and a result beyond the safe
 * integer range holds the row instead of silently losing digits.
 */
import { Decimal, compareValues, valueKind, type Value } from '../../model/values/index.ts';
import { compareText } from './text-order.ts';
import { argumentError, checkArguments, fixedRule, numericResultOf, sharedType } from './arg-types.ts';
import {
  checkedInteger,
  describeValue,
  hold,
  holdOnValueError,
  numberArg,
  optionalIntegerArg,
  wrongType,
} from './arg-values.ts';
import { strictFunction } from './define.ts';
import type { FunctionSpec, TypeRuleResult } from './spec.ts';
import type { MappingType } from '../types.ts';

/** ROUND keeps at most this many places either side of the point: far beyond any SQL DECIMAL. */
const MAX_ROUND_DIGITS = 100;

export const ROUND = strictFunction({
  name: 'ROUND',
  signature: 'ROUND(number, [digits])',
  description:
    'The number rounded to the given decimal places, halves away from zero (2.5 -> 3, -2.5 -> -3), as in a spreadsheet. ' +
    'Negative digits round to tens, hundreds... A decimal comes back with exactly that many places (ROUND(12.5, 2) = 12.50); an integer stays an integer.',
  example: 'ROUND(1234.565, 2) = 1234.57',
  params: [
    { name: 'number', description: 'An integer or decimal.' },
    {
      name: 'digits',
      description: 'Decimal places to keep; 0 when left out; negative rounds to tens, hundreds...',
      optional: true,
      whenOmitted: 0,
    },
  ],
  returnType(args): TypeRuleResult {
    return (
      checkArguments('ROUND', args, ['number', 'integer']) ?? { type: numericResultOf(args[0] ?? { kind: 'any' }) }
    );
  },
  evaluate: round,
  specialize(_types, constants) {
    // Constant digits are checked once; the number is still checked per row.
    const digits = constants.length < 2 ? 0 : constants[1];
    if (typeof digits !== 'number' || Math.abs(digits) > MAX_ROUND_DIGITS) return undefined;
    return (value) => (value instanceof Decimal ? value.round(digits) : round([value, digits]));
  },
});

function round(args: readonly Value[]): Value {
  const value = numberArg('ROUND', args, 0);
  const digits = optionalIntegerArg('ROUND', args, 1, 0);
  if (Math.abs(digits) > MAX_ROUND_DIGITS) {
    throw hold(
      `ROUND keeps from -${MAX_ROUND_DIGITS} to ${MAX_ROUND_DIGITS} decimal places, not ${digits}`,
      'INVALID_ARGUMENT',
    );
  }
  if (value instanceof Decimal) return value.round(digits);
  if (digits >= 0) return value;
  const rounded = Decimal.fromInteger(value).round(digits).toBigInt();
  return checkedInteger(Number(rounded), `ROUND(${value}, ${digits})`);
}

export const ABS = strictFunction({
  name: 'ABS',
  signature: 'ABS(number)',
  description: 'The number without its sign: ABS(-12.50) = 12.50.',
  example: 'ABS(-12.50) = 12.50',
  params: [{ name: 'number', description: 'An integer or decimal.' }],
  returnType(args): TypeRuleResult {
    return checkArguments('ABS', args, ['number']) ?? { type: numericResultOf(args[0] ?? { kind: 'any' }) };
  },
  evaluate(args) {
    const value = numberArg('ABS', args, 0);
    return value instanceof Decimal ? value.abs() : Math.abs(value);
  },
});

export const SIGN = strictFunction({
  name: 'SIGN',
  signature: 'SIGN(number)',
  description: '-1 for a negative number, 0 for zero, 1 for a positive number.',
  example: 'SIGN(-12.50) = -1',
  params: [{ name: 'number', description: 'An integer or decimal.' }],
  returnType: fixedRule('SIGN', ['number'], { kind: 'integer' }),
  evaluate(args) {
    const value = numberArg('SIGN', args, 0);
    return value instanceof Decimal ? value.sign() : Math.sign(value) + 0;
  },
});

/** MIN and MAX compare numbers, text, dates or timestamps: all arguments of one of these kinds. */
function extremeRule(fn: string) {
  return (args: readonly MappingType[]): TypeRuleResult => {
    const shared = sharedType(
      fn,
      args.map((type, index) => ({ type, index })),
      `${fn}'s values`,
    );
    if ('error' in shared) return shared;
    const kind = shared.type.kind;
    if (kind === 'boolean' || kind === 'list' || kind === 'record') {
      return argumentError(fn, 0, 'textOrNumber', shared.type);
    }
    return shared;
  };
}

const ORDERED_KINDS = new Set(['integer', 'decimal', 'string', 'date', 'timestamp']);

/**
 * The smallest (direction -1) or largest (+1) non-NULL argument. When any argument is a decimal,
 * an integer winner is returned as a decimal so the result has one kind whatever wins.
 */
function extreme(fn: string, args: readonly Value[], direction: -1 | 1): Value {
  let best: Value = null;
  let sawDecimal = false;
  for (let i = 0; i < args.length; i++) {
    const value = args[i] ?? null;
    if (value === null) continue;
    const kind = valueKind(value);
    if (!ORDERED_KINDS.has(kind)) throw wrongType(fn, i, 'textOrNumber', value);
    if (kind === 'decimal') sawDecimal = true;
    if (best === null) {
      best = value;
      continue;
    }
    const bestKind = valueKind(best);
    const numeric = (k: string): boolean => k === 'integer' || k === 'decimal';
    if (bestKind !== kind && !(numeric(bestKind) && numeric(kind))) {
      throw hold(`${fn} cannot compare ${describeValue(best)} with ${describeValue(value)}`, 'WRONG_TYPE');
    }
    // Text in the language's order (case aside), as the comparison operators see it.
    const order = typeof value === 'string' ? compareText(value, best as string) : compareValues(value, best);
    if (order === direction) best = value;
  }
  return sawDecimal && typeof best === 'number' ? Decimal.fromInteger(best) : best;
}

export const MIN = strictFunction({
  name: 'MIN',
  signature: 'MIN(value1, [value2, ...])',
  description:
    'The smallest of the values (numbers, text, dates or timestamps). NULLs are skipped; NULL only when all are NULL.',
  example: 'MIN(due_date, discount_date)',
  params: [{ name: 'value', description: 'Values to compare.', variadic: true }],
  returnType: extremeRule('MIN'),
  nullPropagating: false,
  evaluate: (args) => holdOnValueError('MIN', () => extreme('MIN', args, -1)),
});

export const MAX = strictFunction({
  name: 'MAX',
  signature: 'MAX(value1, [value2, ...])',
  description:
    'The largest of the values (numbers, text, dates or timestamps). NULLs are skipped; NULL only when all are NULL.',
  example: 'MAX(amount, 0)',
  params: [{ name: 'value', description: 'Values to compare.', variadic: true }],
  returnType: extremeRule('MAX'),
  nullPropagating: false,
  evaluate: (args) => holdOnValueError('MAX', () => extreme('MAX', args, 1)),
});

export const MATH_FUNCTIONS: readonly FunctionSpec[] = [ROUND, ABS, SIGN, MIN, MAX];
