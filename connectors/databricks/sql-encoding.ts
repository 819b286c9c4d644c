/**
 * Names, types and values as Databricks SQL text. Every value becomes a STRING parameter with a CAST
 * in the statement (databricks.md section 4: typed DECIMAL parameters go on the wire as bare DECIMAL,
 * whose sizing is unconfirmed). A value that does not fit its column is rejected with the reason, so
 * the runner holds the row instead of the warehouse rounding or cutting it.
 */
import type { ColumnType } from '../../engine/model/column-type.ts';
import type { DataRow, RejectedRow, TargetTable, WriteBatch } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { DatabricksDestinationError } from './errors.ts';

export const LINEAGE = [
  { name: '_mlc_run_id', sqlType: 'STRING', required: true },
  { name: '_mlc_batch_id', sqlType: 'STRING', required: true },
  { name: '_mlc_batch_row', sqlType: 'BIGINT', required: true },
  { name: '_mlc_source_modified', sqlType: 'TIMESTAMP', required: false },
  { name: '_mlc_synced_at', sqlType: 'TIMESTAMP', required: true },
  // Append and replace: the version of the row's source record, so none is inserted twice (empty in merge tables).
  { name: '_mlc_row_version', sqlType: 'STRING', required: false },
] as const;

export const ROW_VERSION = LINEAGE[5].name;

export const quote = (name: string): string => `\`${name.replaceAll('`', '``')}\``;

export function tableName(text: string): { sql: string; schemaSql: string; display: string } {
  const parts = text.split('.');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) {
    throw new DatabricksDestinationError(
      'DATABRICKS_INVALID_TARGET',
      `table "${text}" must be named catalog.schema.table`,
    );
  }
  return { sql: parts.map(quote).join('.'), schemaSql: parts.slice(0, 2).map(quote).join('.'), display: text };
}

export function sqlType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'STRING';
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
  }
}

export interface EncodedRow {
  readonly index: number;
  readonly values: readonly (string | null)[];
}

export interface EncodedBatch {
  /** Target columns then lineage columns, as text; in batch order, later duplicates of a key kept. */
  readonly rows: readonly EncodedRow[];
  readonly casts: readonly string[];
  readonly rejected: RejectedRow[];
  readonly superseded: number;
  /** Rows left out because an earlier row of the batch carries the same version (a record the source served twice). */
  readonly repeatedVersions: number;
}

export function encodeRows(target: TargetTable, batch: WriteBatch, dedupeOnKey: boolean): EncodedBatch {
  const rejected: RejectedRow[] = [];
  const byKey = new Map<string, EncodedRow>();
  const rows: EncodedRow[] = [];
  const versions = dedupeOnKey ? undefined : batch.rowVersions;
  const seenVersions = new Set<string>();
  let repeatedVersions = 0;
  batch.rows.forEach((row, index) => {
    const values: (string | null)[] = [];
    for (const column of target.columns) {
      const encoded = encodeValue(column.name, column.type, row[column.name] ?? null, column.required);
      if (typeof encoded === 'object' && encoded !== null) {
        rejected.push({ index, code: encoded.code, message: encoded.message });
        return;
      }
      values.push(encoded);
    }
    const version = versions?.[index] ?? null;
    if (version !== null) {
      if (seenVersions.has(version)) {
        repeatedVersions++;
        return;
      }
      seenVersions.add(version);
    }
    const modified = batch.sourceModified[index] ?? null;
    values.push(
      batch.lineage.runId,
      batch.lineage.batchId,
      String(index),
      modified === null ? null : String(modified),
      batch.lineage.syncedAt,
      version,
    );
    const encoded = { index, values };
    if (!dedupeOnKey) rows.push(encoded);
    else byKey.set(JSON.stringify(target.mergeKey.map((k) => keyText(row, k))), encoded);
  });
  const kept = dedupeOnKey ? [...byKey.values()].sort((a, b) => a.index - b.index) : rows;
  return {
    rows: kept,
    casts: [...target.columns.map((c) => sqlType(c.type)), ...LINEAGE.map((c) => c.sqlType)],
    rejected,
    superseded: batch.rows.length - rejected.length - kept.length - repeatedVersions,
    repeatedVersions,
  };
}

function keyText(row: DataRow, key: string): string | null {
  const value = row[key];
  return value === null || value === undefined ? null : String(value);
}

type Refusal = { code: string; message: string };

function encodeValue(name: string, type: ColumnType, value: Value, required: boolean): string | null | Refusal {
  if (value === null)
    return required ? { code: 'missing-required-value', message: `${name}: a value is required` } : null;
  const wrong = (): Refusal => ({
    code: 'wrong-type',
    message: `${name}: expected ${sqlType(type)}, got ${typeof value === 'object' ? value.constructor.name : typeof value}`,
  });
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : wrong();
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : wrong();
    case 'date':
      return value instanceof PlainDate ? value.toString() : wrong();
    case 'timestamp':
      return value instanceof Timestamp ? value.toString() : wrong();
    case 'decimal': {
      const decimal =
        value instanceof Decimal
          ? value
          : typeof value === 'number' && Number.isSafeInteger(value)
            ? Decimal.of(BigInt(value), 0)
            : undefined;
      if (decimal === undefined) return wrong();
      const exact = decimal.stripTrailingZeros();
      if (exact.scale > type.scale)
        return {
          code: 'decimal-too-precise',
          message: `${name}: ${decimal.toString()} has more than ${type.scale} decimal places`,
        };
      const integerDigits = exact.precision() - exact.scale;
      if (integerDigits > type.precision - type.scale)
        return {
          code: 'decimal-too-large',
          message: `${name}: ${decimal.toString()} does not fit DECIMAL(${type.precision},${type.scale})`,
        };
      return decimal.toString();
    }
  }
}
