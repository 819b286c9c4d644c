/**
 * The BambooHR streams this connector reads, their fields and types, and how a raw BambooHR value
 * becomes a typed one (bamboohr.md §4). Values arrive mostly as strings, ids too; dates `YYYY-MM-DD`;
 * empty values as `null` or `""` (which one is unconfirmed, both read as null). Amounts are read from
 * the text, never through a float. Table rows carry their employee's `lastChanged` as their cursor:
 * BambooHR stamps the employee, not the row (§5).
 */
import { declareStream, type DeclaredStream, type FieldSpec } from '../kit/rest/stream.ts';
import { boolean, date, list, moneyAmount, moneyCurrency, text, timestamp, type Json } from '../kit/rest/values.ts';

export type TableStreamId = 'jobInfo' | 'compensation' | 'employmentStatus';
export type BambooStreamId = 'employees' | TableStreamId | 'payroll';
export type { Json } from '../kit/rest/values.ts';

export interface BambooStream extends DeclaredStream {
  /** Employee field aliases to request (employees only): what the follow-up fetch asks for. */
  readonly requestFields: readonly string[];
}

export const CURSOR = 'lastChanged';

/**
 * How BambooHR's JSON reads (§4): empty is `null` or `""`, both null; ids may be numbers, read as text;
 * a flag left out is false; "0000-00-00" is no date (unconfirmed for the JSON API); §5 shows lastChanged
 * with an offset, and text without one is read as UTC (unconfirmed). Money is `{value, currency}` or
 * `"55000.00 USD"` (both seen in clients; which BambooHR sends where is unconfirmed).
 */
const MONEY_FIELDS = { amount: 'value', currency: 'currency' } as const;
const AS = {
  string: ['string', text({ numbers: true, emptyIsNull: true })],
  boolean: ['boolean', boolean({ missing: false })],
  date: ['date', date({ zeroDateIsNull: true, emptyIsNull: true })],
  timestamp: ['timestamp', timestamp({ emptyIsNull: true })],
  money: ['decimal', moneyAmount(MONEY_FIELDS)],
  list: ['list', list()],
} as const;
/** `money` = the amount of `{value, currency}` or `"55000.00 USD"`; `currency:<field>` = that money's currency. */
type Kind = keyof typeof AS | `currency:${string}`;
type Field = readonly [string, Kind, string?];

export const CONVERT = Object.fromEntries(Object.entries(AS).map(([kind, [, convert]]) => [kind, convert])) as {
  readonly [K in keyof typeof AS]: (typeof AS)[K][1];
};

/** The currency of the money value in `field`. */
export function currencyOf(field: string): ReturnType<typeof moneyCurrency> {
  return moneyCurrency(field, MONEY_FIELDS);
}

const LAST_CHANGED: Field = [CURSOR, 'timestamp', "The employee's last change (any field or table row), §5"];

function spec([name, kind, description]: Field): FieldSpec {
  if (kind.startsWith('currency:')) return [name, 'string', currencyOf(kind.slice('currency:'.length)), description];
  const [type, convert] = AS[kind as keyof typeof AS];
  return [name, type, convert, description];
}

function stream(
  entity: BambooStreamId,
  label: string,
  key: readonly string[],
  fields: readonly Field[],
  requestFields: readonly string[] = [],
): BambooStream {
  return { ...declareStream(entity, label, key, CURSOR, fields.map(spec)), requestFields };
}

const EMPLOYEE_FIELDS: readonly Field[] = [
  ['id', 'string', 'Employee id (BambooHR sends ids as strings)'],
  ['employeeNumber', 'string'],
  ['firstName', 'string'],
  ['middleName', 'string'],
  ['lastName', 'string'],
  ['preferredName', 'string'],
  ['displayName', 'string'],
  ['workEmail', 'string'],
  ['jobTitle', 'string'],
  ['department', 'string'],
  ['division', 'string'],
  ['location', 'string'],
  ['status', 'string', 'Active or Inactive'],
  ['employmentHistoryStatus', 'string'],
  ['hireDate', 'date'],
  ['terminationDate', 'date'],
  ['supervisorId', 'string'],
  ['payRate', 'money', 'Current pay rate amount (text form "<amount> <currency>" unconfirmed)'],
  ['payRateCurrency', 'currency:payRate'],
  ['payType', 'string'],
  ['payPer', 'string'],
  ['paySchedule', 'string'],
  ['deleted', 'boolean', 'Reported deleted by /employees/changed'],
  LAST_CHANGED,
];

