/**
 * Reading a table back by merge key: the rows a run left there, so the studio can compare what a
 * mapping would write now with what is really in the warehouse. Read-only, one query per 500 keys.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TargetTable, WrittenRow } from '../../engine/model/io.ts';
import { setOwnEntry } from '../../engine/model/own-names.ts';
import { formatValue, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { quoteIdentifier, sameIdentifier, type TableName } from './identifiers.ts';
import { RUN_ID_COLUMN, SYNCED_AT_COLUMN } from './lineage.ts';
import { readTableColumns, type ExistingColumn } from './table-schema.ts';
import { toEngineValue } from './value-codec.ts';

/** Keys per query: each is a row of the VALUES list, one parameter per key column. */
const KEYS_PER_QUERY = 500;

export async function readRowsByKeys(
  connection: DuckDBConnection,
  table: TableName,
  target: TargetTable,
  keys: readonly (readonly Value[])[],
): Promise<WrittenRow[] | undefined> {
  const existing = await readTableColumns(connection, table);
  if (existing === undefined) return undefined;
  const find = (name: string): ExistingColumn | undefined =>
    existing.find((column) => sameIdentifier(column.name, name));
  const keyColumns = target.mergeKey.map(find);
  // A key column the table lacks (renamed since the last run): no row can match.
  if (keyColumns.length === 0 || keyColumns.some((column) => column === undefined)) return [];
  const columns = target.columns.flatMap((column) => {
    const found = find(column.name);
    return found === undefined ? [] : [{ name: column.name, sql: `t.${quoteIdentifier(found.name)}` }];
  });
  const lineage = [RUN_ID_COLUMN, SYNCED_AT_COLUMN].map((name) =>
    find(name) === undefined ? 'NULL' : `t.${quoteIdentifier(name)}`,
  );
  const select = [...columns.map((column) => column.sql), ...lineage].join(', ');
  const keyNames = keyColumns.map((_, index) => `k${index}`);
  const on = keyColumns.map((column, index) => `t.${quoteIdentifier(column!.name)} = k.k${index}`).join(' AND ');
  // A merge key is never empty in the table (NOT NULL), so a key with an empty part matches nothing.
  const complete = keys.filter((key) => key.length === keyColumns.length && key.every((part) => part !== null));

  const rows: WrittenRow[] = [];
  for (let start = 0; start < complete.length; start += KEYS_PER_QUERY) {
    const chunk = complete.slice(start, start + KEYS_PER_QUERY);
    const parameters: string[] = [];
    // Each key part goes in as text cast to the column's own type, so 10.5 finds DECIMAL 10.50.
    const values = chunk
      .map((key) => {
        const parts = key.map((part, index) => {
          parameters.push(formatValue(part));
          return `CAST($${parameters.length} AS ${keyColumns[index]!.type.sql})`;
        });
        return `(${parts.join(', ')})`;
      })
      .join(', ');
    const reader = await connection.runAndReadAll(
      `SELECT ${select} FROM ${table.sql} AS t JOIN (VALUES ${values}) AS k(${keyNames.join(', ')}) ON ${on}`,
      parameters,
    );
    for (const values of reader.getRows()) {
      // Analysts' column names are ordinary keys ("__proto__" included).
      const row: Record<string, Value> = Object.create(null) as Record<string, Value>;
      columns.forEach((column, index) => setOwnEntry(row, column.name, toEngineValue(values[index] ?? null)));
      const runId = values[columns.length];
      const syncedAt = toEngineValue(values[columns.length + 1] ?? null);
      rows.push({
        row,
        runId: typeof runId === 'string' ? runId : null,
        syncedAt: syncedAt instanceof Timestamp ? syncedAt.toString() : null,
      });
    }
  }
  return rows;
}
