/**
 * Paginators, as the declarative CDKs have them: a paginator says what the first page's request is and,
 * from the page just read, what the next one is (or that the read is done). `readPages` runs any of them
 * over the kit's HTTP client with a record selector, so a source declares how its API pages instead of
 * writing the loop. Server-given next links are followed as given (they carry the server's position).
 */
import { KitError } from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import type { QueryValue } from '../http/types.ts';

export type Query = Readonly<Record<string, QueryValue>>;

export interface PageRequest {
  /** A path or a full URL (a server's next link); absent: the stream's own path. */
  readonly path?: string;
  readonly query: Query;
}

export interface ReadPage {
  readonly body: unknown;
  readonly records: readonly unknown[];
  readonly request: PageRequest;
}

export interface Paginator {
  readonly first: PageRequest;
  next(page: ReadPage): PageRequest | undefined;
}

/** Records at a path in the body (`['d', 'results']`, `['value']`); an empty path is the body itself. */
export function selectRecords(path: readonly string[]): (body: unknown) => readonly unknown[] {
  return (body) => {
    let at: unknown = body;
    for (const step of path) at = (at as Record<string, unknown> | null | undefined)?.[step];
    if (!Array.isArray(at))
      throw new KitError(
        'RESPONSE_INVALID',
        `the answer has no list of records at ${path.length === 0 ? 'its top' : path.join('.')}`,
      );
    return at;
  };
}

/** `?offset=0&limit=100`, then offset += the records read, until a page comes back short. */
export function offsetPaginator(options: {
  readonly pageSize: number;
  readonly offsetParam?: string;
  readonly limitParam?: string;
}): Paginator {
  const offset = options.offsetParam ?? 'offset';
  const limit = options.limitParam ?? 'limit';
  return {
    first: { query: { [offset]: 0, [limit]: options.pageSize } },
    next: ({ records, request }) =>
      records.length < options.pageSize
        ? undefined
        : { query: { ...request.query, [offset]: Number(request.query[offset] ?? 0) + records.length } },
  };
}

/** `?page=1&pageSize=100`, then the next page number, until a page comes back short. */
export function pageNumberPaginator(options: {
  readonly pageSize: number;
  readonly pageParam?: string;
  readonly sizeParam?: string;
  readonly firstPage?: number;
}): Paginator {
  const page = options.pageParam ?? 'page';
  const size = options.sizeParam ?? 'pageSize';
  return {
    first: { query: { [page]: options.firstPage ?? 1, [size]: options.pageSize } },
    next: ({ records, request }) =>
      records.length < options.pageSize
        ? undefined
        : { query: { ...request.query, [page]: Number(request.query[page]) + 1 } },
  };
}

/** A cursor the server hands back (`{"next_cursor": "abc"}`) sent as a parameter, until it hands none. */
export function cursorParamPaginator(options: {
  readonly param: string;
  readonly nextCursor: (body: unknown) => string | undefined;
  readonly query?: Query;
}): Paginator {
  return {
    first: { query: options.query ?? {} },
    next: ({ body, request }) => {
      const cursor = options.nextCursor(body);
      if (cursor === undefined || cursor === '' || request.query[options.param] === cursor) return undefined;
      return { query: { ...request.query, [options.param]: cursor } };
    },
  };
}

/**
 * A next link in the body: OData v2 `d.__next` (its `$skiptoken` inside), v4 `@odata.nextLink`, or any
 * field the `link` function reads. The link is the next request whole, so it is sent with no query.
 */
export function nextLinkPaginator(link: (body: unknown) => string | undefined, query: Query = {}): Paginator {
  return {
    first: { query },
    next: ({ body }) => {
      const next = link(body);
      return next === undefined ? undefined : { path: next, query: {} };
    },
  };
}

export const odataV2NextLink = (body: unknown): string | undefined => {
  const next = ((body as { d?: { __next?: unknown } } | null)?.d ?? {}).__next;
  return typeof next === 'string' ? next : undefined;
};

export const odataV4NextLink = (body: unknown): string | undefined => {
  const next = (body as Record<string, unknown> | null)?.['@odata.nextLink'];
  return typeof next === 'string' ? next : undefined;
};

/** Pages of records from `path`, as the paginator leads; a request repeated exactly is refused, not looped on. */
export async function* readPages(
  client: HttpClient,
  path: string,
  paginator: Paginator,
  records: (body: unknown) => readonly unknown[],
  signal?: AbortSignal,
): AsyncGenerator<readonly unknown[]> {
  const seen = new Set<string>();
  for (let request: PageRequest | undefined = paginator.first; request !== undefined;) {
    if (signal?.aborted) return;
    const key = JSON.stringify([request.path ?? path, request.query]);
    if (seen.has(key))
      throw new KitError(
        'RESPONSE_INVALID',
        `the server led paging back to a page already read (${request.path ?? path})`,
      );
    seen.add(key);
    const body = await client.getJson(request.path ?? path, request.query);
    const page = records(body);
    yield page;
    request = paginator.next({ body, records: page, request });
  }
}
