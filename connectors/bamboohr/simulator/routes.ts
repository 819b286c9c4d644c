/**
 * The BambooHR endpoints a sync uses (bamboohr.md §3), answered from the store: the directory, one
 * employee's fields, `/employees/changed` (a map keyed by id plus `latest`), the changed-tables feed
 * (all rows of every changed employee), tables per employee or `all`, and the custom report.
 * All unpaged (§5). Errors carry their text in a header with an empty body (§7).
 */
import type { BambooStore, SimEmployee } from './store.ts';
import { TABLES, type SimRow, type TableName, isoStamp } from './seed-data.ts';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const MAX_FIELDS = 400;
const DIRECTORY_FIELDS = [
  'displayName',
  'firstName',
  'lastName',
  'preferredName',
  'jobTitle',
  'workPhone',
  'mobilePhone',
  'workEmail',
  'department',
  'location',
  'division',
  'photoUrl',
];
/** Field ids the simulator knows; anything else is dropped silently, as an unpermitted field is (§3). */
const KNOWN_FIELDS = new Set([
  'employeeNumber',
  'firstName',
  'middleName',
  'lastName',
  'preferredName',
  'displayName',
  'workEmail',
  'jobTitle',
  'department',
  'division',
  'location',
  'status',
  'employmentHistoryStatus',
  'hireDate',
  'terminationDate',
  'supervisorId',
  'payRate',
  'payType',
  'payPer',
  'paySchedule',
  'lastChanged',
]);

export function fail(status: number, message: string): Reply & { readonly message: string } {
  return { status, message };
}

function fieldValue(employee: SimEmployee, field: string): string | null {
  if (field === 'lastChanged') return isoStamp(employee.lastChangedMs);
  if (field === 'id') return employee.id;
  return employee.fields[field] ?? null;
}

function pick(employee: SimEmployee, fields: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = { id: employee.id };
  for (const field of fields) if (KNOWN_FIELDS.has(field)) out[field] = fieldValue(employee, field);
  return out;
}

/**
 * The directory lists Active employees only (BambooHR's OpenAPI spec, `specs/public.yaml`: "Only returns
 * employees with an employee status of 'Active'"); 404 when that leaves nobody.
 */
export function directory(store: BambooStore): Reply {
  const active = [...store.employees.values()].filter((employee) => employee.fields.status === 'Active');
  if (active.length === 0) return fail(404, 'No employees found.');
  return {
    status: 200,
    body: {
      fields: DIRECTORY_FIELDS.map((id) => ({ id, type: 'text', name: id })),
      employees: active.map((employee) => ({ ...pick(employee, DIRECTORY_FIELDS), photoUrl: null })),
    },
  };
}

export function employee(store: BambooStore, id: string, fieldsParam: string | null): Reply {
  const found = store.employees.get(id === '0' ? ([...store.employees.keys()][0] ?? '') : id);
  if (found === undefined) return fail(404, `Employee ${id} not found.`);
  const fields = (fieldsParam ?? 'firstName,lastName')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  if (fields.length > MAX_FIELDS) return fail(400, `At most ${MAX_FIELDS} fields may be requested.`);
  return { status: 200, body: pick(found, fields) };
}

