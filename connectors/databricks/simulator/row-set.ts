/**
 * Results in Thrift column-based form (TSparkRowSetType.COLUMN_BASED_SET), which the driver reads
 * with its JsonResultHandler. Null bitmap: bit i%8 of byte i>>3, least significant bit first, with
 * placeholder values in the value array (databricks.md section 9, pitfalls).
 */
import type { ResultTable, SimColumn } from './result-types.ts';
import { enumValue, int64, ttypes } from './thrift-runtime.ts';

const TYPE_IDS: Readonly<Record<SimColumn['type'], string>> = {
  STRING: 'STRING_TYPE',
  BIGINT: 'BIGINT_TYPE',
  INT: 'INT_TYPE',
  DOUBLE: 'DOUBLE_TYPE',
  BOOLEAN: 'BOOLEAN_TYPE',
  DECIMAL: 'DECIMAL_TYPE',
  DATE: 'DATE_TYPE',
  TIMESTAMP: 'TIMESTAMP_TYPE',
  // Complex values travel as JSON text in a string column; the driver parses them (its convertThriftValue).
  MAP: 'MAP_TYPE',
};

export function tableSchema(columns: readonly SimColumn[]): object {
  return {
    columns: columns.map((column, i) => ({
      columnName: column.name,
      position: i + 1,
      typeDesc: {
        types: [
          {
            primitiveEntry: {
              type: enumValue(ttypes.TTypeId, TYPE_IDS[column.type]),
              // The driver never reads these, but a real warehouse sends them (section 9).
              ...(column.type === 'DECIMAL'
                ? {
                    typeQualifiers: {
                      qualifiers: { precision: { i32Value: column.precision }, scale: { i32Value: column.scale } },
                    },
                  }
                : {}),
            },
          },
        ],
      },
    })),
  };
}

export function rowSet(table: ResultTable, start: number, end: number): object {
  const rows = table.rows.slice(start, end);
  return {
    startRowOffset: start,
    rows: [],
    columns: table.columns.map((column, c) =>
      encodeColumn(
        column,
        rows.map((row) => row[c] ?? null),
      ),
    ),
  };
}

function encodeColumn(column: SimColumn, values: readonly unknown[]): object {
  const nulls = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value === null) nulls[i >> 3] = (nulls[i >> 3] ?? 0) | (1 << (i % 8));
  });
  const column_ = <T>(placeholder: T, convert: (value: unknown) => T): { values: T[]; nulls: Buffer } => ({
    values: values.map((value) => (value === null ? placeholder : convert(value))),
    nulls,
  });
  switch (column.type) {
    case 'BIGINT':
      return { i64Val: column_(int64(0n), (value) => int64(BigInt(String(value)))) };
    case 'INT':
      return { i32Val: column_(0, Number) };
    case 'DOUBLE':
      return { doubleVal: column_(0, Number) };
    case 'BOOLEAN':
      return { boolVal: column_(false, (value) => value === true || String(value) === 'true') };
    case 'TIMESTAMP':
      // A Databricks warehouse renders instants in the session zone (UTC here) without an offset.
      return { stringVal: column_('', (value) => String(value).replace(/(\+00(:00)?|Z)$/, '')) };
    default:
      // DECIMAL travels as exact text; the driver turns it into a float unless the query casts it to STRING.
      return { stringVal: column_('', String) };
  }
}
