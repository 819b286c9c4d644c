/**
 * Pipeline column types <-> DuckDB column types, and which type changes keep every value (widening,
 * applied) and which may lose some (narrowing, refused unless the pipeline allows destructive changes).
 * https://duckdb.org/docs/stable/sql/data_types/overview
 */
import { BIGINT, BOOLEAN, DATE, DECIMAL, TIMESTAMPTZ, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import { formatColumnType, type ColumnType } from '../../engine/model/column-type.ts';

/** SQL type text for CREATE / ALTER. */
export function sqlTypeOf(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      // An instant: stored as UTC microseconds, shown in the session's zone.
      return 'TIMESTAMPTZ';
    default: {
      const unknown: never = type;
      throw new Error(`unknown column type ${JSON.stringify(unknown)}`);
    }
  }
}

/** The same type for data chunks and typed parameters. */
export function duckDbTypeOf(type: ColumnType): DuckDBType {
  switch (type.kind) {
    case 'string':
      return VARCHAR;
    case 'integer':
      return BIGINT;
    case 'decimal':
      return DECIMAL(type.precision, type.scale);
    case 'boolean':
      return BOOLEAN;
    case 'date':
      return DATE;
    case 'timestamp':
      return TIMESTAMPTZ;
    default: {
      const unknown: never = type;
      throw new Error(`unknown column type ${JSON.stringify(unknown)}`);
    }
  }
}

/** A column type found in the warehouse, which an analyst may have created with any DuckDB type. */
export interface WarehouseType {
  /** DuckDB's name, e.g. "DECIMAL(18,2)", "TIMESTAMP WITH TIME ZONE", "DOUBLE". */
  readonly sql: string;
  /** The pipeline type it is exactly, when it is one. */
  readonly column: ColumnType | undefined;
  /** For narrower whole-number types (TINYINT, SMALLINT, INTEGER): how many digits they hold. */
  readonly integerDigits: number | undefined;
}

const SMALL_INTEGER_DIGITS: Readonly<Record<string, number>> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10 };
const BIGINT_DIGITS = 19;

export function parseWarehouseType(dataType: string): WarehouseType {
  const sql = dataType.trim().toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(sql);
  if (decimal)
    return {
      sql,
      column: { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) },
      integerDigits: undefined,
    };
  const simple: Readonly<Record<string, ColumnType>> = {
    VARCHAR: { kind: 'string' },
    BIGINT: { kind: 'integer' },
    BOOLEAN: { kind: 'boolean' },
    DATE: { kind: 'date' },
    'TIMESTAMP WITH TIME ZONE': { kind: 'timestamp' },
  };
  return { sql, column: simple[sql], integerDigits: SMALL_INTEGER_DIGITS[sql] };
}

export type TypeChange = 'same' | 'widen' | 'narrow';

/**
 * 'widen' when every value of `from` is exactly a value of `to`: more integer digits and at least as
 * many decimal places, a whole number into a decimal with room for all its digits, a narrower integer
 * into BIGINT. Everything else (fewer digits, another kind, DOUBLE -> DECIMAL...) is 'narrow'.
 */
export function compareTypes(from: WarehouseType, to: ColumnType): TypeChange {
  const existing = from.column;
  if (existing !== undefined && formatColumnType(existing) === formatColumnType(to)) return 'same';
  const digitsBefore = integerDigitsOf(from);
  if (digitsBefore === undefined) return 'narrow';
  if (to.kind === 'integer') return existing === undefined ? 'widen' : 'narrow'; // a narrower integer, or a decimal
  if (to.kind !== 'decimal') return 'narrow';
  const scaleBefore = existing?.kind === 'decimal' ? existing.scale : 0;
  return to.scale >= scaleBefore && to.precision - to.scale >= digitsBefore ? 'widen' : 'narrow';
}

/** Digits before the decimal point a numeric type holds; undefined for non-numeric types. */
function integerDigitsOf(type: WarehouseType): number | undefined {
  if (type.integerDigits !== undefined) return type.integerDigits;
  if (type.column?.kind === 'integer') return BIGINT_DIGITS;
  if (type.column?.kind === 'decimal') return type.column.precision - type.column.scale;
  return undefined;
}

export function describeType(type: ColumnType): string {
  return formatColumnType(type);
}