/** `since` as epoch ms, or undefined when missing or not ISO 8601 with an offset (400, §3). */
function parseSince(text: string | null): number | undefined {
  if (text === null || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Whether `since` is inclusive is unconfirmed; the simulator takes the exclusive reading (changes after
 * `since`), the one a client must cope with. `latest` is "the latest last-changed timestamp among the
 * returned employees" (BambooHR's OpenAPI spec, `specs/public.yaml`), not the server's clock; with
 * nobody returned it is null here (what BambooHR sends then is unconfirmed).
 */
export function changed(store: BambooStore, query: URLSearchParams): Reply {
  const since = parseSince(query.get('since'));
  if (since === undefined) return fail(400, 'The since parameter is missing or not an ISO 8601 date and time.');
  const type = query.get('type') ?? 'all';
  const employees: Record<string, unknown> = {};
  let latestMs: number | undefined;
  const add = (id: string, action: string, lastChangedMs: number) => {
    employees[id] = { id, action, lastChanged: isoStamp(lastChangedMs) };
    latestMs = Math.max(latestMs ?? lastChangedMs, lastChangedMs);
  };
  if (type === 'all' || type === 'inserted' || type === 'updated') {
    for (const item of store.employees.values()) {
      if (item.lastChangedMs <= since) continue;
      const action = item.createdMs > since ? 'Inserted' : 'Updated';
      if (type === 'all' || type === action.toLowerCase()) add(item.id, action, item.lastChangedMs);
    }
  }
  if (type === 'all' || type === 'deleted') {
    for (const gone of store.deleted.values())
      if (gone.lastChangedMs > since) add(gone.id, 'Deleted', gone.lastChangedMs);
  }
  return { status: 200, body: { latest: latestMs === undefined ? null : isoStamp(latestMs), employees } };
}

export function changedTable(store: BambooStore, table: string, query: URLSearchParams): Reply {
  if (!isTable(table)) return fail(404, `Table ${table} not found.`);
  const since = parseSince(query.get('since'));
  if (since === undefined) return fail(400, 'The since parameter is missing or not an ISO 8601 date and time.');
  const employees: Record<string, { lastChanged: string; rows: readonly SimRow[] }> = {};
  for (const item of store.employees.values()) {
    // §3: all rows of every employee whose record changed, not only the rows that changed.
    if (item.lastChangedMs > since)
      employees[item.id] = { lastChanged: isoStamp(item.lastChangedMs), rows: store.rowsOf(table, item.id) };
  }
  return { status: 200, body: { table, employees } };
}

export function tableRows(store: BambooStore, id: string, table: string): Reply {
  if (!isTable(table)) return fail(404, `Table ${table} not found.`);
  if (id !== 'all' && !store.employees.has(id)) return fail(404, `Employee ${id} not found.`);
  const rows = id === 'all' ? store.rows(table) : store.rowsOf(table, id);
  // §3: "unordered"; newest first here so a client that assumes an order finds out.
  return { status: 200, body: [...rows].reverse() };
}

interface CustomReport {
  readonly title?: unknown;
  readonly fields?: unknown;
  readonly filters?: {
    readonly lastChanged?: { readonly value?: unknown; readonly includeNull?: unknown };
    readonly employeeIds?: unknown;
  };
}

/**
 * `POST /reports/custom` as BambooHR's OpenAPI spec (`specs/public.yaml`) describes it: every employee
 * whatever their status; the body is read as JSON only when `Content-Type` is exactly `application/json`
 * ("any variation such as `application/json; charset=UTF-8` is not recognised as JSON and the body will be
 * parsed as XML instead, which typically results in `400 Malformed XML`"); `filters.employeeIds` is a list
 * of integers (the spec's schema: refused otherwise here; what BambooHR does with strings is unconfirmed);
 * `filters.lastChanged` keeps employees changed "at or after" its value.
 */
export function customReport(
  store: BambooStore,
  text: string,
  query: URLSearchParams,
  contentType: string | undefined,
): Reply {
  if (query.get('format')?.toUpperCase() !== 'JSON') return fail(400, 'Only format=JSON is simulated.');
  // XML report definitions are not simulated; a JSON body read as XML is malformed XML.
  if (contentType !== 'application/json') return fail(400, 'Malformed XML');
  let body: CustomReport;
  try {
    body = JSON.parse(text) as CustomReport;
  } catch {
    return fail(400, 'Malformed JSON');
  }
  if (!Array.isArray(body.fields) || !body.fields.every((field) => typeof field === 'string'))
    return fail(400, 'fields must be a list of field names.');
  const fields = body.fields as string[];
  if (fields.length > MAX_FIELDS) return fail(400, `At most ${MAX_FIELDS} fields may be requested.`);
  const sinceText = body.filters?.lastChanged?.value;
  const since = typeof sinceText === 'string' ? parseSince(sinceText) : undefined;
  if (sinceText !== undefined && since === undefined)
    return fail(400, 'filters.lastChanged.value is not an ISO 8601 date and time.');
  const wanted = body.filters?.employeeIds;
  if (wanted !== undefined && !(Array.isArray(wanted) && wanted.every((id) => Number.isSafeInteger(id))))
    return fail(400, 'filters.employeeIds must be a list of integer employee ids.');
  const ids = wanted === undefined ? undefined : new Set((wanted as number[]).map(String));
  const known = fields.filter((field) => KNOWN_FIELDS.has(field));
  const employees = [...store.employees.values()]
    .filter((item) => (ids === undefined || ids.has(item.id)) && (since === undefined || item.lastChangedMs >= since))
    .map((item) => pick(item, known));
  return {
    status: 200,
    body: {
      title: typeof body.title === 'string' ? body.title : 'Report',
      fields: known.map((id) => ({ id, type: 'text', name: id })),
      employees,
    },
  };
}

function isTable(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}
