/**
 * The company a BambooHR simulator holds and how it changes over time. Time is the simulator's own
 * clock (it starts 2025-01-06 09:00 UTC and moves only in `advance`), so runs are deterministic and
 * tests never wait. Any change to an employee or to one of its table rows bumps the employee's
 * lastChanged (bamboohr.md §5, confirmed) and queues a webhook event (§8).
 */
import { type ControlTotals, entityTotals } from '../../kit/simulator/control-totals.ts';
import { type SeededRandom, seededRandom } from '../../kit/simulator/seeded.ts';
import {
  DEPARTMENTS,
  STATUSES,
  type SimRow,
  TABLES,
  type TableName,
  isoDate,
  isoStamp,
  jobRow,
  newEmployee,
  payRow,
  statusRow,
} from './seed-data.ts';

export const SIM_EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY_MS = 86_400_000;
/** The seventh of every ten seeded employees has left (`seedTermination`): a company of six or fewer has no leaver. */
const hasLeft = (index: number): boolean => index % 10 === 6;

export interface SimEmployee {
  readonly id: string;
  readonly fields: Record<string, string | null>;
  readonly createdMs: number;
  lastChangedMs: number;
}

export interface Deletion {
  readonly id: string;
  readonly lastChangedMs: number;
}

export interface EmployeeEvent {
  readonly type: 'employee.created' | 'employee.updated' | 'employee.deleted';
  readonly employeeId: string;
  readonly changedFields: readonly string[];
  readonly atMs: number;
}

export interface StoreChange {
  readonly employeeId: string;
  readonly action: 'Inserted' | 'Updated' | 'Deleted';
}

export class BambooStore {
  readonly employees = new Map<string, SimEmployee>();
  readonly deleted = new Map<string, Deletion>();
  readonly tables = new Map<TableName, SimRow[]>(TABLES.map((table) => [table, []]));
  /** Events not yet taken by the webhook sender. */
  readonly events: EmployeeEvent[] = [];
  private readonly random: SeededRandom;
  private clockMs = SIM_EPOCH_MS;
  private nextEmployee = 100;
  private nextRow = 1;

  constructor(seed: number, rows: number) {
    this.random = seededRandom(seed);
    for (let i = 0; i < rows; i++) {
      // Employees in threes share one lastChanged, as an import or a bulk edit stamps them together.
      const changedMs = SIM_EPOCH_MS - DAY_MS - 60_000 * (rows - 3 * Math.floor(i / 3));
      const id = this.insert(SIM_EPOCH_MS - DAY_MS * this.random.int(30, 3000), changedMs, false);
      if (hasLeft(i)) this.seedTermination(id, isoDate(SIM_EPOCH_MS - DAY_MS * (1 + (i % 30))));
    }
  }

  /** The simulator's current time (UTC ms). */
  get now(): number {
    return this.clockMs;
  }

  rows(table: TableName): SimRow[] {
    const found = this.tables.get(table);
    if (found === undefined) throw new Error(`unknown table ${table}`);
    return found;
  }

  rowsOf(table: TableName, employeeId: string): SimRow[] {
    return this.rows(table).filter((row) => row.employeeId === employeeId);
  }

  /**
   * Moves the clock a minute and changes `n` employees at that one instant (hires, moves, raises, status
   * changes), so many records share one lastChanged. Returns each changed employee once.
   */
  advance(n: number): StoreChange[] {
    this.clockMs += 60_000;
    const changes = new Map<string, StoreChange>();
    const today = isoDate(this.clockMs);
    for (let i = 0; i < n; i++) {
      const draw = this.random.next();
      const ids = [...this.employees.keys()].filter((id) => !changes.has(id));
      if (draw < 0.2 || ids.length === 0) {
        const id = this.insert(this.clockMs, this.clockMs, true);
        changes.set(id, { employeeId: id, action: 'Inserted' });
        continue;
      }
      const employee = this.employees.get(this.random.pick(ids));
      if (employee === undefined) continue;
      const changed =
        draw < 0.5
          ? this.move(employee, today)
          : draw < 0.8
            ? this.raise(employee, today)
            : this.restatus(employee, today);
      this.touch(employee, 'employee.updated', changed);
      changes.set(employee.id, { employeeId: employee.id, action: 'Updated' });
    }
    return [...changes.values()];
  }

  /** A transfer effective on `date` (YYYY-MM-DD): a new jobInfo row, as HR enters one (tests and demos pick who and where). */
  transfer(id: string, to: { readonly department?: string; readonly location?: string }, date: string): void {
    const employee = this.employees.get(id);
    if (employee === undefined) throw new Error(`the simulator has no employee ${id}`);
    this.clockMs += 60_000;
    const row = {
      ...jobRow(this.random, date, employee.fields.supervisorId ?? null),
      department: employee.fields.department ?? null,
      location: employee.fields.location ?? null,
      division: employee.fields.division ?? null,
      jobTitle: employee.fields.jobTitle ?? null,
      ...to,
    };
    this.addRow('jobInfo', employee, row);
    this.touch(employee, 'employee.updated', Object.keys(to));
  }

