/**
 * Operators on values, for the compiler: + - * / on numbers and dates, unary minus, and the
 * comparisons. The type rules here are the checker's; the value functions are the runtime's, and both
 * follow the same table so a checked expression never meets a case the runtime does not handle.
 *
 *   integer (+ - *) integer -> integer; a result beyond ±(2^53 - 1) holds the row (INTEGER_OVERFLOW)
 *   integer or decimal mixed  -> decimal, exact
 *   a / b                     -> decimal, always (integer / integer too): exact when the quotient ends,
 *                                else rounded half away from zero to 34 significant digits; at least
 *                                max(scales, 6) places either way; dividing by zero holds the row
 *   date + integer, integer + date, date - integer -> date (days)
 *   date - date               -> integer (days between)
 *   comparisons               -> boolean; numbers compare by value across integer and decimal, text as
 *                                spreadsheets do (text-order.ts: case aside, dictionary order), dates
 *                                and timestamps chronologically, false < true. A date and a timestamp
 *                                are not compared: use TO_DATE.
 * An empty value (NULL) counts as a spreadsheet counts an empty cell (LANGUAGE.md, "Empty values"):
 * as 0 in arithmetic (blankOperands), and in a comparison as the other side's zero: 0, empty text,
 * FALSE, or a day before any date; two empty values are equal. An empty date stays empty in
 * arithmetic, since a spreadsheet would count it as the day 1899-12-30.
 */
import { Decimal, PlainDate, Timestamp, type Value } from '../../model/values/index.ts';
import type { ArithmeticOperator, ComparisonOperator } from '../ast.ts';
import { aType } from '../type-rules.ts';
import type { MappingType } from '../types.ts';
import { checkedInteger, describeValue, hold, holdOnValueError } from './arg-values.ts';
import type { TypeRuleResult } from './spec.ts';
import { compareText } from './text-order.ts';

type NumberValue = number | Decimal;

function isNumber(value: Value): value is NumberValue {
  return typeof value === 'number' || value instanceof Decimal;
}

function asDecimal(value: NumberValue): Decimal {
  return typeof value === 'number' ? Decimal.fromInteger(value) : value;
}

function cannot(verb: string, a: Value, b: Value): never {
  throw hold(`cannot ${verb} ${describeValue(a)} and ${describeValue(b)}`, 'WRONG_TYPE');
}

/**
 * An integer + - * result, checked like checkedInteger; the message is only written when the
 * result is out of range, since these run on every row.
 */
function integerResult(result: number, a: number, symbol: string, b: number): number {
  return Number.isSafeInteger(result) ? result : checkedInteger(result, `${a} ${symbol} ${b}`);
}

function addDays(date: PlainDate, days: number, symbol: string): PlainDate {
  return holdOnValueError(symbol, () => date.addDays(days));
}

export function addValues(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return integerResult(a + b, a, '+', b);
  if (isNumber(a) && isNumber(b)) return asDecimal(a).add(asDecimal(b));
  if (a instanceof PlainDate && typeof b === 'number') return addDays(a, b, '+');
  if (typeof a === 'number' && b instanceof PlainDate) return addDays(b, a, '+');
  return cannot('add', a, b);
}

export function subtractValues(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return integerResult(a - b, a, '-', b);
  if (isNumber(a) && isNumber(b)) return asDecimal(a).subtract(asDecimal(b));
  if (a instanceof PlainDate && typeof b === 'number') return addDays(a, -b, '-');
  if (a instanceof PlainDate && b instanceof PlainDate) return a.toEpochDay() - b.toEpochDay();
  return cannot('subtract', a, b);
}

export function multiplyValues(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return integerResult(a * b + 0, a, '*', b);
  if (isNumber(a) && isNumber(b)) return asDecimal(a).multiply(asDecimal(b));
  return cannot('multiply', a, b);
}

