/**
 * LOOKUP's key rule, shared by the run's tables, the pipeline checks and the studio's grid so that all
 * three agree on which keys are "the same" and how range bounds are ordered.
 *
 * - Text keys match ignoring case unless the table says `keyMatch: "exact"` (spreadsheet lookups ignore
 *   case, and a code typed "sales" in one system and "SALES" in another is one department to Finance).
 *   Case is folded with the language-independent Unicode lower-case mapping, the same on every machine.
 * - Keys of other types match by value and type: the text "4100" never finds the number 4100. Numbers
 *   match by value whatever their written places, as in a spreadsheet: 4100.00 finds 4100.
 * - Range bounds order by the table's key type: numbers numerically, dates by day, text character by
 *   character (UTF-16 code units, after case folding when it applies), so fixed-width codes with leading
 *   zeros sort as written: "0400" < "4000" < "4999".
 */
import type { LookupDefinition, LookupKeyMatch } from './schema/lookup.ts';
import { Decimal, coerceValue, compareValues, type Value } from './values/index.ts';

export const DEFAULT_KEY_MATCH: LookupKeyMatch = 'ignore-case';

export function keyMatchOf(lookup: Pick<LookupDefinition, 'keyMatch'>): LookupKeyMatch {
  return lookup.keyMatch ?? DEFAULT_KEY_MATCH;
}

/** A key as the table compares it: text folded to lower case under "ignore-case", anything else as is. */
export function comparableKey(key: Value, keyMatch: LookupKeyMatch): Value {
  return keyMatch === 'ignore-case' && typeof key === 'string' ? key.toLowerCase() : key;
}

/** The identity of a key under the rule (for maps of exact keys): type and value, text folded when it applies. */
export function keyIdentity(key: Value, keyMatch: LookupKeyMatch): string {
  if (key === null) return '\u0000';
  // One identity per number, not per way of writing it: 4100, 4100.0 and 4100.00 are one key.
  if (typeof key === 'number') return `number:${key}`;
  if (key instanceof Decimal) return `number:${key.stripTrailingZeros().toString()}`;
  const compared = comparableKey(key, keyMatch);
  return `${typeof compared}:${String(compared)}`;
}

/** Orders two keys of one table (already made comparable): the order range bounds and lookups use. */
export function compareKeys(a: Value, b: Value): -1 | 0 | 1 {
  // Most tables key by whole numbers or text: compared directly, the binary search stays a few
  // comparisons per key (the general order below is the same for them, only slower).
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))
    return a === b ? 0 : a < b ? -1 : 1;
  return compareValues(a, b);
}

export type TypedBound = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly reason: string };

/**
 * A key or bound written in the pipeline file, typed as the table's keys. A text table takes text only
 * and a number table numbers only (or number text, as a CSV gives them): a table mixing the two would
 * order its ranges by no rule an analyst can see, so it is refused.
 */
export function typedBound(raw: unknown, keyType: LookupDefinition['keyType']): TypedBound {
  const type = keyType ?? 'string';
  if (type === 'string' && typeof raw !== 'string')
    return { ok: false, reason: `${describeRaw(raw)} is not text, and the keys of this table are text` };
  if ((type === 'integer' || type === 'decimal') && typeof raw !== 'number' && typeof raw !== 'string')
    return { ok: false, reason: `${describeRaw(raw)} is not a number, and the keys of this table are numbers` };
  const coerced = coerceValue(raw, type);
  if (!coerced.ok) return { ok: false, reason: coerced.reason };
  if (coerced.value === null) return { ok: false, reason: 'it is empty' };
  return { ok: true, value: coerced.value };
}

function describeRaw(raw: unknown): string {
  if (typeof raw === 'number') return `the number ${raw}`;
  if (typeof raw === 'string') return `the text ${JSON.stringify(raw)}`;
  return JSON.stringify(raw) ?? String(raw);
}
