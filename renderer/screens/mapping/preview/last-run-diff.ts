/**
 * "Values that differ from the last run": each preview row compared, column by column, with the row
 * the destination holds for the same merge key (read back through the host). Values are compared as
 * their column's type, so formatting never makes a false difference: 10.5 and 10.50 are one amount,
 * an integer 7 and the text "7" one number, two timestamps one instant. Pure, with unit tests.
 */
import { parseColumnType, type FieldTypeName } from '../../../../engine/model/column-type.ts';
import { coerceValue, Decimal, Timestamp, valueEquals, type Value } from '../../../../engine/model/values/index.ts';
import type { JsonRow, JsonValue, LastWrittenResult } from '../../../api/wire.ts';

export type WrittenRows = Extract<LastWrittenResult, { readonly available: true }>;

export interface CellChange {
  /** What the last run wrote; undefined when the table has no such column (added since). */
  readonly before: JsonValue | undefined;
}

export type RowComparison =
  | { readonly kind: 'new' }
  | { readonly kind: 'same' }
  | {
      readonly kind: 'changed';
      readonly cells: ReadonlyMap<string, CellChange>;
      /** When the row was last written (an instant), where the table records it. */
      readonly writtenAt: string | null;
    };

/** Each column's type by name, as the pipeline declares it ("decimal(18,2)" is a decimal). */
export function columnKinds(mappings: Readonly<Record<string, { readonly type: string }>>): Map<string, FieldTypeName> {
  const kinds = new Map<string, FieldTypeName>();
  for (const [name, mapping] of Object.entries(mappings)) {
    const parsed = parseColumnType(mapping.type);
    if (parsed.ok) kinds.set(name, parsed.type.kind);
  }
  return kinds;
}

/** A value read as its column's type; text that is not of the type stays text (and then differs). */
function typed(value: JsonValue | undefined, kind: FieldTypeName | undefined): Value {
  if (value === undefined || value === null) return null;
  if (kind === undefined || typeof value === 'object') return JSON.stringify(value);
  const coerced = coerceValue(value, kind);
  return coerced.ok ? coerced.value : typeof value === 'string' ? value : JSON.stringify(value);
}

/** Two values of one column the same, as its type: exact decimals, dates as dates, instants as instants. */
export function sameValue(
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  kind: FieldTypeName | undefined,
): boolean {
  return valueEquals(typed(a, kind), typed(b, kind));
}

/** A key's identity: its parts as their types, written so 10.5 and 10.50 give the same text. */
function keyText(row: JsonRow, key: readonly string[], kinds: ReadonlyMap<string, FieldTypeName>): string {
  return JSON.stringify(
    key.map((name) => {
      const value = typed(row[name], kinds.get(name));
      // Numbers without trailing zeros, instants as instants; dates and text as written.
      if (value instanceof Decimal) return `n:${value.stripTrailingZeros().toString()}`;
      if (typeof value === 'number') return `n:${value}`;
      if (value instanceof Timestamp) return `t:${String(value.epochMicros)}`;
      return value === null || typeof value !== 'object' ? value : String(value);
    }),
  );
}

/** The merge-key values of each row, in the key's order, to ask the host with. */
export function keysOf(rows: readonly JsonRow[], key: readonly string[]): JsonValue[][] {
  return rows.map((row) => key.map((name) => row[name] ?? null));
}

/**
 * Each preview row (same order as `rows`) against what the destination holds for its key: new (the
 * last run did not write it), the same, or changed with each differing column and what was written.
 */
export function compareWithLastRun(
  rows: readonly JsonRow[],
  columns: readonly string[],
  kinds: ReadonlyMap<string, FieldTypeName>,
  written: WrittenRows,
): RowComparison[] {
  const byKey = new Map(written.rows.map((row) => [keyText(row.values, written.key, kinds), row]));
  return rows.map((row): RowComparison => {
    const before = byKey.get(keyText(row, written.key, kinds));
    if (before === undefined) return { kind: 'new' };
    const cells = new Map<string, CellChange>();
    for (const column of columns) {
      const had = Object.hasOwn(before.values, column) ? before.values[column] : undefined;
      if (had === undefined || !sameValue(row[column], had, kinds.get(column))) cells.set(column, { before: had });
    }
    return cells.size === 0 ? { kind: 'same' } : { kind: 'changed', cells, writtenAt: before.syncedAt };
  });
}
