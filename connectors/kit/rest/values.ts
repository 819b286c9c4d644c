/**
 * Raw JSON values (numbers kept as their source text, `json-exact.ts`) into typed values, declared per
 * field: a conversion is a function of the raw value and its record, and a stream lists one per field.
 * Amounts are never read through a float. Each conversion says what it makes of a missing value, because
 * systems differ (GP sends null, BambooHR null or ""); a value that cannot be read is a problem with a
 * reason, which the source reports on the page so the runner holds the record.
 * Forms covered: exact decimals from JSON numbers and strings, amounts inside objects or with a currency
 * suffix, OData `Edm.*` values including v2's `/Date(ms)/`, fixed-width text (RFC rows), and zoned or
 * zone-less timestamps read in the connection's time zone.
 */
import { Decimal, PlainDate, Timestamp, type Value } from '../../../engine/model/values/index.ts';
import { JsonNumber, type JsonTree } from '../json-exact.ts';

export type Json = { readonly [key: string]: JsonTree };
export type Converted = { readonly value: Value } | { readonly problem: string };
export type Conversion = (raw: JsonTree | undefined, record: Json) => Converted;

const NULL: Converted = { value: null };

function isMissing(raw: JsonTree | undefined): raw is null | undefined {
  return raw === undefined || raw === null;
}

function isEmpty(raw: JsonTree | undefined): boolean {
  return isMissing(raw) || raw === '';
}

function isObject(raw: JsonTree | undefined): raw is Json {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof JsonNumber);
}

/** How a raw value is quoted in a problem: text in JSON quotes, a number by its digits. */
export function shown(raw: JsonTree | undefined): string {
  return raw instanceof JsonNumber ? raw.text : JSON.stringify(raw);
}

export interface TextOptions {
  /** Read a JSON number as its digits (ids sent as numbers). Default false: a number is a problem. */
  readonly numbers?: boolean;
  /** Read "" as null. Default false. */
  readonly emptyIsNull?: boolean;
}

export function text(options: TextOptions = {}): Conversion {
  return (raw) => {
    if (isMissing(raw) || (options.emptyIsNull === true && raw === '')) return NULL;
    if (typeof raw === 'string') return { value: raw };
    if (options.numbers === true && raw instanceof JsonNumber) return { value: raw.text };
    return { problem: 'is not text' };
  };
}

/** `missing`: what an absent value means; BambooHR leaves out a false flag, GP sends null for unknown. */
export function boolean(options: { readonly missing?: false | null } = {}): Conversion {
  const missing: Converted = { value: options.missing ?? null };
  return (raw) =>
    typeof raw === 'boolean' ? { value: raw } : isMissing(raw) ? missing : { problem: 'is not true or false' };
}

/** A whole JSON number that fits a double exactly. */
export function integer(): Conversion {
  return (raw) => {
    if (isMissing(raw)) return NULL;
    const number = raw instanceof JsonNumber && /^-?\d+$/.test(raw.text) ? Number(raw.text) : Number.NaN;
    return Number.isSafeInteger(number) ? { value: number } : { problem: 'is not a whole number' };
  };
}

/** An exact decimal from a JSON number's text or a string of digits (`"12.50"`); "" is null. */
export function decimal(): Conversion {
  return (raw) => {
    if (isEmpty(raw)) return NULL;
    const amount =
      raw instanceof JsonNumber
        ? Decimal.tryParse(raw.text)
        : typeof raw === 'string'
          ? Decimal.tryParse(raw.trim())
          : undefined;
    return amount === undefined ? { problem: `${shown(raw)} is not an amount` } : { value: amount };
  };
}

/**
 * An amount that may come inside an object, `{Value: 12.5, DecimalDigits: 2}` (GP's money): read from the
 * JSON number's text, and given the object's places when no digit is lost.
 */
export function amountObject(fields: { readonly amount: string; readonly places?: string }): Conversion {
  return (raw) => {
    if (isMissing(raw)) return NULL;
    const inner = isObject(raw) ? raw[fields.amount] : raw;
    if (!(inner instanceof JsonNumber)) return { problem: 'is not an amount' };
    const amount = Decimal.tryParse(inner.text);
    if (amount === undefined) return { problem: `${inner.text} is not an amount` };
    const digits = isObject(raw) && fields.places !== undefined ? raw[fields.places] : undefined;
    const places = digits instanceof JsonNumber ? Number(digits.text) : undefined;
    const trimmed = amount.stripTrailingZeros();
    const scale = trimmed.toString().split('.')[1]?.length ?? 0;
    return { value: places !== undefined && scale <= places ? trimmed.rescale(places) : amount };
  };
}

/** `{value, currency}` or `"55000.00 USD"` (thousands commas dropped): the amount and its currency, or undefined when unreadable. */
export function amountAndCurrency(
  raw: JsonTree | undefined,
  fields: { readonly amount: string; readonly currency: string },
): { readonly amount?: string; readonly currency?: string } | undefined {
  if (isEmpty(raw)) return {};
  if (raw instanceof JsonNumber) return { amount: raw.text };
  if (typeof raw === 'string') {
    const match = /^\s*(-?\d+(?:\.\d+)?)\s*([A-Z]{3})?\s*$/.exec(raw.replace(/,/g, ''));
    return match === null
      ? undefined
      : { amount: match[1] ?? '', ...(match[2] === undefined ? {} : { currency: match[2] }) };
  }
  if (isObject(raw)) {
    const value = raw[fields.amount];
    const amount = value instanceof JsonNumber ? value.text : typeof value === 'string' ? value : undefined;
    const currency = raw[fields.currency];
    return amount === undefined ? undefined : { amount, ...(typeof currency === 'string' ? { currency } : {}) };
  }
  return undefined;
}