  /** Removes an employee and its rows (a deletion `changed?type=deleted` reports, §3). */
  remove(id: string): boolean {
    if (!this.employees.delete(id)) return false;
    this.clockMs += 60_000;
    for (const table of TABLES)
      this.tables.set(
        table,
        this.rows(table).filter((row) => row.employeeId !== id),
      );
    this.deleted.set(id, { id, lastChangedMs: this.clockMs });
    this.events.push({ type: 'employee.deleted', employeeId: id, changedFields: [], atMs: this.clockMs });
    return true;
  }

  controlTotals(): ControlTotals {
    const employees = [...this.employees.values()].map((employee) => ({
      payRate: payAmount(employee.fields.payRate ?? null),
    }));
    const rates = this.rows('compensation').map((row) => ({
      rate: (row.rate as { value: string } | null)?.value ?? null,
    }));
    return {
      employees: entityTotals(employees, ['payRate']),
      jobInfo: entityTotals(this.rows('jobInfo'), []),
      compensation: entityTotals(rates, ['rate']),
      employmentStatus: entityTotals(this.rows('employmentStatus'), []),
    };
  }

  /**
   * One seeded employee in ten left in the weeks before the simulator's day one (hired at least 30 days
   * before it, so the hire comes first): status Inactive, a termination date, a Terminated status row,
   * and job and pay rows like anyone else's, so their final pay period has a payroll. The directory
   * leaves them out, as BambooHR's does (Active only); the report and the change feed list them.
   * No random draw is taken, so everyone else is who the seed always made.
   */
  private seedTermination(id: string, date: string): void {
    const employee = this.employees.get(id)!;
    this.addRow('employmentStatus', employee, statusRow(date, 'Terminated', 'Resigned'));
    Object.assign(employee.fields, { status: 'Inactive', terminationDate: date });
  }

  private insert(hireMs: number, changedMs: number, announce: boolean): string {
    const id = String(this.nextEmployee++);
    const ids = [...this.employees.keys()];
    const supervisor =
      ids.length === 0 ? null : (ids[Math.floor(this.random.next() * Math.min(ids.length, 5))] ?? null);
    const hire = newEmployee(this.random, this.nextEmployee, hireMs, supervisor);
    const employee: SimEmployee = { id, fields: hire.fields, createdMs: changedMs, lastChangedMs: changedMs };
    this.employees.set(id, employee);
    this.addRow('jobInfo', employee, hire.job);
    this.addRow('compensation', employee, hire.pay);
    this.addRow('employmentStatus', employee, hire.status);
    if (announce) {
      // §8: on create, employee.created then employee.updated both fire.
      this.events.push({ type: 'employee.created', employeeId: id, changedFields: [], atMs: changedMs });
      this.events.push({
        type: 'employee.updated',
        employeeId: id,
        changedFields: ['firstName', 'lastName'],
        atMs: changedMs,
      });
    }
    return id;
  }

  private move(employee: SimEmployee, today: string): string[] {
    const current = employee.fields.department;
    const row = {
      ...jobRow(this.random, today, employee.fields.supervisorId ?? null),
      department: DEPARTMENTS.find((d) => d !== current) ?? 'Finance',
    };
    this.addRow('jobInfo', employee, row);
    return ['jobTitle', 'department', 'division', 'location'];
  }

  private raise(employee: SimEmployee, today: string): string[] {
    this.addRow(
      'compensation',
      employee,
      payRow(this.random, today, 'Merit', {
        department: employee.fields.department ?? null,
        location: employee.fields.location ?? null,
      }),
    );
    return ['payRate'];
  }

  private restatus(employee: SimEmployee, today: string): string[] {
    const terminate = this.random.next() < 0.3 && employee.fields.status === 'Active';
    const next = terminate ? 'Terminated' : this.random.pick(STATUSES);
    this.addRow('employmentStatus', employee, statusRow(today, next, terminate ? 'Resigned' : null));
    if (terminate) Object.assign(employee.fields, { status: 'Inactive', terminationDate: today });
    return terminate ? ['employmentHistoryStatus', 'status', 'terminationDate'] : ['employmentHistoryStatus'];
  }

  /** Adds a row and repeats its values on the employee, as the newest effective row is the current one (§4). */
  private addRow(table: TableName, employee: SimEmployee, values: Omit<SimRow, 'id' | 'employeeId'>): void {
    this.rows(table).push({ id: String(this.nextRow++), employeeId: employee.id, ...values });
    const fields = employee.fields;
    if (table === 'jobInfo') {
      for (const name of ['jobTitle', 'department', 'division', 'location'] as const)
        fields[name] = values[name] as string;
    } else if (table === 'compensation') {
      const rate = values.rate as { value: string; currency: string };
      // The employee's payRate as "<amount> <currency>": the text form is unconfirmed (§4 lists payRate only).
      Object.assign(fields, {
        payRate: `${rate.value} ${rate.currency}`,
        payType: values.type as string,
        payPer: values.paidPer as string,
        paySchedule: values.paySchedule as string,
      });
    } else {
      fields.employmentHistoryStatus = values.employmentStatus as string;
    }
  }

  private touch(employee: SimEmployee, type: EmployeeEvent['type'], changedFields: readonly string[]): void {
    employee.lastChangedMs = this.clockMs;
    this.events.push({ type, employeeId: employee.id, changedFields, atMs: this.clockMs });
  }
}

function payAmount(text: string | null): string | null {
  return text === null ? null : (text.split(' ')[0] ?? null);
}

export { isoStamp };
