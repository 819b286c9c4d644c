/**
 * A batch written the way Databricks recommends for bulk loads (databricks.md section 4): one Parquet file
 * staged in a Volume, `COPY INTO` a staging table beside the target, then one MERGE (merge mode) or one
 * INSERT ... SELECT (append, replace) from the staging table into the target. No statement carries more
 * than one parameter, whatever the batch's size (a warehouse refuses more than 256).
 *
 * A crash between any two steps is harmless: every attempt stages under a new file name and tags its rows
 * in the staging table with that name, and the last step reads only those rows; rows an interrupted attempt
 * left in the staging table are never read, and the MERGE/INSERT skips what an earlier attempt committed.
 * COPY INTO skips a file name it has loaded before (even changed), so names are never reused.
 */
import type { TargetTable } from '../../engine/model/io.ts';
import { DatabricksDestinationError } from './errors.ts';
import type { ParquetColumn } from './parquet-batch.ts';
import { appendStatement, mergeStatement, rowColumns } from './row-statements.ts';
import { LINEAGE, quote, sqlType, type EncodedBatch, type tableName } from './sql-encoding.ts';
import type { DatabricksSql } from './sql-client.ts';
import { sqlString, type StagedFile, type StagingVolume, type VolumeStage } from './staging.ts';

type Table = ReturnType<typeof tableName>;

/** The staging table's extra column: which staged file (so which attempt) a row came from. */
export const STAGED_FILE = '_mlc_staged_file';
export const STAGING_TABLE_PREFIX = '_mlc_staging_';

export interface StagedWriteCounts {
  readonly inserted: number;
  readonly updated: number;
  /** The staged file, to delete once the batch (and its checkpoint) has committed. */
  readonly file: StagedFile;
}

/** `catalog.schema._mlc_staging_<table>`: the staging table of a target, in the target's schema. */
export function stagingTableOf(table: Table): { sql: string; display: string } {
  const parts = table.display.split('.');
  const leaf = `${STAGING_TABLE_PREFIX}${parts[2] ?? ''}`;
  return { sql: `${table.schemaSql}.${quote(leaf)}`, display: `${parts[0]}.${parts[1]}.${leaf}` };
}

/** The folder of a table's staged files inside the volume. */
export function stagingFolderOf(table: Table): string {
  return table.display.toLowerCase();
}

export function stagingColumns(target: TargetTable): ParquetColumn[] {
  return [
    ...target.columns.map((c) => ({ name: c.name, sqlType: sqlType(c.type) })),
    ...LINEAGE.map((c) => ({ name: c.name, sqlType: c.sqlType })),
    { name: STAGED_FILE, sqlType: 'STRING' },
  ];
}

export async function writeStaged(
  sql: DatabricksSql,
  stage: VolumeStage,
  volume: StagingVolume,
  table: Table,
  target: TargetTable,
  encoded: EncodedBatch,
  versioned: boolean,
): Promise<StagedWriteCounts> {
  const staging = stagingTableOf(table);
  const attempt = stage.newFileName();
  const file = await stage.stage(
    volume,
    { folder: stagingFolderOf(table), name: attempt },
    stagingColumns(target),
    encoded.rows.map((row) => [...row.values, attempt]),
  );
  await copyIntoStaging(sql, staging.sql, file);
  const columns = rowColumns(target);
  const source = `(SELECT ${columns.map(quote).join(', ')} FROM ${staging.sql} WHERE ${quote(STAGED_FILE)} = :file)`;
  if (target.writeMode === 'merge') {
    const [counts] = await sql.query(mergeStatement(table.sql, target, source), { file: file.name });
    return {
      inserted: Number(counts?.['num_inserted_rows'] ?? 0),
      updated: Number(counts?.['num_updated_rows'] ?? 0),
      file,
    };
  }
  const [counts] = await sql.query(appendStatement(table.sql, target, source, versioned), { file: file.name });
  return { inserted: Number(counts?.['num_inserted_rows'] ?? 0), updated: 0, file };
}

/**
 * COPY INTO the staging table, checked: every row of the file must be there before the MERGE reads them.
 * A COPY whose answer was lost and that the client re-sent loads nothing the second time (the name is
 * known), so a short count is looked up once before the attempt is given up as failed (and retried).
 */
async function copyIntoStaging(sql: DatabricksSql, stagingSql: string, file: StagedFile): Promise<void> {
  const [copied] = await sql.query(
    `COPY INTO ${stagingSql} FROM '${sqlString(file.folder)}' FILEFORMAT = PARQUET FILES = ('${sqlString(file.name)}')`,
  );
  if (Number(copied?.['num_inserted_rows'] ?? -1) === file.rows) return;
  const [held] = await sql.query(`SELECT count(*) AS n FROM ${stagingSql} WHERE ${quote(STAGED_FILE)} = :file`, {
    file: file.name,
  });
  if (Number(held?.['n'] ?? -1) === file.rows) return;
  throw new DatabricksDestinationError(
    'DATABRICKS_SQL_FAILED',
    `COPY INTO ${stagingSql} loaded ${Number(held?.['n'] ?? 0)} of the ${file.rows} rows of ${file.path}; the batch is sent again under a new file name`,
    { transient: true },
  );
}

/**
 * The staging table made to match the target's columns: created when missing, replaced when the target's
 * columns changed since (a staging table holds nothing worth keeping between batches). For a target just
 * created it is replaced without a look (one statement): any staging table there is from an earlier table.
 */
export async function ensureStagingTable(
  sql: DatabricksSql,
  table: Table,
  target: TargetTable,
  describe: (tableSql: string) => Promise<{ name: string; type: string }[] | undefined>,
  targetIsNew: boolean,
): Promise<void> {
  const staging = stagingTableOf(table);
  const wanted = stagingColumns(target);
  const existing = targetIsNew ? [] : await describe(staging.sql);
  const same =
    existing !== undefined &&
    existing.length === wanted.length &&
    wanted.every(
      (column, i) =>
        existing[i]?.name.toLowerCase() === column.name.toLowerCase() &&
        existing[i]?.type.toLowerCase() === column.sqlType.toLowerCase(),
    );
  if (same) return;
  const definition = `${staging.sql} (${wanted.map((c) => `${quote(c.name)} ${c.sqlType}`).join(', ')}) USING DELTA`;
  await sql.query(
    existing === undefined ? `CREATE TABLE IF NOT EXISTS ${definition}` : `CREATE OR REPLACE TABLE ${definition}`,
  );
}

/** After a run: the staging rows of this run, and any older than a week (left by runs that stopped). */
export async function clearStagingRows(sql: DatabricksSql, table: Table, runId: string, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - 7 * 24 * 3600 * 1000).toISOString();
  await sql.query(
    `DELETE FROM ${stagingTableOf(table).sql} WHERE ${quote(LINEAGE[0].name)} = :run OR ${quote(LINEAGE[4].name)} < CAST(:cutoff AS TIMESTAMP)`,
    {
      run: runId,
      cutoff,
    },
  );
}
