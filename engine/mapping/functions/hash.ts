/**
 * HASH: a stable fingerprint of values, for surrogate keys and change detection.
 *
 * HASH(v1, v2, ...) = lower-case hex SHA-256 of the UTF-8 bytes of JSON.stringify([e(v1), e(v2), ...]),
 * where e encodes each value so that equal values (valueEquals) hash alike and different kinds never collide:
 *   NULL -> null              text -> the string            true/false -> true/false
 *   integer or decimal -> {"number": plain text without trailing fraction zeros}, so 1, 1.0 and 1.00 agree
 *   date -> {"date": "YYYY-MM-DD"}
 *   timestamp -> {"timestamp": the instant in UTC with six fraction digits, "2024-03-01T15:30:00.000000Z"},
 *                so the same instant written with different offsets agrees
 *   list -> [e(item), ...]    record -> {"record": [[key, e(value)], ...] sorted by key}
 * NULL arguments are hashed, not propagated: HASH(a, NULL) differs from HASH(a, "") and from HASH(a).
 * The encoding is part of the product's contract: stored hashes must stay valid across versions.
 */
import { Decimal, PlainDate, Timestamp, type Value } from '../../model/values/index.ts';
import { fixedRule } from './arg-types.ts';
import { strictFunction } from './define.ts';
import { sha256Hex, utf8Encode } from './sha256.ts';
import type { FunctionSpec } from './spec.ts';

type Encoded =
  | null
  | string
  | boolean
  | readonly Encoded[]
  | { readonly [key: string]: Encoded | readonly (readonly [string, Encoded])[] };

export function encodeForHash(value: Value): Encoded {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return { number: String(value) };
  if (value instanceof Decimal) return { number: value.stripTrailingZeros().toString() };
  if (value instanceof PlainDate) return { date: value.toString() };
  if (value instanceof Timestamp) return { timestamp: utcWithMicros(value) };
  if (Array.isArray(value)) return value.map(encodeForHash);
  const record = value as { readonly [key: string]: Value };
  const entries = Object.keys(record)
    .sort()
    .map((key): readonly [string, Encoded] => [key, encodeForHash(record[key] ?? null)]);
  return { record: entries };
}

function utcWithMicros(timestamp: Timestamp): string {
  const utc = Timestamp.of(timestamp.epochMicros, 0);
  const micros = String(utc.microsOfDay() % 1_000_000n).padStart(6, '0');
  return `${utc.toString().slice(0, 19)}.${micros}Z`;
}

export function hashValues(values: readonly Value[]): string {
  return sha256Hex(utf8Encode(JSON.stringify(values.map(encodeForHash))));
}

export const HASH = strictFunction({
  name: 'HASH',
  signature: 'HASH(value1, [value2, ...])',
  description:
    'A fingerprint of the values: 64 hex characters (SHA-256) that are the same wherever and whenever they are computed. Equal values give equal hashes (1 and 1.00 agree); NULL counts as a value.',
  example: 'HASH(company, vendor_id)',
  params: [{ name: 'value', description: 'Values to fingerprint, in order.', variadic: true }],
  returnType: fixedRule('HASH', ['anything'], { kind: 'string' }, true),
  nullPropagating: false,
  evaluate: (args) => hashValues(args),
});

export const HASH_FUNCTIONS: readonly FunctionSpec[] = [HASH];
