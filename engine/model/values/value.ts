import { Decimal } from './decimal.ts';
import { PlainDate } from './date.ts';
import { Timestamp } from './timestamp.ts';
import { setOwnEntry } from '../own-names.ts';

/**
 * A runtime value of the mapping language and the engine.
 * Integers are JS numbers that are always safe integers; there are no binary floats in the core
 * (amounts are Decimal). Lists and records hold values of their own.
 */
export type Value =
  | null
  | string
  | number
  | boolean
  | Decimal
  | PlainDate
  | Timestamp
  | readonly Value[]
  | { readonly [key: string]: Value };

export type ValueKind =
  'null' | 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'list' | 'record';

/** What values become in JSON (storage, preview, the audit payload). */
export type JsonValue = null | string | number | boolean | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export function valueKind(value: Value): ValueKind {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      if (value instanceof Decimal) return 'decimal';
      if (value instanceof PlainDate) return 'date';
      if (value instanceof Timestamp) return 'timestamp';
      return Array.isArray(value) ? 'list' : 'record';
  }
}

/**
 * Value equality (not SQL's: null equals null here). Numbers compare numerically across kinds, so
 * integer 1 equals decimal 1.00; timestamps are equal when they are the same instant; a date never
 * equals a timestamp; lists and records compare element by element.
 */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const kindA = valueKind(a);
  const kindB = valueKind(b);
  if (isNumericKind(kindA) && isNumericKind(kindB)) return toDecimal(a).equals(toDecimal(b));
  if (kindA !== kindB) return false;
  return compareValues(a, b) === 0;
}

const KIND_RANK: Record<ValueKind, number> = {
  null: 0,
  boolean: 1,
  integer: 2,
  decimal: 2,
  string: 3,
  date: 4,
  timestamp: 5,
  list: 6,
  record: 7,
};

/**
 * A total order for sorting and grouping: null first, then booleans (false < true), numbers (integer
 * and decimal together, numerically), text (by UTF-16 code unit, the same on every machine, not by
 * locale), dates, timestamps (by instant), lists (element by element) and records (by sorted keys,
 * then values).
 */
export function compareValues(a: Value, b: Value): -1 | 0 | 1 {
  const kindA = valueKind(a);
  const kindB = valueKind(b);
  const rankA = KIND_RANK[kindA];
  const rankB = KIND_RANK[kindB];
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (kindA) {
    case 'null':
      return 0;
    case 'boolean':
    case 'string':
      return a === b ? 0 : (a as string | boolean) < (b as string | boolean) ? -1 : 1;
    case 'integer':
    case 'decimal':
      if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
      return toDecimal(a).compare(toDecimal(b));
    case 'date':
      return (a as PlainDate).compare(b as PlainDate);
    case 'timestamp':
      return (a as Timestamp).compare(b as Timestamp);
    case 'list':
      return compareLists(a as readonly Value[], b as readonly Value[]);
    case 'record':
      return compareRecords(a as { readonly [key: string]: Value }, b as { readonly [key: string]: Value });
    default: {
      const unknown: never = kindA;
      throw new Error(`unknown value kind ${String(unknown)}`);
    }
  }
}

/** JSON form for storage and preview: decimals as strings (exact), dates 'YYYY-MM-DD', timestamps ISO with offset. */
export function toJsonValue(value: Value): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Decimal || value instanceof PlainDate || value instanceof Timestamp) return value.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  const record: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value as { readonly [key: string]: Value }))
    setOwnEntry(record, key, toJsonValue(item));
  return record;
}

/**
 * Text for display and for TEXT(): null shows as an empty string (callers that must tell null from ''
 * look at valueKind), decimals keep their scale ("12.50"), booleans are 'true'/'false', dates and
 * timestamps are ISO, lists and records are JSON.
 */
export function formatValue(value: Value): string {
  if (value === null) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
      return String(value);
    default:
      if (value instanceof Decimal || value instanceof PlainDate || value instanceof Timestamp) return value.toString();
      return JSON.stringify(toJsonValue(value));
  }
}

/** An integer or decimal value as a Decimal (integer n -> n with scale 0). */
export function toDecimal(value: Value): Decimal {
  if (typeof value === 'number') return Decimal.fromInteger(value);
  if (value instanceof Decimal) return value;
  throw new TypeError(`expected a number, got ${valueKind(value)}`);
}

function isNumericKind(kind: ValueKind): boolean {
  return kind === 'integer' || kind === 'decimal';
}

function compareLists(a: readonly Value[], b: readonly Value[]): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareValues(a[i] ?? null, b[i] ?? null);
    if (order !== 0) return order;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareRecords(a: { readonly [key: string]: Value }, b: { readonly [key: string]: Value }): -1 | 0 | 1 {
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  const byKeys = compareLists(keysA, keysB);
  if (byKeys !== 0) return byKeys;
  for (const key of keysA) {
    const order = compareValues(a[key] ?? null, b[key] ?? null);
    if (order !== 0) return order;
  }
  return 0;
}
