/**
 * Pay periods of BambooHR's pay schedules (the `paySchedule` of a compensation row, bamboohr.md §4:
 * its values are the company's own names; these four are BambooHR's usual ones, unconfirmed as exact
 * text). A period is [start, end], dates inclusive; the periods a payroll read covers are those that
 * END inside the window the pipeline gives, so each period is read once whatever the window's edges.
 */
import { PlainDate } from '../../../engine/model/values/index.ts';

export interface PayPeriod {
  readonly start: PlainDate;
  readonly end: PlainDate;
}

export interface ScheduleOptions {
  /** The end of any one "Every other week" period (default 2025-01-10, a Friday). */
  readonly everyOtherWeekEndsOn?: PlainDate;
}

export const PERIODS_PER_YEAR: Readonly<Record<string, number>> = {
  Weekly: 52,
  'Every other week': 26,
  'Twice a month': 24,
  Monthly: 12,
};

export function isKnownSchedule(schedule: string): boolean {
  return PERIODS_PER_YEAR[schedule] !== undefined;
}

/** Weekly periods end on Fridays (ISO day 5): BambooHR's default pay week is not published, this is ours. */
const WEEK_ENDS_ON = 5;

/** The periods of `schedule` that end from `from` through `through`, in order; undefined for an unknown schedule. */
export function periodsEnding(
  schedule: string,
  from: PlainDate,
  through: PlainDate,
  options: ScheduleOptions = {},
): PayPeriod[] | undefined {
  const periods: PayPeriod[] = [];
  switch (schedule) {
    case 'Weekly':
    case 'Every other week': {
      const step = schedule === 'Weekly' ? 7 : 14;
      const anchor =
        schedule === 'Weekly'
          ? nextWeekday(from, WEEK_ENDS_ON)
          : (options.everyOtherWeekEndsOn ?? PlainDate.of(2025, 1, 10));
      const offset = (((from.toEpochDay() - anchor.toEpochDay()) % step) + step) % step;
      for (
        let end = offset === 0 ? from : from.addDays(step - offset);
        end.compare(through) <= 0;
        end = end.addDays(step)
      ) {
        periods.push({ start: end.addDays(1 - step), end });
      }
      return periods;
    }
    case 'Twice a month':
    case 'Monthly': {
      for (
        let month = PlainDate.of(from.year, from.month, 1);
        month.compare(through) <= 0;
        month = month.addMonths(1)
      ) {
        const ends =
          schedule === 'Monthly'
            ? [month.endOfMonth()]
            : [PlainDate.of(month.year, month.month, 15), month.endOfMonth()];
        for (const end of ends) {
          if (end.compare(from) < 0 || end.compare(through) > 0) continue;
          const start = schedule === 'Twice a month' && end.day > 15 ? PlainDate.of(end.year, end.month, 16) : month;
          periods.push({ start, end });
        }
      }
      return periods;
    }
    default:
      return undefined;
  }
}

function nextWeekday(date: PlainDate, weekday: number): PlainDate {
  return date.addDays((weekday - date.dayOfWeek() + 7) % 7);
}
