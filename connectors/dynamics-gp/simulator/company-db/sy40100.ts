/**
 * GP's Fiscal Periods Setup table SY40100 as the company database holds it (web-services §3.3, §8.13),
 * made from the GP simulator's own fiscal periods, so closing a period in the store closes it in both
 * surfaces: one row per period for the Financial series (SERIES 2, CLOSED from the store) and for the
 * Sales series (SERIES 3, always open), plus each year's PERIODID 0 row that real checks filter out.
 * The simulator answers the one statement the pre-check sends, evaluated here.
 */
import { MONTH_NAMES } from '../../../../engine/model/values/index.ts';
import type { GpStore } from '../store.ts';
import { GpDateTime } from '../gp-values.ts';
import type { Cell, Column } from './wire.ts';

export const SY40100_COLUMNS: readonly Column[] = [
  { name: 'YEAR1', type: 'smallint' },
  { name: 'PERIODID', type: 'smallint' },
  { name: 'PERNAME', type: 'char', length: 21 },
  { name: 'PERIODDT', type: 'datetime' },
  { name: 'PERDENDT', type: 'datetime' },
  { name: 'CLOSED', type: 'tinyint' },
];

/**
 * The statement and parameter declaration the simulator serves (whitespace and case aside): Financial
 * periods (SERIES 2, PERIODID <> 0) overlapping the dates @first..@last, in year and period order.
 */
export const PERIODS_STATEMENT =
  'SELECT YEAR1, PERIODID, PERNAME, PERIODDT, PERDENDT, CLOSED FROM SY40100 ' +
  'WHERE SERIES = 2 AND PERIODID <> 0 AND PERIODDT <= @last AND PERDENDT >= @first ORDER BY YEAR1, PERIODID';
export const PERIODS_PARAMETERS = '@first date, @last date';

export function sameStatement(a: string, b: string): boolean {
  const normal = (text: string) => text.replace(/\s+/g, ' ').trim().toUpperCase();
  return normal(a) === normal(b);
}

interface Sy40100Row {
  readonly SERIES: number;
  readonly YEAR1: number;
  readonly PERIODID: number;
  readonly PERNAME: string;
  readonly PERIODDT: Date;
  readonly PERDENDT: Date;
  readonly CLOSED: number;
}

const FINANCIAL = 2;
const SALES = 3;

function tableOf(store: GpStore): Sy40100Row[] {
  const rows: Sy40100Row[] = [];
  const years = new Set<number>();
  for (const record of store.map('fiscal_periods').values()) {
    const { FiscalYear, PeriodNumber, StartDate, EndDate, IsClosed } = record.fields;
    const year = Number(FiscalYear);
    const period = Number(PeriodNumber);
    years.add(year);
    const common = {
      YEAR1: year,
      PERIODID: period,
      PERNAME: MONTH_NAMES[period - 1] ?? `Period ${period}`,
      PERIODDT: new Date((StartDate as GpDateTime).ms),
      PERDENDT: new Date((EndDate as GpDateTime).ms),
    };
    rows.push({ ...common, SERIES: FINANCIAL, CLOSED: IsClosed === true ? 1 : 0 });
    rows.push({ ...common, SERIES: SALES, CLOSED: 0 });
  }
  for (const year of years) {
    const first = new Date(Date.UTC(year, 0, 1));
    for (const series of [FINANCIAL, SALES])
      rows.push({ SERIES: series, YEAR1: year, PERIODID: 0, PERNAME: '', PERIODDT: first, PERDENDT: first, CLOSED: 0 });
  }
  return rows;
}

/** The statement's answer for dates first..last (YYYY-MM-DD), in SY40100_COLUMNS order. */
export function periodsOverlapping(store: GpStore, first: string, last: string): Cell[][] {
  const from = Date.parse(`${first}T00:00:00Z`);
  const to = Date.parse(`${last}T00:00:00Z`);
  return tableOf(store)
    .filter(
      (row) =>
        row.SERIES === FINANCIAL &&
        row.PERIODID !== 0 &&
        row.PERIODDT.getTime() <= to &&
        row.PERDENDT.getTime() >= from,
    )
    .sort((a, b) => a.YEAR1 - b.YEAR1 || a.PERIODID - b.PERIODID)
    .map((row) => [row.YEAR1, row.PERIODID, row.PERNAME, row.PERIODDT, row.PERDENDT, row.CLOSED]);
}
