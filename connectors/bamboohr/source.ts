/**
 * The BambooHR source. Cursor: `lastChanged`, the employee's last change to any field or table row
 * (bamboohr.md §5); table rows carry their employee's. What a read returns:
 * - employees, full: every employee's id, whatever their status, from the custom report (not the
 *   directory, which lists Active employees only), then the fields this stream needs by the custom
 *   report filtered on those ids, `pageSize` ids per report (§3).
 * - employees, from a watermark: `/employees/changed?since=` (a map keyed by id, §3), then the same
 *   follow-up report for the changed ids; deleted employees come as rows with `deleted: true`.
 * - tables: `/employees/changed/tables/{table}?since=` (the epoch for a full read): all rows of every
 *   employee changed since (§3), so an incremental read returns every row of a changed employee.
 * Closed start: whether `since` is inclusive is unconfirmed, so the source asks from one second before
 * the watermark (lastChanged has whole seconds) and drops rows below it itself. Legacy endpoints are
 * unpaged (§5): a page here is a slice of one response. Rows are not in cursor order across a full
 * read (an employee can change between the id list and the follow-up report), so `orderedByCursor` is
 * false and the runner advances the watermark when the whole read has committed.
 */
import type { EntitySchema, ReadRequest, Source, SourcePage } from '../../engine/model/io.ts';
import { Timestamp, type Value } from '../../engine/model/values/index.ts';
import { recordsToPage } from '../kit/rest/stream.ts';
import { queryCursorParams } from '../kit/rest/windows.ts';
import { checkCursorField, checkNoFilters, cursorWindow, inWindow, streamFor } from '../kit/rest/read-request.ts';
import { BambooClient, type BambooConnectionConfig } from './client.ts';
import { type ChangedEmployee, changedEmployees, changedTableRows, employeeRecords, everyEmployee } from './fetch.ts';
import { readPayroll, type PayrollOptions } from './payroll/read-payroll.ts';
import {
  BAMBOO_STREAMS,
  CURSOR,
  EMPLOYEES,
  PAYROLL,
  type BambooStream,
  type Json,
  employeeFieldsFor,
} from './streams.ts';

/** The kit's one request error under the name this connector's index has always exported. */
export { SourceRequestError as BambooSourceError } from '../kit/rest/read-request.ts';

const SYSTEM = 'BambooHR';

export const EPOCH_SINCE = '1970-01-01T00:00:00+00:00';

export interface BambooSource extends Source {
  readonly client: BambooClient;
}

/** Per entity, the stream's `source.options` (the payroll stream's window of pay periods). */
export type BambooSourceOptions = Readonly<Record<string, PayrollOptions>>;

export function createBambooSource(config: BambooConnectionConfig, options: BambooSourceOptions = {}): BambooSource {
  const client = new BambooClient(config);
  return {
    client,
    orderedByCursor: false,
    discover: (): Promise<readonly EntitySchema[]> => Promise.resolve(BAMBOO_STREAMS.map((stream) => stream.schema)),
    read: (request) =>
      request.entity === PAYROLL.schema.entity
        ? readPayrollStream(client, request, options.payroll ?? {})
        : readStream(client, request),
    close: () => client.close(),
  };
}

function readPayrollStream(
  client: BambooClient,
  request: ReadRequest,
  options: PayrollOptions,
): AsyncGenerator<SourcePage> {
  checkCursorField(SYSTEM, request, CURSOR);
  checkNoFilters(SYSTEM, request);
  return readPayroll(client, request, options, (signal) => everyEmployee(client, signal));
}

async function* readStream(client: BambooClient, request: ReadRequest): AsyncGenerator<SourcePage> {
  const stream = streamFor(SYSTEM, BAMBOO_STREAMS, request.entity);
  checkCursorField(SYSTEM, request, CURSOR);
  checkNoFilters(SYSTEM, request);
  const window = cursorWindow(CURSOR, request);
  const { from, end } = window;
  const inRange = (stamp: Value): boolean => inWindow(window, stamp);
  const signal = request.signal as AbortSignal | undefined;
  const since = from === undefined ? EPOCH_SINCE : sinceText(from);

  if (stream !== EMPLOYEES) {
    const rows = (await changedTableRows(client, stream.schema.entity, since, signal)).filter((row) =>
      inRange(stampOf(row)),
    );
    for (let at = 0; at < rows.length; at += request.pageSize) {
      if (request.signal?.aborted) return;
      yield toPage(stream, rows.slice(at, at + request.pageSize));
    }
    return;
  }

  let changed: readonly ChangedEmployee[];
  if (from === undefined && end === undefined) {
    changed = await everyEmployee(client, signal);
  } else {
    changed = (await changedEmployees(client, since, signal)).filter((entry) => inRange(entry.lastChanged));
  }
  for (let at = 0; at < changed.length; at += request.pageSize) {
    if (request.signal?.aborted) return;
    const chunk = changed.slice(at, at + request.pageSize);
    // The follow-up fetch asks for the fields the mapping reads, no more (§3: up to 400 per request).
    const records = await employeeRecords(client, chunk, employeeFieldsFor(request.fields), signal);
    yield toPage(
      EMPLOYEES,
      records.filter((record) => from === undefined || inRange(stampOf(record))),
    );
  }
}

function stampOf(row: Json): Value {
  const raw = row[CURSOR];
  return typeof raw === 'string' ? (Timestamp.tryParse(raw, 'UTC') ?? null) : null;
}

/** Whole seconds with an offset (§5: URL-encoded ISO 8601 with offset). */
function sinceFormat(stamp: Timestamp): string {
  return Timestamp.fromEpochMillis(Math.floor(stamp.toEpochMillis() / 1000) * 1000)
    .toString()
    .replace(/Z$/, '+00:00');
}

/** The `since` to ask from: one second before the watermark, so the closed start holds whether or not BambooHR's is. */
export function sinceText(from: Timestamp): string {
  return String(
    queryCursorParams({ from, end: undefined }, { startParam: 'since', startEarlierMs: 1000, format: sinceFormat })
      .since,
  );
}

/** A page of the stream's typed rows; a value it cannot read names the record by its key. */
export function toPage(stream: BambooStream, records: readonly Json[]): SourcePage {
  return recordsToPage(
    stream,
    records,
    (record) =>
      `BambooHR ${stream.schema.entity} ${stream.schema.key.map((name) => String(record[name] ?? '')).join('/')}`,
  );
}
