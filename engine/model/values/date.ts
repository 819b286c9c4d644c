import { ValueFormatError, quoteInput } from './errors.ts';

/**
 * A calendar date with no time and no zone (a posting date, a due date), years 1 to 9999.
 * Held as the day count since 1970-01-01 plus its parts, so comparisons and day arithmetic are
 * integer operations and reading year/month/day costs nothing.
 */
export class PlainDate {
  private constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    private readonly epochDay: number,
  ) {}

  /** Throws ValueFormatError 'INVALID_DATE' for a day that does not exist (2024-02-30). */
  static of(year: number, month: number, day: number): PlainDate {
    const problem = dateProblem(year, month, day);
    if (problem !== undefined) {
      throw new ValueFormatError('INVALID_DATE', `${year}-${month}-${day} is not a real date: ${problem}`);
    }
    return new PlainDate(year, month, day, epochDayFromCivil(year, month, day));
  }

  /** Strict ISO: exactly YYYY-MM-DD. */
  static parse(text: string): PlainDate {
    const parsed = PlainDate.tryParse(text);
    if (parsed === undefined) {
      throw new ValueFormatError(
        'INVALID_DATE',
        `${quoteInput(text)} is not a date (expected YYYY-MM-DD, like 2024-01-31)`,
      );
    }
    return parsed;
  }

  static tryParse(text: string): PlainDate | undefined {
    const match = ISO_DATE.exec(text);
    if (match === null) return undefined;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (dateProblem(year, month, day) !== undefined) return undefined;
    return new PlainDate(year, month, day, epochDayFromCivil(year, month, day));
  }

  /** The date `n` days after 1970-01-01 (negative before it). */
  static fromEpochDay(n: number): PlainDate {
    if (!Number.isInteger(n) || n < MIN_EPOCH_DAY || n > MAX_EPOCH_DAY) {
      throw new ValueFormatError('OUT_OF_RANGE', `day number ${n} is outside the years 1 to 9999`);
    }
    const [year, month, day] = civilFromEpochDay(n);
    return new PlainDate(year, month, day, n);
  }

  toEpochDay(): number {
    return this.epochDay;
  }

  addDays(days: number): PlainDate {
    return days === 0 ? this : PlainDate.fromEpochDay(this.epochDay + days);
  }

  /** Calendar months; the day is clamped to the month's end: Jan 31 + 1 month = Feb 29 (or 28). */
  addMonths(months: number): PlainDate {
    if (!Number.isInteger(months))
      throw new ValueFormatError('OUT_OF_RANGE', `cannot add ${months} months; use a whole number`);
    const monthIndex = this.year * 12 + (this.month - 1) + months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12 + 1;
    if (year < 1 || year > 9999) {
      throw new ValueFormatError(
        'OUT_OF_RANGE',
        `${this.toString()} plus ${months} months is outside the years 1 to 9999`,
      );
    }
    const day = Math.min(this.day, daysInMonth(year, month));
    return new PlainDate(year, month, day, epochDayFromCivil(year, month, day));
  }

  endOfMonth(): PlainDate {
    const last = daysInMonth(this.year, this.month);
    return last === this.day ? this : new PlainDate(this.year, this.month, last, this.epochDay + (last - this.day));
  }

  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  dayOfWeek(): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
    // 1970-01-01 was a Thursday (4).
    return (((((this.epochDay + 3) % 7) + 7) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  }

  compare(other: PlainDate): -1 | 0 | 1 {
    return this.epochDay < other.epochDay ? -1 : this.epochDay > other.epochDay ? 1 : 0;
  }

  equals(other: PlainDate): boolean {
    return this.epochDay === other.epochDay;
  }

  /** ISO YYYY-MM-DD. */
  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why (year, month, day) is not a date, in plain words; undefined when it is one. */
export function dateProblem(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return `year ${year} is outside 1 to 9999`;
  if (!Number.isInteger(month) || month < 1 || month > 12) return `month ${month} does not exist`;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    return `day ${day} does not exist in ${MONTH_NAMES[month - 1] ?? 'that month'} ${year}`;
  }
  return undefined;
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function epochDayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of epochDayFromCivil (H. Hinnant's civil_from_days). */
export function civilFromEpochDay(epochDay: number): [year: number, month: number, day: number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_EPOCH_DAY = epochDayFromCivil(1, 1, 1);
const MAX_EPOCH_DAY = epochDayFromCivil(9999, 12, 31);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
