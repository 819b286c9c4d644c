/**
 * Statements whose values travel as parameters, each value a STRING CAST in SQL, never more than 256 per
 * statement: a Databricks SQL warehouse refuses more with `BAD_REQUEST: Parameterized query has too many
 * parameters` (databricks-sql-nodejs#308, airbyte#46931). Used for the Write plan's key lookups, and for
 * writes on a connection with `stagingVolume: "none"` (a workspace without Volumes), where a batch is then
 * many small statements (slow: staged-write.ts is the way for bulk loads).
 */
import type { TargetTable } from '../../engine/model/io.ts';
import { appendStatement, mergeStatement, rowColumns } from './row-statements.ts';
import { quote, type EncodedBatch, type EncodedRow } from './sql-encoding.ts';
import type { DatabricksSql } from './sql-client.ts';

/** What a Databricks SQL warehouse accepts in one statement. */
export const MAX_PARAMETERS = 256;

/** Rows of `width` values that fit one statement (at least one). */
export function rowsPerStatement(width: number, wanted = Number.POSITIVE_INFINITY): number {
  return Math.max(1, Math.min(wanted, Math.floor(MAX_PARAMETERS / Math.max(1, width))));
}

export async function writeByParameters(
  sql: DatabricksSql,
  tableSql: string,
  target: TargetTable,
  encoded: EncodedBatch,
  versioned: boolean,
  chunkRows: number,
): Promise<{ inserted: number; updated: number }> {
  const columns = rowColumns(target);
  const perStatement = rowsPerStatement(columns.length, chunkRows);
  let inserted = 0;
  let updated = 0;
  for (let start = 0; start < encoded.rows.length; start += perStatement) {
    const { source, parameters } = valuesSource(
      encoded.rows.slice(start, start + perStatement),
      encoded.casts,
      columns,
    );
    const statement =
      target.writeMode === 'merge'
        ? mergeStatement(tableSql, target, source)
        : appendStatement(tableSql, target, source, versioned);
    const [counts] = await sql.query(statement, parameters);
    inserted += Number(counts?.['num_inserted_rows'] ?? 0);
    updated += Number(counts?.['num_updated_rows'] ?? 0);
  }
  return { inserted, updated };
}

/** How many of the batch's merge keys the table holds, looked up in statements of at most 256 parameters. */
export async function lookupKeys(
  sql: DatabricksSql,
  tableSql: string,
  target: TargetTable,
  encoded: EncodedBatch,
): Promise<number> {
  const keyColumns = target.mergeKey.map((k) => target.columns.findIndex((c) => c.name === k));
  const casts = keyColumns.map((i) => encoded.casts[i] ?? 'STRING');
  const keyRows = encoded.rows.map((row) => ({ ...row, values: keyColumns.map((i) => row.values[i] ?? null) }));
  const on = target.mergeKey.map((k) => `t.${quote(k)} = s.${quote(k)}`).join(' AND ');
  const perStatement = rowsPerStatement(keyColumns.length);
  let matched = 0;
  for (let start = 0; start < keyRows.length; start += perStatement) {
    const { source, parameters } = valuesSource(keyRows.slice(start, start + perStatement), casts, target.mergeKey);
    const [row] = await sql.query(
      `SELECT count(*) AS matched FROM ${tableSql} AS t JOIN ${source} AS s ON ${on}`,
      parameters,
    );
    matched += Number(row?.['matched'] ?? 0);
  }
  return matched;
}

/** `(SELECT * FROM VALUES (CAST(:p0_0 AS T), ...), ... AS v(columns))` and its parameters. */
export function valuesSource(
  rows: readonly EncodedRow[],
  casts: readonly string[],
  columns: readonly string[],
): { source: string; parameters: Record<string, string | null> } {
  const parameters: Record<string, string | null> = {};
  const values = rows
    .map(
      (row, r) =>
        `(${row.values
          .map((value, c) => {
            parameters[`p${r}_${c}`] = value;
            return `CAST(:p${r}_${c} AS ${casts[c] ?? 'STRING'})`;
          })
          .join(', ')})`,
    )
    .join(', ');
  return { source: `(SELECT * FROM VALUES ${values} AS v(${columns.map(quote).join(', ')}))`, parameters };
}
