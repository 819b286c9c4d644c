/**
 * Runtime access to argument values. The checker has already matched argument types, but a field of
 * unknown type ("any") is only known when the row runs: a value of the wrong kind then holds the row
 * with a plain reason instead of failing the run.
 */
import {
  Decimal,
  PlainDate,
  Timestamp,
  ValueError,
  formatValue,
  valueKind,
  type Value,
} from '../../model/values/index.ts';
import { acceptsWords, ordinal, type Accepts } from './arg-types.ts';
import { RowHold } from './spec.ts';

/** Codes of the holds the standard library raises; the runner and the review screen group by them. */
export type LibraryHoldCode =
  | 'WRONG_TYPE'
  | 'INVALID_ARGUMENT'
  | 'INVALID_DATE'
  | 'INVALID_NUMBER'
  | 'DATE_FORMAT_MISMATCH'
  | 'DIVISION_BY_ZERO'
  | 'INTEGER_OVERFLOW'
  | 'OUT_OF_RANGE'
  | 'NO_MATCH'
  | 'NO_CONDITION';

export function hold(reason: string, code: LibraryHoldCode): RowHold {
  return new RowHold(reason, code);
}

/** "the decimal 12.50", "the string "abc"", "NULL": a runtime value in a message. */
export function describeValue(value: Value): string {
  const kind = valueKind(value);
  if (kind === 'null') return 'NULL';
  const text = formatValue(value);
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return kind === 'string' ? `the string ${JSON.stringify(shown)}` : `the ${kind} ${shown}`;
}

export function wrongType(fn: string, index: number, wanted: Accepts, value: Value): RowHold {
  return hold(
    `${fn} expects ${acceptsWords(wanted)} as its ${ordinal(index)} argument, but got ${describeValue(value)}`,
    'WRONG_TYPE',
  );
}

export function textArg(fn: string, args: readonly Value[], index: number): string {
  const value = args[index] ?? null;
  if (typeof value !== 'string') throw wrongType(fn, index, 'text', value);
  return value;
}

/** An integer argument; a whole decimal (e.g. 2.00 from an untyped field) is accepted as well. */
export function integerArg(fn: string, args: readonly Value[], index: number): number {
  const value = args[index] ?? null;
  if (typeof value === 'number') return value;
  if (value instanceof Decimal && value.isInteger()) {
    const whole = value.toBigInt();
    if (whole >= BigInt(Number.MIN_SAFE_INTEGER) && whole <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(whole);
  }
  throw wrongType(fn, index, 'integer', value);
}

export function optionalIntegerArg(fn: string, args: readonly Value[], index: number, fallback: number): number {
  return index < args.length ? integerArg(fn, args, index) : fallback;
}

export function numberArg(fn: string, args: readonly Value[], index: number): number | Decimal {
  const value = args[index] ?? null;
  if (typeof value === 'number' || value instanceof Decimal) return value;
  throw wrongType(fn, index, 'number', value);
}

export function booleanArg(fn: string, args: readonly Value[], index: number): boolean {
  const value = args[index] ?? null;
  if (typeof value !== 'boolean') throw wrongType(fn, index, 'boolean', value);
  return value;
}

/** A date; a timestamp gives the date on its own local calendar. */
export function dateLikeArg(fn: string, args: readonly Value[], index: number): PlainDate {
  const value = args[index] ?? null;
  if (value instanceof PlainDate) return value;
  if (value instanceof Timestamp) return value.toDate();
  throw wrongType(fn, index, 'dateLike', value);
}

/**
 * Runs value arithmetic and turns its errors (a date past 9999, a scale too large) into a hold that
 * names the function, so the analyst sees which formula made the row fail.
 */
export function holdOnValueError<R>(fn: string, work: () => R): R {
  try {
    return work();
  } catch (error) {
    if (error instanceof ValueError) {
      throw hold(`${fn}: ${error.message}`, holdCodeFor(error.code));
    }
    throw error;
  }
}

/** Integers stay integers only inside ±(2^53 - 1); beyond, the row is held rather than rounded. */
export function checkedInteger(result: number, what: string): number {
  if (!Number.isSafeInteger(result)) {
    throw hold(
      `${what} is beyond the largest whole number an integer can hold; use DECIMAL(...) for such numbers`,
      'INTEGER_OVERFLOW',
    );
  }
  return result;
}

function holdCodeFor(valueErrorCode: string): LibraryHoldCode {
  switch (valueErrorCode) {
    case 'DIVISION_BY_ZERO':
    case 'INVALID_DATE':
      return valueErrorCode;
    case 'UNKNOWN_ZONE':
    case 'INVALID_DECIMAL':
    case 'INVALID_INTEGER':
    case 'INVALID_TIMESTAMP':
    case 'MISSING_OFFSET':
      return 'INVALID_ARGUMENT';
    default:
      return 'OUT_OF_RANGE';
  }
}
