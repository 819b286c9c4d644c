/**
 * The IFS Cloud source (README "How each stream is read").
 * - Business-date streams filter their date server-side (`VoucherDate ge 2026-03-01`, dates unquoted,
 *   §3) from the run's start (watermark less lookback) to its end, for the configured companies, and
 *   read every set the stream lives in, in the order records move between them: vouchers are read from
 *   VoucherSet (not yet updated to GL) and then from the posted GL set, so a voucher updated between the
 *   two calls is met in the second; one met in both is passed on once (its natural key).
 * - ETag streams (reference data) are read whole and kept where the ETag's change stamp is in the window.
 * - Purchase order lines are read per order in bounded calls (arrays are never `$expand`ed: IFS refuses
 *   with ODP_NOT_IMPLEMENTED), held to `@odata.count`, and joined to their header.
 * - `source.filters` (field = value) are AND-ed into each set's `$filter`, literals by IFS's rules
 *   (`filters.ts`); on order lines, a filter on the header's OrderDate or VendorNo goes to the order read.
 * Records are not in cursor order across sets, so `orderedByCursor` is false: the runner advances the
 * watermark when the whole read has committed.
 */
import type { EntitySchema, ReadRequest, Source, SourcePage } from '../../engine/model/io.ts';
import { Timestamp, compareValues, type Value } from '../../engine/model/values/index.ts';
import { odataLiteral } from '../kit/odata/literals.ts';
import { SourceRequestError, streamFor } from '../kit/rest/read-request.ts';
import { recordsToPage } from '../kit/rest/stream.ts';
import { dayWindow, type DayWindow } from '../kit/rest/windows.ts';
import type { Json } from '../kit/rest/values.ts';
import { JsonNumber, type JsonTree } from '../kit/json-exact.ts';
import { IfsClient } from './client.ts';
import { type IfsConnectionConfig, type SetName, setPath, setUrl } from './config.ts';
import { etagChangedAt } from './etag.ts';
import { filterClauses } from './filters.ts';
import { changedByHistoryLog } from './history-log.ts';
import { readSet } from './paging.ts';
import { CHANGED_AT, IFS_STREAMS, PURCHASE_ORDER_LINES, PURCHASE_ORDERS, type IfsStream } from './streams.ts';

const SYSTEM = 'IFS Cloud';

export interface IfsSource extends Source {
  readonly client: IfsClient;
}

export function createIfsSource(config: IfsConnectionConfig): IfsSource {
  const client = new IfsClient(config);
  return {
    client,
    orderedByCursor: false,
    discover: (): Promise<readonly EntitySchema[]> => Promise.resolve(IFS_STREAMS.map((stream) => stream.schema)),
    read: (request) => readStream(client, config, request),
    close: () => client.close(),
  };
}

async function* readStream(
  client: IfsClient,
  config: IfsConnectionConfig,
  request: ReadRequest,
): AsyncGenerator<SourcePage> {
  const stream = streamFor(SYSTEM, IFS_STREAMS, request.entity);
  const cursor = stream.schema.cursorField ?? '';
  if (request.cursorField !== undefined && request.cursorField !== cursor)
    throw new SourceRequestError(
      'UNSUPPORTED_CURSOR',
      `${SYSTEM} reads ${stream.schema.entity} by ${cursor} only, not by ${request.cursorField}`,
    );
  // Every filter is checked (and written) before the first request: a bad one is refused, never half-read.
  const filters = setFilters(config, stream, request.filters ?? {});
  const signal = request.signal as AbortSignal | undefined;
  const pageSize = request.pageSize;
  if (stream.cursorKind === 'etag') {
    yield* readByEtag(client, config, stream, request, filters.get(stream.sets[0]!) ?? [], signal);
    return;
  }
  const window = dayWindow(cursor, request);
  const seen = new Set<string>();
  const headerSets = stream === PURCHASE_ORDER_LINES ? PURCHASE_ORDERS.sets : stream.sets;
  const headerStream = stream === PURCHASE_ORDER_LINES ? PURCHASE_ORDERS : stream;
  for (const set of headerSets) {
    const pages = readSet(client, setUrl(config, set), {
      filter: businessFilter(headerStream, config, window, filters.get(set) ?? []),
      select: headerStream.select,
      orderBy: [cursor, ...headerStream.schema.key],
      pageSize,
      ...(signal === undefined ? {} : { signal }),
    });
    for await (const rows of pages) {
      const fresh = rows.filter((row) => firstTime(seen, headerStream, row));
      if (stream === PURCHASE_ORDER_LINES) {
        for (const order of fresh)
          yield* orderLines(client, config, order, filters.get('purchase_order_lines') ?? [], pageSize, signal);
      } else if (fresh.length > 0) yield toPage(stream, fresh);
    }
  }
}

/**
 * Each set's filter clauses. Order lines carry their header's OrderDate and VendorNo: a filter on those
 * is sent to the order read (the lines set has no such property), the others to the lines read.
 */
function setFilters(
  config: IfsConnectionConfig,
  stream: IfsStream,
  filters: Readonly<Record<string, Value>>,
): Map<SetName, readonly string[]> {
  const bySet = new Map<SetName, readonly string[]>();
  if (stream !== PURCHASE_ORDER_LINES) {
    for (const set of stream.sets) bySet.set(set, filterClauses(stream, filters, setPath(config, set)));
    return bySet;
  }
  const onHeader = (field: string) =>
    !PURCHASE_ORDER_LINES.select.includes(field) && PURCHASE_ORDERS.select.includes(field);
  const pick = (header: boolean) =>
    Object.fromEntries(Object.entries(filters).filter(([field]) => onHeader(field) === header));
  // Checked against the lines stream first, so a field neither has is refused in the lines' own words.
  const lineClauses = filterClauses(stream, pick(false), setPath(config, 'purchase_order_lines'));
  bySet.set(
    'purchase_orders',
    filterClauses(PURCHASE_ORDERS, pick(true), setPath(config, 'purchase_orders'), stream.schema.entity),
  );
  bySet.set('purchase_order_lines', lineClauses);
  return bySet;
}

