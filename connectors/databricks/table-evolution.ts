/**
 * Evolves an existing Delta table to the target: a new column is added (`ADD COLUMNS`, nullable,
 * because Delta refuses NOT NULL on a column added to a table with rows); a type widening Delta's
 * type-widening feature allows is applied (DECIMAL(p,s) -> DECIMAL(p+k1,s+k2) with k1 >= k2 >= 0,
 * and a whole number into a DECIMAL with room for every value), after enabling
 * `delta.enableTypeWidening` on the table. Dropping a column could lose data: refused unless the target
 * sets `allowDestructiveChanges`, then done under column mapping by name (Delta needs it for DROP COLUMN).
 * Narrowing or changing a type is refused either way: Delta cannot do it in place.
 */
import type { SchemaChange, TargetTable } from '../../engine/model/io.ts';
import { DatabricksDestinationError } from './errors.ts';
import { LINEAGE, quote, sqlType } from './sql-encoding.ts';

/** A column as `DESCRIBE TABLE` shows it: name and Spark type text, e.g. decimal(38,2). */
export interface ExistingColumn {
  readonly name: string;
  readonly type: string;
}

export interface PlannedChange extends SchemaChange {
  /** Could lose data: only with `allowDestructiveChanges`. */
  readonly destructive: boolean;
  /** Delta cannot apply it at all, flag or not. */
  readonly impossible: boolean;
}

export interface TablePlan {
  readonly changes: readonly PlannedChange[];
  readonly statements: readonly string[];
}

const INTEGER_DIGITS: Readonly<Record<string, number>> = {
  tinyint: 3,
  byte: 3,
  smallint: 5,
  short: 5,
  int: 10,
  integer: 10,
  bigint: 20,
  long: 20,
};

type Comparison = 'same' | 'widen' | 'narrow' | 'incompatible';

/** How `wanted` (Databricks SQL type text) relates to `existing` under Delta type widening. */
export function compareTypes(existing: string, wanted: string): Comparison {
  const from = existing.toLowerCase().replace(/\s+/g, '');
  const to = wanted.toLowerCase().replace(/\s+/g, '');
  if (from === to || (INTEGER_DIGITS[from] !== undefined && INTEGER_DIGITS[from] === INTEGER_DIGITS[to])) return 'same';
  const fromDecimal = decimalOf(from);
  const toDecimal = decimalOf(to);
  if (fromDecimal !== undefined && toDecimal !== undefined) {
    const k1 = toDecimal.precision - fromDecimal.precision;
    const k2 = toDecimal.scale - fromDecimal.scale;
    return k1 >= k2 && k2 >= 0 ? 'widen' : 'narrow';
  }
  const fromDigits = INTEGER_DIGITS[from];
  if (fromDigits !== undefined) {
    if (toDecimal !== undefined) return toDecimal.precision - toDecimal.scale >= fromDigits ? 'widen' : 'narrow';
    const toDigits = INTEGER_DIGITS[to];
    if (toDigits !== undefined) return toDigits > fromDigits ? 'widen' : 'narrow';
  }
  if (fromDecimal !== undefined && INTEGER_DIGITS[to] !== undefined) return 'narrow';
  return 'incompatible';
}

function decimalOf(type: string): { precision: number; scale: number } | undefined {
  if (type === 'decimal') return { precision: 10, scale: 0 };
  const match = /^decimal\((\d+),(\d+)\)$/.exec(type);
  return match === null ? undefined : { precision: Number(match[1]), scale: Number(match[2]) };
}

