/**
 * The simulator's side of RFC_READ_TABLE's DATA lines: values written the way SAP writes them (ABAP
 * conversion rules; ../README.md), so the connector's parser is tested against SAP's layout, not its own.
 * C left-aligned and blank-padded; N zero-padded; D `YYYYMMDD` or `00000000`; P right-aligned, sign last,
 * `*` in front when the value does not fit; fields at their OFFSET with the delimiter between them; the
 * line's trailing blanks cut (as native RFC clients see it; unconfirmed over SOAP, so it is a switch).
 */
import type { Decimal } from '../../../engine/model/values/decimal.ts';
import type { PlainDate } from '../../../engine/model/values/date.ts';

export interface SimField {
  readonly name: string;
  /** ABAP type letter as in FIELDS-TYPE. */
  readonly type: 'C' | 'N' | 'D' | 'T' | 'P';
  /** Output length in characters (for P: the written width, sign included). */
  readonly length: number;
  /** Decimal places of a P field. */
  readonly decimals?: number;
}

export type SimValue = string | Decimal | PlainDate | null;

export function writeChar(value: string, length: number): string {
  return value.slice(0, length).padEnd(length, ' ');
}

export function writeNumc(value: string, length: number): string {
  return value.padStart(length, '0').slice(-length);
}

export function writeDate(value: PlainDate | null): string {
  return value === null ? '00000000' : value.toString().replaceAll('-', '');
}

/** A packed number: right-aligned, `.` point, sign last (`1234.50-`), `*` + the tail when it overflows. */
export function writePacked(value: Decimal | null, length: number, decimals: number): string {
  if (value === null) return ' '.repeat(length);
  const text = value.abs().rescale(decimals).toString();
  const signed = `${text}${value.sign() < 0 ? '-' : ' '}`;
  if (signed.length <= length) return signed.padStart(length, ' ');
  // SAP shows that digits were lost by a * in the first position.
  return `*${signed.slice(signed.length - length + 1)}`;
}

/** The FIELDS answer's offsets: each field after the previous one and one delimiter (none when blank). */
export function offsetsOf(fields: readonly SimField[], delimiter: string): number[] {
  const offsets: number[] = [];
  let cursor = 0;
  for (const field of fields) {
    offsets.push(cursor);
    cursor += field.length + delimiter.length;
  }
  return offsets;
}

export function writeWaLine(
  fields: readonly SimField[],
  row: Readonly<Record<string, SimValue>>,
  delimiter: string,
  options: { readonly trimTrailingBlanks?: boolean } = {},
): string {
  const parts = fields.map((field) => writeField(field, row[field.name] ?? null));
  const line = parts.join(delimiter);
  return options.trimTrailingBlanks === false ? line : line.trimEnd();
}

function writeField(field: SimField, value: SimValue): string {
  switch (field.type) {
    case 'D':
      return writeDate(value as PlainDate | null);
    case 'P':
      return writePacked(value as Decimal | null, field.length, field.decimals ?? 0);
    case 'N':
      return writeNumc((value as string | null) ?? '', field.length);
    case 'T':
      return writeChar((value as string | null) ?? '000000', field.length);
    default:
      return writeChar((value as string | null) ?? '', field.length);
  }
}
