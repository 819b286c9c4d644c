import { Decimal } from './decimal.ts';
import { PlainDate } from './date.ts';
import { ValueFormatError, quoteInput } from './errors.ts';
import { Timestamp } from './timestamp.ts';
import type { Value } from './value.ts';

export type CoercionTarget = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';

export type CoercionResult =
  { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly reason: string };

export interface CoercionOptions {
  /** Zone (IANA name or '+hh:mm') for timestamps written without an offset. */
  readonly defaultZone?: string;
}

const EXPECTED: Record<CoercionTarget, string> = {
  string: 'text',
  integer: 'a whole number',
  decimal: 'a decimal number',
  boolean: 'true or false',
  date: 'a date (YYYY-MM-DD)',
  timestamp: 'a timestamp',
};

const TRUE_WORDS = new Set(['true', '1', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'n']);

// A date-time whose written time is midnight, with or without an offset: many APIs send dates this way.
const MIDNIGHT_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[Tt ]00:00(?::00(?:[.,]0{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * Turns raw input (parsed JSON, CSV cells, driver values) into a typed value, or says why not.
 *
 * Rules, per target:
 *  - every type: undefined and null give null; already-typed values of the target pass through.
 *  - non-text types: surrounding whitespace is ignored (fixed-width exports pad), and empty or
 *    whitespace-only text gives null. Text targets keep the input exactly, '' included.
 *  - string: text as is; numbers, booleans, decimals, dates and timestamps as their canonical text.
 *  - integer: safe integers, or text/decimals whose value is whole ("12", "12.00", "1e3");
 *    fractions and numbers beyond ±(2^53 - 1) are refused (use a decimal column).
 *  - decimal: decimal text ("12.50", "-1.5e3"; no thousands separators) or a JS number read through its
 *    shortest text, so 0.1 stays 0.1.
 *  - boolean: true/false, or text true/false/1/0/Y/N in any case, or the numbers 1/0.
 *  - date: 'YYYY-MM-DD', or a date-time written at midnight (2024-01-31T00:00:00Z), taken as the date
 *    written whatever its offset; any other time of day is refused, since dropping it would lose data.
 *  - timestamp: ISO 8601 text; without an offset only when `defaultZone` is given. Numbers are refused
 *    (seconds or milliseconds cannot be told apart).
 * A reason names the expected type and quotes the input, cut to 60 characters.
 */
export function coerceValue(raw: unknown, type: CoercionTarget, options?: CoercionOptions): CoercionResult {
  if (raw === undefined || raw === null) return ok(null);
  if (type === 'string') return coerceString(raw);
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return ok(null);
    return coerceText(text, raw, type, options);
  }
  switch (type) {
    case 'integer':
      return coerceInteger(raw);
    case 'decimal':
      if (raw instanceof Decimal) return ok(raw);
      if (typeof raw === 'bigint') return ok(Decimal.fromInteger(raw));
      if (typeof raw === 'number' && Number.isFinite(raw)) return ok(Decimal.fromNumber(raw));
      return refuse(type, raw);
    case 'boolean':
      if (typeof raw === 'boolean') return ok(raw);
      if (raw === 1 || raw === 0) return ok(raw === 1);
      return refuse(type, raw);
    case 'date':
      if (raw instanceof PlainDate) return ok(raw);
      if (raw instanceof Timestamp && raw.microsOfDay() === 0n) return ok(raw.toDate());
      return refuse(type, raw, raw instanceof Timestamp ? 'it has a time of day; use a timestamp column' : undefined);
    case 'timestamp':
      if (raw instanceof Timestamp) return ok(raw);
      return refuse(type, raw, typeof raw === 'number' ? 'a bare number could be seconds or milliseconds' : undefined);
    default: {
      const unknown: never = type;
      return { ok: false, reason: `unknown type ${String(unknown)}` };
    }
  }
}

function coerceText(
  text: string,
  raw: string,
  type: Exclude<CoercionTarget, 'string'>,
  options?: CoercionOptions,
): CoercionResult {
  switch (type) {
    case 'integer': {
      const parsed = Decimal.tryParse(text);
      return parsed === undefined ? refuse(type, raw) : coerceInteger(parsed, raw);
    }
    case 'decimal': {
      const parsed = Decimal.tryParse(text);
      return parsed === undefined
        ? refuse(type, raw, /^[+-]?[\d.]+,\d/.test(text) ? 'thousands separators are not read' : undefined)
        : ok(parsed);
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.has(lower)) return ok(true);
      if (FALSE_WORDS.has(lower)) return ok(false);
      return refuse(type, raw);
    }
    case 'date': {
      const date = PlainDate.tryParse(text) ?? PlainDate.tryParse(MIDNIGHT_TIMESTAMP.exec(text)?.[1] ?? '');
      if (date !== undefined) return ok(date);
      const timestamp = Timestamp.tryParse(text, 'UTC');
      return refuse(type, raw, timestamp !== undefined ? 'it has a time of day; use a timestamp column' : undefined);
    }
    case 'timestamp':
      try {
        return ok(Timestamp.parse(text, options?.defaultZone));
      } catch (error) {
        if (error instanceof ValueFormatError)
          return { ok: false, reason: `expected ${EXPECTED.timestamp}: ${error.message}` };
        throw error;
      }
    default: {
      const unknown: never = type;
      return { ok: false, reason: `unknown type ${String(unknown)}` };
    }
  }
}

function coerceString(raw: unknown): CoercionResult {
  switch (typeof raw) {
    case 'string':
      return ok(raw);
    case 'number':
      return Number.isFinite(raw) ? ok(String(raw)) : refuse('string', raw);
    case 'bigint':
    case 'boolean':
      return ok(String(raw));
    default:
      if (raw instanceof Decimal || raw instanceof PlainDate || raw instanceof Timestamp) return ok(raw.toString());
      return refuse('string', raw);
  }
}

function coerceInteger(raw: unknown, original: unknown = raw): CoercionResult {
  let whole: bigint;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return refuse('integer', original);
    if (!Number.isInteger(raw)) return refuse('integer', original, 'it has a fraction');
    whole = BigInt(raw);
  } else if (typeof raw === 'bigint') {
    whole = raw;
  } else if (raw instanceof Decimal) {
    if (!raw.isInteger()) return refuse('integer', original, 'it has a fraction');
    whole = raw.toBigInt();
  } else {
    return refuse('integer', original);
  }
  if (whole > BigInt(Number.MAX_SAFE_INTEGER) || whole < BigInt(Number.MIN_SAFE_INTEGER)) {
    return refuse('integer', original, 'it is too large for an integer; use a decimal column');
  }
  return ok(Number(whole));
}

function ok(value: Value): CoercionResult {
  return { ok: true, value };
}

function refuse(type: CoercionTarget, raw: unknown, why?: string): CoercionResult {
  const shown = typeof raw === 'string' ? quoteInput(raw) : describeRaw(raw);
  return { ok: false, reason: `expected ${EXPECTED[type]} but got ${shown}${why === undefined ? '' : `: ${why}`}` };
}

function describeRaw(raw: unknown): string {
  if (raw instanceof Decimal || raw instanceof PlainDate || raw instanceof Timestamp) return quoteInput(raw.toString());
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  if (Array.isArray(raw)) return `a list ${quoteInput(safeJson(raw))}`;
  if (typeof raw === 'object' && raw !== null) return `an object ${quoteInput(safeJson(raw))}`;
  return `a ${typeof raw}`;
}

function safeJson(raw: unknown): string {
  try {
    return (
      JSON.stringify(raw, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item)) ?? String(raw)
    );
  } catch {
    return String(raw);
  }
}
