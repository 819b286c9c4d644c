/**
 * Date functions. They take dates, and timestamps too: a timestamp gives the date on its own local
 * calendar (the offset it was written with). DATE rolls months and days over as spreadsheets do; a
 * date outside the years 1 to 9999, or text that does not match its pattern, holds the row.
 */
import { PlainDate, Timestamp, epochDayFromCivil, type Value } from '../../model/values/index.ts';
import { fixedRule } from './arg-types.ts';
import { dateLikeArg, hold, holdOnValueError, integerArg, textArg, wrongType } from './arg-values.ts';
import {
  compileDatePattern,
  describePattern,
  readDate,
  writeDate,
  type DatePattern,
  type PatternProblem,
} from './date-format.ts';
import { strictFunction } from './define.ts';
import type { EvalContext, FunctionSpec, LiteralProblem } from './spec.ts';
import type { MappingType } from '../types.ts';

const DATE_TYPE: MappingType = { kind: 'date' };
const INTEGER: MappingType = { kind: 'integer' };

/** Years 0 to 1899 count from 1900, as in spreadsheets: DATE(24, 1, 1) is 1924-01-01. */
function spreadsheetYear(year: number): number {
  return year >= 0 && year <= 1899 ? year + 1900 : year;
}

export const DATE = strictFunction({
  name: 'DATE',
  signature: 'DATE(year, month, day)',
  description:
    'The date with that year, month and day, by the spreadsheet rules: a month or day past either end rolls over (DATE(2024, 13, 1) = 2025-01-01, DATE(2024, 3, 0) = 2024-02-29), and a year from 0 to 1899 counts from 1900 (DATE(24, 1, 1) = 1924-01-01), so write years with four digits. A result outside the years 1 to 9999 holds the row.',
  example: 'DATE(2024, 12 + 1, 1) = 2025-01-01',
  params: [
    { name: 'year', description: 'The year, four digits (1900 to 9999); 0 to 1899 count from 1900.' },
    { name: 'month', description: '1 to 12; 13 is January of the next year, 0 December of the year before.' },
    {
      name: 'day',
      description: 'Day of the month; past its end rolls into the next month, 0 is the last day of the month before.',
    },
  ],
  returnType: fixedRule('DATE', ['integer', 'integer', 'integer'], DATE_TYPE),
  checkLiterals(_types, [year]) {
    if (typeof year !== 'number') return [];
    if (year < 0 || year > 9999)
      return [{ message: `DATE needs a year from 0 to 9999, not ${year}.`, argIndex: 0, severity: 'error' }];
    if (year > 1899) return [];
    const message = `DATE reads the year ${year} as ${spreadsheetYear(year)}, as spreadsheets do (years 0 to 1899 count from 1900); write the year with four digits.`;
    const written = String(spreadsheetYear(year));
    return [
      {
        message,
        argIndex: 0,
        severity: 'warning',
        code: 'type.year-before-1900',
        replacement: { text: written, title: `Write the year as ${written}` },
      },
    ];
  },
  evaluate(args) {
    const year = integerArg('DATE', args, 0);
    const month = integerArg('DATE', args, 1);
    const day = integerArg('DATE', args, 2);
    const date = rolledDate(spreadsheetYear(year), month, day);
    if (date === undefined)
      throw hold(
        `DATE(${year}, ${month}, ${day}) is outside the years 1 to 9999 (a year needs 0 to 9999; months and days roll over)`,
        'OUT_OF_RANGE',
      );
    return date;
  },
});

/** The first of (year, month) moved by whole months, then by day - 1 days; undefined outside the years 1 to 9999. */
function rolledDate(year: number, month: number, day: number): PlainDate | undefined {
  if (year < 0 || year > 9999) return undefined;
  const monthIndex = year * 12 + (month - 1);
  const rolledYear = Math.floor(monthIndex / 12);
  if (!Number.isSafeInteger(monthIndex) || rolledYear < 1 || rolledYear > 9999) return undefined;
  const epochDay = epochDayFromCivil(rolledYear, monthIndex - rolledYear * 12 + 1, 1) + (day - 1);
  return epochDay >= FIRST_EPOCH_DAY && epochDay <= LAST_EPOCH_DAY ? PlainDate.fromEpochDay(epochDay) : undefined;
}

const FIRST_EPOCH_DAY = epochDayFromCivil(1, 1, 1);
const LAST_EPOCH_DAY = epochDayFromCivil(9999, 12, 31);

function datePartFunction(
  name: 'YEAR' | 'MONTH' | 'DAY',
  what: string,
  example: string,
  part: (date: PlainDate) => number,
): FunctionSpec {
  const general = (args: readonly Value[]): Value => part(dateLikeArg(name, args, 0));
  return strictFunction({
    name,
    signature: `${name}(date)`,
    description: `The ${what} of a date (of a timestamp: of its local date).`,
    example,
    params: [{ name: 'date', description: 'A date or timestamp.' }],
    returnType: fixedRule(name, ['dateLike'], INTEGER),
    evaluate: general,
    // A date is read directly; a timestamp or another kind (an untyped field) takes the general path.
    specialize: () => (date) => (date instanceof PlainDate ? part(date) : general([date])),
  });
}

