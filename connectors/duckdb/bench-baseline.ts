/**
 * The benchmark's baseline: the same rows loaded with DuckDB's plain row appender into a table with no
 * key, no lineage, no batches and no transaction of ours: the fastest obvious way to put rows in DuckDB
 * from JS, which the end-to-end pipeline figure is compared against.
 * https://duckdb.org/docs/stable/clients/node_neo/overview#appender
 */
import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampTZValue, type DuckDBAppender } from '@duckdb/node-api';
import type { ColumnType } from '../../engine/model/column-type.ts';
import type { DataRow, TargetColumn } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp, pow10 } from '../../engine/model/values/index.ts';
import { sqlTypeOf } from './column-types.ts';
import { quoteIdentifier } from './identifiers.ts';
import { openWarehouseFile } from './warehouse-file.ts';

export const RAW_TABLE = 'raw_appender_load';

export interface RawLoadResult {
  readonly rows: number;
  readonly seconds: number;
}

/**
 * Loads `rows` into table raw_appender_load of the file at `path` (replacing it). Column types come
 * from `columns` when given, else from the values (a decimal column gets the digits its values need).
 */
export async function rawAppenderLoad(
  path: string,
  rows: readonly DataRow[],
  columns?: readonly TargetColumn[],
): Promise<RawLoadResult> {
  const started = performance.now();
  const layout = columns ?? inferColumns(rows);
  const file = await openWarehouseFile(path);
  const connection = await file.instance.connect();
  try {
    const definitions = layout.map((column) => `${quoteIdentifier(column.name)} ${sqlTypeOf(column.type)}`).join(', ');
    await connection.run(`CREATE OR REPLACE TABLE ${RAW_TABLE} (${definitions})`);
    const appender = await connection.createAppender(RAW_TABLE);
    try {
      for (const row of rows) {
        for (const column of layout) appendValue(appender, column.type, row[column.name] ?? null);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  } finally {
    connection.closeSync();
    file.release();
  }
  return { rows: rows.length, seconds: (performance.now() - started) / 1000 };
}

function appendValue(appender: DuckDBAppender, type: ColumnType, value: unknown): void {
  if (value === null) return appender.appendNull();
  switch (type.kind) {
    case 'string':
      return appender.appendVarchar(String(value));
    case 'integer':
      return appender.appendBigInt(BigInt(value as number));
    case 'boolean':
      return appender.appendBoolean(value as boolean);
    case 'date':
      return appender.appendDate(new DuckDBDateValue((value as PlainDate).toEpochDay()));
    case 'timestamp':
      return appender.appendTimestampTZ(new DuckDBTimestampTZValue((value as Timestamp).epochMicros));
    case 'decimal': {
      const decimal = typeof value === 'number' ? Decimal.fromInteger(value) : (value as Decimal);
      const coefficient =
        decimal.scale === type.scale ? decimal.coefficient : decimal.coefficient * pow10(type.scale - decimal.scale);
      return appender.appendDecimal(new DuckDBDecimalValue(coefficient, type.precision, type.scale));
    }
    default: {
      const unknown: never = type;
      throw new Error(`unknown column type ${JSON.stringify(unknown)}`);
    }
  }
}

/** Column types from the values: the first non-null value decides the kind; decimals get the digits all values need. */
export function inferColumns(rows: readonly DataRow[]): TargetColumn[] {
  const names = Object.keys(rows[0] ?? {});
  return names.map((name) => {
    let kind: ColumnType['kind'] | undefined;
    let scale = 0;
    let largestWhole = 0n; // the largest integer part seen, so the digit count costs one toString at the end
    for (const row of rows) {
      const value = row[name] ?? null;
      if (value === null) continue;
      kind ??= kindOf(value);
      if (kind === 'decimal' && value instanceof Decimal) {
        if (value.scale > scale) scale = value.scale;
        const whole = (value.coefficient < 0n ? -value.coefficient : value.coefficient) / pow10(value.scale);
        if (whole > largestWhole) largestWhole = whole;
      }
    }
    const precision = Math.min(38, Math.max(18, largestWhole.toString().length + scale));
    const type: ColumnType = kind === 'decimal' ? { kind, precision, scale } : { kind: kind ?? 'string' };
    return { name, type, required: false };
  });
}

function kindOf(value: unknown): ColumnType['kind'] {
  if (typeof value === 'number') return 'integer';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Decimal) return 'decimal';
  if (value instanceof PlainDate) return 'date';
  if (value instanceof Timestamp) return 'timestamp';
  return 'string';
}
