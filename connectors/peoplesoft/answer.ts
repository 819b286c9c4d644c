/**
 * A QAS answer as the connector reads it (README): `status`, `data.query.numrows` and `data.query.rows`,
 * nothing else of the envelope (the query-name key's spelling is weak evidence). ExecuteQuery answers one;
 * each result block of the poll variant is one.
 */
import { KitError } from '../kit/errors.ts';
import { JsonNumber, parseJsonExact } from '../kit/json-exact.ts';
import type { Json } from '../kit/rest/values.ts';

export interface QueryAnswer {
  readonly numrows: number;
  readonly rows: readonly Json[];
}

/** `status`, `data.query.numrows` and `data.query.rows`: nothing else of the envelope is read. */
export function readEnvelope(queryName: string, text: string): QueryAnswer {
  const invalid = (why: string) => new KitError('RESPONSE_INVALID', `PeopleSoft answered query ${queryName} ${why}`);
  let body: unknown;
  try {
    body = parseJsonExact(text);
  } catch (error) {
    throw new KitError('RESPONSE_INVALID', `PeopleSoft answered query ${queryName} with text that is not JSON`, {
      cause: error,
    });
  }
  const object = body as { status?: unknown; data?: { query?: { numrows?: unknown; rows?: unknown } } } | null;
  if (object?.status !== 'success') throw invalid(`with status ${JSON.stringify(object?.status ?? null)}`);
  const query = object.data?.query;
  const numrows = query?.numrows instanceof JsonNumber ? Number(query.numrows.text) : Number.NaN;
  // An empty answer's rows may be left out (the empty form is unconfirmed, README).
  const rows = numrows === 0 && query?.rows === undefined ? [] : query?.rows;
  if (!Array.isArray(rows) || !Number.isInteger(numrows)) throw invalid('without data.query.numrows and rows');
  if (numrows !== rows.length) throw invalid(`with numrows ${numrows} but ${rows.length} rows`);
  return { numrows, rows: rows as Json[] };
}
