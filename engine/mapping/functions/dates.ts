/**
 * Date functions. They take dates, and timestamps too: a timestamp gives the date on its own local
 * calendar (the offset it was written with). Dates that do not exist hold the row.
 */
import { PlainDate, Timestamp, dateProblem, type Value } from '../../model/values/index.ts';
import { fixedRule } from './arg-types.ts';
import { dateLikeArg, hold, holdOnValueError, integerArg, textArg, wrongType } from './arg-values.ts';
import { compileDatePattern, readDate, writeDate, type DatePattern } from './date-format.ts';
import { strictFunction } from './define.ts';
import type { EvalContext, FunctionSpec } from './spec.ts';
import type { MappingType } from '../types.ts';

const DATE_TYPE: MappingType = { kind: 'date' };
const INTEGER: MappingType = { kind: 'integer' };

export const DATE = strictFunction({
  name: 'DATE',
  signature: 'DATE(year, month, day)',
  description: 'The date with that year, month and day. A day that does not exist (February 30) holds the row.',
  example: 'DATE(2024, 1, 31)',
  params: [
    { name: 'year', description: 'Four-digit year, 1 to 9999.' },
    { name: 'month', description: '1 to 12.' },
    { name: 'day', description: '1 to the last day of the month.' },
  ],
  returnType: fixedRule('DATE', ['integer', 'integer', 'integer'], DATE_TYPE),
  evaluate(args) {
    const year = integerArg('DATE', args, 0);
    const month = integerArg('DATE', args, 1);
    const day = integerArg('DATE', args, 2);
    const problem = dateProblem(year, month, day);
    if (problem !== undefined) throw hold(`DATE(${year}, ${month}, ${day}) is not a real date: ${problem}`, 'INVALID_DATE');
    return PlainDate.of(year, month, day);
  },
});

function datePartFunction(name: 'YEAR' | 'MONTH' | 'DAY', what: string, example: string, part: (date: PlainDate) => number): FunctionSpec {
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
  description: 'The last day of the month that is "months" months after the date (0: its own month; -1: the month before).',
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
      return (date, ctx) => (date instanceof PlainDate ? ((date.month - start + 12) % 12) + 1 : fiscalPeriod([date, start], ctx));
    }
    return (date, ctx) => {
      const start = ctx.fiscalYearStartMonth;
      if (date instanceof PlainDate && Number.isInteger(start) && start >= 1 && start <= 12) return ((date.month - start + 12) % 12) + 1;
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
  description: "The run's date. It is fixed when the run starts, so rerunning or replaying a batch gives the same rows.",
  example: 'TODAY()',
  params: [],
  returnType: () => ({ type: DATE_TYPE }),
  evaluate: (_args, ctx) => ctx.runDate,
  // Depends on the run, not only on the arguments: never fold it into the compiled expression.
  pure: false,
});

function patternArg(fn: string, args: readonly Value[], index: number): DatePattern {
  const compiled = compileDatePattern(textArg(fn, args, index));
  if ('error' in compiled) throw hold(`${fn}: ${compiled.error}`, 'INVALID_ARGUMENT');
  return compiled.pattern;
}

export const PARSE_DATE = strictFunction({
  name: 'PARSE_DATE',
  signature: 'PARSE_DATE(text, format)',
  description:
    'Reads a date from text written in the format: YYYY year, MM month, DD day (M and D for one or two digits, MON for Jan...Dec); other characters must match as written. Text that does not match holds the row.',
  example: 'PARSE_DATE("31.01.2024", "DD.MM.YYYY")',
  params: [
    { name: 'text', description: 'The text holding a date.' },
    { name: 'format', description: 'How the date is written, e.g. "MM/DD/YYYY", "YYYYMMDD", "DD-MON-YYYY".' },
  ],
  returnType: fixedRule('PARSE_DATE', ['text', 'text'], DATE_TYPE),
  evaluate(args) {
    const text = textArg('PARSE_DATE', args, 0);
    const pattern = patternArg('PARSE_DATE', args, 1);
    const read = readDate(pattern, text.trim());
    if (read instanceof PlainDate) return read;
    throw hold(`PARSE_DATE could not read ${JSON.stringify(text)} as ${pattern.source}: ${read}`, 'DATE_FORMAT_MISMATCH');
  },
});

export const FORMAT_DATE = strictFunction({
  name: 'FORMAT_DATE',
  signature: 'FORMAT_DATE(date, format)',
  description: 'Writes a date as text in the format (YYYY, MM, DD, M, D, MON as in PARSE_DATE). A timestamp is written by its local date.',
  example: 'FORMAT_DATE(DATE(2024, 1, 31), "YYYYMM") = "202401"',
  params: [
    { name: 'date', description: 'A date or timestamp.' },
    { name: 'format', description: 'How to write it, e.g. "MM/DD/YYYY".' },
  ],
  returnType: fixedRule('FORMAT_DATE', ['dateLike', 'text'], { kind: 'string' }),
  evaluate(args) {
    const date = dateLikeArg('FORMAT_DATE', args, 0);
    return writeDate(patternArg('FORMAT_DATE', args, 1), date);
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
    { name: 'zone', description: 'Where to read the date; the timestamp\'s own offset when left out.', optional: true },
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

export const DATE_FUNCTIONS: readonly FunctionSpec[] = [DATE, YEAR, MONTH, DAY, EOMONTH, FISCALPERIOD, TODAY, PARSE_DATE, FORMAT_DATE, TO_DATE];