export const YEAR = datePartFunction('YEAR', 'year', 'YEAR(DATE(2024, 1, 31)) = 2024', (date) => date.year);
export const MONTH = datePartFunction('MONTH', 'month (1 to 12)', 'MONTH(DATE(2024, 1, 31)) = 1', (date) => date.month);
export const DAY = datePartFunction('DAY', 'day of the month', 'DAY(DATE(2024, 1, 31)) = 31', (date) => date.day);

export const EOMONTH = strictFunction({
  name: 'EOMONTH',
  signature: 'EOMONTH(date, months)',
  description:
    'The last day of the month that is "months" months after the date (0: its own month; -1: the month before).',
  example: 'EOMONTH(DATE(2024, 1, 15), 1) = 2024-02-29',
  params: [
    { name: 'date', description: 'A date or timestamp.' },
    { name: 'months', description: 'Months to move; negative moves back.' },
  ],
  returnType: fixedRule('EOMONTH', ['dateLike', 'integer'], DATE_TYPE),
  evaluate(args) {
    const date = dateLikeArg('EOMONTH', args, 0);
    const months = integerArg('EOMONTH', args, 1);
    return holdOnValueError('EOMONTH', () => date.addMonths(months).endOfMonth());
  },
});

export const FISCALPERIOD = strictFunction({
  name: 'FISCALPERIOD',
  signature: 'FISCALPERIOD(date, [start_month])',
  description:
    "The fiscal period (1 to 12) a date falls in, counting from the fiscal year's first month: the pipeline's setting, or start_month when given.",
  example: 'FISCALPERIOD(DATE(2024, 7, 15), 7) = 1',
  params: [
    { name: 'date', description: 'A date or timestamp.' },
    { name: 'start_month', description: 'First month of the fiscal year, 1 to 12.', optional: true },
  ],
  returnType: fixedRule('FISCALPERIOD', ['dateLike', 'integer'], INTEGER),
  evaluate: fiscalPeriod,
  specialize(_types, constants) {
    // A constant start month is checked once; the run's is checked per row (it may change between
    // runs of one compiled mapping). A date is read directly, anything else takes the general path.
    if (constants.length > 1) {
      const start = constants[1];
      if (typeof start !== 'number' || !Number.isInteger(start) || start < 1 || start > 12) return undefined;
      return (date, ctx) =>
        date instanceof PlainDate ? ((date.month - start + 12) % 12) + 1 : fiscalPeriod([date, start], ctx);
    }
    return (date, ctx) => {
      const start = ctx.fiscalYearStartMonth;
      if (date instanceof PlainDate && Number.isInteger(start) && start >= 1 && start <= 12)
        return ((date.month - start + 12) % 12) + 1;
      return fiscalPeriod([date], ctx);
    };
  },
});

function fiscalPeriod(args: readonly Value[], ctx: EvalContext): Value {
  const date = dateLikeArg('FISCALPERIOD', args, 0);
  const start = args.length > 1 ? integerArg('FISCALPERIOD', args, 1) : ctx.fiscalYearStartMonth;
  if (!Number.isInteger(start) || start < 1 || start > 12) {
    throw hold(`FISCALPERIOD needs a fiscal year start month from 1 to 12, not ${start}`, 'INVALID_ARGUMENT');
  }
  return ((date.month - start + 12) % 12) + 1;
}

export const TODAY = strictFunction({
  name: 'TODAY',
  signature: 'TODAY()',
  description:
    "The run's date. It is fixed when the run starts, so rerunning or replaying a batch gives the same rows.",
  example: 'TODAY()',
  params: [],
  returnType: () => ({ type: DATE_TYPE }),
  evaluate: (_args, ctx) => ctx.runDate,
  // Depends on the run, not only on the arguments: never fold it into the compiled expression.
  pure: false,
});

/** The compiled pattern of a format argument; a bad one (not written as a literal) holds the row. */
function patternArg(fn: string, args: readonly Value[], index: number): DatePattern {
  const compiled = compileDatePattern(textArg(fn, args, index));
  if ('error' in compiled) throw hold(`${fn}: ${compiled.error.message}`, 'INVALID_ARGUMENT');
  return compiled.pattern;
}

/** A pattern written as a literal is checked before any row runs, with the characters at fault. */
function patternProblems(
  fn: string,
  literal: Value | undefined,
  more: (pattern: DatePattern) => PatternProblem | undefined,
): LiteralProblem[] {
  if (typeof literal !== 'string') return [];
  const compiled = compileDatePattern(literal);
  const found = 'error' in compiled ? compiled.error : more(compiled.pattern);
  return found === undefined
    ? []
    : [{ message: `${fn}: ${found.message}.`, argIndex: 1, within: found.at, severity: 'error' }];
}

