/**
 * Counting with dates, as spreadsheets do: EDATE (months on, clamped to the month's end), WEEKDAY,
 * NETWORKDAYS (Monday to Friday, less holidays) and DATEDIF. They take dates and timestamps (a
 * timestamp gives its own local date), like the other date functions.
 */
import { PlainDate, epochDayFromCivil, valueKind, type Value } from '../../model/values/index.ts';
import { argumentError, checkArguments, fixedRule } from './arg-types.ts';
import { dateLikeArg, hold, holdOnValueError, integerArg, optionalIntegerArg, textArg } from './arg-values.ts';
import { strictFunction } from './define.ts';
import type { FunctionSpec, LiteralProblem, TypeRuleResult } from './spec.ts';
import type { MappingType } from '../types.ts';

const INTEGER: MappingType = { kind: 'integer' };

export const EDATE = strictFunction({
  name: 'EDATE',
  signature: 'EDATE(date, months)',
  description:
    'The same day "months" months later (earlier when negative); a day the month does not have becomes its last day: EDATE(DATE(2024, 1, 31), 1) = 2024-02-29.',
  example: 'EDATE(DATE(2024, 1, 31), 1) = 2024-02-29',
  params: [
    { name: 'date', description: 'A date or timestamp.' },
    { name: 'months', description: 'Months to move; negative moves back.', whenOmitted: 0 },
  ],
  returnType: fixedRule('EDATE', ['dateLike', 'integer'], { kind: 'date' }),
  evaluate(args) {
    const date = dateLikeArg('EDATE', args, 0);
    const months = integerArg('EDATE', args, 1);
    return holdOnValueError('EDATE', () => date.addMonths(months));
  },
});

/**
 * WEEKDAY's numbering by return type: the ISO weekday (1 = Monday ... 7 = Sunday) maps to
 * `(iso - first + 7) % 7 + base`, where `first` is the ISO day counted as `base`.
 */
const WEEKDAY_TYPES: ReadonlyMap<number, { readonly first: number; readonly base: number; readonly words: string }> =
  new Map([
    [1, { first: 7, base: 1, words: 'Sunday 1 to Saturday 7' }],
    [2, { first: 1, base: 1, words: 'Monday 1 to Sunday 7' }],
    [3, { first: 1, base: 0, words: 'Monday 0 to Sunday 6' }],
    [11, { first: 1, base: 1, words: 'Monday 1 to Sunday 7' }],
    [12, { first: 2, base: 1, words: 'Tuesday 1 to Monday 7' }],
    [13, { first: 3, base: 1, words: 'Wednesday 1 to Tuesday 7' }],
    [14, { first: 4, base: 1, words: 'Thursday 1 to Wednesday 7' }],
    [15, { first: 5, base: 1, words: 'Friday 1 to Thursday 7' }],
    [16, { first: 6, base: 1, words: 'Saturday 1 to Friday 7' }],
    [17, { first: 7, base: 1, words: 'Sunday 1 to Saturday 7' }],
  ]);

const WEEKDAY_TYPE_WORDS = '1, 2, 3 or 11 to 17';

export const WEEKDAY = strictFunction({
  name: 'WEEKDAY',
  signature: 'WEEKDAY(date, [type])',
  description:
    'The day of the week as a number, as in a spreadsheet: type 1 (the default) counts Sunday 1 to Saturday 7, type 2 Monday 1 to Sunday 7, type 3 Monday 0 to Sunday 6, types 11 to 17 start on Monday to Sunday.',
  example: 'WEEKDAY(DATE(2024, 1, 5), 2) = 5',
  params: [
    { name: 'date', description: 'A date or timestamp.' },
    { name: 'type', description: `How to number the days: ${WEEKDAY_TYPE_WORDS}; 1 when left out.`, optional: true },
  ],
  returnType: fixedRule('WEEKDAY', ['dateLike', 'integer'], INTEGER),
  checkLiterals(_types, [, type]) {
    if (typeof type !== 'number' || WEEKDAY_TYPES.has(type)) return [];
    return [
      { message: `WEEKDAY's type is ${WEEKDAY_TYPE_WORDS}, not ${type}.`, argIndex: 1, severity: 'error' },
    ] satisfies LiteralProblem[];
  },
  evaluate(args) {
    const date = dateLikeArg('WEEKDAY', args, 0);
    const type = optionalIntegerArg('WEEKDAY', args, 1, 1);
    const numbering = WEEKDAY_TYPES.get(type);
    if (numbering === undefined) throw hold(`WEEKDAY's type is ${WEEKDAY_TYPE_WORDS}, not ${type}`, 'INVALID_ARGUMENT');
    return ((date.dayOfWeek() - numbering.first + 7) % 7) + numbering.base;
  },
});

