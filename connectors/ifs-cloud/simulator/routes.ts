/**
 * Reads and writes of one set: a collection query, an entity by key, a PATCH with If-Match.
 * - Paging is the client's (`$top`/`$skip`); no nextLink when `$top` is given (the live recording). Only
 *   the unverified server-driven mode (`serverPageSize`, off by default) caps a page and sends one.
 * - `$expand` of an array is refused with ODP_NOT_IMPLEMENTED (status unconfirmed: 501, IFS's status list
 *   has it); a one-to-one reference (`…Ref`) is accepted.
 * - A company outside the service user's Allowed Companies is invisible: its rows are left out (200),
 *   or, in the `403` mode, a request that would reach them is refused.
 * - PATCH: Content-Type must be JSON (400 ODP_DESERIALIZATION_ERROR), `If-Match` is required
 *   (ODP_MISSING_PRECONDITION; 428 here, status unconfirmed), a stale ETag is 412 with IFS's
 *   FND_MODIFIED words (status unconfirmed, text from the PL/SQL), `*` skips the check (§6).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SimEntitySet } from './entities.ts';
import {
  malformed,
  matches,
  notDefined,
  ODataRefusal,
  orderRows,
  parseFilter,
  type RequestZone,
  selected,
} from './odata-query.ts';
import { etagOf, rowJson } from './responses.ts';
import type { IfsStore, SimRow } from './store.ts';

export interface QueryOptions {
  readonly allowedCompanies: readonly string[];
  readonly disallowedCompany: 'empty' | '403';
  readonly serverPageSize?: number;
  /** The next this-many counted reads answer short of `$top` (a silently capped answer), then whole again. */
  shortAnswers: number;
  /** The next this-many reads by key are followed by an edit of that record in IFS (a user saving it meanwhile). */
  editAfterRead: number;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly headers?: Readonly<Record<string, string>>;
}

function visible(set: SimEntitySet, rows: readonly SimRow[], options: QueryOptions): SimRow[] {
  if (!('Company' in set.properties)) return [...rows];
  const hidden = rows.filter((row) => !options.allowedCompanies.includes(String(row.values.Company)));
  if (hidden.length > 0 && options.disallowedCompany === '403')
    throw new ODataRefusal(403, {
      error: {
        code: 'ODP_FORBIDDEN',
        message: `You do not have access to company ${String(hidden[0]?.values.Company)}.`,
      },
    });
  return rows.filter((row) => options.allowedCompanies.includes(String(row.values.Company)));
}

function whole(name: string, value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value))
    throw malformed(`The value '${value}' of the query option '${name}' is not a non-negative integer.`);
  return Number(value);
}

export function collection(
  set: SimEntitySet,
  setName: string,
  query: URLSearchParams,
  options: QueryOptions,
  context: string,
  path: string,
  zone?: RequestZone,
): Answer {
  const expand = query.get('$expand');
  if (expand !== null) {
    for (const name of expand.split(',').map((part) => part.trim().split('(')[0] ?? '')) {
      if (set.arrays?.includes(name))
        return {
          status: 501,
          text: JSON.stringify({
            error: {
              code: 'ODP_NOT_IMPLEMENTED',
              message: `Expanding the collection navigation '${name}' is not supported.`,
            },
          }),
        };
      if (!name.endsWith('Ref')) throw notDefined(set, name);
    }
  }
  const filterText = query.get('$filter');
  const filter = filterText === null ? undefined : parseFilter(filterText, set, zone);
  const select = selected(query.get('$select'), set);
  const matching = set.rows().filter((row) => filter === undefined || matches(filter, row));
  const rows = orderRows(visible(set, matching, options), query.get('$orderby'), set);
  const top = whole('$top', query.get('$top'));
  const skip = whole('$skip', query.get('$skip')) ?? 0;
  let page = rows.slice(skip, top === undefined ? undefined : skip + top);
  let nextLink: string | undefined;
  // The unverified server-driven mode: pages of at most serverPageSize, the rest behind a nextLink.
  const limit = options.serverPageSize;
  const wanted = top === undefined ? rows.length - skip : top;
  if (limit !== undefined && wanted > limit && rows.length > skip + limit) {
    page = rows.slice(skip, skip + limit);
    const next = new URLSearchParams(query);
    next.set('$skip', String(skip + limit));
    if (top !== undefined) next.set('$top', String(top - limit));
    nextLink = `${path}?${next.toString()}`;
  }
  const counted = query.get('$count') === 'true';
  if (counted && options.shortAnswers > 0 && top !== undefined && page.length === top) {
    options.shortAnswers -= 1;
    page = page.slice(0, Math.floor(page.length / 2));
  }
  const selectText = select === undefined ? '' : `(${select.join(',')})`;
  const parts = [`"@odata.context":${JSON.stringify(`${context}${selectText}`)}`];
  if (counted) parts.push(`"@odata.count":${rows.length}`);
  parts.push(`"value":[${page.map((row) => rowJson(set, row, select)).join(',')}]`);
  if (nextLink !== undefined) parts.push(`"@odata.nextLink":${JSON.stringify(nextLink)}`);
  void setName;
  return { status: 200, text: `{${parts.join(',')}}` };
}

