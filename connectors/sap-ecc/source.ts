/**
 * The SAP ECC source (README "How each stream is read"). A full read lists the stream's keys in one narrow
 * call, then reads them in stable key ranges (rows come back in no order, so a page is a whole range, never
 * a ROWSKIPS offset); an incremental read from day D gathers the keys that changed on or after D (created:
 * ERDAT / LFB1-ERDAT / EKKO-AEDAT; item changed: EKPO-AEDAT; anything else: a change document CDHDR-UDATE)
 * and reads exactly those, in short key lists. Every record carries CHANGED_ON (the latest of those days)
 * and is passed on when it lies in the window; a key met twice is passed on once. Deletion flags are data.
 * Records of one read do not come in CHANGED_ON order, so `orderedByCursor` is false.
 * A stream with a Gateway setting is read through the customer's OData service instead (`gateway-stream.ts`),
 * with the same fields, window and de-duplication; the others over RFC. Both share the session cookies' user.
 */
import type { DataRow, EntitySchema, ReadRequest, RecordProblem, Source, SourcePage } from '../../engine/model/io.ts';
import { PlainDate, type Value } from '../../engine/model/values/index.ts';
import { SourceRequestError, streamFor } from '../kit/rest/read-request.ts';
import { dayWindow } from '../kit/rest/windows.ts';
import { confirmByBapi } from './bapi-details.ts';
import { createSapRfcClient, type SapRfcClient } from './client.ts';
import { changedSince } from './change-documents.ts';
import { clientOptions, type SapConnectionConfig } from './config.ts';
import { createGatewayHttpClient, type GatewayHttp } from './gateway/client.ts';
import { readStreamOverGateway } from './gateway-stream.ts';
import type { SapSessionJar } from './session.ts';
import { onOrAfterDayTokens } from './read-table-options.ts';
import { baseWhere, readSlice, type SapRecord } from './slice-read.ts';
import { CHANGED_ON, PURCHASE_ORDER_ITEMS, SAP_STREAMS, VENDORS, type SapStream } from './streams.ts';
import { newFieldPlans, readKeys, type FieldPlans } from './table-read.ts';
import { and, equals, slices } from './where.ts';

const SYSTEM = 'SAP ECC';
/** Keys per list in an incremental read: a short OR list keeps the WHERE clause small. */
const KEYS_PER_LIST = 20;

export function createSapSource(config: SapConnectionConfig): Source {
  // The client is made on first use: a client certificate's passphrase is resolved from the secret store.
  let client: Promise<SapRfcClient> | undefined;
  let gateway: Promise<GatewayHttp> | undefined;
  // One security session for the connection's RFC and Gateway calls alike.
  const sessionJar: SapSessionJar = new Map();
  const connect = () =>
    (client ??= clientOptions(config).then((options) => createSapRfcClient({ ...options, sessionJar })));
  const connectGateway = () =>
    (gateway ??= clientOptions(config).then((options) => createGatewayHttpClient({ ...options, sessionJar })));
  const plans = newFieldPlans();
  return {
    orderedByCursor: false,
    discover: (): Promise<readonly EntitySchema[]> => Promise.resolve(SAP_STREAMS.map((stream) => stream.schema)),
    read: async function* (request) {
      const stream = streamFor(SYSTEM, SAP_STREAMS, request.entity);
      const { from, end, pageSize } = readWindow(stream, request);
      const setting = config.gateway?.[stream.schema.entity];
      if (setting === undefined) {
        yield* readStream(await connect(), plans, config, stream, { from, end, pageSize });
        return;
      }
      const confirming = config.bapiDetails?.includes(stream.schema.entity) === true;
      yield* readStreamOverGateway((await connectGateway()).http, setting, stream, {
        ...(from === undefined ? {} : { from }),
        ...(end === undefined ? {} : { end }),
        pageSize,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        inWindow: (changedOn) => inWindow(changedOn, from, end),
        ...(confirming
          ? {
              confirm: async (rows) =>
                confirmByBapi(
                  await connect(),
                  config,
                  stream,
                  rows.map((row) => ({ row, problems: [] })),
                ),
            }
          : {}),
      });
    },
    close: async () => {
      for (const open of [client, gateway])
        if (open !== undefined)
          await open.then(
            (opened) => opened.close(),
            () => undefined,
          );
    },
  };
}

interface ReadWindow {
  readonly from: PlainDate | undefined;
  readonly end: PlainDate | undefined;
  readonly pageSize: number;
}

