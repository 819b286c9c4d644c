/**
 * The `payroll` stream's records, computed from BambooHR's effective-dated tables (bamboohr.md §4):
 * for every employee and every pay period of their schedule ending in the pipeline's window, the
 * compensation row and job row in effect on the period's last day give the gross pay and where it is
 * booked (department, division, location). Each employee-period yields two register lines that balance:
 * the earnings (side "debit", pay item = the compensation type, e.g. Salary or Hourly) and the wages
 * payable it creates (side "credit", pay item "Wages payable"). A GL mapping turns them into journal
 * lines; nothing here knows accounts. Someone hired or terminated inside a period is paid the whole
 * period (no proration: BambooHR's core API has no hours or pay stubs). A line that cannot be computed
 * comes with a problem, so the runner holds it with the reason.
 */
import type { DataRow, RecordProblem } from '../../../engine/model/io.ts';
import { Decimal, PlainDate, type Value, compareValues } from '../../../engine/model/values/index.ts';
import { CONVERT, CURSOR, currencyOf, type Json } from '../streams.ts';
import { valueOf } from '../../kit/rest/stream.ts';
import { grossPay } from './gross-pay.ts';
import { periodsEnding, type ScheduleOptions } from './pay-periods.ts';

export const WAGES_PAYABLE = 'Wages payable';

export interface PayrollWindow extends ScheduleOptions {
  /** Periods ending on or after this date... */
  readonly from: PlainDate;
  /** ...and on or before this one. */
  readonly through: PlainDate;
  readonly hoursPerYear?: number;
}

export interface PayrollInputs {
  /** Employee rows with id, employeeNumber, firstName, lastName, hireDate, terminationDate, lastChanged. */
  readonly employees: readonly Json[];
  readonly jobRows: readonly Json[];
  readonly payRows: readonly Json[];
}

export interface PayrollLines {
  readonly records: DataRow[];
  readonly problems: RecordProblem[];
}

function value(row: Json, field: string, kind: keyof typeof CONVERT): Value {
  return valueOf(row, field, CONVERT[kind]);
}

function byEmployee(rows: readonly Json[]): Map<string, Json[]> {
  const map = new Map<string, Json[]>();
  for (const row of rows) map.set(String(row.employeeId), [...(map.get(String(row.employeeId)) ?? []), row]);
  return map;
}

/** The row in effect on `day`: the latest effective date on or before it (ties: the later row id). */
function inEffect(rows: readonly Json[], dateField: string, day: PlainDate): Json | undefined {
  let best: { row: Json; date: PlainDate } | undefined;
  for (const row of rows) {
    const date = value(row, dateField, 'date');
    if (!(date instanceof PlainDate) || date.compare(day) > 0) continue;
    if (
      best === undefined ||
      date.compare(best.date) > 0 ||
      (date.equals(best.date) && Number(row.id) > Number(best.row.id))
    )
      best = { row, date };
  }
  return best?.row;
}

