/**
 * Types of source fields and destination columns, as written in a pipeline file:
 *   "string" | "integer" | "decimal(p,s)" | "boolean" | "date" | "timestamp"
 * A source field may also be plain "decimal" (no declared precision).
 * These names are the mapping language's type names too, so an analyst learns one vocabulary.
 */
export type ColumnType =
  | { readonly kind: 'string' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'timestamp' };

export type FieldTypeName = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';

const DECIMAL = /^decimal\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/;
const SIMPLE = new Set(['string', 'integer', 'boolean', 'date', 'timestamp']);

/** The largest precision both DuckDB and Databricks accept for DECIMAL. */
export const MAX_DECIMAL_PRECISION = 38;

export type ColumnTypeParse =
  { readonly ok: true; readonly type: ColumnType } | { readonly ok: false; readonly message: string };

export function parseColumnType(text: string): ColumnTypeParse {
  const trimmed = text.trim().toLowerCase();
  if (SIMPLE.has(trimmed)) return { ok: true, type: { kind: trimmed as Exclude<FieldTypeName, 'decimal'> } };
  const match = DECIMAL.exec(trimmed);
  if (match) {
    const precision = Number(match[1]);
    const scale = Number(match[2]);
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
      return {
        ok: false,
        message: `decimal precision must be between 1 and ${MAX_DECIMAL_PRECISION}, not ${precision}`,
      };
    }
    if (scale > precision) {
      return { ok: false, message: `decimal(${precision},${scale}) has more decimal places than digits` };
    }
    return { ok: true, type: { kind: 'decimal', precision, scale } };
  }
  return {
    ok: false,
    message: `"${text}" is not a column type; use string, integer, decimal(p,s), boolean, date or timestamp`,
  };
}

export function formatColumnType(type: ColumnType): string {
  return type.kind === 'decimal' ? `decimal(${type.precision},${type.scale})` : type.kind;
}

/** A source field type: a column type, or plain "decimal" when the source does not declare precision. */
export function parseFieldType(
  text: string,
): { readonly ok: true; readonly type: FieldTypeName } | { readonly ok: false; readonly message: string } {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'decimal') return { ok: true, type: 'decimal' };
  const parsed = parseColumnType(trimmed);
  return parsed.ok ? { ok: true, type: parsed.type.kind } : parsed;
}