/** The request's window as days, refused in words where SAP's streams cannot serve it. */
function readWindow(stream: SapStream, request: ReadRequest): ReadWindow {
  if (request.cursorField !== undefined && request.cursorField !== CHANGED_ON)
    throw new SourceRequestError('UNSUPPORTED_CURSOR', `${SYSTEM} reads ${stream.schema.entity} by ${CHANGED_ON} only`);
  if (Object.keys(request.filters ?? {}).length > 0)
    throw new SourceRequestError(
      'UNSUPPORTED_FILTER',
      `${SYSTEM} streams take no filters (the company code is the connection's)`,
    );
  return { ...dayWindow(CHANGED_ON, request), pageSize: Math.max(1, request.pageSize) };
}

async function* readStream(
  client: SapRfcClient,
  plans: FieldPlans,
  config: SapConnectionConfig,
  stream: SapStream,
  { from, end, pageSize }: ReadWindow,
): AsyncGenerator<SourcePage> {
  const keySlices =
    from === undefined
      ? slices(
          await readKeys(client, stream.table, stream.keyColumn, baseWhere(stream, config.companyCode)),
          'range',
          pageSize,
        )
      : slices(await changedKeys(client, config, stream, from), 'list', KEYS_PER_LIST);
  const seen = new Set<string>();
  let buffer: SapRecord[] = [];
  for (const slice of keySlices) {
    const records = await readSlice(client, plans, config, stream, slice);
    for (const record of records) {
      const id = stream.schema.key.map((key) => String(record.row[key])).join('/');
      if (seen.has(id) || !inWindow(record.row[CHANGED_ON] ?? null, from, end)) continue;
      seen.add(id);
      buffer.push(record);
    }
    while (buffer.length >= pageSize) {
      yield await toPage(client, config, stream, buffer.splice(0, pageSize));
    }
  }
  if (buffer.length > 0) yield await toPage(client, config, stream, buffer);
  buffer = [];
}

/** Keys of the objects created or changed on or after `day`, from every place SAP records it. */
async function changedKeys(
  client: SapRfcClient,
  config: SapConnectionConfig,
  stream: SapStream,
  day: PlainDate,
): Promise<string[]> {
  const since = (field: string) => onOrAfterDayTokens(field, day.toString());
  const company = equals('BUKRS', config.companyCode);
  const lists =
    stream === PURCHASE_ORDER_ITEMS
      ? [
          readKeys(client, 'EKKO', 'EBELN', and(baseWhere(stream, config.companyCode), since('AEDAT'))),
          readKeys(client, 'EKPO', 'EBELN', and(company, since('AEDAT'))),
        ]
      : [
          readKeys(client, stream.table, stream.keyColumn, since('ERDAT')),
          readKeys(client, stream === VENDORS ? 'LFB1' : 'KNB1', stream.keyColumn, and(company, since('ERDAT'))),
        ];
  const all = new Set<string>();
  // One after the other: a SAP work process per call, and the session cookie comes back from the first.
  for (const list of [...lists, changedSince(client, stream.objectClass, day)])
    for (const key of await list) all.add(key);
  return [...all].sort();
}

async function toPage(
  client: SapRfcClient,
  config: SapConnectionConfig,
  stream: SapStream,
  records: readonly SapRecord[],
): Promise<SourcePage> {
  const held =
    config.bapiDetails?.includes(stream.schema.entity) === true
      ? await confirmByBapi(client, config, stream, records)
      : new Map<number, string>();
  const rows: DataRow[] = [];
  const problems: RecordProblem[] = [];
  records.forEach((record, index) => {
    const which = `SAP ${stream.schema.entity} ${stream.schema.key.map((key) => String(record.row[key] ?? '')).join('/')}`;
    for (const problem of record.problems)
      problems.push({ recordIndex: index, field: problem.field, message: `${which}: ${problem.message}` });
    const refusal = held.get(index);
    if (refusal !== undefined) problems.push({ recordIndex: index, field: stream.schema.key[0]!, message: refusal });
    rows.push(record.row);
  });
  return problems.length === 0 ? { records: rows } : { records: rows, problems };
}

function inWindow(value: Value, from: PlainDate | undefined, end: PlainDate | undefined): boolean {
  if (from === undefined && end === undefined) return true;
  // A record with no date at all is passed on in a full read only (it has no place in a window).
  if (!(value instanceof PlainDate)) return from === undefined;
  return (from === undefined || value.compare(from) >= 0) && (end === undefined || value.compare(end) < 0);
}
