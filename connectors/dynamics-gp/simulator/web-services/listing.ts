/**
 * How the service lists (facts §5, §8.3): no paging and no order input; "only the first 1000 items that
 * meet the specified criteria will be returned", with no flag saying more exist; the order is unspecified.
 * The simulator lists in an order derived from a hash of each record's key, which is neither key order nor
 * ModifiedDate order, so a client that assumes either is caught.
 */
import type { SimRecord } from '../entities.ts';

function keyHash(key: string | number): number {
  // FNV-1a over the key's text: stable across runs, unrelated to when a record changed.
  let hash = 0x811c9dc5;
  for (const char of String(key)) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The matching records, cut to `cap` silently, in hash order. */
export function capped(
  records: Iterable<SimRecord>,
  matches: (record: SimRecord) => boolean,
  cap: number,
): SimRecord[] {
  return [...records]
    .filter(matches)
    .sort((a, b) => keyHash(a.key) - keyHash(b.key) || String(a.key).localeCompare(String(b.key)))
    .slice(0, cap);
}
