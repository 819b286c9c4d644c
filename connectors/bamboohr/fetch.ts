/**
 * The BambooHR reads the source and the change feed share (bamboohr.md §3): the changed-employees map,
 * the changed-tables feed, and the follow-up fetch of the fields a mapping needs through the custom
 * report (one request for many employees, where `GET /employees/{id}` would be one each).
 */
import { Timestamp, compareValues } from '../../engine/model/values/index.ts';
import { KitError } from '../kit/errors.ts';
import { JsonNumber, type JsonTree } from '../kit/json-exact.ts';
import type { BambooClient } from './client.ts';
import { CURSOR, type Json } from './streams.ts';

export interface ChangedEmployee {
  readonly id: string;
  readonly action: 'Inserted' | 'Updated' | 'Deleted';
  /** From `/employees/changed` or the custom report; null when BambooHR gave none. */
  readonly lastChanged: Timestamp | null;
}

export interface ChangedSince {
  /** §5: the watermark to ask from next time. */
  readonly latest: string | undefined;
  readonly employees: readonly ChangedEmployee[];
}

function asObject(tree: JsonTree | undefined, what: string): Json {
  if (
    tree === null ||
    tree === undefined ||
    typeof tree !== 'object' ||
    Array.isArray(tree) ||
    tree instanceof JsonNumber
  ) {
    throw new KitError('RESPONSE_INVALID', `BambooHR answered ${what} without the expected object`);
  }
  return tree as Json;
}

function stamp(raw: JsonTree | undefined): Timestamp | null {
  return typeof raw === 'string' ? (Timestamp.tryParse(raw, 'UTC') ?? null) : null;
}

function byCursorThenId(
  a: { lastChanged: Timestamp | null; id: string },
  b: { lastChanged: Timestamp | null; id: string },
): number {
  return compareValues(a.lastChanged, b.lastChanged) || compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** `GET /employees/changed?since=`: `{latest, employees: {"<id>": {id, action, lastChanged}}}`, a map keyed by id (§3). */
export async function changedSince(client: BambooClient, since: string, signal?: AbortSignal): Promise<ChangedSince> {
  const body = asObject(await client.get('employees/changed', { since, type: 'all' }, signal), 'employees/changed');
  const map =
    body.employees === undefined || body.employees === null ? {} : asObject(body.employees, 'employees/changed');
  const employees = Object.entries(map).map(([id, raw]): ChangedEmployee => {
    const entry = asObject(raw, `employees/changed for ${id}`);
    const action = entry.action === 'Deleted' || entry.action === 'Inserted' ? entry.action : 'Updated';
    return { id: typeof entry.id === 'string' ? entry.id : id, action, lastChanged: stamp(entry.lastChanged) };
  });
  return {
    latest: typeof body.latest === 'string' ? body.latest : undefined,
    employees: employees.sort(byCursorThenId),
  };
}

export async function changedEmployees(
  client: BambooClient,
  since: string,
  signal?: AbortSignal,
): Promise<readonly ChangedEmployee[]> {
  return (await changedSince(client, since, signal)).employees;
}

/** `GET /employees/changed/tables/{table}?since=`: every row of every changed employee, with its employee's lastChanged. */
export async function changedTableRows(
  client: BambooClient,
  table: string,
  since: string,
  signal?: AbortSignal,
): Promise<Json[]> {
  const body = asObject(
    await client.get(`employees/changed/tables/${encodeURIComponent(table)}`, { since }, signal),
    `changed table ${table}`,
  );
  const map =
    body.employees === undefined || body.employees === null ? {} : asObject(body.employees, `changed table ${table}`);
  const rows: Json[] = [];
  for (const [employeeId, raw] of Object.entries(map)) {
    const entry = asObject(raw, `changed table ${table} for ${employeeId}`);
    const list = Array.isArray(entry.rows) ? (entry.rows as readonly JsonTree[]) : [];
    for (const row of list)
      rows.push({ ...asObject(row, `a ${table} row`), employeeId, [CURSOR]: entry.lastChanged ?? null });
  }
  const key = (row: Json) => ({ lastChanged: stamp(row[CURSOR]), id: `${String(row.employeeId)}/${String(row.id)}` });
  return rows.sort((a, b) => byCursorThenId(key(a), key(b)));
}

/** An employee id as text: BambooHR sends ids as strings (§4); a number is read by its digits. */
function idText(raw: JsonTree | undefined, what: string): string {
  if (typeof raw === 'string' && raw !== '') return raw;
  if (raw instanceof JsonNumber) return raw.text;
  throw new KitError('RESPONSE_INVALID', `BambooHR answered ${what} without an employee id`);
}

/**
 * The report's `filters.employeeIds` are integers (BambooHR's OpenAPI spec, `RequestCustomReport`), while
 * every other answer names employees by strings of digits (§4). An id that is not one is refused here,
 * before a report asked with it could leave the employee out.
 */
function integerId(id: string): number {
  const value = /^[1-9]\d{0,14}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(value))
    throw new KitError(
      'RESPONSE_INVALID',
      `BambooHR named an employee "${id}", which is not a whole-number id; the custom report takes employee ids as integers`,
    );
  return value;
}

