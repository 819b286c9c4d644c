/**
 * OData server-driven paging: v2 answers `{ d: { results, __next } }` (or a bare `d` array), v4
 * `{ value, "@odata.nextLink" }`. The next link is followed as given (it carries the $skiptoken), never
 * rebuilt, because servers encode their own position in it.
 */
import { KitError } from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import type { QueryValue } from '../http/types.ts';
import type { ODataVersion } from './literals.ts';
import { nextLinkPaginator, odataV2NextLink, odataV4NextLink, readPages } from '../rest/paginators.ts';

export interface ODataPage<T> {
  readonly records: readonly T[];
  readonly nextLink: string | undefined;
}

export function readODataPage<T>(body: unknown, version: ODataVersion): ODataPage<T> {
  const object = (body ?? {}) as Record<string, unknown>;
  if (version === 'v4') {
    if (!Array.isArray(object.value)) throw new KitError('RESPONSE_INVALID', 'OData v4 response has no "value" array');
    const next = object['@odata.nextLink'];
    return { records: object.value as T[], nextLink: typeof next === 'string' ? next : undefined };
  }
  const d = object.d;
  if (Array.isArray(d)) return { records: d as T[], nextLink: undefined };
  const results = (d as Record<string, unknown> | undefined)?.results;
  if (!Array.isArray(results)) throw new KitError('RESPONSE_INVALID', 'OData v2 response has no "d.results" array');
  const next = (d as Record<string, unknown>).__next;
  return { records: results as T[], nextLink: typeof next === 'string' ? next : undefined };
}

export interface ODataQuery {
  readonly filter?: string;
  readonly select?: readonly string[];
  readonly orderBy?: readonly string[];
  readonly top?: number;
  readonly extra?: Readonly<Record<string, QueryValue>>;
}

export function odataQueryParams(query: ODataQuery, version: ODataVersion): Record<string, QueryValue> {
  return {
    ...(version === 'v2' ? { $format: 'json' } : {}),
    ...(query.filter === undefined ? {} : { $filter: query.filter }),
    ...(query.select === undefined ? {} : { $select: query.select.join(',') }),
    ...(query.orderBy === undefined ? {} : { $orderby: query.orderBy.join(',') }),
    ...(query.top === undefined ? {} : { $top: query.top }),
    ...query.extra,
  };
}

/** Pages of an entity set, following next links until the server stops giving one (the kit's next-link paginator). */
export async function* odataPages<T>(
  client: HttpClient,
  path: string,
  query: ODataQuery,
  version: ODataVersion,
): AsyncIterable<readonly T[]> {
  const paginator = nextLinkPaginator(
    version === 'v4' ? odataV4NextLink : odataV2NextLink,
    odataQueryParams(query, version),
  );
  for await (const page of readPages(client, path, paginator, (body) => readODataPage<T>(body, version).records))
    yield page as readonly T[];
}
