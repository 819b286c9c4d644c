/**
 * The target's schema, created only when it is missing. `CREATE SCHEMA IF NOT EXISTS` needs CREATE SCHEMA
 * on the catalog even when the schema is already there (airbytehq/airbyte#35971), and a least-privilege
 * principal has only USE CATALOG, USE SCHEMA, CREATE TABLE and MODIFY on a schema an admin made for it.
 * So the catalog's `information_schema.schemata` is read first (it lists the schemas the caller may see).
 */
import { DatabricksDestinationError } from './errors.ts';
import { quote, tableName } from './sql-encoding.ts';
import type { DatabricksSql } from './sql-client.ts';

export async function ensureSchema(sql: DatabricksSql, name: ReturnType<typeof tableName>): Promise<void> {
  const [catalog = '', schema = ''] = name.display.split('.');
  const found = await sql.query(
    `SELECT schema_name FROM ${quote(catalog)}.information_schema.schemata WHERE lower(schema_name) = lower(:schema)`,
    { schema },
  );
  if (found.length > 0) return;
  try {
    await sql.query(`CREATE SCHEMA IF NOT EXISTS ${name.schemaSql}`);
  } catch (error) {
    if (!(error instanceof DatabricksDestinationError) || error.details.sqlState !== '42501') throw error;
    throw new DatabricksDestinationError(
      'DATABRICKS_SQL_FAILED',
      `The schema ${catalog}.${schema} does not exist and this connection may not create it (${error.message}). ` +
        `Ask a workspace admin to create it and grant USE SCHEMA, CREATE TABLE and MODIFY on it, or to grant CREATE SCHEMA on catalog ${catalog}.`,
      error.details,
    );
  }
}
