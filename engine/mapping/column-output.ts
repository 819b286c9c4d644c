/**
 * The last step of a column: the expression's value must fit the destination column. Whether a
 * decimal fits decimal(p,s) depends on the value, so it is checked per row; a value that does not
 * fit holds the row with a reason (never rounded silently, never truncated).
 */
import type { ColumnType } from '../model/column-type.ts';
import { formatColumnType } from '../model/column-type.ts';
import { Decimal, PlainDate, Timestamp, formatValue, pow10, quoteInput, valueKind, type Value } from '../model/values/index.ts';
import { RowHold } from './functions/spec.ts';

export type ColumnFinisher = (value: Value) => Value;

export type OutputHoldCode = 'REQUIRED_EMPTY' | 'WRONG_TYPE' | 'DECIMAL_TOO_MANY_PLACES' | 'DECIMAL_TOO_MANY_DIGITS';

export function columnFinisher(column: string, type: ColumnType, required: boolean): ColumnFinisher {
  const ifEmpty = (): Value => {
    if (required) throw new RowHold(`Required column "${column}" is empty.`, 'REQUIRED_EMPTY');
    return null;
  };
  const wrong = (value: Value): RowHold =>
    new RowHold(`Column "${column}" holds ${formatColumnType(type)} values, but the expression gave ${describe(value)}.`, 'WRONG_TYPE');
  switch (type.kind) {
    case 'string':
      return (value) => (value === null ? ifEmpty() : typeof value === 'string' ? value : failWith(wrong(value)));
    case 'integer':
      return (value) => (value === null ? ifEmpty() : typeof value === 'number' ? value : failWith(wrong(value)));
    case 'boolean':
      return (value) => (value === null ? ifEmpty() : typeof value === 'boolean' ? value : failWith(wrong(value)));
    case 'date':
      return (value) => (value === null ? ifEmpty() : value instanceof PlainDate ? value : failWith(wrong(value)));
    case 'timestamp':
      return (value) => (value === null ? ifEmpty() : value instanceof Timestamp ? value : failWith(wrong(value)));
    case 'decimal':
      return decimalFinisher(column, type.precision, type.scale, ifEmpty, wrong);
  }
}

/** Integers widen to decimals; every value is written with the column's scale (5.1 -> 5.10). */
function decimalFinisher(
  column: string,
  precision: number,
  scale: number,
  ifEmpty: () => Value,
  wrong: (value: Value) => RowHold,
): ColumnFinisher {
  const limit = pow10(precision);
  // Negating a bigint allocates one: do it once here, not per row.
  const negativeLimit = -limit;
  const columnType = `decimal(${precision},${scale})`;
  const tooManyDigits = (decimal: Decimal): RowHold =>
    new RowHold(
      `Column "${column}" is ${columnType}, but the value ${decimal.toString()} has more than ${precision - scale} digits before the decimal point.`,
      'DECIMAL_TOO_MANY_DIGITS',
    );
  const anyValue = (value: Value): Value => {
    if (value === null) return ifEmpty();
    const decimal = typeof value === 'number' ? Decimal.fromInteger(value) : value instanceof Decimal ? value : undefined;
    if (decimal === undefined) throw wrong(value);
    let coefficient = decimal.coefficient;
    if (decimal.scale > scale) {
      const divisor = pow10(decimal.scale - scale);
      if (coefficient % divisor !== 0n) {
        throw new RowHold(
          `Column "${column}" is ${columnType}, but the value ${decimal.toString()} has more than ${scale} decimal places; use ROUND(..., ${scale}).`,
          'DECIMAL_TOO_MANY_PLACES',
        );
      }
      coefficient /= divisor;
    } else if (decimal.scale < scale) {
      coefficient *= pow10(scale - decimal.scale);
    }
    if (coefficient >= limit || coefficient <= negativeLimit) throw tooManyDigits(decimal);
    return decimal.scale === scale ? decimal : Decimal.of(coefficient, scale);
  };
  // The usual value, a decimal already at the column's scale (ROUND(..., scale) gives one), only has
  // its digits counted. Kept apart from the rest so it stays small enough for the engine to inline
  // it, with the expression before it, into the column's loop.
  return (value) => {
    if (!(value instanceof Decimal) || value.scale !== scale) return anyValue(value);
    const coefficient = value.coefficient;
    if (coefficient >= limit || coefficient <= negativeLimit) throw tooManyDigits(value);
    return value;
  };
}

function failWith(error: RowHold): never {
  throw error;
}

function describe(value: Value): string {
  const kind = valueKind(value);
  const text = formatValue(value);
  return kind === 'string' ? `the text ${quoteInput(text, 40)}` : `${kind === 'integer' ? 'an' : 'a'} ${kind} (${text.length > 40 ? `${text.slice(0, 40)}…` : text})`;
}
