/** Result columns in Hive/Spark terms, as a Databricks warehouse describes them to the driver. */
export type HiveType = 'STRING' | 'BIGINT' | 'INT' | 'DOUBLE' | 'BOOLEAN' | 'DECIMAL' | 'DATE' | 'TIMESTAMP' | 'MAP';

export interface SimColumn {
  readonly name: string;
  readonly type: HiveType;
  readonly precision?: number;
  readonly scale?: number;
}

export interface ResultTable {
  readonly columns: readonly SimColumn[];
  /** DuckDB values (or plain JS values), one array per row in column order; a MAP value as its JSON text. */
  readonly rows: readonly (readonly unknown[])[];
  /** The answer to a staging command (PUT into a Volume): its metadata says so, and the driver then uploads the file. */
  readonly staging?: boolean;
}

export function columnOf(name: string, duckType: string): SimColumn {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(duckType);
  if (decimal !== null) return { name, type: 'DECIMAL', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  switch (duckType) {
    case 'BIGINT':
    case 'HUGEINT':
    case 'UBIGINT':
    case 'UINTEGER':
      return { name, type: 'BIGINT' };
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
    case 'USMALLINT':
    case 'UTINYINT':
      return { name, type: 'INT' };
    case 'DOUBLE':
    case 'FLOAT':
      return { name, type: 'DOUBLE' };
    case 'BOOLEAN':
      return { name, type: 'BOOLEAN' };
    case 'DATE':
      return { name, type: 'DATE' };
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH TIME ZONE':
      return { name, type: 'TIMESTAMP' };
    default:
      return { name, type: 'STRING' };
  }
}
