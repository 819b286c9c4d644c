/**
 * The BambooHR streams this connector reads, their fields and types, and how a raw BambooHR value
 * becomes a typed one (bamboohr.md §4). Values arrive mostly as strings, ids too; dates `YYYY-MM-DD`;
 * empty values as `null` or `""` (which one is unconfirmed, both read as null). Amounts are read from
 * the text, never through a float. Table rows carry their employee's `lastChanged` as their cursor:
 * BambooHR stamps the employee, not the row (§5).
 */
import type { EntitySchema, FieldSchema } from '../../engine/model/io.ts';
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import { Decimal, PlainDate, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { JsonNumber, type JsonTree } from '../kit/json-exact.ts';

export type TableStreamId = 'jobInfo' | 'compensation' | 'employmentStatus';
export type BambooStreamId = 'employees' | TableStreamId | 'payroll';
export type Json = { readonly [key: string]: JsonTree };

/** `money` = the amount of `{value, currency}` or `"55000.00 USD"`; `currency:<field>` = that money's currency. */
export type FieldKind = Exclude<FieldTypeName, 'decimal' | 'integer'> | 'decimal' | 'money' | `currency:${string}` | 'list';

export interface BambooStream {
  readonly schema: EntitySchema;
  readonly kinds: Readonly<Record<string, FieldKind>>;
  /** Employee field aliases to request (employees only): what the follow-up fetch asks for. */
  readonly requestFields: readonly string[];
}

export const CURSOR = 'lastChanged';
const LAST_CHANGED: readonly [string, FieldKind, string] = [CURSOR, 'timestamp', "The employee's last change (any field or table row), §5"];

function stream(entity: BambooStreamId, label: string, key: readonly string[], fields: readonly (readonly [string, FieldKind, string?])[], requestFields: readonly string[] = []): BambooStream {
  const schemaFields: FieldSchema[] = fields.map(([name, kind, description]) => ({
    name,
    type: kind === 'money' ? 'decimal' : kind === 'list' || kind.startsWith('currency:') ? 'string' : (kind as FieldTypeName),
    ...(kind === 'list' ? { isList: true } : {}),
    ...(description === undefined ? {} : { description }),
  }));
  return { schema: { entity, label, key, cursorField: CURSOR, fields: schemaFields }, kinds: Object.fromEntries(fields.map(([name, kind]) => [name, kind])), requestFields };
}

const EMPLOYEE_FIELDS: readonly (readonly [string, FieldKind, string?])[] = [
  ['id', 'string', 'Employee id (BambooHR sends ids as strings)'], ['employeeNumber', 'string'], ['firstName', 'string'], ['middleName', 'string'], ['lastName', 'string'],
  ['preferredName', 'string'], ['displayName', 'string'], ['workEmail', 'string'], ['jobTitle', 'string'], ['department', 'string'], ['division', 'string'],
  ['location', 'string'], ['status', 'string', 'Active or Inactive'], ['employmentHistoryStatus', 'string'], ['hireDate', 'date'], ['terminationDate', 'date'],
  ['supervisorId', 'string'], ['payRate', 'money', 'Current pay rate amount (text form "<amount> <currency>" unconfirmed)'], ['payRateCurrency', 'currency:payRate'],
  ['payType', 'string'], ['payPer', 'string'], ['paySchedule', 'string'], ['deleted', 'boolean', 'Reported deleted by /employees/changed'], LAST_CHANGED,
];

export const EMPLOYEES = stream('employees', 'Employees', ['id'], EMPLOYEE_FIELDS,
  EMPLOYEE_FIELDS.map(([name]) => name).filter((name) => !['id', 'payRateCurrency', 'deleted'].includes(name)));

export const TABLE_STREAMS: readonly BambooStream[] = [
  stream('jobInfo', 'Job information (effective-dated)', ['employeeId', 'id'], [
    ['id', 'string', 'Row id'], ['employeeId', 'string'], ['date', 'date', 'Effective date'], ['location', 'string'], ['division', 'string'], ['department', 'string'],
    ['jobTitle', 'string'], ['reportsTo', 'string'], ['teams', 'list'], LAST_CHANGED,
  ]),
  stream('compensation', 'Compensation (effective-dated)', ['employeeId', 'id'], [
    ['id', 'string', 'Row id'], ['employeeId', 'string'], ['startDate', 'date', 'Effective date'], ['rate', 'money', 'Amount (field names and shape unconfirmed, §4)'],
    ['rateCurrency', 'currency:rate'], ['type', 'string'], ['exempt', 'string'], ['reason', 'string'], ['comment', 'string'], ['paidPer', 'string'],
    ['paySchedule', 'string'], ['overtimeRate', 'money'], LAST_CHANGED,
  ]),
  stream('employmentStatus', 'Employment status (effective-dated)', ['employeeId', 'id'], [
    ['id', 'string', 'Row id'], ['employeeId', 'string'], ['date', 'date', 'Effective date'], ['employmentStatus', 'string'], ['comment', 'string'],
    ['terminationReasonId', 'string', 'Unconfirmed name (§4)'], ['terminationTypeId', 'string', 'Unconfirmed name (§4)'], LAST_CHANGED,
  ]),
];

/** Computed from compensation and job rows per pay period (payroll/payroll-lines.ts); read with a window of period ends. */
export const PAYROLL = stream('payroll', 'Payroll register lines (gross pay per pay period, from compensation)', ['employeeId', 'payPeriodEnd', 'payItem'], [
  ['employeeId', 'string'], ['employeeNumber', 'string'], ['firstName', 'string'], ['lastName', 'string'], ['payPeriodStart', 'date'], ['payPeriodEnd', 'date'],
  ['paySchedule', 'string'], ['payItem', 'string', 'The compensation type (Salary, Hourly...) on the earnings line; "Wages payable" on its offset'],
  ['side', 'string', 'debit (earnings) or credit (wages payable); the two lines of an employee-period balance'], ['amount', 'money', 'Gross pay of the period, exact to the cent'],
  ['currency', 'string'], ['payType', 'string'], ['rate', 'money'], ['paidPer', 'string'], ['department', 'string'], ['division', 'string'], ['location', 'string'], LAST_CHANGED,
]);

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

type Result = { readonly value: Value } | { readonly problem: string };

function isEmpty(raw: JsonTree | undefined): boolean {
  return raw === undefined || raw === null || raw === '';
}

/** `{value, currency}` or `"55000.00 USD"` (both seen in clients; which BambooHR sends where is unconfirmed). */
function money(raw: JsonTree | undefined): { readonly amount?: string; readonly currency?: string } | undefined {
  if (isEmpty(raw)) return {};
  if (raw instanceof JsonNumber) return { amount: raw.text };
  if (typeof raw === 'string') {
    const match = /^\s*(-?\d+(?:\.\d+)?)\s*([A-Z]{3})?\s*$/.exec(raw.replace(/,/g, ''));
    return match === null ? undefined : { amount: match[1] ?? '', ...(match[2] === undefined ? {} : { currency: match[2] }) };
  }
  if (typeof raw === 'object' && !Array.isArray(raw) && raw !== null) {
    const record = raw as Json;
    const value = record.value;
    const amount = value instanceof JsonNumber ? value.text : typeof value === 'string' ? value : undefined;
    return amount === undefined ? undefined : { amount, ...(typeof record.currency === 'string' ? { currency: record.currency } : {}) };
  }
  return undefined;
}

/** The raw value of `field` in `row` as the field's kind, or a reason it cannot be. */
export function toValue(row: Json, field: string, kind: FieldKind): Result {
  if (kind.startsWith('currency:')) return { value: money(row[kind.slice('currency:'.length)])?.currency ?? null };
  const raw = row[field];
  if (kind === 'list') return Array.isArray(raw) ? { value: raw.map((item) => (item instanceof JsonNumber ? item.text : String(item))) } : { value: [] };
  if (kind === 'boolean') return typeof raw === 'boolean' ? { value: raw } : raw === undefined || raw === null ? { value: false } : { problem: 'is not true or false' };
  if (isEmpty(raw)) return { value: null };
  switch (kind) {
    case 'string':
      return typeof raw === 'string' ? { value: raw } : raw instanceof JsonNumber ? { value: raw.text } : { problem: 'is not text' };
    case 'decimal':
    case 'money': {
      const parsed = money(raw);
      const amount = parsed?.amount === undefined ? undefined : Decimal.tryParse(parsed.amount);
      return amount === undefined ? { problem: `${JSON.stringify(raw)} is not an amount` } : { value: amount };
    }
    case 'date': {
      // "0000-00-00" is how some BambooHR exports write "no date" (unconfirmed for the JSON API): read as empty.
      if (raw === '0000-00-00') return { value: null };
      const date = typeof raw === 'string' ? PlainDate.tryParse(raw) : undefined;
      return date === undefined ? { problem: `${JSON.stringify(raw)} is not a date (YYYY-MM-DD)` } : { value: date };
    }
    case 'timestamp': {
      // §5 shows lastChanged with an offset; text without one is read as UTC (unconfirmed).
      const stamp = typeof raw === 'string' ? Timestamp.tryParse(raw, 'UTC') : undefined;
      return stamp === undefined ? { problem: `${JSON.stringify(raw)} is not a date and time` } : { value: stamp };
    }
    default:
      return { problem: `has an unknown kind ${kind}` };
  }
}
