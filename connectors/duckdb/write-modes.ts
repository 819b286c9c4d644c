/**
 * The SQL that moves a staged batch into its table, inside the batch's transaction.
 *
 * Merge does not UPDATE rows in place: DuckDB's in-place updates of many rows were 10-50x slower than
 * deleting the changed rows and inserting their new versions (measured at 1M rows, see README), so a
 * changed row is deleted by rowid and inserted again. Rows identical to what the table holds are not
 * touched and keep their lineage; that also makes a retried merge batch write nothing.
 */
import { TIMESTAMPTZ, VARCHAR, type DuckDBConnection, type DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { TargetTable } from '../../engine/model/io.ts';
import { quoteIdentifier, type TableName } from './identifiers.ts';
import {
  BATCH_ID_COLUMN,
  LINEAGE_COLUMN_LIST,
  ROW_VERSION_COLUMN,
  RUN_ID_COLUMN,
  SOURCE_MODIFIED_COLUMN,
} from './lineage.ts';
import { STAGE_ROW_COLUMN, STAGE_SQL } from './staging.ts';

export interface BatchLineageValues {
  readonly runId: string;
  readonly batchId: string;
  readonly syncedAt: DuckDBTimestampTZValue;
}

const MATCH_SQL = 'temp.main._mlc_match';

/** Rows of this batch id already in the table: more than zero means the batch was committed before. */
export async function countBatchRows(connection: DuckDBConnection, table: TableName, batchId: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${table.sql} WHERE ${BATCH_ID_COLUMN} = $batch`, {
    batch: batchId,
  });
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Replace: rows written by any other run go, in the same transaction as the run's first batch. */
export async function deleteOtherRuns(connection: DuckDBConnection, table: TableName, runId: string): Promise<number> {
  const result = await connection.run(`DELETE FROM ${table.sql} WHERE ${RUN_ID_COLUMN} IS DISTINCT FROM $run`, {
    run: runId,
  });
  return result.rowsChanged;
}

/** Inserts staged rows with their lineage; `except` names staged rows to leave out (a subquery of stage rows). */
export async function insertStaged(
  connection: DuckDBConnection,
  table: TableName,
  target: TargetTable,
  lineage: BatchLineageValues,
  except?: string,
): Promise<number> {
  const names = target.columns.map((column) => quoteIdentifier(column.name));
  const filter =
    except === undefined ? '' : ` ANTI JOIN (${except}) AS skipped ON skipped.stage_row = s.${STAGE_ROW_COLUMN}`;
  return insertFrom(connection, table, names, `${STAGE_SQL} AS s${filter}`, lineage);
}

/**
 * Append and replace: inserts the staged rows whose version the table does not hold yet, in the
 * batch's transaction, so a record read again (lookback, closed start, a lost state folder) is never
 * appended twice. Rows written before the version column existed have none: a staged row equal to
 * one of them in every column and in its source modified time counts as that row.
 */
export async function insertNewVersions(
  connection: DuckDBConnection,
  table: TableName,
  target: TargetTable,
  lineage: BatchLineageValues,
): Promise<number> {
  const names = target.columns.map((column) => quoteIdentifier(column.name));
  const version = quoteIdentifier(ROW_VERSION_COLUMN);
  let from = `${STAGE_SQL} AS s ANTI JOIN (SELECT ${version} FROM ${table.sql} WHERE ${version} IS NOT NULL) AS held ON held.${version} = s.${version}`;
  const legacy = await connection.runAndReadAll(`SELECT count(*) FROM ${table.sql} WHERE ${version} IS NULL`);
  if (Number(legacy.getRows()[0]?.[0] ?? 0) > 0) {
    const compared = [...names, SOURCE_MODIFIED_COLUMN];
    const same = compared.map((name) => `old.${name} IS NOT DISTINCT FROM s.${name}`).join(' AND ');
    from += ` ANTI JOIN (SELECT ${compared.join(', ')} FROM ${table.sql} WHERE ${version} IS NULL) AS old ON ${same}`;
  }
  return insertFrom(connection, table, names, from, lineage);
}

async function insertFrom(
  connection: DuckDBConnection,
  table: TableName,
  names: readonly string[],
  from: string,
  lineage: BatchLineageValues,
): Promise<number> {
  const result = await connection.run(
    `INSERT INTO ${table.sql} (${names.join(', ')}, ${LINEAGE_COLUMN_LIST})
     SELECT ${names.map((name) => `s.${name}`).join(', ')}, $run, $batch, s.${SOURCE_MODIFIED_COLUMN}, $synced, s.${ROW_VERSION_COLUMN}
       FROM ${from}`,
    { run: lineage.runId, batch: lineage.batchId, synced: lineage.syncedAt },
    { run: VARCHAR, batch: VARCHAR, synced: TIMESTAMPTZ },
  );
  return result.rowsChanged;
}

export interface MatchCounts {
  /** Staged rows whose key is in the table with some column different. */
  readonly changed: number;
  /** Staged rows whose key is in the table with every column equal. */
  readonly identical: number;
  /** Of the identical ones, those the same batch id wrote: a retried batch. */
  readonly identicalFromThisBatch: number;
}

/**
 * Matches staged rows to table rows on the merge key and keeps the result in a temp table for the
 * delete and insert that follow. Compares the target's columns only (lineage is not data); a target
 * column the table does not have yet compares as empty (for a plan made before ensureTable).
 */
export async function matchStaged(
  connection: DuckDBConnection,
  table: TableName,
  target: TargetTable,
  batchId: string,
  tableHas: (column: string) => boolean,
): Promise<MatchCounts> {
  const on = target.mergeKey.map((key) => `t.${quoteIdentifier(key)} = s.${quoteIdentifier(key)}`).join(' AND ');
  const same = target.columns
    .map((column) => {
      const name = quoteIdentifier(column.name);
      return tableHas(column.name) ? `t.${name} IS NOT DISTINCT FROM s.${name}` : `s.${name} IS NULL`;
    })
    .join(' AND ');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE _mlc_match AS
     SELECT t.rowid AS target_row, s.${STAGE_ROW_COLUMN} AS stage_row, (${same}) AS identical,
            (t.${BATCH_ID_COLUMN} IS NOT DISTINCT FROM $batch) AS same_batch
       FROM ${STAGE_SQL} AS s JOIN ${table.sql} AS t ON ${on}`,
    { batch: batchId },
    { batch: VARCHAR },
  );
  // A staged row is unchanged when any table row with its key is identical (a table that already held
  // duplicate keys, e.g. one written in append mode before, is cleaned up by the delete below).
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FILTER (WHERE NOT identical), count(*) FILTER (WHERE identical), count(*) FILTER (WHERE identical AND same_batch)
       FROM (SELECT stage_row, bool_or(identical) AS identical, bool_or(identical AND same_batch) AS same_batch
               FROM ${MATCH_SQL} GROUP BY stage_row)`,
  );
  const [changed, identical, fromThisBatch] = reader.getRows()[0] ?? [0n, 0n, 0n];
  return { changed: Number(changed), identical: Number(identical), identicalFromThisBatch: Number(fromThisBatch) };
}

/** After matchStaged: deletes the old versions of changed rows and inserts every staged row that is not identical. */
export async function applyMerge(
  connection: DuckDBConnection,
  table: TableName,
  target: TargetTable,
  lineage: BatchLineageValues,
): Promise<number> {
  await connection.run(
    `DELETE FROM ${table.sql} WHERE rowid IN (SELECT target_row FROM ${MATCH_SQL} WHERE NOT identical)`,
  );
  return insertStaged(
    connection,
    table,
    target,
    lineage,
    `SELECT DISTINCT stage_row FROM ${MATCH_SQL} WHERE identical`,
  );
}