const FORMAT_HELP = `YYYY 2024, YY 24, M 1, MM 01, MMM Jan, MMMM January, D 5, DD 05, DDD Fri, DDDD Friday; for a timestamp also h, hh, m, mm, s, ss, .000 and AM/PM. Text in double quotes or after a backslash is written as it is; any other letter is an error`;

export const PARSE_DATE = strictFunction({
  name: 'PARSE_DATE',
  signature: 'PARSE_DATE(text, format)',
  description: `Reads a date from text written in the format (${FORMAT_HELP}). Names are English, in any case; a two-digit year 00-29 is 2000-2029 and 30-99 is 1930-1999, as spreadsheets read them; a weekday must be the date's; time parts must be real times and are not kept. Text that does not match holds the row.`,
  example: 'PARSE_DATE("31-Jan-2024", "DD-MMM-YYYY")',
  params: [
    { name: 'text', description: 'The text holding a date.' },
    {
      name: 'format',
      description: 'How the date is written, e.g. "MM/DD/YYYY", "YYYYMMDD", "D MMMM YYYY", "DD-MON-YYYY".',
    },
  ],
  returnType: fixedRule('PARSE_DATE', ['text', 'text'], DATE_TYPE),
  checkLiterals: (_types, literals) => patternProblems('PARSE_DATE', literals[1], (pattern) => pattern.cannotRead),
  evaluate(args) {
    const text = textArg('PARSE_DATE', args, 0);
    const pattern = patternArg('PARSE_DATE', args, 1);
    if (pattern.cannotRead !== undefined) throw hold(`PARSE_DATE: ${pattern.cannotRead.message}`, 'INVALID_ARGUMENT');
    const read = readDate(pattern, text.trim());
    if (read instanceof PlainDate) return read;
    throw hold(
      `PARSE_DATE could not read ${JSON.stringify(text)} as ${pattern.source}: ${read}`,
      'DATE_FORMAT_MISMATCH',
    );
  },
});

export const FORMAT_DATE = strictFunction({
  name: 'FORMAT_DATE',
  signature: 'FORMAT_DATE(date, format)',
  description: `Writes a date or timestamp as text in the format (${FORMAT_HELP}). Names are English (Jan, January); MON writes the month in the case it is typed (JAN, Jan). A timestamp is written in its own offset.`,
  example: 'FORMAT_DATE(DATE(2024, 1, 5), "DDD, D MMM YYYY") = "Fri, 5 Jan 2024"',
  params: [
    { name: 'date', description: 'A date or timestamp.' },
    { name: 'format', description: 'How to write it, e.g. "MM/DD/YYYY", "DD-MMM-YYYY", "YYYY-MM-DD hh:mm:ss".' },
  ],
  returnType: fixedRule('FORMAT_DATE', ['dateLike', 'text'], { kind: 'string' }),
  checkLiterals: ([dateType], literals) =>
    patternProblems('FORMAT_DATE', literals[1], (pattern) =>
      dateType?.kind === 'date' && pattern.timePart !== undefined
        ? {
            message: `${describePattern(pattern.source)} writes a time of day, but a date has none; format a timestamp, or leave the time parts out`,
            at: pattern.timePart.at,
          }
        : undefined,
    ),
  evaluate(args) {
    const value = args[0] ?? null;
    const pattern = patternArg('FORMAT_DATE', args, 1);
    if (value instanceof Timestamp) return writeDate(pattern, value.toDate(), Number(value.microsOfDay()));
    const date = dateLikeArg('FORMAT_DATE', args, 0);
    if (pattern.timePart !== undefined) {
      throw hold(
        `FORMAT_DATE: ${describePattern(pattern.source)} writes a time of day, but ${date.toString()} is a date, which has none`,
        'INVALID_ARGUMENT',
      );
    }
    return writeDate(pattern, date);
  },
});

export const TO_DATE = strictFunction({
  name: 'TO_DATE',
  signature: 'TO_DATE(timestamp, [zone])',
  description:
    'The calendar date of a timestamp: in the offset it was written with, or in the zone given (a name like "America/Chicago" or an offset like "+02:00"). A date is returned as it is.',
  example: 'TO_DATE(modified_at, "America/Chicago")',
  params: [
    { name: 'timestamp', description: 'A timestamp (or a date).' },
    { name: 'zone', description: "Where to read the date; the timestamp's own offset when left out.", optional: true },
  ],
  returnType: fixedRule('TO_DATE', ['dateLike', 'text'], DATE_TYPE),
  evaluate(args) {
    const value = args[0] ?? null;
    if (value instanceof PlainDate) return value;
    if (!(value instanceof Timestamp)) throw wrongType('TO_DATE', 0, 'dateLike', value);
    if (args.length < 2) return value.toDate();
    const zone = textArg('TO_DATE', args, 1);
    return holdOnValueError('TO_DATE', () => value.inZone(zone).toDate());
  },
});

export const DATE_FUNCTIONS: readonly FunctionSpec[] = [
  DATE,
  YEAR,
  MONTH,
  DAY,
  EOMONTH,
  FISCALPERIOD,
  TODAY,
  PARSE_DATE,
  FORMAT_DATE,
  TO_DATE,
];