/** Always a decimal, exact or to 34 significant digits (Decimal.divide); dividing by zero holds the row. */
export function divideValues(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (!isNumber(a) || !isNumber(b)) return cannot('divide', a, b);
  const divisor = asDecimal(b);
  // The dividend is named by its value: a quotient's places depend on how it was computed (a fraction kept
  // exact under ROUND, or a value shared with an earlier occurrence), and the hold must not.
  const dividend = a instanceof Decimal ? a.stripTrailingZeros() : a;
  if (divisor.isZero()) throw hold(`division by zero: ${describeValue(dividend)} divided by 0`, 'DIVISION_BY_ZERO');
  return asDecimal(a).divide(divisor);
}

export function negateValue(a: Value): Value {
  if (a === null) return null;
  if (typeof a === 'number') return 0 - a;
  if (a instanceof Decimal) return a.negate();
  throw hold(`only numbers can be made negative, not ${describeValue(a)}`, 'WRONG_TYPE');
}

/**
 * What an empty operand counts as in + - * /, by the type the checker gave it: 0 for a number (or a
 * value of unknown type), and NULL for a date or timestamp, which then makes the result empty.
 */
export function blankZero(type: MappingType): Value {
  switch (type.kind) {
    case 'decimal':
      return Decimal.ZERO;
    case 'date':
    case 'timestamp':
      return null;
    default:
      return 0;
  }
}

/**
 * `a <operator> b` when one side or both are NULL: each empty side counts as its zero (blankZero),
 * as an empty cell does. Empty minus a date is empty too (a spreadsheet gives minus the date's
 * serial number, which no one means).
 */
export function blankOperands(
  operator: ArithmeticOperator,
  a: Value,
  b: Value,
  leftZero: Value,
  rightZero: Value,
): Value {
  if (operator === '-' && a === null && (b instanceof PlainDate || b instanceof Timestamp)) return null;
  const x = a ?? leftZero;
  const y = b ?? rightZero;
  if (x === null || y === null) return null;
  switch (operator) {
    case '+':
      return addValues(x, y);
    case '-':
      return subtractValues(x, y);
    case '*':
      return multiplyValues(x, y);
    case '/':
      return divideValues(x, y);
  }
}

/**
 * -1, 0 or 1 for the comparison operators. An empty side counts as the other side's zero (0, empty
 * text, FALSE, or before any date), and two empty sides are equal, as in a spreadsheet.
 */