/** `(Company='10',Account='1100')` or `('S0001')` for a single key: strings quoted, numbers bare (§1). */
function findByKey(set: SimEntitySet, setName: string, keyPart: string): SimRow {
  const inner = /^\((.*)\)$/.exec(keyPart)?.[1];
  if (inner === undefined)
    throw new ODataRefusal(404, {
      error: { code: 'ODP_RESOURCE_NOTFOUND', message: `Resource not found for the segment '${setName}${keyPart}'.` },
    });
  const pairs = inner.split(/,(?=(?:[^']*'[^']*')*[^']*$)/).map((pair) => {
    const [name, ...value] = pair.split('=');
    return [
      value.length === 0 ? (set.keys[0]?.[0] ?? '') : (name ?? '').trim(),
      (value.length === 0 ? name : value.join('=')) ?? '',
    ] as const;
  });
  const wanted = new Map(
    pairs.map(([name, value]) => [
      name,
      value
        .trim()
        .replace(/^'(.*)'$/s, '$1')
        .replace(/''/g, "'"),
    ]),
  );
  const row = set
    .rows()
    .find((candidate) => set.keys.every(([property]) => String(candidate.values[property]) === wanted.get(property)));
  if (row === undefined)
    throw new ODataRefusal(404, {
      error: { code: 'ODP_RESOURCE_NOTFOUND', message: `Resource not found for the segment '${setName}${keyPart}'.` },
    });
  return row;
}

function entityText(set: SimEntitySet, row: SimRow, context: string): string {
  return `{"@odata.context":${JSON.stringify(context)},${rowJson(set, row, undefined).slice(1)}`;
}

export function entityByKey(
  set: SimEntitySet,
  setName: string,
  keyPart: string,
  context: string,
  options: QueryOptions,
  store: IfsStore,
): Answer {
  const row = findByKey(set, setName, keyPart);
  const answer = { status: 200, text: entityText(set, row, context), headers: { etag: etagOf(row) } };
  if (options.editAfterRead > 0 && set.editedInIfs !== undefined) {
    options.editAfterRead -= 1;
    row.values[set.editedInIfs] = `${String(row.values[set.editedInIfs])} (edited in IFS)`;
    store.touch(row);
  }
  return answer;
}

export function patchByKey(
  set: SimEntitySet,
  setName: string,
  keyPart: string,
  headers: IncomingHttpHeaders,
  body: string,
  store: IfsStore,
  context: string,
): Answer {
  if (!set.writable)
    return {
      status: 405,
      text: JSON.stringify({
        error: { code: 'ODP_METHOD_NOT_ALLOWED', message: `The entity set '${setName}' is read-only.` },
      }),
    };
  if (!/^application\/json\b/i.test(headers['content-type'] ?? ''))
    return {
      status: 400,
      text: JSON.stringify({
        error: { code: 'ODP_DESERIALIZATION_ERROR', message: 'Error while de-serializing contents.' },
      }),
    };
  const row = findByKey(set, setName, keyPart);
  const ifMatch = headers['if-match'];
  if (ifMatch === undefined)
    return {
      status: 428,
      text: JSON.stringify({ error: { code: 'ODP_MISSING_PRECONDITION', message: 'The If-Match header is missing.' } }),
    };
  if (ifMatch !== '*' && ifMatch !== etagOf(row))
    return {
      status: 412,
      text: JSON.stringify({
        error: {
          code: 'DATABASE_ERROR',
          message: 'Database error.',
          details: [
            {
              code: 'FND_MODIFIED',
              message: `The ${set.luname} record has already been changed. Please refresh the record and reenter your changes.`,
            },
          ],
        },
      }),
    };
  let changes: Record<string, unknown>;
  try {
    changes = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {
      status: 400,
      text: JSON.stringify({
        error: { code: 'ODP_DESERIALIZATION_ERROR', message: 'Error while de-serializing contents.' },
      }),
    };
  }
  for (const [name, value] of Object.entries(changes)) {
    if (name.startsWith('@odata.')) continue;
    if (set.properties[name] === undefined) throw notDefined(set, name);
    if (set.keys.some(([key]) => key === name) && String(value) !== String(row.values[name]))
      throw malformed(`The key property '${name}' cannot be changed.`);
  }
  for (const [name, value] of Object.entries(changes))
    if (!name.startsWith('@odata.')) row.values[name] = value === null ? null : (value as string | number);
  store.touch(row);
  return { status: 200, text: entityText(set, row, context), headers: { etag: etagOf(row) } };
}
