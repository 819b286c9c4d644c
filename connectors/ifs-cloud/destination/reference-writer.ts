/**
 * IFS as a destination for reference data (supplier attributes, code part value descriptions): each row
 * updates the existing IFS
 * record with the key it names, under IFS's optimistic concurrency (ifs-cloud.md §6):
 * read the record for its ETag, PATCH only the columns that differ with `If-Match: <that ETag>` and
 * `Content-Type: application/json`; when IFS answers that the record changed meanwhile (412, or its
 * FND_MODIFIED words), read it again and retry once; a second refusal holds the row with IFS's words.
 * `If-Match: *` is never sent: it would overwrite a change made in IFS since the read. A record IFS does not
 * have is held (this writer updates, it creates nothing). Re-sending a batch is harmless: a row already
 * applied reads back equal and is counted unchanged.
 */
import type { DataRow, RejectedRow } from '../../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp, type Value } from '../../../engine/model/values/index.ts';
import { KitError, isKitError } from '../../kit/errors.ts';
import { parseJsonExact, JsonNumber, type JsonTree } from '../../kit/json-exact.ts';
import type { Json } from '../../kit/rest/values.ts';
import type { IfsClient } from '../client.ts';

export interface ReferenceTarget {
  /** The row's key columns (named in messages, never written). */
  readonly key: readonly string[];
  readonly columns: readonly string[];
  /** How the rows are named in messages, e.g. "supplier". */
  readonly what: string;
  /** The URL of the IFS record a row names, or why the row cannot name one (it is then held with those words). */
  readonly locate: (row: DataRow) => { readonly url: string } | { readonly refused: string };
}

export interface RowOutcome {
  readonly outcome: 'updated' | 'unchanged' | 'held';
  readonly message?: string;
}

/**
 * `Set(Company='10',CodeB='B100')`, or `Set('S1')` for one key: strings quoted with '' escaped, numbers bare
 * (§1). `keys` are IFS's key properties with their values, in IFS's key order.
 */
export function entityUrl(setUrl: string, keys: readonly (readonly [property: string, value: Value])[]): string {
  const literal = (value: Value) =>
    typeof value === 'number' || value instanceof Decimal
      ? String(value)
      : `'${String(value ?? '').replace(/'/g, "''")}'`;
  const text =
    keys.length === 1 ? literal(keys[0]![1]) : keys.map(([name, value]) => `${name}=${literal(value)}`).join(',');
  return `${setUrl}(${encodeURIComponent(text).replace(/%3D/g, '=').replace(/%2C/g, ',').replace(/%27/g, "'")})`;
}

/** The JSON text of a value, numbers from their digits. */
function jsonText(value: Value): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Decimal) return value.toString();
  if (value instanceof PlainDate || value instanceof Timestamp) return JSON.stringify(value.toString());
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(String(value));
}

function sameValue(value: Value, current: JsonTree | undefined): boolean {
  if (value === null || value === undefined) return current === null || current === undefined;
  if (current instanceof JsonNumber) {
    const wanted = value instanceof Decimal ? value : Decimal.tryParse(String(value));
    const had = Decimal.tryParse(current.text);
    return wanted !== undefined && had !== undefined && wanted.compare(had) === 0;
  }
  return (
    String(value instanceof PlainDate || value instanceof Timestamp ? value.toString() : value) === String(current)
  );
}

interface Current {
  readonly record: Json;
  readonly etag: string;
}

async function read(client: IfsClient, url: string): Promise<Current | undefined> {
  try {
    const response = await client.send({ method: 'GET', path: url, headers: { accept: 'application/json' } });
    const record = parseJsonExact(response.body.toString('utf8')) as Json;
    const etag =
      response.headers.etag ?? (typeof record['@odata.etag'] === 'string' ? record['@odata.etag'] : undefined);
    if (etag === undefined) throw new KitError('RESPONSE_INVALID', `IFS answered ${url} without an ETag`);
    return { record, etag };
  } catch (error) {
    if (isKitError(error) && error.status === 404) return undefined;
    throw error;
  }
}

function isStale(error: unknown): error is KitError {
  return isKitError(error) && (error.status === 412 || /has already been changed/i.test(error.vendorMessage ?? ''));
}

/** A refusal of this row alone (4xx other than auth): held with IFS's words; anything else stops the batch. */
function isRowRefusal(error: unknown): error is KitError {
  return (
    isKitError(error) &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 403
  );
}

export async function writeReferenceRow(client: IfsClient, target: ReferenceTarget, row: DataRow): Promise<RowOutcome> {
  const located = target.locate(row);
  if ('refused' in located) return { outcome: 'held', message: located.refused };
  const { url } = located;
  const name = `${target.what} ${target.key.map((key) => String(row[key] ?? '')).join('/')}`;
  for (let attempt = 1; ; attempt++) {
    const current = await read(client, url);
    if (current === undefined)
      return {
        outcome: 'held',
        message: `IFS has no ${name}; this destination updates existing records and creates none`,
      };
    const changed = target.columns.filter(
      (column) => !target.key.includes(column) && !sameValue(row[column] ?? null, current.record[column]),
    );
    if (changed.length === 0) return { outcome: 'unchanged' };
    const body = `{${changed.map((column) => `${JSON.stringify(column)}:${jsonText(row[column] ?? null)}`).join(',')}}`;
    try {
      await client.send({
        method: 'PATCH',
        path: url,
        // If-Match makes a resend safe: a PATCH that was applied answers 412 and is read back equal.
        idempotent: true,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'if-match': current.etag },
        body,
      });
      return { outcome: 'updated' };
    } catch (error) {
      if (isStale(error) && attempt === 1) continue;
      if (isStale(error) || isRowRefusal(error))
        return {
          outcome: 'held',
          message: `IFS refused the update of ${name}: ${error.vendorMessage ?? error.message}`,
        };
      throw error;
    }
  }
}

/** Whether a row would change its IFS record (read only). A record IFS lacks counts as a change that will be held. */
export async function planRow(client: IfsClient, target: ReferenceTarget, row: DataRow): Promise<boolean> {
  const located = target.locate(row);
  if ('refused' in located) return true;
  const current = await read(client, located.url);
  if (current === undefined) return true;
  return target.columns.some(
    (column) => !target.key.includes(column) && !sameValue(row[column] ?? null, current.record[column]),
  );
}

export function rejected(index: number, outcome: RowOutcome): RejectedRow {
  return { index, code: 'IFS_REFUSED', message: outcome.message ?? 'IFS refused the row' };
}
