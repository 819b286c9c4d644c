/**
 * The rows a query answers in a DuckDB warehouse file, opened and closed around the one query so the
 * runner can open the file again next: what the end-to-end tests check their warehouse with.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export async function queryDuckDbFile<T>(path: string, sql: string): Promise<T[]> {
  const db = await DuckDBInstance.create(path);
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