export function compareForOperator(a: Value, b: Value): -1 | 0 | 1 {
  if (a === null || b === null) return compareWithBlank(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (isNumber(a) && isNumber(b)) return asDecimal(a).compare(asDecimal(b));
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a < b ? -1 : 1;
  if (a instanceof PlainDate && b instanceof PlainDate) return a.compare(b);
  if (a instanceof Timestamp && b instanceof Timestamp) return a.compare(b);
  return cannot('compare', a, b);
}

function compareWithBlank(a: Value, b: Value): -1 | 0 | 1 {
  if (a === null && b === null) return 0;
  if (a === null) {
    const reversed = compareWithBlank(b, a);
    return reversed === 0 ? 0 : reversed < 0 ? 1 : -1;
  }
  // a is set, b is empty.
  if (typeof a === 'number') return a < 0 ? -1 : a > 0 ? 1 : 0;
  if (a instanceof Decimal) return a.sign() as -1 | 0 | 1;
  if (typeof a === 'string') return compareText(a, '');
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (a instanceof PlainDate || a instanceof Timestamp) return 1;
  return cannot('compare', a, b);
}

export type OperatorForTypes = ArithmeticOperator | ComparisonOperator;

type Shape = 'integer' | 'decimal' | 'date' | 'null' | 'any' | 'other';

function shapeOf(type: MappingType): Shape {
  switch (type.kind) {
    case 'integer':
    case 'decimal':
    case 'date':
    case 'null':
    case 'any':
      return type.kind;
    default:
      return 'other';
  }
}

const INTEGER: MappingType = { kind: 'integer' };
const DECIMAL: MappingType = { kind: 'decimal' };
const DATE: MappingType = { kind: 'date' };
const BOOLEAN: MappingType = { kind: 'boolean' };
const ANY: MappingType = { kind: 'any' };
const NULL: MappingType = { kind: 'null' };

/** Numbers combined by + - *: integer only when both are integers; NULL takes the other side's type. */
function numericCombination(left: Shape, right: Shape): MappingType {
  if (left === 'decimal' || right === 'decimal') return DECIMAL;
  if (left === 'any' || right === 'any') return ANY;
  // NULL + NULL is 0, as two empty cells add up to 0.
  return INTEGER;
}

const NUMERIC_OR_OPEN = new Set<Shape>(['integer', 'decimal', 'null', 'any']);

export function operatorResultType(op: OperatorForTypes, left: MappingType, right: MappingType): TypeRuleResult {
  const l = shapeOf(left);
  const r = shapeOf(right);
  const numeric = NUMERIC_OR_OPEN.has(l) && NUMERIC_OR_OPEN.has(r);
  const open = (s: Shape): boolean => s === 'null' || s === 'any';
  switch (op) {
    case '+':
      if (numeric) return { type: numericCombination(l, r) };
      if ((l === 'date' && (r === 'integer' || open(r))) || ((l === 'integer' || open(l)) && r === 'date'))
        return { type: DATE };
      return {
        error: `+ adds numbers, or whole days to a date; it cannot add ${aType(left)} and ${aType(right)}.${joinHint(left, right)}`,
      };
    case '-':
      if (numeric) return { type: numericCombination(l, r) };
      if (l === 'date' && r === 'integer') return { type: DATE };
      if ((l === 'date' || open(l)) && r === 'date') return { type: INTEGER };
      if (l === 'date' && open(r)) return { type: r === 'null' ? DATE : ANY };
      return {
        error: `- subtracts numbers, days from a date, or a date from a date; it cannot subtract ${aType(right)} from ${aType(left)}.`,
      };
    case '*':
      if (numeric) return { type: numericCombination(l, r) };
      return { error: `* multiplies numbers; it cannot multiply ${aType(left)} and ${aType(right)}.` };
    case '/':
      if (numeric) return { type: DECIMAL };
      return { error: `/ divides numbers; it cannot divide ${aType(left)} by ${aType(right)}.` };
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparisonType(op, left, right);
    default: {
      const unknown: never = op;
      return { error: `unknown operator ${String(unknown)}` };
    }
  }
}

function joinHint(left: MappingType, right: MappingType): string {
  return left.kind === 'string' || right.kind === 'string' ? ' To join text, use &.' : '';
}

function comparisonType(op: ComparisonOperator, left: MappingType, right: MappingType): TypeRuleResult {
  const comparable = (t: MappingType): boolean => t.kind !== 'list' && t.kind !== 'record';
  if (!comparable(left) || !comparable(right)) {
    return { error: `${op} compares single values, not ${aType(comparable(left) ? right : left)}.` };
  }
  const open = (t: MappingType): boolean => t.kind === 'null' || t.kind === 'any';
  const number = (t: MappingType): boolean => t.kind === 'integer' || t.kind === 'decimal';
  if (open(left) || open(right) || left.kind === right.kind || (number(left) && number(right)))
    return { type: BOOLEAN };
  const hint =
    left.kind === 'string' || right.kind === 'string'
      ? ' Convert one side with TEXT(...), NUMBER(...) or PARSE_DATE(...).'
      : (left.kind === 'date' && right.kind === 'timestamp') || (left.kind === 'timestamp' && right.kind === 'date')
        ? " Use TO_DATE(...) to take the timestamp's date."
        : '';
  return { error: `${op} cannot compare ${aType(left)} with ${aType(right)}.${hint}` };
}
