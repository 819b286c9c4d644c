/**
 * Where each stream stopped, kept in the warehouse beside its rows: one row per pipeline, stream and
 * target table in `_ml_connector_state` (in the target table's schema), replaced in the transaction of
 * the batch that committed the watermark. A run whose state folder is new or lost resumes from it
 * instead of reading, and loading, everything again.
 */
import { TIMESTAMPTZ, VARCHAR, type DuckDBConnection, type DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { RecordedCheckpoint, StreamCheckpoint } from '../../engine/model/io.ts';
import { quoteIdentifier, STATE_TABLE, type TableName } from './identifiers.ts';
import { readTableColumns } from './table-schema.ts';
import { toEngineValue } from './value-codec.ts';

function stateTable(table: TableName): TableName {
  const sql =
    table.schema === undefined
      ? quoteIdentifier(STATE_TABLE)
      : `${quoteIdentifier(table.schema)}.${quoteIdentifier(STATE_TABLE)}`;
  return {
    schema: table.schema,
    table: STATE_TABLE,
    sql,
    display: table.schema === undefined ? STATE_TABLE : `${table.schema}.${STATE_TABLE}`,
  };
}

/** One spelling per table: DuckDB compares names without case, and no schema means main. */
function tableKey(table: TableName): string {
  return `${table.schema ?? 'main'}.${table.table}`.toLowerCase();
}

/** Inside the batch's transaction: the stream's checkpoint becomes this one. */
export async function recordCheckpoint(
  connection: DuckDBConnection,
  table: TableName,
  checkpoint: StreamCheckpoint,
  lineage: { readonly runId: string; readonly batchId: string; readonly syncedAt: DuckDBTimestampTZValue },
): Promise<void> {
  const state = stateTable(table);
  await connection.run(
    `CREATE TABLE IF NOT EXISTS ${state.sql} (pipeline_id VARCHAR NOT NULL, stream VARCHAR NOT NULL, target_table VARCHAR NOT NULL,
       watermark VARCHAR NOT NULL, run_id VARCHAR NOT NULL, batch_id VARCHAR NOT NULL, recorded_at TIMESTAMPTZ NOT NULL)`,
  );
  const key = { pipeline: checkpoint.pipelineId, stream: checkpoint.stream, target: tableKey(table) };
  await connection.run(
    `DELETE FROM ${state.sql} WHERE pipeline_id = $pipeline AND stream = $stream AND target_table = $target`,
    key,
  );
  await connection.run(
    `INSERT INTO ${state.sql} VALUES ($pipeline, $stream, $target, $watermark, $run, $batch, $at)`,
    { ...key, watermark: checkpoint.watermark, run: lineage.runId, batch: lineage.batchId, at: lineage.syncedAt },
    {
      pipeline: VARCHAR,
      stream: VARCHAR,
      target: VARCHAR,
      watermark: VARCHAR,
      run: VARCHAR,
      batch: VARCHAR,
      at: TIMESTAMPTZ,
    },
  );
}

/**
 * The stream's checkpoint for this table, or undefined. A checkpoint is trusted only while its table
 * holds rows: a table dropped or emptied by hand is loaded again from the start, not resumed.
 */
export async function readCheckpoint(
  connection: DuckDBConnection,
  table: TableName,
  pipelineId: string,
  stream: string,
): Promise<RecordedCheckpoint | undefined> {
  const state = stateTable(table);
  if (
    (await readTableColumns(connection, state)) === undefined ||
    (await readTableColumns(connection, table)) === undefined
  )
    return undefined;
  const holdsRows = await connection.runAndReadAll(`SELECT EXISTS (SELECT 1 FROM ${table.sql})`);
  if (holdsRows.getRows()[0]?.[0] !== true) return undefined;
  const reader = await connection.runAndReadAll(
    `SELECT watermark, run_id, batch_id, recorded_at FROM ${state.sql} WHERE pipeline_id = $pipeline AND stream = $stream AND target_table = $target`,
    { pipeline: pipelineId, stream, target: tableKey(table) },
  );
  const row = reader.getRows()[0];
  if (row === undefined) return undefined;
  const [watermark, runId, batchId, recordedAt] = row;
  return {
    pipelineId,
    stream,
    watermark: String(watermark),
    runId: String(runId),
    batchId: String(batchId),
    recordedAt: String(toEngineValue(recordedAt ?? null)),
  };
}
