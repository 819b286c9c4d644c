/**
 * Raw file values to typed values. The rules (and the wording of every refusal) are the engine's
 * `coerceValue`; this module only adds fast paths for the common case, because it runs once per cell:
 * exact decimal parsing without a result object, and a one-entry cache per column for decimals, dates
 * and timestamps, which repeat row after row in ledger exports (one posting date, one DEX_ROW_TS per
 * batch, "0.00" on the other side of every debit or credit).
 */
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import { setOwnEntry } from '../../engine/model/own-names.ts';
import { Decimal, PlainDate, Timestamp, coerceValue } from '../../engine/model/values/index.ts';
import type { Value } from '../../engine/model/values/index.ts';
import { JsonNumber } from '../kit/json-exact.ts';
import type { JsonTree } from '../kit/json-exact.ts';

/** Why a raw value is not a value of its column's type. */
export class Refusal {
  constructor(readonly reason: string) {}
}

export type TextCoercer = (text: string) => Value | Refusal;

const SHORT_INTEGER = /^-?\d{1,15}$/;

export function textCoercer(type: FieldTypeName, defaultZone: string | undefined): TextCoercer {
  const options = defaultZone === undefined ? undefined : { defaultZone };
  const slow = (text: string): Value | Refusal => {
    const result = coerceValue(text, type, options);
    return result.ok ? result.value : new Refusal(result.reason);
  };
  switch (type) {
    case 'string':
      return internedText();
    case 'integer':
      // Integer columns hold identifiers and counts, never amounts, so a double is exact here (<= 15 digits).
      return (text) => (SHORT_INTEGER.test(text) ? Number(text) : slow(text));
    case 'decimal':
      // The cache pays off on the zero side of debit/credit pairs ("0.00" on every other row).
      return cachedLast((text) => Decimal.tryParse(text) ?? slow(text));
    case 'boolean':
      return slow;
    case 'date':
      return cachedLast((text) => PlainDate.tryParse(text) ?? slow(text));
    case 'timestamp':
      return cachedLast((text) => Timestamp.tryParse(text, defaultZone) ?? slow(text));
    default: {
      const unknown: never = type;
      throw new Error(`unknown field type ${String(unknown)}`);
    }
  }
}

/** Distinct texts per column worth remembering; beyond this a column is free text and is not interned. */
const MAX_INTERNED = 4096;

/**
 * Codes (accounts, currencies, descriptions from a pick list) repeat across rows. Handing out one
 * string per distinct text keeps a page of records small and unhooks it from the chunk it was cut from,
 * which is most of what the garbage collector would otherwise copy while a page fills.
 */
function internedText(): TextCoercer {
  const seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    if (seen.size >= MAX_INTERNED || text.length > 64) return text;
    // A copy, not the slice: a slice would keep the whole chunk it was cut from alive in the map.
    const own = (' ' + text).slice(1);
    seen.set(own, own);
    return own;
  };
}

/** Values are immutable, so handing the same instance to consecutive rows is safe. */
function cachedLast(coerce: TextCoercer): TextCoercer {
  let lastText: string | undefined;
  let lastValue: Value | Refusal = null;
  return (text) => {
    if (text === lastText) return lastValue;
    lastValue = text.length === 0 ? null : coerce(text);
    lastText = text;
    return lastValue;
  };
}

/**
 * A JSON value to a typed value. Numbers arrive as their source text, so a decimal field keeps every
 * digit (12345678901234567.89 stays exactly that).
 */
export function coerceJson(
  tree: JsonTree | undefined,
  type: FieldTypeName,
  defaultZone: string | undefined,
): Value | Refusal {
  const options = defaultZone === undefined ? undefined : { defaultZone };
  let raw: unknown = tree;
  if (tree instanceof JsonNumber) {
    const text = tree.text;
    if (type === 'decimal') return Decimal.parse(text); // the parser only emits valid JSON numbers
    // Text keeps every digit for integer and string fields; other types judge the exact number.
    if (type === 'integer' || type === 'string') raw = text;
    else if (type === 'boolean' && (text === '1' || text === '0')) raw = text === '1';
    else raw = Decimal.parse(text);
  } else if (tree !== null && typeof tree === 'object') {
    return new Refusal(`expected ${type} but got ${Array.isArray(tree) ? 'a list' : 'an object'}`);
  }
  const result = coerceValue(raw, type, options);
  return result.ok ? result.value : new Refusal(result.reason);
}

/** A JSON value as the mapping language's natural value: whole numbers as integers, the rest exact decimals. */
export function jsonToValue(tree: JsonTree | undefined): Value {
  if (tree === undefined || tree === null) return null;
  if (typeof tree === 'string' || typeof tree === 'boolean') return tree;
  if (tree instanceof JsonNumber) {
    if (SHORT_INTEGER.test(tree.text)) return Number(tree.text);
    return Decimal.parse(tree.text);
  }
  if (Array.isArray(tree)) return tree.map(jsonToValue);
  const record: Record<string, Value> = {};
  for (const [key, item] of Object.entries(tree)) setField(record, key, jsonToValue(item));
  return record;
}

/** Assigns a field; a field named "__proto__" becomes an own property instead of switching the prototype. */
export const setField: (record: Record<string, Value>, name: string, value: Value) => void = setOwnEntry;
