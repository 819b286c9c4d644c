/**
 * Seeded employees and their effective-dated table rows, as BambooHR holds them (bamboohr.md §4):
 * values are mostly strings (ids too), dates `YYYY-MM-DD`, the current job, pay and status repeated on
 * the employee from the newest table row. The same seed gives the same company on every machine.
 */
import type { SeededRandom } from '../../kit/simulator/seeded.ts';

export type SimValue = string | null | readonly string[] | { readonly value: string; readonly currency: string };
export type SimRow = Readonly<Record<string, SimValue>> & { readonly id: string; readonly employeeId: string };
export type TableName = 'jobInfo' | 'compensation' | 'employmentStatus';
export const TABLES: readonly TableName[] = ['jobInfo', 'compensation', 'employmentStatus'];

const FIRST = [
  'Ava',
  'Ben',
  'Chloé',
  'Dmitri',
  'Esme',
  'Farah',
  'Goran',
  'Hana',
  'Ivan',
  "Ja'Nae",
  'Kenji',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
];
const LAST = [
  'Abbott',
  'Brandt',
  'Castillo',
  "O'Neill",
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hughes',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lund',
  'Müller',
];
export const DEPARTMENTS = ['Finance', 'Operations', 'Sales', 'Engineering', 'People', 'Warehouse'];
const DIVISIONS = ['North America', 'EMEA'];
const LOCATIONS = ['Chicago', 'Dallas', 'Leeds'];
const TITLES = ['Analyst', 'Manager', 'Specialist', 'Coordinator', 'Engineer', 'Associate'];
export const STATUSES = ['Full-Time', 'Part-Time', 'Contractor'];

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** BambooHR writes lastChanged with an offset (§5 example `2013-10-20T19:20:30+01:00`); the simulator uses +00:00. */
export function isoStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export interface NewEmployee {
  readonly fields: Record<string, string | null>;
  readonly job: Omit<SimRow, 'id' | 'employeeId'>;
  readonly pay: Omit<SimRow, 'id' | 'employeeId'>;
  readonly status: Omit<SimRow, 'id' | 'employeeId'>;
}

export function jobRow(
  random: SeededRandom,
  date: string,
  supervisorId: string | null,
): Omit<SimRow, 'id' | 'employeeId'> {
  return {
    date,
    location: random.pick(LOCATIONS),
    division: random.pick(DIVISIONS),
    department: random.pick(DEPARTMENTS),
    jobTitle: random.pick(TITLES),
    reportsTo: supervisorId,
    teams: [],
  };
}

/** Where someone works decides how they are paid: the warehouse weekly, everyone else twice a month; Leeds in pounds. */
export interface PayPlace {
  readonly department: string | null;
  readonly location: string | null;
}

export function payScheduleOf(place: PayPlace): string {
  return place.department === 'Warehouse' ? 'Weekly' : 'Twice a month';
}

/** Salaried pay per year or hourly pay per hour; the amount is a decimal string (never a float's digits). */
export function payRow(
  random: SeededRandom,
  startDate: string,
  reason: string,
  place: PayPlace,
): Omit<SimRow, 'id' | 'employeeId'> {
  const hourly = random.next() < 0.25;
  return {
    startDate,
    rate: {
      value: hourly ? random.decimal(18, 75, 2) : random.decimal(38_000, 165_000, 2),
      currency: place.location === 'Leeds' ? 'GBP' : 'USD',
    },
    type: hourly ? 'Hourly' : 'Salary',
    exempt: hourly ? 'Non-exempt' : 'Exempt',
    reason,
    comment: null,
    paidPer: hourly ? 'Hour' : 'Year',
    paySchedule: payScheduleOf(place),
    overtimeRate: null,
  };
}

export function statusRow(
  date: string,
  employmentStatus: string,
  comment: string | null = null,
): Omit<SimRow, 'id' | 'employeeId'> {
  return { date, employmentStatus, comment, terminationReasonId: null, terminationTypeId: null };
}

export function newEmployee(
  random: SeededRandom,
  index: number,
  hireMs: number,
  supervisorId: string | null,
): NewEmployee {
  const firstName = random.pick(FIRST);
  const lastName = random.pick(LAST);
  const hireDate = isoDate(hireMs);
  const job = jobRow(random, hireDate, supervisorId);
  const pay = payRow(random, hireDate, 'New Hire', {
    department: job.department as string,
    location: job.location as string,
  });
  const status = statusRow(hireDate, random.pick(STATUSES));
  const email = `${firstName}.${lastName}.${index}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9.]/g, '');
  return {
    fields: {
      employeeNumber: String(index).padStart(5, '0'),
      firstName,
      middleName: null,
      lastName,
      preferredName: random.next() < 0.2 ? firstName.slice(0, 3) : null,
      displayName: `${firstName} ${lastName}`,
      workEmail: `${email}@example.com`,
      hireDate,
      terminationDate: null,
      status: 'Active',
      supervisorId,
    },
    job,
    pay,
    status,
  };
}
