/**
 * The Dynamics GP SBA source: reads the entities in `streams.ts` by ModifiedDate. Pages are keyset pages
 * (after the last ModifiedDate and key seen), not offsets, so a record that changes during a read moves
 * behind the read position and is read again, never skipped, and many records sharing one ModifiedDate
 * page cleanly. The order is asked for explicitly (`$orderby=ModifiedDate,<key>`), so pages come in
 * ascending ModifiedDate and `orderedByCursor` is true.
 * SBA's `$top`/`$filter`/`$orderby` are undocumented (README "SBA (REST): what a real GP serves"), so every
 * page is checked (`sba/page-guard.ts`): longer than asked, repeating the previous page, or out of the
 * order asked stops the read with a plain error rather than looping forever or skipping records.
 */
import type { EntitySchema, ReadRequest, Source, SourcePage } from '../../engine/model/io.ts';
import type { Value } from '../../engine/model/values/index.ts';
import { GpClient, type GpConnectionConfig } from './client.ts';
import { JsonNumber, type JsonTree } from '../kit/json-exact.ts';
import { checkPage, keyText, type PageAsked, type ReadPosition } from './sba/page-guard.ts';
import { GP_STREAMS, type GpStream } from './streams.ts';
import { recordsToPage } from '../kit/rest/stream.ts';
import { checkCursorField, cursorWindow, SourceRequestError, streamFor } from '../kit/rest/read-request.ts';
import { odataCursorClauses } from '../kit/rest/windows.ts';

/** The kit's one request error under the name this connector's index has always exported. */
export { SourceRequestError as GpSourceError } from '../kit/rest/read-request.ts';

const SYSTEM = 'Dynamics GP';
const CURSOR = 'ModifiedDate';

export interface GpSource extends Source {
  readonly client: GpClient;
}

export function createGpSource(config: GpConnectionConfig): GpSource {
  const client = new GpClient(config);
  return {
    client,
    orderedByCursor: true,
    discover: (): Promise<readonly EntitySchema[]> => Promise.resolve(GP_STREAMS.map((stream) => stream.schema)),
    read: (request) => readStream(client, request),
    close: () => client.close(),
  };
}

async function* readStream(client: GpClient, request: ReadRequest): AsyncGenerator<SourcePage> {
  const stream = streamFor(SYSTEM, GP_STREAMS, request.entity);
  checkCursorField(SYSTEM, request, CURSOR);
  // GP compares ModifiedDate as an instant written with Z (dynamics-gp.md §5, §8.6), as OData v4 writes a DateTimeOffset.
  const bounds = [
    ...odataCursorClauses(CURSOR, cursorWindow(CURSOR, request), 'v4', 'datetimeoffset'),
    ...Object.entries(request.filters ?? {}).map(([field, value]) => filterClause(field, value)),
  ];
  const asked: PageAsked = {
    resource: stream.resource,
    keyField: stream.pageKey,
    keyIsNumber: stream.pageKeyIsNumber,
    top: request.pageSize,
    // Asked for, not assumed: a keyset read is only complete when the server lists in this order.
    orderBy: `${CURSOR},${stream.pageKey}`,
  };
  let after: ReadPosition | undefined;
  const signal = request.signal as AbortSignal | undefined;
  for (;;) {
    if (request.signal?.aborted) return;
    const clauses = after === undefined ? bounds : [...bounds, keysetClause(stream, after.modifiedText, after.key)];
    const query = {
      $top: request.pageSize,
      ...(clauses.length === 0 ? {} : { $filter: clauses.map((clause) => `(${clause})`).join(' and ') }),
      $orderby: asked.orderBy,
    };
    const records = await client.list(stream.resource, query, signal);
    // Checked before anything is yielded, so a page GP got wrong is never half-kept.
    const position = checkPage(asked, records, after);
    if (records.length > 0)
      yield recordsToPage(
        stream,
        records.flatMap(stream.explode),
        (raw) => `${stream.resource} ${stream.pageKey} ${keyText(raw[stream.pageKey])}`,
      );
    if (records.length < request.pageSize || position === undefined) return;
    after = position;
  }
}

/** After (ModifiedDate, key): later time, or the same time and a later key. */
function keysetClause(stream: GpStream, modified: string, key: JsonTree): string {
  const time = utcLiteral(modified);
  const keyText =
    stream.pageKeyIsNumber && key instanceof JsonNumber ? key.text : `'${String(key).replace(/'/g, "''")}'`;
  return `ModifiedDate gt ${time} or (ModifiedDate eq ${time} and ${stream.pageKey} gt ${keyText})`;
}

/** GP's ModifiedDate text has no zone but is UTC (§5); the filter gets it with Z (full date and time, §8.6). */
function utcLiteral(text: string): string {
  return /(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`;
}

function filterClause(field: string, value: Value): string {
  if (field !== 'TransactionState' || typeof value !== 'string') {
    throw new SourceRequestError(
      'UNSUPPORTED_FILTER',
      `Dynamics GP streams filter on TransactionState (Work, Open or History) only, not on ${field}`,
    );
  }
  return `TransactionState eq '${value.replace(/'/g, "''")}'`;
}
