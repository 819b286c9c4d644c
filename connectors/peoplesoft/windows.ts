/**
 * Day windows for QAS date prompts: the run's days `[first, last]` (both inclusive, as the saved queries'
 * `>= :FROM_DT` and `<= :TO_DT` criteria are) cut into windows of `windowDays`; the first run reaches back
 * to 1900-01-01 (PeopleSoft's customary first effective date) in one window before `historyStart`. Windows
 * grow after empty ones and shrink after full ones (`nextWindowDays`); a window whose answer may have been
 * truncated is split in two (`halves`).
 */
import { PlainDate, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { SourceRequestError } from '../kit/rest/read-request.ts';

export interface DayRange {
  readonly first: string;
  readonly last: string;
}

export const FIRST_EFFECTIVE_DATE = '1900-01-01';

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const daysBetween = (first: string, last: string): number =>
  Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000);

/** A watermark or end as the server's day: a date as it is, a date-time on the server's clock. */
export function serverDay(cursor: string, value: Value | undefined, zone: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof PlainDate) return value.toString();
  if (value instanceof Timestamp) return value.inZone(zone).toDate().toString();
  if (typeof value === 'string') {
    const stamp = Timestamp.tryParse(value, zone);
    if (stamp !== undefined) return stamp.inZone(zone).toDate().toString();
    const day = PlainDate.tryParse(value.slice(0, 10));
    if (day !== undefined) return day.toString();
  }
  throw new SourceRequestError('UNSUPPORTED_CURSOR', `a ${cursor} bound must be a date, not ${String(value)}`);
}

/** The window before `historyStart` that reaches back to 1900-01-01, on a first run (none after). */
export function preHistoryWindow(options: {
  readonly from: string | undefined;
  readonly last: string;
  readonly historyStart: string;
}): DayRange | undefined {
  if (options.from !== undefined || options.historyStart <= FIRST_EFFECTIVE_DATE) return undefined;
  const before = addDays(options.historyStart, -1);
  return { first: FIRST_EFFECTIVE_DATE, last: before < options.last ? before : options.last };
}

/** What reading one window met: no row at all, or so many that it had to be halved. */
export interface WindowOutcome {
  rows: number;
  split: boolean;
}

/**
 * The next window's size: doubled after an empty window (up to `maxDays`), so years of empty history
 * take a handful of calls; halved after a window that had to be split (never below `windowDays`' floor of
 * one day), so a busy period is not asked in windows known to be too wide; kept otherwise.
 */
export function nextWindowDays(days: number, outcome: WindowOutcome, maxDays: number): number {
  if (outcome.split) return Math.max(1, Math.floor(days / 2));
  if (outcome.rows === 0) return Math.min(maxDays, days * 2);
  return days;
}

/** Two halves of a window of more than one day. */
export function halves(range: DayRange): readonly [DayRange, DayRange] {
  const middle = addDays(range.first, Math.floor(daysBetween(range.first, range.last) / 2));
  return [
    { first: range.first, last: middle },
    { first: addDays(middle, 1), last: range.last },
  ];
}
