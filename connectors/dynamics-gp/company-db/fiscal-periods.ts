/**
 * Whether GP would take a journal dated D, by GP's own rule (web-services §6.2, §8.13, sources S35,
 * S36): D must fall in a Financial-series period (SY40100 SERIES = 2, PERIODID <> 0, PERIODDT..PERDENDT
 * containing D) that is not closed (CLOSED = 1 is closed in Fiscal Periods Setup). One query per call,
 * for every date of a batch at once. A period GP keeps per origin (several rows) counts as open when
 * any of its rows is open, as the integrators' own pre-check does (S36): the check never holds a
 * journal GP would take; GP's refusal at create still stands behind it.
 */
import type { GpCompanyDb } from './company-db.ts';

export type PeriodState =
  | { readonly kind: 'open' | 'closed'; readonly year: number; readonly period: number; readonly name: string }
  | { readonly kind: 'none' };

/** The one statement sent, with typed @first/@last date parameters (sp_executesql). */
export const PERIODS_QUERY =
  'SELECT YEAR1, PERIODID, PERNAME, PERIODDT, PERDENDT, CLOSED FROM SY40100 ' +
  'WHERE SERIES = 2 AND PERIODID <> 0 AND PERIODDT <= @last AND PERDENDT >= @first ORDER BY YEAR1, PERIODID';

interface PeriodRow {
  readonly year: number;
  readonly period: number;
  readonly name: string;
  /** YYYY-MM-DD, the datetime's date (GP stores period bounds at midnight). */
  readonly start: string;
  readonly end: string;
  readonly closed: boolean;
}

/** tedious reads a datetime as a Date at that UTC instant (useUTC, its default). */
function dayOf(value: unknown): string {
  if (!(value instanceof Date)) throw new Error(`SY40100 gave a period bound that is not a date: ${String(value)}`);
  return value.toISOString().slice(0, 10);
}

/**
 * For each journal date (YYYY-MM-DD): its Financial period, open or closed, or none. Dates are read
 * from SQL Server in one query covering the earliest to the latest.
 */
export async function closedPeriodsFor(
  db: GpCompanyDb,
  dates: readonly string[],
): Promise<ReadonlyMap<string, PeriodState>> {
  const states = new Map<string, PeriodState>();
  const sorted = [...new Set(dates)].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return states;
  const rows: PeriodRow[] = (
    await db.query(PERIODS_QUERY, [
      { name: 'first', type: 'date', value: new Date(`${first}T00:00:00Z`) },
      { name: 'last', type: 'date', value: new Date(`${last}T00:00:00Z`) },
    ])
  ).map((row) => ({
    year: Number(row.YEAR1),
    period: Number(row.PERIODID),
    // char columns are space-padded (web-services §8.11).
    name: String(row.PERNAME ?? '').trim(),
    start: dayOf(row.PERIODDT),
    end: dayOf(row.PERDENDT),
    closed: Number(row.CLOSED) === 1,
  }));
  for (const date of sorted) {
    const containing = rows.filter((row) => row.start <= date && date <= row.end);
    const open = containing.find((row) => !row.closed);
    const found = open ?? containing[0];
    states.set(
      date,
      found === undefined
        ? { kind: 'none' }
        : { kind: open === undefined ? 'closed' : 'open', year: found.year, period: found.period, name: found.name },
    );
  }
  return states;
}

/** The reason a journal dated `date` is held, in GP's terms, or undefined when GP's period is open. */
export function periodObjection(date: string, state: PeriodState | undefined): string | undefined {
  if (state === undefined || state.kind === 'open') return undefined;
  if (state.kind === 'none') return `no fiscal period in GP contains ${date}`;
  const name = state.name === '' ? '' : ` (${state.name})`;
  return `fiscal period ${state.period} of ${state.year}${name} is closed for the Financial series in GP's Fiscal Periods Setup`;
}
