/**
 * IFS's History Log as a change feed (ifs-cloud.md §5), for a stream whose table the customer has
 * switched History Log on for (History Log Configuration, per table and column): the entries since the
 * watermark (`HistoryLogHandling.svc/HistoryLogOverviewSet`, `LuName eq '…' and TimeStamp ge …Z`, sent
 * with `X-Ifs-Time-Zone-Aware-Request: true`, else IFS reads the time in the server's zone), their keys
 * (`SUPPLIER_ID=S0001^`) read back from the stream's own set in bounded `or` filters. The rows carry the
 * same ChangedAt (the ETag stamp) as a full read. A record deleted since its entry is not found and not
 * passed on (the stream has no deletions); IFS's automatic cleanup may delete old entries, so a watermark
 * older than the cleanup age needs a full read (README).
 */
import { Timestamp } from '../../engine/model/values/index.ts';
import { odataLiteral } from '../kit/odata/literals.ts';
import type { Json } from '../kit/rest/values.ts';
import type { IfsClient } from './client.ts';
import { type IfsConnectionConfig, rootOf } from './config.ts';
import { readSet } from './paging.ts';
import type { IfsStream } from './streams.ts';

export const HISTORY_LOG_SET = 'HistoryLogHandling.svc/HistoryLogOverviewSet';
/** Keys asked for in one read-back request. */
const KEYS_PER_REQUEST = 50;

/** `SUPPLIER_ID=S0001^COMPANY=10^` -> `{ SupplierId: 'S0001', ... }` by the stream's column map. */
export function keysOf(text: string, columns: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const part of text.split('^').filter((piece) => piece !== '')) {
    const at = part.indexOf('=');
    const property = columns[part.slice(0, at)];
    if (at > 0 && property !== undefined) found[property] = part.slice(at + 1);
  }
  return Object.keys(found).length === Object.keys(columns).length ? found : undefined;
}

export async function* changedByHistoryLog(
  client: IfsClient,
  config: IfsConnectionConfig,
  stream: IfsStream,
  setUrl: string,
  window: { readonly from: Timestamp; readonly end: Timestamp | undefined },
  /** The stream's own filter clauses, AND-ed into each read-back. */
  filters: readonly string[],
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<readonly Json[]> {
  const feed = stream.historyLog;
  if (feed === undefined) return;
  const utc = (stamp: Timestamp) =>
    odataLiteral({ type: 'datetimeoffset', value: stamp.inZone('UTC').toString() }, 'v4');
  const filter = [
    `LuName eq ${odataLiteral({ type: 'string', value: feed.luName }, 'v4')}`,
    `TimeStamp ge ${utc(window.from)}`,
    ...(window.end === undefined ? [] : [`TimeStamp lt ${utc(window.end)}`]),
  ].join(' and ');
  const keys = new Map<string, Record<string, string>>();
  const entries = readSet(
    client,
    `${rootOf(config)}/${config.endpoint}/ifsapplications/projection/v1/${HISTORY_LOG_SET}`,
    {
      filter,
      select: ['LogId', 'LuName', 'TimeStamp', 'HistoryType', 'Keys'],
      orderBy: ['TimeStamp', 'LogId'],
      pageSize,
      headers: { 'x-ifs-time-zone-aware-request': 'true' },
      ...(signal === undefined ? {} : { signal }),
    },
  );
  for await (const rows of entries)
    for (const entry of rows) {
      const key = typeof entry.Keys === 'string' ? keysOf(entry.Keys, feed.columns) : undefined;
      if (key !== undefined) keys.set(JSON.stringify(key), key);
    }
  const wanted = [...keys.values()];
  for (let at = 0; at < wanted.length; at += KEYS_PER_REQUEST) {
    const chunk = wanted.slice(at, at + KEYS_PER_REQUEST);
    const match = chunk
      .map(
        (key) =>
          `(${Object.entries(key)
            .map(([property, value]) => `${property} eq ${odataLiteral({ type: 'string', value }, 'v4')}`)
            .join(' and ')})`,
      )
      .join(' or ');
    yield* readSet(client, setUrl, {
      filter: filters.length === 0 ? match : [`(${match})`, ...filters].join(' and '),
      select: stream.select,
      orderBy: stream.schema.key,
      pageSize: Math.max(pageSize, KEYS_PER_REQUEST),
      ...(signal === undefined ? {} : { signal }),
    });
  }
}
