/**
 * Creates a target's table and evolves it as the pipeline changes: a new column is added, a widening
 * (more digits, a whole number into a decimal with room for it) is applied, a column that no longer
 * needs a value drops NOT NULL. Narrowing a type or dropping a column could lose data, so it is refused
 * with a message naming the table and column unless the target sets `allowDestructiveChanges`.
 * All changes of one call run in one transaction: they apply together or not at all.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SchemaChange, TargetColumn, TargetTable } from '../../engine/model/io.ts';
import { compareTypes, describeType, parseWarehouseType, sqlTypeOf, type WarehouseType } from './column-types.ts';
import { DuckDbDestinationError } from './errors.ts';
import { checkColumnName, quoteIdentifier, sameIdentifier, STATE_TABLE, type TableName } from './identifiers.ts';
import { LINEAGE_COLUMNS } from './lineage.ts';

export interface ExistingColumn {
  readonly name: string;
  readonly type: WarehouseType;
  readonly nullable: boolean;
}

/** A change with the statements that apply it. */
export interface PlannedChange extends SchemaChange {
  readonly statements: readonly string[];
  readonly destructive: boolean;
}

/** Refuses targets that no table could satisfy: merge without a key, a key that is not a column, a column twice. */
export function checkTarget(target: TargetTable, table: TableName): void {
  const seen: string[] = [];
  for (const column of target.columns) {
    checkColumnName(column.name, table.display);
    if (seen.some((name) => sameIdentifier(name, column.name))) {
      throw invalid(`${table.display}: column "${column.name}" is mapped twice (names are compared without case)`);
    }
    seen.push(column.name);
  }
  if (target.columns.length === 0) throw invalid(`${table.display}: the target has no columns; map at least one`);
  if (sameIdentifier(table.table, STATE_TABLE))
    throw invalid(
      `${table.display}: ${STATE_TABLE} is where ml-connector keeps each stream's checkpoint; choose another target table`,
    );
  if (target.writeMode === 'merge' && target.mergeKey.length === 0) {
    throw invalid(`${table.display}: merge needs a merge key (the source's natural key columns)`);
  }
  for (const key of target.mergeKey) {
    if (!target.columns.some((column) => sameIdentifier(column.name, key))) {
      throw invalid(`${table.display}: merge key "${key}" is not one of the target's columns`);
    }
  }
}