/** Weekdays (Monday to Friday) in the epoch days [from, to], both ends counted. */
function weekdaysBetween(from: number, to: number): number {
  if (to < from) return 0;
  const days = to - from + 1;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  // ISO weekday of `from`: 1970-01-01 (epoch day 0) was a Thursday (4).
  let weekday = ((((from + 3) % 7) + 7) % 7) + 1;
  for (let left = days - weeks * 7; left > 0; left--) {
    if (weekday <= 5) count++;
    weekday = weekday === 7 ? 1 : weekday + 1;
  }
  return count;
}

/** The holidays argument: a date, or a list of dates (a LOOKUP into a table of holiday lists); NULL items skipped. */
function holidayDays(args: readonly Value[]): Set<number> {
  const days = new Set<number>();
  if (args.length < 3) return days;
  const given = args[2] ?? null;
  const items: readonly Value[] = Array.isArray(given) ? (given as readonly Value[]) : [given];
  for (const item of items) {
    if (item === null) continue;
    if (!(item instanceof PlainDate)) {
      throw hold(
        `NETWORKDAYS takes holidays as dates (a date or a list of dates), but one of them is ${valueKind(item) === 'string' ? `the text ${JSON.stringify(item)}` : `a ${valueKind(item)}`}`,
        'WRONG_TYPE',
      );
    }
    days.add(item.toEpochDay());
  }
  return days;
}

function networkDaysRule(args: readonly MappingType[]): TypeRuleResult {
  const bad = checkArguments('NETWORKDAYS', args.slice(0, 2), ['dateLike', 'dateLike']);
  if (bad !== undefined) return bad;
  const holidays = args[2];
  if (holidays !== undefined) {
    const single = holidays.kind === 'list' ? holidays.element : holidays;
    if (!['date', 'null', 'any'].includes(single.kind)) return argumentError('NETWORKDAYS', 2, 'date', holidays);
  }
  return { type: INTEGER };
}

export const NETWORKDAYS = strictFunction({
  name: 'NETWORKDAYS',
  signature: 'NETWORKDAYS(start, end, [holidays])',
  description:
    'The number of working days (Monday to Friday) from start to end, both counted, less the holidays that fall on them; negative when end is before start, as in a spreadsheet. Holidays are a date or a list of dates, usually from a lookup table whose values are lists of dates: NETWORKDAYS(start, end, LOOKUP(holidays, "US")).',
  example: 'NETWORKDAYS(invoice_date, paid_date, LOOKUP(holidays, company_country))',
  params: [
    { name: 'start', description: 'A date or timestamp.' },
    { name: 'end', description: 'A date or timestamp.' },
    {
      name: 'holidays',
      description: 'A date or a list of dates not worked, e.g. LOOKUP(holidays, country).',
      optional: true,
    },
  ],
  returnType: networkDaysRule,
  // A NULL holiday list means "no holidays known", which is not the same as none: NULL.
  evaluate(args) {
    const start = dateLikeArg('NETWORKDAYS', args, 0).toEpochDay();
    const end = dateLikeArg('NETWORKDAYS', args, 1).toEpochDay();
    const from = Math.min(start, end);
    const to = Math.max(start, end);
    let count = weekdaysBetween(from, to);
    for (const day of holidayDays(args)) {
      if (day >= from && day <= to && weekdaysBetween(day, day) === 1) count--;
    }
    return start <= end ? count : -count;
  },
});

