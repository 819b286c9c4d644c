/**
 * Reading the `payroll` stream: every employee whatever their status (ids from the custom report, not
 * the directory, which lists Active employees only and would drop a leaver's final pay; then the fields
 * payroll needs by the custom report), every jobInfo and compensation row (the changed-tables feed since
 * the epoch, one request each), then the register lines of the window's pay periods. Pages hold whole groups of
 * lines that share a period end, a department and a location, the lines of one payroll journal, so a
 * journal never straddles two batches: it is written, or held, whole.
 * The window comes from the stream's `source.options`: `payPeriodsEndingFrom` and
 * `payPeriodsEndingThrough` (YYYY-MM-DD), optional `standardHoursPerYear` and `everyOtherWeekEndsOn`.
 */
import { MlcError } from '../../../engine/model/errors.ts';
import type { DataRow, ReadRequest, RecordProblem, SourcePage } from '../../../engine/model/io.ts';
import { PlainDate, compareValues } from '../../../engine/model/values/index.ts';
import type { BambooClient } from '../client.ts';
import { changedTableRows, employeeRecords, type ChangedEmployee } from '../fetch.ts';
import { CURSOR } from '../streams.ts';
import { payrollLines, sameJournalGroup, type PayrollWindow } from './payroll-lines.ts';

export type PayrollOptions = Readonly<Record<string, string | number | boolean>>;

export class PayrollOptionsError extends MlcError {
  override readonly name = 'PayrollOptionsError';
  declare readonly code: 'PAYROLL_OPTIONS_INVALID';

  constructor(message: string) {
    super('PAYROLL_OPTIONS_INVALID', message);
  }
}

const EPOCH_SINCE = '1970-01-01T00:00:00+00:00';
const EMPLOYEE_FIELDS = ['employeeNumber', 'firstName', 'lastName', 'hireDate', 'terminationDate', CURSOR];

function dateOption(options: PayrollOptions, name: string, required: boolean): PlainDate | undefined {
  const raw = options[name];
  if (raw === undefined && !required) return undefined;
  const date = typeof raw === 'string' ? PlainDate.tryParse(raw) : undefined;
  if (date === undefined)
    throw new PayrollOptionsError(
      `the payroll stream needs source.options.${name} as a date written YYYY-MM-DD${raw === undefined ? '' : `, not ${JSON.stringify(raw)}`}`,
    );
  return date;
}

export function payrollWindow(options: PayrollOptions): PayrollWindow {
  const from = dateOption(options, 'payPeriodsEndingFrom', true)!;
  const through = dateOption(options, 'payPeriodsEndingThrough', true)!;
  if (through.compare(from) < 0)
    throw new PayrollOptionsError(
      `source.options.payPeriodsEndingThrough (${through.toString()}) is before payPeriodsEndingFrom (${from.toString()})`,
    );
  const hours = options.standardHoursPerYear;
  if (hours !== undefined && (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 1 || hours > 8784)) {
    throw new PayrollOptionsError(
      `source.options.standardHoursPerYear must be a whole number of hours from 1 to 8784, not ${JSON.stringify(hours)}`,
    );
  }
  const anchor = dateOption(options, 'everyOtherWeekEndsOn', false);
  return {
    from,
    through,
    ...(hours === undefined ? {} : { hoursPerYear: hours }),
    ...(anchor === undefined ? {} : { everyOtherWeekEndsOn: anchor }),
  };
}

export async function* readPayroll(
  client: BambooClient,
  request: ReadRequest,
  options: PayrollOptions,
  employeeIds: (signal?: AbortSignal) => Promise<readonly ChangedEmployee[]>,
): AsyncGenerator<SourcePage> {
  const window = payrollWindow(options);
  const signal = request.signal as AbortSignal | undefined;
  const ids = await employeeIds(signal);
  const employees = [];
  for (let at = 0; at < ids.length; at += 200)
    employees.push(...(await employeeRecords(client, ids.slice(at, at + 200), EMPLOYEE_FIELDS, signal)));
  const [jobRows, payRows] = await Promise.all([
    changedTableRows(client, 'jobInfo', EPOCH_SINCE, signal),
    changedTableRows(client, 'compensation', EPOCH_SINCE, signal),
  ]);
  const lines = payrollLines({ employees, jobRows, payRows }, window);
  const from = request.from?.cursor;
  const keep = lines.records.map((record) => from === undefined || compareValues(record[CURSOR] ?? null, from) >= 0);
  const problemsOf = new Map<number, RecordProblem[]>();
  for (const problem of lines.problems)
    problemsOf.set(problem.recordIndex, [...(problemsOf.get(problem.recordIndex) ?? []), problem]);
  let page: DataRow[] = [];
  let problems: RecordProblem[] = [];
  for (const [index, record] of lines.records.entries()) {
    if (!keep[index]) continue;
    const last = page[page.length - 1];
    if (page.length >= request.pageSize && last !== undefined && !sameJournalGroup(last, record)) {
      yield problems.length === 0 ? { records: page } : { records: page, problems };
      if (request.signal?.aborted) return;
      page = [];
      problems = [];
    }
    for (const problem of problemsOf.get(index) ?? []) problems.push({ ...problem, recordIndex: page.length });
    page.push(record);
  }
  if (page.length > 0) yield problems.length === 0 ? { records: page } : { records: page, problems };
}
