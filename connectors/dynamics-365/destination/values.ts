/**
 * A row's values as Dataverse takes them, and the comparison that decides whether a column changed:
 * Dataverse counts every column sent as a change (audit, plug-ins, `modifiedon`), so only columns whose
 * typed value differs from what it holds are sent. Numbers compare as exact decimals (12.5 = 12.5000),
 * text exactly, a date as `YYYY-MM-DD` (Edm.Date), an empty value as null.
 */
import type { Value } from '../../../engine/model/values/index.ts';
import { Decimal, PlainDate, Timestamp } from '../../../engine/model/values/index.ts';
import type { ExactJson } from '../exact-json.ts';

export function toDataverse(value: Value | undefined): ExactJson {
  if (value === undefined || value === null) return null;
  if (value instanceof Decimal || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value instanceof PlainDate) return value.toString();
  if (value instanceof Timestamp) return value.toString();
  throw new TypeError('Dynamics 365 columns take single values, not lists or records');
}

function asDecimal(value: ExactJson | undefined): Decimal | undefined {
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') return Decimal.fromInteger(value);
  return undefined;
}

/** Whether Dataverse already holds `wanted` in a column that reads back `held`. */
export function sameValue(wanted: ExactJson, held: ExactJson | undefined): boolean {
  const heldValue = held === undefined || held === '' ? null : held;
  const wantedValue = wanted === '' ? null : wanted;
  if (wantedValue === null || heldValue === null) return wantedValue === heldValue;
  const a = asDecimal(wantedValue);
  const b = asDecimal(heldValue);
  if (a !== undefined || b !== undefined) return a !== undefined && b !== undefined && a.equals(b);
  if (typeof wantedValue === 'string' && typeof heldValue === 'string' && /^[0-9a-f-]{36}$/i.test(heldValue))
    return wantedValue.toLowerCase() === heldValue.toLowerCase();
  return wantedValue === heldValue;
}

/** A text key as Dataverse compares it (case-insensitively, §5). */
export function keyText(value: Value | ExactJson | undefined): string {
  return value === undefined || value === null ? '' : String(value).toLowerCase();
}

/** `col eq 'a' or col eq 'b'`, in chunks short enough for a URL (Dataverse's own limit is about 32 KB). */
export function orFilters(column: string, values: readonly string[], perFilter = 25): string[] {
  const distinct = [...new Set(values)];
  const filters: string[] = [];
  for (let at = 0; at < distinct.length; at += perFilter)
    filters.push(
      distinct
        .slice(at, at + perFilter)
        .map((value) =>
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) && column.startsWith('_')
            ? `${column} eq ${value}`
            : `${column} eq '${value.replace(/'/g, "''")}'`,
        )
        .join(' or '),
    );
  return filters;
}
