/**
 * Reading a table back by merge key: the rows a run left there, so the studio can compare what a
 * mapping would write now with what is really in the warehouse. Keys travel as parameters (each cast
 * to its column's type, at most 256 a statement, as the Write plan's key lookups); values come back as
 * text (CAST AS STRING: the driver turns DECIMAL into a binary float) and are read as their types.
 */
import type { TargetTable, WrittenRow } from '../../engine/model/io.ts';
import { setOwnEntry } from '../../engine/model/own-names.ts';
import { coerceValue, formatValue, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { rowsPerStatement, valuesSource } from './parameter-write.ts';
import { LINEAGE, quote, sqlType } from './sql-encoding.ts';
import type { DatabricksSql } from './sql-client.ts';
import type { ExistingColumn } from './table-evolution.ts';

const RUN_ID = LINEAGE[0].name;
const SYNCED_AT = LINEAGE[4].name;

export async function readRowsByKeys(
  sql: DatabricksSql,
  tableSql: string,
  existing: readonly ExistingColumn[],
  target: TargetTable,
  keys: readonly (readonly Value[])[],
): Promise<WrittenRow[]> {
  // Databricks compares column names without case.
  const has = (name: string) => existing.some((column) => column.name.toLowerCase() === name.toLowerCase());
  const keyColumns = target.mergeKey.map((name) => target.columns.find((column) => column.name === name));
  if (keyColumns.length === 0 || keyColumns.some((column) => column === undefined || !has(column.name))) return [];
  const columns = target.columns.filter((column) => has(column.name));
  const lineage = [RUN_ID, SYNCED_AT].map((name) =>
    has(name) ? `CAST(t.${quote(name)} AS STRING) AS ${quote(name)}` : `NULL AS ${quote(name)}`,
  );
  const select = [
    ...columns.map((column) => `CAST(t.${quote(column.name)} AS STRING) AS ${quote(column.name)}`),
    ...lineage,
  ].join(', ');
  const on = target.mergeKey.map((name) => `t.${quote(name)} = s.${quote(name)}`).join(' AND ');
  const casts = keyColumns.map((column) => sqlType(column!.type));
  // A merge key is never empty in the table, so a key with an empty part matches nothing.
  const keyRows = keys
    .filter((key) => key.length === keyColumns.length && key.every((part) => part !== null))
    .map((key, index) => ({ index, values: key.map((part) => formatValue(part)) }));

  const rows: WrittenRow[] = [];
  const perStatement = rowsPerStatement(keyColumns.length);
  for (let start = 0; start < keyRows.length; start += perStatement) {
    const { source, parameters } = valuesSource(keyRows.slice(start, start + perStatement), casts, target.mergeKey);
    for (const found of await sql.query(
      `SELECT ${select} FROM ${tableSql} AS t JOIN ${source} AS s ON ${on}`,
      parameters,
    )) {
      // Analysts' column names are ordinary keys ("__proto__" included).
      const row = Object.create(null) as Record<string, Value>;
      for (const column of columns) {
        const text = found[column.name];
        const typed = coerceValue(
          column.type.kind === 'timestamp' ? instantText(text) : (text ?? null),
          column.type.kind,
          {
            defaultZone: 'UTC',
          },
        );
        setOwnEntry(row, column.name, typed.ok ? typed.value : String(text));
      }
      const runId = found[RUN_ID];
      const syncedAt = coerceValue(instantText(found[SYNCED_AT]), 'timestamp', { defaultZone: 'UTC' });
      rows.push({
        row,
        runId: typeof runId === 'string' ? runId : null,
        syncedAt: syncedAt.ok && syncedAt.value instanceof Timestamp ? syncedAt.value.toString() : null,
      });
    }
  }
  return rows;
}

/**
 * A TIMESTAMP cast to text: Databricks writes it in the session's zone (UTC) without an offset, some
 * engines add a bare-hour offset ("+00"); both read as the same instant.
 */
function instantText(text: unknown): unknown {
  return typeof text === 'string' ? text.replace(/([+-]\d\d)$/, '$1:00') : (text ?? null);
}
