/**
 * Where each stream stopped, kept in the warehouse beside its rows: one row per pipeline, stream and
 * target table in `_ml_connector_state`, a Delta table in the target table's schema, written by one
 * MERGE after the batch that committed the watermark (Delta has no transaction over several
 * statements, so the checkpoint may lag its rows by one batch, never lead them). A run whose state
 * folder is new or lost resumes from it instead of reading everything again.
 */
import type { BatchLineage, RecordedCheckpoint, StreamCheckpoint } from '../../engine/model/io.ts';
import { DatabricksDestinationError } from './errors.ts';
import { quote, type tableName } from './sql-encoding.ts';
import type { DatabricksSql } from './sql-client.ts';

export const STATE_TABLE = '_ml_connector_state';

type Table = ReturnType<typeof tableName>;

const COLUMNS = ['pipeline_id', 'stream', 'target_table', 'watermark', 'run_id', 'batch_id', 'recorded_at'] as const;

function stateTableOf(table: Table): string {
  return `${table.schemaSql}.${quote(STATE_TABLE)}`;
}

/** One spelling per table: Unity Catalog names compare without case. */
function tableKey(table: Table): string {
  return table.display.toLowerCase();
}

/** Schemas whose state table this process has made sure of, so the CREATE is sent once per schema. */
const created = new WeakMap<DatabricksSql, Set<string>>();

export async function recordCheckpoint(
  sql: DatabricksSql,
  table: Table,
  checkpoint: StreamCheckpoint,
  lineage: BatchLineage,
): Promise<void> {
  const state = stateTableOf(table);
  const known = created.get(sql) ?? new Set<string>();
  created.set(sql, known);
  if (!known.has(state)) {
    await sql.query(
      `CREATE TABLE IF NOT EXISTS ${state} (${COLUMNS.map((c) => `${quote(c)} STRING NOT NULL`).join(', ')}) USING DELTA`,
    );
    known.add(state);
  }
  const values: Record<(typeof COLUMNS)[number], string> = {
    pipeline_id: checkpoint.pipelineId,
    stream: checkpoint.stream,
    target_table: tableKey(table),
    watermark: checkpoint.watermark,
    run_id: lineage.runId,
    batch_id: lineage.batchId,
    recorded_at: lineage.syncedAt,
  };
  const key = ['pipeline_id', 'stream', 'target_table'].map((c) => `t.${quote(c)} = s.${quote(c)}`).join(' AND ');
  await sql.query(
    `MERGE INTO ${state} AS t USING (SELECT * FROM VALUES (${COLUMNS.map((c) => `CAST(:${c} AS STRING)`).join(', ')}) AS v(${COLUMNS.map(quote).join(', ')})) AS s ON ${key}` +
      ` WHEN MATCHED THEN UPDATE SET ${COLUMNS.map((c) => `${quote(c)} = s.${quote(c)}`).join(', ')}` +
      ` WHEN NOT MATCHED THEN INSERT (${COLUMNS.map(quote).join(', ')}) VALUES (${COLUMNS.map((c) => `s.${quote(c)}`).join(', ')})`,
    values,
  );
}

/**
 * The stream's checkpoint for this table, or undefined. A checkpoint is trusted only while its table
 * holds rows: a table dropped or emptied by hand is loaded again from the start, not resumed.
 */
export async function readCheckpoint(
  sql: DatabricksSql,
  table: Table,
  pipelineId: string,
  stream: string,
): Promise<RecordedCheckpoint | undefined> {
  try {
    // One statement: the row comes back only while the table holds a row (a missing table or state table is 42P01).
    const [row] = await sql.query(
      `SELECT ${COLUMNS.map(quote).join(', ')} FROM ${stateTableOf(table)} WHERE ${quote('pipeline_id')} = :pipeline AND ${quote('stream')} = :stream AND ${quote('target_table')} = :target` +
        ` AND EXISTS (SELECT 1 FROM ${table.sql})`,
      { pipeline: pipelineId, stream, target: tableKey(table) },
    );
    if (row === undefined) return undefined;
    return {
      pipelineId,
      stream,
      watermark: String(row['watermark']),
      runId: String(row['run_id']),
      batchId: String(row['batch_id']),
      recordedAt: String(row['recorded_at']),
    };
  } catch (error) {
    // No table yet, or no state table yet: nothing recorded.
    if (error instanceof DatabricksDestinationError && error.details.sqlState === '42P01') return undefined;
    throw error;
  }
}