const DATEDIF_UNITS = ['Y', 'M', 'D', 'MD', 'YM', 'YD'] as const;
type DatedifUnit = (typeof DATEDIF_UNITS)[number];

function datedifUnit(text: string): DatedifUnit | undefined {
  const upper = text.toUpperCase();
  return (DATEDIF_UNITS as readonly string[]).includes(upper) ? (upper as DatedifUnit) : undefined;
}

/** Whole months from start to end: a month counts once its day is reached. */
function completeMonths(start: PlainDate, end: PlainDate): number {
  const months = (end.year - start.year) * 12 + (end.month - start.month);
  return end.day < start.day ? months - 1 : months;
}

/** Epoch day of (year, month, day) with the day rolled over past the month's end, as DATE does. */
function rolledDay(year: number, month: number, day: number): number {
  const monthIndex = year * 12 + month - 1;
  const y = Math.floor(monthIndex / 12);
  return epochDayFromCivil(y, monthIndex - y * 12 + 1, 1) + day - 1;
}

function datedif(start: PlainDate, end: PlainDate, unit: DatedifUnit): number {
  switch (unit) {
    case 'D':
      return end.toEpochDay() - start.toEpochDay();
    case 'M':
      return completeMonths(start, end);
    case 'Y':
      return Math.floor(completeMonths(start, end) / 12);
    case 'YM':
      return completeMonths(start, end) % 12;
    case 'MD':
      // Excel's rule: the start's day in the month before the end's, rolled over where that month
      // is shorter, which can give a negative number (2021-01-31 to 2021-03-01 is -2).
      return end.day >= start.day
        ? end.day - start.day
        : end.toEpochDay() - rolledDay(end.year, end.month - 1, start.day);
    case 'YD': {
      // The start's month and day in the last year that puts them on or before the end.
      const sameYear = end.month > start.month || (end.month === start.month && end.day >= start.day);
      return end.toEpochDay() - rolledDay(sameYear ? end.year : end.year - 1, start.month, start.day);
    }
  }
}

export const DATEDIF = strictFunction({
  name: 'DATEDIF',
  signature: 'DATEDIF(start, end, unit)',
  description:
    'The time from start to end in whole units, as in a spreadsheet: "Y" years, "M" months, "D" days, "YM" months past the whole years, "YD" days past the whole years, "MD" days past the whole months (which, as in Excel, can be negative when the month before the end is shorter than the start\'s day). An end before the start holds the row.',
  example: 'DATEDIF(hire_date, TODAY(), "Y")',
  params: [
    { name: 'start', description: 'A date or timestamp.' },
    { name: 'end', description: 'A date or timestamp, not before start.' },
    { name: 'unit', description: '"Y", "M", "D", "MD", "YM" or "YD".' },
  ],
  returnType: fixedRule('DATEDIF', ['dateLike', 'dateLike', 'text'], INTEGER),
  checkLiterals(_types, [, , unit]) {
    if (typeof unit !== 'string' || datedifUnit(unit) !== undefined) return [];
    return [
      {
        message: `DATEDIF's unit is "Y", "M", "D", "MD", "YM" or "YD", not ${JSON.stringify(unit)}.`,
        argIndex: 2,
        severity: 'error',
      },
    ];
  },
  evaluate(args) {
    const start = dateLikeArg('DATEDIF', args, 0);
    const end = dateLikeArg('DATEDIF', args, 1);
    const unitText = textArg('DATEDIF', args, 2);
    const unit = datedifUnit(unitText);
    if (unit === undefined)
      throw hold(
        `DATEDIF's unit is "Y", "M", "D", "MD", "YM" or "YD", not ${JSON.stringify(unitText)}`,
        'INVALID_ARGUMENT',
      );
    if (end.compare(start) < 0)
      throw hold(
        `DATEDIF needs an end on or after the start, but ${end.toString()} is before ${start.toString()}`,
        'INVALID_ARGUMENT',
      );
    return datedif(start, end, unit);
  },
});

export const DATE_ARITHMETIC_FUNCTIONS: readonly FunctionSpec[] = [EDATE, WEEKDAY, NETWORKDAYS, DATEDIF];
