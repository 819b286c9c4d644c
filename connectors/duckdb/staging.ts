/**
 * The fast path into DuckDB: a batch is checked and converted in JS once, then appended as data chunks
 * into a temp staging table, from which one INSERT ... SELECT (or the merge statements) moves it into
 * the target inside the batch's transaction. Row-at-a-time appends or INSERTs are several times slower.
 * https://duckdb.org/docs/stable/data/appender
 */
import {
  DuckDBDataChunk,
  INTEGER,
  TIMESTAMPTZ,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBTimestampTZValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { DataRow, TargetTable } from '../../engine/model/io.ts';
import type { Value } from '../../engine/model/values/index.ts';
import { duckDbTypeOf, sqlTypeOf } from './column-types.ts';
import { quoteIdentifier, sameIdentifier } from './identifiers.ts';
import { ROW_VERSION_COLUMN, SOURCE_MODIFIED_COLUMN } from './lineage.ts';
import { isRequired } from './table-schema.ts';
import { Rejection, columnEncoder, lineageInstant, type ColumnEncoder } from './value-codec.ts';

/** A row of the batch that was not written, and why. `index` is its position in the batch's rows. */
export interface RejectedRow {
  readonly index: number;
  readonly code: string;
  readonly message: string;
}

export interface EncodedBatch {
  /** Column-major values of the rows to write, one array per target column, in batch order. */
  readonly columns: readonly DuckDBValue[][];
  readonly sourceModified: readonly (DuckDBTimestampTZValue | null)[];
  /** Each row's version (append and replace), null where the batch carries none. */
  readonly rowVersions: readonly (string | null)[];
  /** Position in the batch of each row to write. */
  readonly rowIndexes: readonly number[];
  /** One entry per problem: a row with two bad columns appears twice. */
  readonly rejected: readonly RejectedRow[];
  /** Rows that a later row with the same merge key in the same batch replaced (the last one wins). */
  readonly superseded: number;
  /** Rows left out because an earlier row of the batch carries the same version (a record the source served twice). */
  readonly repeatedVersions: number;
}

/** The staging table's name in the temp catalog (one per connection; our connection is used by one batch at a time). */
export const STAGE_TABLE = '_mlc_stage';
export const STAGE_SQL = `temp.main.${STAGE_TABLE}`;
/** Position of the row in the batch, so merge results map back to rows. */
export const STAGE_ROW_COLUMN = '_mlc_row';

const ROWS_PER_CHUNK = 2048; // DuckDB's vector size: the most one data chunk holds.

export function encodeBatch(
  target: TargetTable,
  rows: readonly DataRow[],
  sourceModified: readonly (Value | null)[],
  options: { readonly dedupeOnKey: boolean; readonly rowVersions?: readonly string[] | undefined },
): EncodedBatch {
  const versions = options.rowVersions;
  const seenVersions = new Set<string>();
  let repeatedVersions = 0;
  const encoders: ColumnEncoder[] = target.columns.map((column) => columnEncoder(column, isRequired(target, column)));
  const names = target.columns.map((column) => column.name);
  const columns: DuckDBValue[][] = names.map(() => []);
  const modified: (DuckDBTimestampTZValue | null)[] = [];
  const rowVersions: (string | null)[] = [];
  const rowIndexes: number[] = [];
  const rejected: RejectedRow[] = [];
  const encodedRow: DuckDBValue[] = new Array<DuckDBValue>(names.length).fill(null);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    let ok = true;
    for (let j = 0; j < names.length; j++) {
      const encoded = encoders[j]!(row[names[j]!] ?? null);
      if (encoded instanceof Rejection) {
        rejected.push({ index, code: encoded.code, message: encoded.message });
        ok = false;
      } else encodedRow[j] = encoded;
    }
    if (!ok) continue;
    const version = versions?.[index] ?? null;
    if (version !== null) {
      if (seenVersions.has(version)) {
        repeatedVersions++;
        continue;
      }
      seenVersions.add(version);
    }
    for (let j = 0; j < names.length; j++) columns[j]!.push(encodedRow[j]!);
    modified.push(lineageInstant(sourceModified[index]));
    rowVersions.push(version);
    rowIndexes.push(index);
  }
  const encoded = {
    columns,
    sourceModified: modified,
    rowVersions,
    rowIndexes,
    rejected,
    superseded: 0,
    repeatedVersions,
  };
  return options.dedupeOnKey ? keepLastPerKey(encoded, keyColumnPositions(target)) : encoded;
}

