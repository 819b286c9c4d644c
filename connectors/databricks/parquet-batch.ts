/**
 * A batch as one Parquet file, written by the embedded DuckDB (no second Parquet library): the rows go in
 * as the exact text sql-encoding.ts makes of them, and `COPY (SELECT CAST(...)) TO ... (FORMAT parquet)`
 * types each column as the table has it. DECIMAL(p,s) stays a Parquet decimal (never a float), DATE a
 * date, and TIMESTAMP an instant in UTC (Parquet's isAdjustedToUTC, what Databricks' TIMESTAMP is).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface ParquetColumn {
  readonly name: string;
  /** The column's Databricks SQL type (`sqlType` of sql-encoding.ts). */
  readonly sqlType: string;
}

export class ParquetBatchWriter {
  private tables = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<ParquetBatchWriter> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    return new ParquetBatchWriter(instance, connection);
  }

  /** Writes `rows` (text values in column order, null for SQL NULL) to `file`; returns its row count. */
  async write(
    file: string,
    columns: readonly ParquetColumn[],
    rows: Iterable<readonly (string | null)[]>,
  ): Promise<number> {
    const table = `batch_${(this.tables += 1)}`;
    await this.connection.run(`CREATE TEMP TABLE ${table} (${columns.map((_, i) => `c${i} VARCHAR`).join(', ')})`);
    try {
      const appender = await this.connection.createAppender(table);
      let count = 0;
      for (const row of rows) {
        for (const value of row) {
          if (value === null) appender.appendNull();
          else appender.appendVarchar(value);
        }
        appender.endRow();
        count += 1;
      }
      appender.closeSync();
      const select = columns
        .map((column, i) => `CAST(c${i} AS ${duckType(column.sqlType)}) AS ${quoteDuck(column.name)}`)
        .join(', ');
      await this.connection.run(
        `COPY (SELECT ${select} FROM ${table}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`,
      );
      return count;
    } finally {
      await this.connection.run(`DROP TABLE ${table}`);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Databricks SQL type -> the DuckDB type whose Parquet form Databricks reads back as that type. */
function duckType(sqlType: string): string {
  switch (sqlType) {
    case 'STRING':
      return 'VARCHAR';
    case 'TIMESTAMP':
      return 'TIMESTAMPTZ';
    default:
      // BIGINT, BOOLEAN, DATE and DECIMAL(p,s) are spelled alike.
      return sqlType;
  }
}

function quoteDuck(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
