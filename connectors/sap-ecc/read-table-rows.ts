/**
 * RFC_READ_TABLE's DATA lines (`WA`) read by the FIELDS answer's OFFSET and LENGTH, never split on the
 * delimiter (a value may contain it). What SAP writes, by ABAP type (ABAP conversion rules; README.md):
 * C left-aligned, blank-padded; N digits, zero-padded (kept as text: EBELP `00010`, ALPHA keys stay in
 * their internal form); D `YYYYMMDD`, `00000000` or blanks for none; T `HHMMSS`; P and I right-aligned with
 * the sign LAST (`1234.50-`) and `*` in front when the value overflowed its output width. The last field can
 * come back short (trailing blanks cut), so a short line is read as blank-padded. A value that cannot be
 * read becomes a problem on its record (held with SAP's text), never a guess and never a dropped row.
 */
import { Decimal } from '../../engine/model/values/decimal.ts';
import { PlainDate } from '../../engine/model/values/date.ts';
import type { Value } from '../../engine/model/values/value.ts';

/** One FIELDS item of the answer (OFFSET and LENGTH as SAP sent them, already numbers). */
export interface WaField {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  /** ABAP type letter: C, N, D, T, P, I, b, s, X, F, g, y… */
  readonly type: string;
}

export interface WaProblem {
  readonly field: string;
  readonly message: string;
}

export interface WaRow {
  readonly values: Readonly<Record<string, Value>>;
  readonly problems: readonly WaProblem[];
}

/** Cuts one WA line into its fields and reads each by its ABAP type. */
export function parseWaLine(fields: readonly WaField[], line: string): WaRow {
  const values: Record<string, Value> = {};
  const problems: WaProblem[] = [];
  for (const field of fields) {
    const raw = line.slice(field.offset, field.offset + field.length).padEnd(field.length, ' ');
    const read = readValue(field.type, raw);
    if ('problem' in read) {
      values[field.name] = null;
      problems.push({ field: field.name, message: `${field.name} ${JSON.stringify(raw.trim())}: ${read.problem}` });
    } else {
      values[field.name] = read.value;
    }
  }
  return { values, problems };
}

type Read = { readonly value: Value } | { readonly problem: string };

function readValue(type: string, raw: string): Read {
  switch (type) {
    case 'D':
      return readDate(raw);
    case 'P':
    case 'I':
    case 'b':
    case 's':
    case '8':
      return readNumber(raw);
    case 'F':
      return {
        problem: 'SAP writes floating-point (F) columns in a form that cannot be read exactly; leave the field out',
      };
    case 'T':
      return readTime(raw);
    default:
      // C, N, X (hex text), g/y (strings would have dumped server-side) and anything else: the text itself.
      return { value: raw.trimEnd() };
  }
}

function readDate(raw: string): Read {
  const text = raw.trim();
  if (text === '' || /^0+$/.test(text)) return { value: null };
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const date = match === null ? undefined : PlainDate.tryParse(`${match[1]}-${match[2]}-${match[3]}`);
  return date === undefined ? { problem: 'is not a date (SAP writes YYYYMMDD)' } : { value: date };
}

function readTime(raw: string): Read {
  const text = raw.trim();
  if (text === '') return { value: null };
  const match = /^([01]\d|2[0-3])([0-5]\d)([0-5]\d)$/.exec(text);
  return match === null
    ? { problem: 'is not a time (SAP writes HHMMSS)' }
    : { value: `${match[1]}:${match[2]}:${match[3]}` };
}

function readNumber(raw: string): Read {
  const text = raw.trim();
  if (text === '') return { value: null };
  if (text.startsWith('*'))
    return {
      problem: 'SAP marked the value with * because it did not fit the column width, so the real amount is unknown',
    };
  const negative = text.endsWith('-');
  const digits = negative ? text.slice(0, -1).trim() : text;
  if (!/^\d+(\.\d+)?$/.test(digits)) return { problem: 'is not a number' };
  const amount = Decimal.parse(digits);
  return { value: negative ? amount.negate() : amount };
}