/** Stages the rows in a fresh temp table: target columns (target types), source modified time, batch position. */
export async function stageBatch(
  connection: DuckDBConnection,
  target: TargetTable,
  batch: EncodedBatch,
): Promise<void> {
  const definitions = [
    ...target.columns.map((column) => `${quoteIdentifier(column.name)} ${sqlTypeOf(column.type)}`),
    `${SOURCE_MODIFIED_COLUMN} TIMESTAMPTZ`,
    `${STAGE_ROW_COLUMN} INTEGER`,
    `${ROW_VERSION_COLUMN} VARCHAR`,
  ];
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} (${definitions.join(', ')})`);
  const types = [...target.columns.map((column) => duckDbTypeOf(column.type)), TIMESTAMPTZ, INTEGER, VARCHAR];
  const appender = await connection.createAppender(STAGE_TABLE, 'main', 'temp');
  try {
    const total = batch.rowIndexes.length;
    for (let start = 0; start < total; start += ROWS_PER_CHUNK) {
      const end = Math.min(total, start + ROWS_PER_CHUNK);
      const chunk = DuckDBDataChunk.create(types, end - start);
      batch.columns.forEach((values, j) => chunk.setColumnValues(j, values.slice(start, end)));
      chunk.setColumnValues(batch.columns.length, batch.sourceModified.slice(start, end));
      chunk.setColumnValues(batch.columns.length + 1, batch.rowIndexes.slice(start, end));
      chunk.setColumnValues(batch.columns.length + 2, batch.rowVersions.slice(start, end));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function keyColumnPositions(target: TargetTable): number[] {
  return target.mergeKey.map((key) => target.columns.findIndex((column) => sameIdentifier(column.name, key)));
}

/** Merge semantics inside one batch: of rows sharing a key, the last one is written (as a later batch would win). */
function keepLastPerKey(batch: EncodedBatch, keyPositions: readonly number[]): EncodedBatch {
  const count = batch.rowIndexes.length;
  const lastPosition = new Map<string, number>();
  for (let k = 0; k < count; k++) lastPosition.set(keyText(batch.columns, keyPositions, k), k);
  if (lastPosition.size === count) return batch;
  const keep = new Array<boolean>(count).fill(false);
  for (const k of lastPosition.values()) keep[k] = true;
  const pick = <T>(values: readonly T[]): T[] => values.filter((_, k) => keep[k]);
  return {
    columns: batch.columns.map(pick),
    sourceModified: pick(batch.sourceModified),
    rowVersions: pick(batch.rowVersions),
    rowIndexes: pick(batch.rowIndexes),
    rejected: batch.rejected,
    superseded: count - lastPosition.size,
    repeatedVersions: batch.repeatedVersions,
  };
}

/** An unambiguous text for a row's key (strings length-prefixed, so no separator can be forged). */
function keyText(columns: readonly DuckDBValue[][], keyPositions: readonly number[], k: number): string {
  let text = '';
  for (const position of keyPositions) {
    const value = columns[position]![k] ?? null;
    const part = typeof value === 'string' ? value : scalarText(value);
    text += `${part.length}:${part};`;
  }
  return text;
}

function scalarText(value: DuckDBValue): string {
  if (value === null || typeof value !== 'object') return String(value);
  // Decimal, date and timestamp values: their exact inner number (coefficient, days, micros).
  const inner = value as { value?: unknown; days?: unknown; micros?: unknown };
  return String(inner.value ?? inner.days ?? inner.micros ?? value.toString());
}
