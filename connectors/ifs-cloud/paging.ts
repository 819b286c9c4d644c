/**
 * Reading a set in pages the way IFS pages (ifs-cloud.md §5): client-driven `$top`/`$skip` with a stable
 * `$orderby` (the docs' advice: concurrent inserts and deletes otherwise give duplicates and gaps). A live
 * IFS sends no `@odata.nextLink` when `$top` is given, so the end is a short page; a nextLink, when one
 * comes, is followed as given. No request asks for more than `MAX_ELEMENTS` rows.
 *
 * With `$count=true`, a short page that leaves rows missing against the count is a partial answer (one
 * client saw unpaged reads silently capped): the page is asked again, and if it is still short the read
 * fails as transient rather than pass a partial result on as complete.
 */
import { KitError } from '../kit/errors.ts';
import type { QueryValue } from '../kit/http/types.ts';
import type { Json } from '../kit/rest/values.ts';
import type { IfsClient } from './client.ts';

/** The most rows one request asks for: the product's bound on one answer (README "Paging"). */
export const MAX_ELEMENTS = 5000;

export interface SetQuery {
  readonly filter?: string;
  readonly select?: readonly string[];
  readonly orderBy: readonly string[];
  readonly pageSize: number;
  /** Ask `$count=true` and hold the read to it (line reads). */
  readonly counted?: boolean;
  readonly signal?: AbortSignal;
  /** Sent with every page (the History Log's time-zone-aware header). */
  readonly headers?: Readonly<Record<string, string>>;
}

export async function* readSet(client: IfsClient, url: string, query: SetQuery): AsyncGenerator<readonly Json[]> {
  const top = Math.max(1, Math.min(query.pageSize, MAX_ELEMENTS));
  const base: Record<string, QueryValue> = {
    ...(query.filter === undefined ? {} : { $filter: query.filter }),
    ...(query.select === undefined ? {} : { $select: query.select.join(',') }),
    $orderby: query.orderBy.join(','),
    $top: top,
    ...(query.counted === true ? { $count: 'true' } : {}),
  };
  let skip = 0;
  let retriedShort = false;
  for (;;) {
    if (query.signal?.aborted) return;
    const page = await client.page(url, skip === 0 ? base : { ...base, $skip: skip }, query.signal, query.headers);
    if (page.nextLink !== undefined) {
      // Server-driven paging (unconfirmed for IFS): the server decides the pages; the count still holds.
      if (page.rows.length > 0) yield page.rows;
      const read = skip + page.rows.length + (yield* followNextLinks(client, page.nextLink, query.signal));
      if (page.count !== undefined && read < page.count) throw partial(url, query, read, page.count);
      return;
    }
    const short = page.rows.length < top;
    if (short && page.count !== undefined && skip + page.rows.length < page.count) {
      if (retriedShort) throw partial(url, query, skip + page.rows.length, page.count);
      retriedShort = true;
      continue;
    }
    retriedShort = false;
    if (page.rows.length > 0) yield page.rows;
    if (short) return;
    skip += page.rows.length;
  }
}

function partial(url: string, query: SetQuery, read: number, expected: number): KitError {
  return new KitError(
    'HTTP_503',
    `IFS answered ${read} of the ${expected} rows of ${url.split('?')[0] ?? ''}${query.filter === undefined ? '' : ` where ${query.filter}`}: a partial answer, not taken as complete`,
    { status: 503 },
  );
}

/** Server-driven paging (unconfirmed for IFS): followed until no link comes. */
async function* followNextLinks(
  client: IfsClient,
  first: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<readonly Json[], number> {
  let next: string | undefined = first;
  let read = 0;
  while (next !== undefined) {
    if (signal?.aborted) return read;
    const page = await client.page(next, undefined, signal);
    read += page.rows.length;
    if (page.rows.length > 0) yield page.rows;
    next = page.nextLink;
  }
  return read;
}