/** The amount of a money value written `{value, currency}` or `"55000.00 USD"`. */
export function moneyAmount(fields: { readonly amount: string; readonly currency: string }): Conversion {
  return (raw) => {
    if (isEmpty(raw)) return NULL;
    const parsed = amountAndCurrency(raw, fields);
    const amount = parsed?.amount === undefined ? undefined : Decimal.tryParse(parsed.amount);
    return amount === undefined ? { problem: `${JSON.stringify(raw)} is not an amount` } : { value: amount };
  };
}

/** The currency of the money value in another field of the same record. */
export function moneyCurrency(
  field: string,
  fields: { readonly amount: string; readonly currency: string },
): Conversion {
  return (_raw, record) => ({ value: amountAndCurrency(record[field], fields)?.currency ?? null });
}

export interface DateOptions {
  /** Accept a midnight date-time (`2024-03-01T00:00:00Z`) as its date: GP writes dates that way. */
  readonly midnightTime?: boolean;
  /** "0000-00-00" means no date (some exports). */
  readonly zeroDateIsNull?: boolean;
  readonly emptyIsNull?: boolean;
  /** How the expected form is named in a problem, e.g. "a GP date". Default "a date (YYYY-MM-DD)". */
  readonly expected?: string;
}

export function date(options: DateOptions = {}): Conversion {
  // GP's midnight form is checked by pattern; a plain date is whatever PlainDate reads.
  const midnight = /^\d{4}-\d\d-\d\d(T00:00:00(\.0+)?Z?)?$/;
  const expected = options.expected ?? 'a date (YYYY-MM-DD)';
  return (raw) => {
    if (isMissing(raw) || (options.emptyIsNull === true && raw === '')) return NULL;
    if (options.zeroDateIsNull === true && raw === '0000-00-00') return NULL;
    const parsed =
      typeof raw !== 'string'
        ? undefined
        : options.midnightTime === true
          ? midnight.test(raw)
            ? PlainDate.tryParse(raw.slice(0, 10))
            : undefined
          : PlainDate.tryParse(raw);
    return parsed === undefined ? { problem: `${shown(raw)} is not ${expected}` } : { value: parsed };
  };
}

/**
 * A date and time. Text with an offset is that instant; text without one is read in `zone`, the
 * connection's time zone (default UTC). OData v2's `/Date(ms)/` and `/Date(ms+hhmm)/` are read too.
 */
export function timestamp(options: { readonly zone?: string; readonly emptyIsNull?: boolean } = {}): Conversion {
  const zone = options.zone ?? 'UTC';
  return (raw) => {
    if (isMissing(raw) || (options.emptyIsNull === true && raw === '')) return NULL;
    const stamp = typeof raw === 'string' ? (odataV2Date(raw) ?? Timestamp.tryParse(raw, zone)) : undefined;
    return stamp === undefined ? { problem: `${shown(raw)} is not a date and time` } : { value: stamp };
  };
}

/** `/Date(1700000000000)/` or `/Date(1700000000000+0100)/` (OData v2 JSON, Edm.DateTime / DateTimeOffset). */
export function odataV2Date(raw: string): Timestamp | undefined {
  const match = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(raw);
  if (match === null) return undefined;
  const offset = match[2];
  const minutes =
    offset === undefined
      ? 0
      : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  return Timestamp.fromEpochMillis(Number(match[1]), minutes);
}

/** A JSON array of scalars as a list of text. */
export function list(): Conversion {
  return (raw) =>
    Array.isArray(raw)
      ? { value: raw.map((item: JsonTree) => (item instanceof JsonNumber ? item.text : String(item))) }
      : { value: [] };
}

export type EdmType =
  | 'Edm.String'
  | 'Edm.Boolean'
  | 'Edm.Int16'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Byte'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Single'
  | 'Edm.Date'
  | 'Edm.DateTime'
  | 'Edm.DateTimeOffset'
  | 'Edm.Guid';

/**
 * The conversion for an OData property of type `type`. Edm.Int64 and Edm.Decimal may come as strings
 * (OData v2 JSON, and v4 with IEEE754Compatible=true): both read exactly. Edm.DateTime has no zone: read
 * in the connection's `zone`.
 */
export function edm(type: EdmType, options: { readonly zone?: string } = {}): Conversion {
  switch (type) {
    case 'Edm.String':
    case 'Edm.Guid':
      return text();
    case 'Edm.Boolean':
      return boolean();
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Byte':
      return integer();
    case 'Edm.Int64':
    case 'Edm.Decimal':
    case 'Edm.Double':
    case 'Edm.Single':
      return decimal();
    case 'Edm.Date':
      return date();
    case 'Edm.DateTime':
    case 'Edm.DateTimeOffset':
      return timestamp(options);
  }
}

/**
 * A field cut from a fixed-width row (SAP RFC_READ_TABLE's WA line): characters [start, start+length),
 * trailing blanks removed, then read by `then` (text by default); an all-blank field is null.
 */
export function fixedWidth(row: string, start: number, length: number, then: Conversion = text()): Converted {
  const cut = row.slice(start, start + length).trimEnd();
  return cut === '' ? NULL : then(cut, {});
}
