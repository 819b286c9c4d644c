/**
 * Conversions between kinds. Nothing converts to or from text implicitly, so these are the way:
 * TEXT writes any value as text; NUMBER and DECIMAL read numbers; INTEGER makes whole numbers.
 */
import { Decimal, formatValue, type Value } from '../../model/values/index.ts';
import { checkArguments, fixedRule } from './arg-types.ts';
import { checkedInteger, describeValue, hold, holdOnValueError, integerArg, textArg, wrongType } from './arg-values.ts';
import { formatProblems, formatted } from './text-format.ts';
import { readSpreadsheetNumber } from './value-reading.ts';
import { strictFunction } from './define.ts';
import type { FunctionSpec } from './spec.ts';

const DECIMAL_TYPE = { kind: 'decimal' } as const;
const STRING_TYPE = { kind: 'string' } as const;

export const TEXT = strictFunction({
  name: 'TEXT',
  signature: 'TEXT(value, [format])',
  description:
    'The value written as text. Without a format: decimals keep their places (12.50), dates as 2024-01-31, timestamps in ISO with their offset, true/false, lists as JSON. With a format, as a spreadsheet writes it: a number with a number format ("0.00", "#,##0.00", "000", "0%", "$#,##0.00", "#,##0.00;(#,##0.00)"), rounded half away from zero from the exact value; a date or timestamp with a date pattern ("yyyy-mm-dd", "dd/mm/yyyy", "mmm yyyy"). TEXT(NULL) is NULL.',
  example: 'TEXT(1234.5, "#,##0.00") = "1,234.50"',
  params: [
    { name: 'value', description: 'Any value; with a format, a number, a date or a timestamp.' },
    {
      name: 'format',
      description: 'A number format such as "0.00" or "#,##0", or a date pattern such as "yyyy-mm-dd".',
      optional: true,
    },
  ],
  returnType(args) {
    if (args.length < 2) return checkArguments('TEXT', args, ['anything']) ?? { type: STRING_TYPE };
    return checkArguments('TEXT', args, ['formattable', 'text']) ?? { type: STRING_TYPE };
  },
  checkLiterals: ([valueType], [, format]) => formatProblems(valueType, format),
  specialize(_types, constants) {
    // Without a format, the value is written directly (no argument array per row); a constant format
    // goes straight to the writer. Both give exactly what evaluate gives.
    if (constants.length < 2) return (value) => (typeof value === 'number' ? `${value}` : formatValue(value));
    const format = constants[1];
    return typeof format === 'string' ? (value) => formatted(value, format) : undefined;
  },
  evaluate: (args) => {
    const value = args[0] ?? null;
    if (args.length > 1) return formatted(value, textArg('TEXT', args, 1));
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
      `${fn} could not read ${JSON.stringify(shown)} as a number (write it like 1234.50, without thousands separators; VALUE reads 1,234.50, $1,234.50, (100) and 50%)`,
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

export const VALUE = strictFunction({
  name: 'VALUE',
  signature: 'VALUE(text)',
  description:
    'Reads a number as spreadsheets and ERP exports write it, always as an exact decimal: "1,234.50", "$1,234.50", "(100)" (= -100), "50%" (= 0.50), "-1.5E3", spaces around it ignored. Thousands separators must group by three. Text it cannot read (a trailing minus "100-", a date, a word) holds the row with the reason.',
  example: 'VALUE("$1,234.50") = 1234.50',
  params: [{ name: 'text', description: 'Text holding a number (an integer or decimal is passed through).' }],
  returnType: fixedRule('VALUE', ['textOrNumber'], DECIMAL_TYPE),
  evaluate(args) {
    const value = args[0] ?? null;
    if (value instanceof Decimal) return value;
    if (typeof value === 'number') return Decimal.fromInteger(value);
    if (typeof value !== 'string') throw wrongType('VALUE', 0, 'textOrNumber', value);
    const read = readSpreadsheetNumber(value);
    if (read instanceof Decimal) return read;
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    throw hold(`VALUE could not read ${JSON.stringify(shown)} as a number: ${read}`, 'INVALID_NUMBER');
  },
});

export const CAST_FUNCTIONS: readonly FunctionSpec[] = [TEXT, NUMBER, DECIMAL, INTEGER, VALUE];