const REPORT_QUERY = { format: 'JSON', onlyCurrent: 'true' } as const;

/**
 * The id and lastChanged of every employee, whatever their status: the custom report without filters
 * "includes all employees regardless of status (both Active and Inactive)" (BambooHR's OpenAPI spec,
 * `specs/public.yaml`, `POST /reports/custom`). Not `/employees/directory`, which lists Active employees
 * only (same spec): a full read or a payroll built from it misses everyone who left, and their final pay.
 */
export async function everyEmployee(client: BambooClient, signal?: AbortSignal): Promise<readonly ChangedEmployee[]> {
  const body = asObject(
    await client.postRead(
      'reports/custom',
      REPORT_QUERY,
      { title: 'ml-connector sync: every employee', fields: [CURSOR], filterDuplicates: 'yes' },
      signal,
    ),
    'reports/custom',
  );
  const rows = Array.isArray(body.employees) ? (body.employees as readonly JsonTree[]) : [];
  const employees = rows.map((raw): ChangedEmployee => {
    const record = asObject(raw, 'a custom report row');
    return { id: idText(record.id, 'a custom report row'), action: 'Updated', lastChanged: stamp(record[CURSOR]) };
  });
  return employees.sort(byCursorThenId);
}

/**
 * The follow-up fetch: the given employees' fields by `POST /reports/custom` filtered on their ids
 * (§3; the report is deprecated in favour of Datasets but live). Unpermitted fields are left out by
 * BambooHR and read as empty. Deleted employees become rows with `deleted: true`. An employee that
 * changed and then vanished before the report is left out: the next changed-since read says Deleted.
 */
export async function employeeRecords(
  client: BambooClient,
  wanted: readonly ChangedEmployee[],
  fields: readonly string[],
  signal?: AbortSignal,
): Promise<Json[]> {
  const live = wanted.filter((entry) => entry.action !== 'Deleted');
  const found = new Map<string, Json>();
  if (live.length > 0) {
    const body = asObject(
      await client.postRead(
        'reports/custom',
        REPORT_QUERY,
        {
          title: 'ml-connector sync',
          fields: [...new Set([...fields, CURSOR])],
          filters: { employeeIds: live.map((entry) => integerId(entry.id)) },
          filterDuplicates: 'yes',
        },
        signal,
      ),
      'reports/custom',
    );
    for (const raw of Array.isArray(body.employees) ? (body.employees as readonly JsonTree[]) : []) {
      const record = asObject(raw, 'a custom report row');
      found.set(idText(record.id, 'a custom report row'), record);
    }
  }
  const out: Json[] = [];
  for (const entry of wanted) {
    const changedAt = entry.lastChanged?.toString() ?? null;
    if (entry.action === 'Deleted') {
      out.push({ id: entry.id, deleted: true, [CURSOR]: changedAt });
      continue;
    }
    const record = found.get(entry.id);
    if (record === undefined) continue;
    // The report's lastChanged is the newer when the employee changed again between the two calls.
    const reported = stamp(record[CURSOR]);
    const newer =
      reported !== null && (entry.lastChanged === null || compareValues(reported, entry.lastChanged) >= 0)
        ? (record[CURSOR] ?? null)
        : changedAt;
    out.push({ ...record, id: entry.id, deleted: false, [CURSOR]: newer });
  }
  return out;
}
