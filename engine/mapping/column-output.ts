/**
 * The last step of a column: the expression's value must fit the destination column. Whether a
 * decimal fits decimal(p,s) depends on the value, so it is checked per row; a value that does not
 * fit holds the row with a reason (never rounded silently, never truncated).
 */
import type { ColumnType } from '../model/column-type.ts';
import { formatColumnType } from '../model/column-type.ts';
import {
  Decimal,
  PlainDate,
  Timestamp,
  formatValue,
  pow10,
  quoteInput,
  valueKind,
  type Value,
} from '../model/values/index.ts';
import { RowHold } from './functions/spec.ts';

export type ColumnFinisher = (value: Value) => Value;

export type OutputHoldCode =
  'REQUIRED_EMPTY' | 'REQUIRED_BLANK' | 'WRONG_TYPE' | 'DECIMAL_TOO_MANY_PLACES' | 'DECIMAL_TOO_MANY_DIGITS';

export function columnFinisher(column: string, type: ColumnType, required: boolean): ColumnFinisher {
  const ifEmpty = (): Value => {
    if (required) throw new RowHold(`Required column "${column}" is empty.`, 'REQUIRED_EMPTY');
    return null;
  };
  const wrong = (value: Value): RowHold =>
    new RowHold(
      `Column "${column}" holds ${formatColumnType(type)} values, but the expression gave ${describe(value)}.`,
      'WRONG_TYPE',
    );
  switch (type.kind) {
    case 'string':
      if (required) return requiredTextFinisher(column, ifEmpty, wrong);
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

/**
 * Required means a value an analyst would call present: text that is empty or only spaces (the
 * no-break space and the other Unicode spaces included) is held like NULL, never written as ''.
 */
function requiredTextFinisher(column: string, ifEmpty: () => Value, wrong: (value: Value) => RowHold): ColumnFinisher {
  const blank = (text: string): RowHold =>
    new RowHold(
      text === ''
        ? `Required column "${column}" is blank: the expression gave empty text.`
        : `Required column "${column}" is blank: the expression gave only spaces (${spaceCodes(text)}).`,
      'REQUIRED_BLANK',
    );
  return (value) => {
    if (typeof value === 'string') return isBlankText(value) ? failWith(blank(value)) : value;
    return value === null ? ifEmpty() : failWith(wrong(value));
  };
}

/** Blank as ISEMPTY means it: nothing left once spaces are trimmed (String.prototype.trim knows the Unicode spaces). */
function isBlankText(text: string): boolean {
  // Most values start with a visible ASCII character: decided without trimming.
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return text.trim() === '';
}

/** The kinds of space in a blank text, as code points (a no-break space looks like any other space). */
function spaceCodes(text: string): string {
  const codes = [...new Set(text)].map(
    (char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
  return codes.length > 4 ? `${codes.slice(0, 4).join(' ')} …` : codes.join(' ');
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
    const decimal =
      typeof value === 'number' ? Decimal.fromInteger(value) : value instanceof Decimal ? value : undefined;
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
  return kind === 'string'
    ? `the text ${quoteInput(text, 40)}`
    : `${kind === 'integer' ? 'an' : 'a'} ${kind} (${text.length > 40 ? `${text.slice(0, 40)}…` : text})`;
}
