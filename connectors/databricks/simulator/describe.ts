/** What `DESCRIBE` answers on a warehouse, from DuckDB's own description: Spark type names, Databricks' columns. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { columnOf, type ResultTable } from './result-types.ts';

export function sparkTypeName(duckType: string): string {
  if (duckType === 'VARCHAR') return 'string';
  if (duckType === 'INTEGER') return 'int';
  if (duckType === 'TIMESTAMP WITH TIME ZONE') return 'timestamp';
  if (duckType === 'TIMESTAMP') return 'timestamp_ntz';
  return duckType.toLowerCase();
}

/** `DESCRIBE QUERY <select>`: the query's col_name, data_type (Spark type names), comment, without running it. */
export async function describeQuery(
  connection: DuckDBConnection,
  sql: string,
  values: Record<string, string | null> | (string | null)[] | undefined,
): Promise<ResultTable> {
  const rows = (await connection.runAndReadAll(`DESCRIBE ${sql}`, values)).getRowsJS();
  return {
    columns: [columnOf('col_name', 'VARCHAR'), columnOf('data_type', 'VARCHAR'), columnOf('comment', 'VARCHAR')],
    rows: rows.map(([column, type]) => [String(column), sparkTypeName(String(type)), null]),
  };
}
