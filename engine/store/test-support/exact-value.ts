/**
 * Exact equality of runtime values for round-trip tests: same classes, same decimal scale, same
 * timestamp offset, -0 apart from 0, same record key order. (A generic deep-equal reads a record's
 * own "constructor" key as its class, so it cannot judge records with hostile keys.)
 */
import { Decimal, PlainDate, Timestamp } from '../../model/values/index.ts';
import type { Value } from '../../model/values/index.ts';

export function exactlySame(a: Value, b: Value): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof Decimal) return b instanceof Decimal && a.coefficient === b.coefficient && a.scale === b.scale;
  if (a instanceof PlainDate) return b instanceof PlainDate && a.toString() === b.toString();
  if (a instanceof Timestamp) {
    return b instanceof Timestamp && a.epochMicros === b.epochMicros && a.offsetMinutes === b.offsetMinutes;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: Value, index) => exactlySame(item, b[index] as Value));
  }
  if (Object.getPrototypeOf(b) !== Object.prototype && Object.getPrototypeOf(b) !== null) return false;
  const recordA = a as { readonly [key: string]: Value };
  const recordB = b as { readonly [key: string]: Value };
  const keys = Object.keys(recordA);
  const keysB = Object.keys(recordB);
  if (keys.length !== keysB.length || keys.some((key, index) => key !== keysB[index])) return false;
  return keys.every((key) => exactlySame(recordA[key] as Value, recordB[key] as Value));
}