/** A record met again in a later set (a voucher updated to GL between two calls) is passed on once. */
function firstTime(seen: Set<string>, stream: IfsStream, row: Json): boolean {
  const key = JSON.stringify(stream.schema.key.map((field) => plain(row[field])));
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

function businessFilter(
  stream: IfsStream,
  config: IfsConnectionConfig,
  window: DayWindow,
  filters: readonly string[],
): string | undefined {
  const cursor = stream.schema.cursorField ?? '';
  const clauses: string[] = [];
  if (stream.byCompany && config.companies.length > 0)
    clauses.push(
      `(${config.companies.map((company) => `Company eq ${odataLiteral({ type: 'string', value: company }, 'v4')}`).join(' or ')})`,
    );
  if (window.from !== undefined)
    clauses.push(`${cursor} ge ${odataLiteral({ type: 'date', value: window.from.toString() }, 'v4')}`);
  if (window.end !== undefined)
    clauses.push(`${cursor} lt ${odataLiteral({ type: 'date', value: window.end.toString() }, 'v4')}`);
  clauses.push(...filters);
  return clauses.length === 0 ? undefined : clauses.join(' and ');
}

/** One order's lines, every one of them, joined to the order (never a partial order: `readSet` holds the count). */
async function* orderLines(
  client: IfsClient,
  config: IfsConnectionConfig,
  order: Json,
  filters: readonly string[],
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<SourcePage> {
  const lines: Json[] = [];
  const pages = readSet(client, setUrl(config, 'purchase_order_lines'), {
    filter: [`OrderNo eq ${odataLiteral({ type: 'string', value: plain(order.OrderNo) }, 'v4')}`, ...filters].join(
      ' and ',
    ),
    select: PURCHASE_ORDER_LINES.select,
    orderBy: ['OrderNo', 'LineNo', 'ReleaseNo'],
    pageSize,
    counted: true,
    ...(signal === undefined ? {} : { signal }),
  });
  for await (const rows of pages)
    for (const line of rows)
      lines.push({ ...line, OrderDate: order.OrderDate ?? null, VendorNo: order.VendorNo ?? null });
  for (let at = 0; at < lines.length; at += pageSize)
    yield toPage(PURCHASE_ORDER_LINES, lines.slice(at, at + pageSize));
}

async function* readByEtag(
  client: IfsClient,
  config: IfsConnectionConfig,
  stream: IfsStream,
  request: ReadRequest,
  filters: readonly string[],
  signal: AbortSignal | undefined,
): AsyncGenerator<SourcePage> {
  const zone = config.serverTimeZone ?? 'UTC';
  const bound = (value: Value | undefined): Timestamp | undefined => {
    if (value === undefined || value === null) return undefined;
    const stamp =
      value instanceof Timestamp ? value : typeof value === 'string' ? Timestamp.tryParse(value, 'UTC') : undefined;
    if (stamp === undefined)
      throw new SourceRequestError(
        'UNSUPPORTED_CURSOR',
        `a ${CHANGED_AT} watermark must be a date and time, not ${String(value)}`,
      );
    return stamp;
  };
  const from = bound(request.from?.cursor);
  const end = bound(request.end);
  const clauses = [
    ...(stream.byCompany && config.companies.length > 0
      ? [
          `(${config.companies
            .map((company) => `Company eq ${odataLiteral({ type: 'string', value: company }, 'v4')}`)
            .join(' or ')})`,
        ]
      : []),
    ...filters,
  ];
  const filter = clauses.length === 0 ? undefined : clauses.join(' and ');
  const url = setUrl(config, stream.sets[0]!);
  // With History Log switched on for this table, an incremental read asks the log, not the whole set.
  const pages =
    from !== undefined && stream.historyLog !== undefined && config.historyLog?.includes(stream.schema.entity) === true
      ? changedByHistoryLog(client, config, stream, url, { from, end }, filters, request.pageSize, signal)
      : readSet(client, url, {
          ...(filter === undefined ? {} : { filter }),
          select: stream.select,
          orderBy: stream.schema.key,
          pageSize: request.pageSize,
          ...(signal === undefined ? {} : { signal }),
        });
  for await (const rows of pages) {
    const kept: Json[] = [];
    for (const row of rows) {
      const etag = row['@odata.etag'];
      const changedAt = typeof etag === 'string' ? etagChangedAt(etag, zone) : undefined;
      // A row without a readable stamp is passed on (its ChangedAt a problem, so the runner holds it): never dropped.
      if (changedAt !== undefined && from !== undefined && compareValues(changedAt, from) < 0) continue;
      if (changedAt !== undefined && end !== undefined && compareValues(changedAt, end) >= 0) continue;
      kept.push({
        ...row,
        [CHANGED_AT]:
          changedAt === undefined
            ? typeof etag === 'string'
              ? `no change stamp in ETag ${etag}`
              : null
            : changedAt.toString(),
      });
    }
    if (kept.length > 0) yield toPage(stream, kept);
  }
}

/** A raw key value as text: a number by its digits. */
function plain(raw: JsonTree | undefined): string {
  return raw instanceof JsonNumber ? raw.text : raw === null || raw === undefined ? '' : String(raw);
}

export function toPage(stream: IfsStream, records: readonly Json[]): SourcePage {
  return recordsToPage(
    stream,
    records,
    (record) => `IFS ${stream.schema.entity} ${stream.schema.key.map((name) => plain(record[name])).join('/')}`,
  );
}
