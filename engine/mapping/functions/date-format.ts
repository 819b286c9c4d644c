/**
 * Reading and writing dates with a compiled pattern (date-pattern.ts has the parts and their rules).
 *
 * Writing a date takes only date parts; a timestamp's date and time are those of its own offset.
 * Reading gives a date and refuses text that does not match: every part must have its shape, names
 * are read in any case, a weekday must be the date's, times must exist (hour 0-23, or 1-12 with
 * AM/PM), and a two-digit year is read as spreadsheets read it: 00-29 is 2000-2029, 30-99 is
 * 1930-1999.
 */
import { MONTH_NAMES, PlainDate, dateProblem } from '../../model/values/index.ts';
import { describePattern, type DatePattern, type PatternToken } from './date-pattern.ts';

export { compileDatePattern, describePattern, type DatePattern, type PatternProblem } from './date-pattern.ts';

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MICROS_PER_SECOND = 1_000_000;

/** A two-digit year as spreadsheets read typed dates: 00-29 in this century, 30-99 in the last. */
function centuryOfTwoDigitYear(year: number): number {
  return year < 30 ? 2000 + year : 1900 + year;
}

/** The date the text holds, written with the pattern, or why not in plain words. */
export function readDate(pattern: DatePattern, text: string): PlainDate | string {
  const reader = readerOf(pattern);
  const match = reader.exec(text);
  if (match === null) return 'it does not have that shape';
  const fields = {
    year: 0,
    month: 0,
    day: 0,
    weekday: 0,
    hour: 0,
    minute: 0,
    second: 0,
    afternoon: undefined as boolean | undefined,
  };
  let group = 1;
  for (const token of pattern.tokens) {
    if (token.kind === 'literal') continue;
    const part = match[group++] ?? '';
    const problem = readPart(token, part, fields);
    if (problem !== undefined) return problem;
  }
  const timeProblem = checkTime(pattern, fields);
  if (timeProblem !== undefined) return timeProblem;
  const problem = dateProblem(fields.year, fields.month, fields.day);
  if (problem !== undefined) return problem;
  const date = PlainDate.of(fields.year, fields.month, fields.day);
  if (fields.weekday !== 0 && date.dayOfWeek() !== fields.weekday) {
    return `it says ${WEEKDAY_NAMES[fields.weekday - 1]}, but ${date.toString()} is a ${WEEKDAY_NAMES[date.dayOfWeek() - 1]}`;
  }
  return date;
}

interface ReadFields {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  afternoon: boolean | undefined;
}

function readPart(token: PatternToken, part: string, fields: ReadFields): string | undefined {
  switch (token.kind) {
    case 'year':
      fields.year = token.digits === 2 ? centuryOfTwoDigitYear(Number(part)) : Number(part);
      return undefined;
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second':
      fields[token.kind] = Number(part);
      return undefined;
    case 'monthName': {
      fields.month = nameIndex(MONTH_NAMES, part, token.long) + 1;
      return fields.month === 0 ? `"${part}" is not a month name` : undefined;
    }
    case 'weekday': {
      fields.weekday = nameIndex(WEEKDAY_NAMES, part, token.long) + 1;
      return fields.weekday === 0 ? `"${part}" is not a weekday name` : undefined;
    }
    case 'ampm':
      fields.afternoon = part.toUpperCase().startsWith('P');
      return undefined;
    case 'fraction':
    case 'literal':
      return undefined;
  }
}

function nameIndex(names: readonly string[], part: string, long: boolean): number {
  const wanted = part.toUpperCase();
  return names.findIndex((name) => (long ? name : name.slice(0, 3)).toUpperCase() === wanted);
}

function checkTime(pattern: DatePattern, fields: ReadFields): string | undefined {
  if (
    pattern.twelveHour &&
    pattern.tokens.some((token) => token.kind === 'hour') &&
    (fields.hour < 1 || fields.hour > 12)
  ) {
    return `hour ${fields.hour} does not exist on a 12-hour clock`;
  }
  if (fields.hour > 23) return `hour ${fields.hour} does not exist`;
  if (fields.minute > 59) return `minute ${fields.minute} does not exist`;
  if (fields.second > 59) return `second ${fields.second} does not exist`;
  return undefined;
}

