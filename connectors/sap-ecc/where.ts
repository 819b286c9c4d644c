/**
 * WHERE clauses as tokens (OPTIONS lines are cut from them, `read-table-options.ts`): a stream's base
 * filter, a slice of keys (a range for a full read, a short list for the keys that changed), a day bound.
 */
import { charLiteral, keyRangeTokens } from './read-table-options.ts';

export type Tokens = readonly string[];

/** `a AND b AND c`, leaving out empty parts. */
export function and(...parts: readonly Tokens[]): string[] {
  return parts.filter((part) => part.length > 0).flatMap((part, i) => (i === 0 ? [...part] : ['AND', ...part]));
}

export const equals = (field: string, value: string): string[] => [field, '=', charLiteral(value)];

/** The slice a read covers: every key from the first to the last (a full read) or exactly these keys. */
export type KeySlice =
  | { readonly kind: 'range'; readonly keys: readonly string[] }
  | { readonly kind: 'list'; readonly keys: readonly string[] };

export function sliceTokens(field: string, slice: KeySlice): string[] {
  if (slice.kind === 'range') return keyRangeTokens(field, slice.keys[0]!, slice.keys[slice.keys.length - 1]!);
  return ['(', ...slice.keys.flatMap((key, i) => (i === 0 ? equals(field, key) : ['OR', ...equals(field, key)])), ')'];
}

/** Keys cut into slices: ranges of `size` keys, or lists of at most `size` keys. */
export function slices(keys: readonly string[], kind: KeySlice['kind'], size: number): KeySlice[] {
  const out: KeySlice[] = [];
  for (let at = 0; at < keys.length; at += size) out.push({ kind, keys: keys.slice(at, at + size) });
  return out;
}
