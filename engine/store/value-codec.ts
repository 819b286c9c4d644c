/**
 * A tagged JSON codec for the engine's runtime values, so replay payloads, hold records and cursors
 * come back from the store exactly as they went in: a Decimal keeps its scale, a date stays a date.
 *
 *   Decimal 12.50           -> {"$decimal":"12.50"}
 *   PlainDate 2024-01-31    -> {"$date":"2024-01-31"}
 *   Timestamp               -> {"$timestamp":"2024-01-31T10:00:00+01:00"}
 *   NaN, ±Infinity, -0      -> {"$number":"NaN"} (plain JSON cannot carry them)
 *
 * A record key that starts with "$" gets one more "$" in front ("$decimal" -> "$$decimal"), so a
 * source record can never forge a tag: in encoded JSON, a key with a single leading "$" is always a tag.
 */
import { Decimal, PlainDate, Timestamp } from '../model/values/index.ts';
import type { DataRow } from '../model/io.ts';
import type { JsonValue, Value } from '../model/values/index.ts';
import { RunStoreError } from './errors.ts';

/** A typed source record, as connectors read it and the mapping consumes it. */
export type Row = DataRow;

export type JsonObject = { readonly [key: string]: JsonValue };

const TAG_DECIMAL = '$decimal';
const TAG_DATE = '$date';
const TAG_TIMESTAMP = '$timestamp';
const TAG_NUMBER = '$number';

export function encodeValue(value: Value): JsonValue {
  return encodeTree(value, new Set());
}

export function decodeValue(json: unknown): Value {
  return decodeTree(json, '$');
}

export function encodeRow(row: Row): JsonObject {
  return encodeRecord(row, new Set());
}

export function decodeRow(json: unknown): Row {
  if (!isJsonRecord(json) || isTagged(json)) throw codecError('a stored row is not a record');
  return decodeRecord(json, '$');
}

/** Encoded JSON text, the form the store keeps in its TEXT columns. */
export function serializeValue(value: Value): string {
  return JSON.stringify(encodeValue(value));
}

export function deserializeValue(text: string): Value {
  return decodeValue(parseJson(text));
}

export function serializeRows(rows: readonly Row[]): string {
  const seen = new Set<object>();
  return JSON.stringify(rows.map((row) => encodeRecord(row, seen)));
}

export function deserializeRows(text: string): Row[] {
  const json = parseJson(text);
  if (!Array.isArray(json)) throw codecError('a stored payload is not a list of rows');
  return json.map((row: unknown) => decodeRow(row));
}

function encodeTree(value: Value, ancestors: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return encodeNumber(value);
  if (value instanceof Decimal) return { [TAG_DECIMAL]: value.toString() };
  if (value instanceof PlainDate) return { [TAG_DATE]: value.toString() };
  if (value instanceof Timestamp) return { [TAG_TIMESTAMP]: value.toString() };
  if (Array.isArray(value)) {
    enter(value, ancestors);
    const encoded = value.map((item: Value) => encodeTree(item, ancestors));
    ancestors.delete(value);
    return encoded;
  }
  if (isPlainRecord(value)) return encodeRecord(value, ancestors);
  throw codecError(`cannot store a value of type ${describe(value)}`);
}

function encodeRecord(record: Row, ancestors: Set<object>): JsonObject {
  if (!isPlainRecord(record)) throw codecError(`cannot store a row of type ${describe(record)}`);
  enter(record, ancestors);
  // A plain loop: this runs for every source record of every batch (the replay payload). A
  // prototype-less object keeps a "__proto__" key as data.
  const encoded: Record<string, JsonValue> = Object.create(null);
  for (const key of Object.keys(record)) encoded[escapeKey(key)] = encodeTree(record[key] as Value, ancestors);
  ancestors.delete(record);
  return encoded;
}

function encodeNumber(value: number): JsonValue {
  if (Number.isFinite(value) && !Object.is(value, -0)) return value;
  return { [TAG_NUMBER]: Object.is(value, -0) ? '-0' : String(value) };
}

function decodeTree(json: unknown, path: string): Value {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') return json;
  if (Array.isArray(json)) return json.map((item: unknown, index) => decodeTree(item, `${path}[${index}]`));
  if (isJsonRecord(json)) return isTagged(json) ? decodeTagged(json, path) : decodeRecord(json, path);
  throw codecError(`${path} holds ${describe(json)}, which is not JSON`);
}

function decodeRecord(json: Readonly<Record<string, unknown>>, path: string): Row {
  return Object.fromEntries(
    Object.entries(json).map(([key, item]) => {
      if (!key.startsWith('$$') && key.startsWith('$')) {
        throw codecError(`${path} mixes the tag ${JSON.stringify(key)} with other keys`);
      }
      const original = unescapeKey(key);
      return [original, decodeTree(item, `${path}.${original}`)];
    }),
  );
}

function decodeTagged(json: Readonly<Record<string, unknown>>, path: string): Value {
  const [tag, text] = Object.entries(json)[0] ?? [];
  if (typeof text !== 'string') throw codecError(`${path}: the tag ${JSON.stringify(tag)} must hold text`);
  try {
    switch (tag) {
      case TAG_DECIMAL:
        return Decimal.parse(text);
      case TAG_DATE:
        return PlainDate.parse(text);
      case TAG_TIMESTAMP:
        return Timestamp.parse(text);
      case TAG_NUMBER:
        return decodeSpecialNumber(text, path);
      default:
        throw codecError(`${path}: unknown tag ${JSON.stringify(tag)}`);
    }
  } catch (error) {
    if (error instanceof RunStoreError) throw error;
    throw codecError(`${path}: ${JSON.stringify(text)} is not a valid ${tag}`, error);
  }
}

function decodeSpecialNumber(text: string, path: string): number {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '-0':
      return -0;
    default:
      throw codecError(`${path}: ${JSON.stringify(text)} is not a special number`);
  }
}

/** A tag is a record with exactly one key that starts with a single "$". */
function isTagged(json: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(json);
  const only = keys[0];
  return keys.length === 1 && only !== undefined && only.startsWith('$') && !only.startsWith('$$');
}

function escapeKey(key: string): string {
  return key.startsWith('$') ? `$${key}` : key;
}

function unescapeKey(key: string): string {
  return key.startsWith('$$') ? key.slice(1) : key;
}

function enter(container: object, ancestors: Set<object>): void {
  if (ancestors.has(container)) throw codecError('cannot store a value that contains itself');
  ancestors.add(container);
}

function isPlainRecord(value: unknown): value is Row {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isJsonRecord(json: unknown): json is Readonly<Record<string, unknown>> {
  return isPlainRecord(json);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw codecError('stored JSON text is malformed', error);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const prototype: unknown = Object.getPrototypeOf(value);
  const constructorName =
    prototype !== null && typeof prototype === 'object' && 'constructor' in prototype
      ? (prototype.constructor as { name?: unknown }).name
      : undefined;
  return typeof constructorName === 'string' ? constructorName : 'object';
}

function codecError(message: string, cause?: unknown): RunStoreError {
  return new RunStoreError('VALUE_CODEC', message, cause === undefined ? undefined : { cause });
}
