/**
 * TEXT(value, format): a number with a spreadsheet number format (number-format.ts), a date or a
 * timestamp with a date pattern (date-pattern.ts, the same patterns FORMAT_DATE takes). Which one a
 * format is follows from its letters: y, m, d, h, s outside quotes make it a date pattern. A number
 * with a date pattern (a spreadsheet would read the number as a day count) or a date with a number
 * format is an error, not a guess.
 */
import { Decimal, PlainDate, Timestamp, type Value } from '../../model/values/index.ts';
import type { MappingType } from '../types.ts';
import { hold, wrongType } from './arg-values.ts';
import { compileDatePattern, describePattern, writeDate, type DatePattern } from './date-format.ts';
import { compileNumberFormat, looksLikeDatePattern, writeNumber, type NumberFormat } from './number-format.ts';
import type { LiteralProblem } from './spec.ts';

type Compiled =
  { number: NumberFormat } | { date: DatePattern } | { error: string; at?: { start: number; end: number } };

/** Compiled formats by text: a format computed per row is usually one of a few. */
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 256;

function compile(source: string): Compiled {
  const known = cache.get(source);
  if (known !== undefined) return known;
  let compiled: Compiled;
  if (looksLikeDatePattern(source)) {
    const pattern = compileDatePattern(source);
    compiled = 'error' in pattern ? { error: pattern.error.message, at: pattern.error.at } : { date: pattern.pattern };
  } else {
    const format = compileNumberFormat(source);
    compiled = 'error' in format ? { error: format.error.message, at: format.error.at } : { number: format.format };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

const NUMBER_WITH_DATE_PATTERN =
  'is a date pattern, but the value is a number (a spreadsheet would read it as a count of days since 1900); use a number format such as "0.00", or give a date';
const DATE_WITH_NUMBER_FORMAT = 'is a number format, but the value is a date; use a date pattern such as "yyyy-mm-dd"';

export function formatted(value: Value, source: string): string {
  const compiled = compile(source);
  if ('error' in compiled) throw hold(`TEXT: ${compiled.error}`, 'INVALID_ARGUMENT');
  const isNumber = typeof value === 'number' || value instanceof Decimal;
  if (isNumber) {
    if (!('number' in compiled))
      throw hold(`TEXT: ${describePattern(source)} ${NUMBER_WITH_DATE_PATTERN}`, 'INVALID_ARGUMENT');
    return writeNumber(compiled.number, typeof value === 'number' ? Decimal.fromInteger(value) : value);
  }
  if (value instanceof PlainDate || value instanceof Timestamp) {
    if (!('date' in compiled)) throw hold(`TEXT: "${source}" ${DATE_WITH_NUMBER_FORMAT}`, 'INVALID_ARGUMENT');
    if (value instanceof Timestamp) return writeDate(compiled.date, value.toDate(), Number(value.microsOfDay()));
    if (compiled.date.timePart !== undefined)
      throw hold(
        `TEXT: ${describePattern(source)} writes a time of day, but ${value.toString()} is a date, which has none`,
        'INVALID_ARGUMENT',
      );
    return writeDate(compiled.date, value);
  }
  throw wrongType('TEXT', 0, 'formattable', value);
}

/** A format written as a literal, checked with the formula against the value's type. */
export function formatProblems(valueType: MappingType | undefined, literal: Value | undefined): LiteralProblem[] {
  if (typeof literal !== 'string' || valueType === undefined) return [];
  const compiled = compile(literal);
  const problem = (message: string, within?: { start: number; end: number }): LiteralProblem[] => [
    { message: `TEXT: ${message}.`, argIndex: 1, within, severity: 'error' },
  ];
  if ('error' in compiled) return problem(compiled.error, compiled.at);
  const kind = valueType.kind;
  if ((kind === 'integer' || kind === 'decimal') && 'date' in compiled)
    return problem(`${describePattern(literal)} ${NUMBER_WITH_DATE_PATTERN}`);
  if ((kind === 'date' || kind === 'timestamp') && 'number' in compiled)
    return problem(`"${literal}" ${DATE_WITH_NUMBER_FORMAT}`);
  if (kind === 'date' && 'date' in compiled && compiled.date.timePart !== undefined)
    return problem(`${describePattern(literal)} writes a time of day, but a date has none`, compiled.date.timePart.at);
  return [];
}