export function planEvolution(
  display: string,
  tableSql: string,
  target: TargetTable,
  existing: readonly ExistingColumn[],
): TablePlan {
  const wanted = [
    ...target.columns.map((c) => ({ name: c.name, type: sqlType(c.type) })),
    ...LINEAGE.map((c) => ({ name: c.name, type: c.sqlType })),
  ];
  const find = (name: string): ExistingColumn | undefined =>
    existing.find((e) => e.name.toLowerCase() === name.toLowerCase());
  const changes: PlannedChange[] = [];
  const widened: { name: string; type: string }[] = [];
  const dropped: string[] = [];
  for (const column of existing) {
    if (wanted.some((w) => w.name.toLowerCase() === column.name.toLowerCase())) continue;
    dropped.push(column.name);
    changes.push({
      kind: 'drop-column',
      column: column.name,
      detail: `${display}: column "${column.name}" (${column.type}) is no longer in the target; dropping it deletes its values`,
      destructive: true,
      impossible: false,
    });
  }
  const added = wanted.filter((w) => find(w.name) === undefined);
  for (const column of added) {
    changes.push({
      kind: 'add-column',
      column: column.name,
      detail: `${display}: added column "${column.name}" ${column.type} (empty in rows written before)`,
      destructive: false,
      impossible: false,
    });
  }
  for (const column of wanted) {
    const found = find(column.name);
    if (found === undefined) continue;
    const comparison = compareTypes(found.type, column.type);
    if (comparison === 'same') continue;
    if (comparison === 'widen') {
      widened.push({ name: found.name, type: column.type });
      changes.push({
        kind: 'widen-column',
        column: found.name,
        detail: `${display}: column "${found.name}" widened from ${found.type} to ${column.type}`,
        destructive: false,
        impossible: false,
      });
    } else {
      changes.push({
        kind: 'narrow-column',
        column: found.name,
        detail: `${display}: column "${found.name}" would change from ${found.type} to ${column.type}, which may not hold every value it has and which Delta cannot apply in place`,
        destructive: true,
        impossible: true,
      });
    }
  }
  refuse(display, target, changes);
  const alter = `ALTER TABLE ${tableSql}`;
  const statements: string[] = [];
  if (dropped.length > 0) {
    // Column mapping by name upgrades the table protocol (reader 2, writer 5); Delta's DROP COLUMN needs it.
    statements.push(
      `${alter} SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')`,
    );
    statements.push(`${alter} DROP COLUMNS (${dropped.map(quote).join(', ')})`);
  }
  if (widened.length > 0) {
    statements.push(`${alter} SET TBLPROPERTIES ('delta.enableTypeWidening' = 'true')`);
    for (const column of widened) statements.push(`${alter} ALTER COLUMN ${quote(column.name)} TYPE ${column.type}`);
  }
  if (added.length > 0)
    statements.push(`${alter} ADD COLUMNS (${added.map((c) => `${quote(c.name)} ${c.type}`).join(', ')})`);
  return { changes, statements };
}

/** Throws before anything is changed, naming the table, every refused column and what allows it. */
function refuse(display: string, target: TargetTable, changes: readonly PlannedChange[]): void {
  const impossible = changes.filter((c) => c.impossible);
  const destructive = target.allowDestructiveChanges ? [] : changes.filter((c) => c.destructive && !c.impossible);
  const refused = [...destructive, ...impossible];
  if (refused.length === 0) return;
  const list = refused.map((c) => `- ${c.detail}`).join('\n');
  const remedies = [
    ...(destructive.length > 0
      ? ['set "allowDestructiveChanges": true on the stream\'s target to drop the column, or map it again']
      : []),
    ...(impossible.length > 0
      ? [
          'map the column with a type at least as wide (Delta widens DECIMAL(p,s) to DECIMAL(p+a,s+b) with a >= b >= 0) or start a new target table; "allowDestructiveChanges" cannot make Delta narrow or change a column type in place',
        ]
      : []),
  ];
  throw new DatabricksDestinationError(
    'DATABRICKS_DESTRUCTIVE_CHANGE',
    `Refused to change table ${display}: ${refused.length === 1 ? 'this change' : 'these changes'} could lose data:\n${list}\nNothing was changed. To go on, ${remedies.join('; ')}.`,
  );
}