/** The table's columns in order, or undefined when there is no such table. */
export async function readTableColumns(
  connection: DuckDBConnection,
  table: TableName,
): Promise<ExistingColumn[] | undefined> {
  const where =
    'table_catalog = current_database() AND lower(table_schema) = lower($schema) AND lower(table_name) = lower($table)';
  const parameters = { schema: table.schema ?? 'main', table: table.table };
  const kinds = (
    await connection.runAndReadAll(`SELECT table_type FROM information_schema.tables WHERE ${where}`, parameters)
  ).getRows();
  if (kinds.length === 0) return undefined;
  if (kinds[0]![0] !== 'BASE TABLE')
    throw invalid(`${table.display} is a view, not a table; choose another target table`);
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE ${where} ORDER BY ordinal_position`,
    parameters,
  );
  return reader.getRows().map(([name, dataType, nullable]) => ({
    name: String(name),
    type: parseWarehouseType(String(dataType)),
    nullable: nullable === 'YES',
  }));
}

export function planCreateTable(table: TableName, target: TargetTable): PlannedChange {
  const definitions = [
    ...target.columns.map((column) => {
      return `${quoteIdentifier(column.name)} ${sqlTypeOf(column.type)}${isRequired(target, column) ? ' NOT NULL' : ''}`;
    }),
    ...LINEAGE_COLUMNS.map(
      (column) => `${quoteIdentifier(column.name)} ${sqlTypeOf(column.type)}${column.required ? ' NOT NULL' : ''}`,
    ),
  ];
  // No PRIMARY KEY on the merge key: DuckDB's ART index makes the delete + insert of a changed row
  // ~10x slower and blocks ALTER COLUMN TYPE; the merge itself keeps keys unique (see README).
  return {
    kind: 'create-table',
    detail: `created ${table.display} with ${target.columns.length} columns and lineage columns`,
    statements: [
      ...(table.schema === undefined ? [] : [`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(table.schema)}`]),
      `CREATE TABLE ${table.sql} (${definitions.join(', ')})`,
    ],
    destructive: false,
  };
}

export function planTableChanges(
  table: TableName,
  target: TargetTable,
  existing: readonly ExistingColumn[],
): PlannedChange[] {
  const changes: PlannedChange[] = [];
  const alter = `ALTER TABLE ${table.sql}`;
  const wanted = [
    ...target.columns.map((column) => ({
      name: column.name,
      type: column.type,
      sql: sqlTypeOf(column.type),
      mayBeNull: !isRequired(target, column),
    })),
    ...LINEAGE_COLUMNS.map((column) => ({
      name: column.name,
      type: column.type,
      sql: sqlTypeOf(column.type),
      mayBeNull: !column.required,
    })),
  ];
  for (const column of existing) {
    if (wanted.some((w) => sameIdentifier(w.name, column.name))) continue;
    changes.push({
      kind: 'drop-column',
      column: column.name,
      detail: `${table.display}: column "${column.name}" (${column.type.sql}) is no longer in the target; dropping it deletes its values`,
      statements: [`${alter} DROP COLUMN ${quoteIdentifier(column.name)}`],
      destructive: true,
    });
  }
  for (const column of wanted) {
    const found = existing.find((e) => sameIdentifier(e.name, column.name));
    const quoted = quoteIdentifier(found?.name ?? column.name);
    if (found === undefined) {
      changes.push({
        kind: 'add-column',
        column: column.name,
        detail: `${table.display}: added column "${column.name}" ${column.sql} (empty in rows written before)`,
        statements: [`${alter} ADD COLUMN ${quoted} ${column.sql}`],
        destructive: false,
      });
      continue;
    }
    const change = compareTypes(found.type, column.type);
    const wantedText = describeType(column.type);
    if (change !== 'same') {
      changes.push({
        kind: change === 'widen' ? 'widen-column' : 'narrow-column',
        column: found.name,
        detail:
          change === 'widen'
            ? `${table.display}: column "${found.name}" widened from ${found.type.sql} to ${wantedText}`
            : `${table.display}: column "${found.name}" would change from ${found.type.sql} to ${wantedText}, which may not hold every value it has`,
        statements: [`${alter} ALTER COLUMN ${quoted} TYPE ${column.sql}`],
        destructive: change === 'narrow',
      });
    }
    if (!found.nullable && column.mayBeNull) {
      changes.push({
        kind: 'widen-column',
        column: found.name,
        detail: `${table.display}: column "${found.name}" no longer requires a value`,
        statements: [`${alter} ALTER COLUMN ${quoted} DROP NOT NULL`],
        destructive: false,
      });
    }
  }
  // Drops first (a dropped column frees its name), then type changes, then additions.
  const order: Record<SchemaChange['kind'], number> = {
    'drop-column': 0,
    'narrow-column': 1,
    'widen-column': 1,
    'add-column': 2,
    'create-table': 3,
  };
  return changes.sort((a, b) => order[a.kind] - order[b.kind]);
}

/** Throws when a destructive change is not allowed, naming every one and how to allow them. */
export function refuseDestructive(table: TableName, target: TargetTable, changes: readonly PlannedChange[]): void {
  const destructive = changes.filter((change) => change.destructive);
  if (destructive.length === 0 || target.allowDestructiveChanges) return;
  const list = destructive.map((change) => `- ${change.detail}`).join('\n');
  throw new DuckDbDestinationError(
    'DUCKDB_DESTRUCTIVE_CHANGE',
    `Refused to change table ${table.display}: ${destructive.length === 1 ? 'this change' : 'these changes'} could lose data:\n${list}\n` +
      `Nothing was changed. To apply ${destructive.length === 1 ? 'it' : 'them'}, set "allowDestructiveChanges": true on the stream's target; ` +
      'otherwise map the column again (with a type at least as wide).',
    { help: 'allowDestructiveChanges' },
  );
}

/** A column needs a value when the mapping says so or when it is part of the merge key. */
export function isRequired(target: TargetTable, column: TargetColumn): boolean {
  return column.required || target.mergeKey.some((key) => sameIdentifier(key, column.name));
}

function invalid(message: string): DuckDbDestinationError {
  return new DuckDbDestinationError('DUCKDB_INVALID_TARGET', message);
}