export function payrollLines(inputs: PayrollInputs, window: PayrollWindow): PayrollLines {
  const jobs = byEmployee(inputs.jobRows);
  const pay = byEmployee(inputs.payRows);
  const records: DataRow[] = [];
  const problems: RecordProblem[] = [];
  const add = (record: DataRow, problem?: { field: string; message: string }) => {
    if (problem !== undefined) problems.push({ recordIndex: records.length, ...problem });
    records.push(record);
  };
  for (const employee of inputs.employees) {
    const id = String(employee.id);
    const hire = value(employee, 'hireDate', 'date');
    const termination = value(employee, 'terminationDate', 'date');
    const payRows = pay.get(id) ?? [];
    const who = {
      employeeId: id,
      employeeNumber: value(employee, 'employeeNumber', 'string'),
      firstName: value(employee, 'firstName', 'string'),
      lastName: value(employee, 'lastName', 'string'),
      [CURSOR]: value(employee, CURSOR, 'timestamp'),
    };
    const schedules = [...new Set(payRows.map((row) => String(value(row, 'paySchedule', 'string') ?? '')))];
    for (const schedule of schedules) {
      const periods = periodsEnding(schedule, window.from, window.through, window);
      if (periods === undefined) {
        const where = `BambooHR payroll, employee ${id}`;
        add(line(who, { schedule, payItem: null, side: 'debit', amount: null }), {
          field: 'amount',
          message: `${where}: pay schedule "${schedule}" is not one this connector computes (Weekly, Every other week, Twice a month, Monthly)`,
        });
        continue;
      }
      for (const period of periods) {
        if (hire instanceof PlainDate && hire.compare(period.end) > 0) continue;
        if (termination instanceof PlainDate && termination.compare(period.start) < 0) continue;
        const comp = inEffect(payRows, 'startDate', period.end);
        if (comp === undefined || value(comp, 'paySchedule', 'string') !== schedule) continue;
        const job = inEffect(jobs.get(id) ?? [], 'date', period.end);
        const rate = value(comp, 'rate', 'money');
        const paidPer = String(value(comp, 'paidPer', 'string') ?? '');
        const where = `BambooHR payroll, employee ${id}, period ending ${period.end.toString()}`;
        const gross =
          rate instanceof Decimal
            ? grossPay(rate, paidPer, schedule, window.hoursPerYear)
            : { problem: 'the compensation row has no rate' };
        const amount = 'amount' in gross ? gross.amount : null;
        const problem =
          'problem' in gross
            ? { field: 'amount', message: `${where}: ${gross.problem}` }
            : job === undefined
              ? { field: 'department', message: `${where}: no job information is in effect on that day` }
              : undefined;
        const common = { period, schedule, amount, comp, job, rate: rate instanceof Decimal ? rate : null, paidPer };
        add(
          line(who, { ...common, payItem: String(value(comp, 'type', 'string') ?? 'Salary'), side: 'debit' }),
          problem,
        );
        add(line(who, { ...common, payItem: WAGES_PAYABLE, side: 'credit' }), problem);
      }
    }
  }
  return sortByJournal(records, problems);
}

interface LineParts {
  readonly period?: { readonly start: PlainDate; readonly end: PlainDate };
  readonly schedule: string;
  readonly payItem: string | null;
  readonly side: 'debit' | 'credit';
  readonly amount: Decimal | null;
  readonly comp?: Json;
  readonly job?: Json | undefined;
  readonly rate?: Decimal | null;
  readonly paidPer?: string;
}

function line(who: Record<string, Value>, parts: LineParts): DataRow {
  const { comp, job } = parts;
  return {
    ...who,
    payPeriodStart: parts.period?.start ?? null,
    payPeriodEnd: parts.period?.end ?? null,
    paySchedule: parts.schedule,
    payItem: parts.payItem,
    side: parts.side,
    amount: parts.amount,
    currency: comp === undefined ? null : valueOf(comp, 'rateCurrency', currencyOf('rate')),
    payType: comp === undefined ? null : value(comp, 'type', 'string'),
    rate: parts.rate ?? null,
    paidPer: parts.paidPer ?? null,
    department: job === undefined ? null : value(job, 'department', 'string'),
    division: job === undefined ? null : value(job, 'division', 'string'),
    location: job === undefined ? null : value(job, 'location', 'string'),
  };
}

/** Lines of one journal-to-be (period end, department, location) next to each other, debits first. */
function sortByJournal(records: DataRow[], problems: RecordProblem[]): PayrollLines {
  const order = records.map((_, index) => index);
  const keys: readonly string[] = ['payPeriodEnd', 'department', 'location', 'employeeId'];
  const debitFirst = (index: number) => (records[index]!.side === 'debit' ? 0 : 1);
  order.sort((a, b) => {
    for (const key of keys) {
      const compared = compareValues(records[a]![key] ?? null, records[b]![key] ?? null);
      if (compared !== 0) return compared;
    }
    return debitFirst(a) - debitFirst(b) || a - b;
  });
  const position = new Map(order.map((from, to) => [from, to]));
  return {
    records: order.map((index) => records[index]!),
    problems: problems.map((problem) => ({ ...problem, recordIndex: position.get(problem.recordIndex)! })),
  };
}

/** Whether two lines belong to the same journal-to-be: pages never split one. */
export function sameJournalGroup(a: DataRow, b: DataRow): boolean {
  return ['payPeriodEnd', 'department', 'location'].every((key) => compareValues(a[key] ?? null, b[key] ?? null) === 0);
}