export const EMPLOYEES = stream(
  'employees',
  'Employees',
  ['id'],
  EMPLOYEE_FIELDS,
  EMPLOYEE_FIELDS.map(([name]) => name).filter((name) => !['id', 'payRateCurrency', 'deleted'].includes(name)),
);

export const TABLE_STREAMS: readonly BambooStream[] = [
  stream(
    'jobInfo',
    'Job information (effective-dated)',
    ['employeeId', 'id'],
    [
      ['id', 'string', 'Row id'],
      ['employeeId', 'string'],
      ['date', 'date', 'Effective date'],
      ['location', 'string'],
      ['division', 'string'],
      ['department', 'string'],
      ['jobTitle', 'string'],
      ['reportsTo', 'string'],
      ['teams', 'list'],
      LAST_CHANGED,
    ],
  ),
  stream(
    'compensation',
    'Compensation (effective-dated)',
    ['employeeId', 'id'],
    [
      ['id', 'string', 'Row id'],
      ['employeeId', 'string'],
      ['startDate', 'date', 'Effective date'],
      ['rate', 'money', 'Amount (field names and shape unconfirmed, §4)'],
      ['rateCurrency', 'currency:rate'],
      ['type', 'string'],
      ['exempt', 'string'],
      ['reason', 'string'],
      ['comment', 'string'],
      ['paidPer', 'string'],
      ['paySchedule', 'string'],
      ['overtimeRate', 'money'],
      LAST_CHANGED,
    ],
  ),
  stream(
    'employmentStatus',
    'Employment status (effective-dated)',
    ['employeeId', 'id'],
    [
      ['id', 'string', 'Row id'],
      ['employeeId', 'string'],
      ['date', 'date', 'Effective date'],
      ['employmentStatus', 'string'],
      ['comment', 'string'],
      ['terminationReasonId', 'string', 'Unconfirmed name (§4)'],
      ['terminationTypeId', 'string', 'Unconfirmed name (§4)'],
      LAST_CHANGED,
    ],
  ),
];

/** Computed from compensation and job rows per pay period (payroll/payroll-lines.ts); read with a window of period ends. */
export const PAYROLL = stream(
  'payroll',
  'Payroll register lines (gross pay per pay period, from compensation)',
  ['employeeId', 'payPeriodEnd', 'payItem'],
  [
    ['employeeId', 'string'],
    ['employeeNumber', 'string'],
    ['firstName', 'string'],
    ['lastName', 'string'],
    ['payPeriodStart', 'date'],
    ['payPeriodEnd', 'date'],
    ['paySchedule', 'string'],
    [
      'payItem',
      'string',
      'The compensation type (Salary, Hourly...) on the earnings line; "Wages payable" on its offset',
    ],
    ['side', 'string', 'debit (earnings) or credit (wages payable); the two lines of an employee-period balance'],
    ['amount', 'money', 'Gross pay of the period, exact to the cent'],
    ['currency', 'string'],
    ['payType', 'string'],
    ['rate', 'money'],
    ['paidPer', 'string'],
    ['department', 'string'],
    ['division', 'string'],
    ['location', 'string'],
    LAST_CHANGED,
  ],
);

export const BAMBOO_STREAMS: readonly BambooStream[] = [EMPLOYEES, ...TABLE_STREAMS, PAYROLL];

/**
 * The employee fields to fetch: those the mapping reads (`wanted`, from the run), or all of them.
 * `payRate` carries `payRateCurrency` too, so either name asks for it.
 */
export function employeeFieldsFor(wanted: readonly string[] | undefined): readonly string[] {
  if (wanted === undefined) return EMPLOYEES.requestFields;
  const asked = new Set(wanted.map((name) => (name === 'payRateCurrency' ? 'payRate' : name)));
  return EMPLOYEES.requestFields.filter((name) => asked.has(name));
}

export function streamOf(entity: string): BambooStream | undefined {
  return BAMBOO_STREAMS.find((candidate) => candidate.schema.entity === entity);
}