const readers = new WeakMap<DatePattern, RegExp>();

/** Anchored, one group per part; built on first use, since FORMAT_DATE never reads. */
function readerOf(pattern: DatePattern): RegExp {
  const known = readers.get(pattern);
  if (known !== undefined) return known;
  const source = pattern.tokens
    .map((token) =>
      token.kind === 'literal'
        ? escapeRegex(token.text)
        : token.kind === 'fraction'
          ? `\\.(${partShape(token)})`
          : `(${partShape(token)})`,
    )
    .join('');
  const reader = new RegExp(`^${source}$`);
  readers.set(pattern, reader);
  return reader;
}

function partShape(token: Exclude<PatternToken, { kind: 'literal' }>): string {
  switch (token.kind) {
    case 'year':
      return `\\d{${token.digits}}`;
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second':
      return token.padded ? '\\d{2}' : '\\d{1,2}';
    case 'fraction':
      return `\\d{${token.digits}}`;
    case 'monthName':
    case 'weekday':
      return token.long ? '[A-Za-z]+' : '[A-Za-z]{3}';
    case 'ampm':
      return token.short ? '[AaPp]' : '[AaPp][Mm]';
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The date (and, for a pattern with time parts, the time: microseconds since midnight) written with
 * the pattern. The caller makes sure a pattern with time parts gets a time.
 */
export function writeDate(pattern: DatePattern, date: PlainDate, microsOfDay = 0): string {
  const seconds = Math.floor(microsOfDay / MICROS_PER_SECOND);
  const hour = Math.floor(seconds / 3600);
  let out = '';
  for (const token of pattern.tokens) {
    switch (token.kind) {
      case 'year':
        out += token.digits === 4 ? String(date.year).padStart(4, '0') : String(date.year % 100).padStart(2, '0');
        break;
      case 'month':
        out += number(date.month, token.padded);
        break;
      case 'day':
        out += number(date.day, token.padded);
        break;
      case 'monthName':
        out += monthName(date.month, token.long, token.writtenCase);
        break;
      case 'weekday': {
        const name = WEEKDAY_NAMES[date.dayOfWeek() - 1] ?? '';
        out += token.long ? name : name.slice(0, 3);
        break;
      }
      case 'hour':
        out += number(pattern.twelveHour ? ((hour + 11) % 12) + 1 : hour, token.padded);
        break;
      case 'minute':
        out += number(Math.floor(seconds / 60) % 60, token.padded);
        break;
      case 'second':
        out += number(seconds % 60, token.padded);
        break;
      case 'fraction':
        // Cut, not rounded: 59.9996 seconds written to .000 stays in its second.
        out += `.${String(microsOfDay % MICROS_PER_SECOND)
          .padStart(6, '0')
          .slice(0, token.digits)}`;
        break;
      case 'ampm': {
        const text = (hour < 12 ? 'AM' : 'PM').slice(0, token.short ? 1 : 2);
        out += token.lower ? text.toLowerCase() : text;
        break;
      }
      case 'literal':
        out += token.text;
        break;
    }
  }
  return out;
}

function number(value: number, padded: boolean): string {
  return padded && value < 10 ? `0${value}` : String(value);
}

/** Jan / January as spreadsheets write them; MON in the case it is written (JAN, Jan, jan). */
function monthName(month: number, long: boolean, writtenCase: string | undefined): string {
  const full = MONTH_NAMES[month - 1] ?? '';
  const name = long ? full : full.slice(0, 3);
  if (writtenCase === undefined) return name;
  if (writtenCase === writtenCase.toUpperCase()) return name.toUpperCase();
  if (writtenCase === writtenCase.toLowerCase()) return name.toLowerCase();
  return name;
}
