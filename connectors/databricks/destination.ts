/**
 * Databricks (Unity Catalog, Delta) as a Destination. A batch is one Parquet file staged in a Volume,
 * COPY INTO a staging table, then one MERGE or INSERT into the target (staged-write.ts): a warehouse
 * refuses a statement with more than 256 parameters, and each statement is a round trip and each write a
 * Delta commit. Values reach the file as exact text cast to the column's type, so money never passes
 * through a float. Delta has no multi-statement transactions, so idempotency is per row: merge mode
 * matches on the natural key and leaves rows that already carry this batch id alone; append and replace
 * insert only row versions the table does not hold (row-statements.ts). With `stagingVolume: "none"`
 * (a workspace without Volumes) rows go as parameters instead, at most 256 per statement: slow.
 */
import type {
  DataRow,
  Destination,
  FinishRunContext,
  FinishRunResult,
  RecordedCheckpoint,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
  WrittenRow,
} from '../../engine/model/io.ts';
import type { Value } from '../../engine/model/values/index.ts';
import { readRowsByKeys } from './read-back.ts';
import type { HttpClient } from '../kit/http/client.ts';
import { DatabricksDestinationError } from './errors.ts';
import { batchParts, DatabricksJobRunError, triggerJob, type JobPolling, type JobRunOutcome } from './job-trigger.ts';
import { readCheckpoint, recordCheckpoint, STATE_TABLE } from './checkpoints.ts';
import { lookupKeys, writeByParameters } from './parameter-write.ts';
import { encodeRows, quote, sqlType, tableName, LINEAGE } from './sql-encoding.ts';
import { ensureSchema } from './schemas.ts';
import { DatabricksSql, type DatabricksConnectionOptions } from './sql-client.ts';
import {
  clearStagingRows,
  ensureStagingTable,
  STAGING_TABLE_PREFIX,
  stagingFolderOf,
  writeStaged,
} from './staged-write.ts';
import { stagingVolumeFor, VolumeStage } from './staging.ts';
import { planEvolution, type ExistingColumn } from './table-evolution.ts';
import { bearerFrom, workspaceClient } from './workspace-http.ts';

export interface DatabricksDestinationOptions extends DatabricksConnectionOptions {
  /**
   * The Volume batches are staged in, `catalog.schema.volume` (the connection's `stagingVolume`); default
   * `ml_connector_staging` in each target table's schema, created where missing. `none`: no staging, rows
   * sent as statement parameters (at most 256 per statement), for workspaces without Volumes.
   */
  readonly stagingVolume?: string;
  /** Without staging: at most this many rows per statement (fewer where 256 parameters would not hold them). */
  readonly chunkRows?: number;
  /** How a job started by `afterLoad` is polled. */
  readonly jobs?: JobPolling;
}

/** What `finishRun` did; with one job run (the usual case), its ids and state at hand. */
export interface JobsFinished extends FinishRunResult, Partial<Pick<JobRunOutcome, 'jobId' | 'jobRunId' | 'state'>> {}

export interface DatabricksWriteResult extends WriteResult {
  readonly supersededInBatch: number;
}

export function openDatabricksDestination(options: DatabricksDestinationOptions): DatabricksDestination {
  const sql = new DatabricksSql(options);
  const rest = (): HttpClient =>
    workspaceClient(
      {
        baseUrl: `https://${options.host}:${options.port ?? 443}`,
        ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
        ...(options.retry?.sleep === undefined ? {} : { retry: { sleep: options.retry.sleep } }),
      },
      bearerFrom(
        () => sql.tokens.token(),
        () => sql.tokens.invalidate(),
      ),
    );
  return new DatabricksDestination(sql, options.chunkRows ?? 500, rest, options.jobs ?? {}, options.stagingVolume);
}

export class DatabricksDestination implements Destination {
  private readonly ensured = new Set<string>();
  private rest: HttpClient | undefined;
  private readonly stage: VolumeStage;

  constructor(
    readonly sql: DatabricksSql,
    private readonly chunkRows: number,
    private readonly openRest: () => HttpClient,
    private readonly jobPolling: JobPolling = {},
    private readonly stagingVolume?: string,
  ) {
    this.stage = new VolumeStage(sql, () => this.restClient());
  }

  private get staged(): boolean {
    return this.stagingVolume?.toLowerCase() !== 'none';
  }

  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    const name = tableName(target.table);
    const leaf = name.display.split('.').at(-1)?.toLowerCase() ?? '';
    if (leaf === STATE_TABLE) {
      throw new DatabricksDestinationError(
        'DATABRICKS_INVALID_TARGET',
        `${name.display}: ${STATE_TABLE} is where ml-connector keeps each stream's checkpoint; choose another target table`,
      );
    }
    if (leaf.startsWith(STAGING_TABLE_PREFIX)) {
      throw new DatabricksDestinationError(
        'DATABRICKS_INVALID_TARGET',
        `${name.display}: ${STAGING_TABLE_PREFIX}* tables are where ml-connector stages batches; choose another target table`,
      );
    }
    await ensureSchema(this.sql, name);
    const existing = await this.describe(name.sql);
    if (existing === undefined) {
      const columns = [
        ...target.columns.map((c) => `${quote(c.name)} ${sqlType(c.type)}${c.required ? ' NOT NULL' : ''}`),
        ...LINEAGE.map((c) => `${quote(c.name)} ${c.sqlType}${c.required ? ' NOT NULL' : ''}`),
      ];
      await this.sql.query(`CREATE TABLE IF NOT EXISTS ${name.sql} (${columns.join(', ')}) USING DELTA`);
      await this.ensureStaging(name, target, true);
      this.ensured.add(target.table);
      return [{ kind: 'create-table', detail: `created ${name.display}` }];
    }
    // Changes are planned in full and refused before the first statement, so a refusal changes nothing.
    const plan = planEvolution(name.display, name.sql, target, existing);
    for (const statement of plan.statements) await this.sql.query(statement);
    await this.ensureStaging(name, target, false);
    this.ensured.add(target.table);
    return plan.changes.map(({ kind, column, detail }) => ({
      kind,
      ...(column === undefined ? {} : { column }),
      detail,
    }));
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<DatabricksWriteResult> {
    if (!this.ensured.has(target.table)) await this.ensureTable(target);
    const name = tableName(target.table);
    const encoded = encodeRows(target, batch, target.writeMode === 'merge');
    if (target.writeMode === 'replace' && batch.replaceStarts === true) {
      // Keyed on the run id: a re-sent first batch does not wipe the batches of its own run that followed.
      await this.sql.query(`DELETE FROM ${name.sql} WHERE ${quote(LINEAGE[0].name)} <> :run`, {
        run: batch.lineage.runId,
      });
    }
    // Append and replace insert a row version only once: a record read again (lookback, a lost state folder)
    // or a batch re-sent after a crash finds its versions there and writes nothing twice.
    const versioned = target.writeMode !== 'merge' && batch.rowVersions !== undefined;
    let inserted = 0;
    let updated = 0;
    let staged: Awaited<ReturnType<typeof writeStaged>>['file'] | undefined;
    if (encoded.rows.length > 0 && this.staged) {
      const written = await writeStaged(
        this.sql,
        this.stage,
        stagingVolumeFor(this.stagingVolume, name),
        name,
        target,
        encoded,
        versioned,
      );
      ({ inserted, updated } = written);
      staged = written.file;
    } else if (encoded.rows.length > 0) {
      ({ inserted, updated } = await writeByParameters(this.sql, name.sql, target, encoded, versioned, this.chunkRows));
    }
    // Delta has no transaction over several statements: the checkpoint follows the batch's rows, so it may
    // lag one batch behind them after a crash (the next run then re-reads that batch, harmlessly), never lead.
    if (batch.checkpoint) await recordCheckpoint(this.sql, name, batch.checkpoint, batch.lineage);
    // Only now, with the rows and the checkpoint committed, is the staged file no longer needed.
    if (staged !== undefined) await this.stage.remove(staged);
    const skipped = encoded.rows.length - inserted - updated;
    return versioned
      ? {
          inserted,
          updated,
          alreadyCommitted: 0,
          alreadyPresent: skipped + encoded.repeatedVersions,
          rejected: encoded.rejected,
          supersededInBatch: encoded.superseded,
        }
      : {
          inserted,
          updated,
          alreadyCommitted: skipped,
          rejected: encoded.rejected,
          supersededInBatch: encoded.superseded,
        };
  }

  /** Where the stream stopped, as recorded in `_ml_connector_state` beside the table (checkpoints.ts). */
  readCheckpoint(target: TargetTable, pipelineId: string, stream: string): Promise<RecordedCheckpoint | undefined> {
    return readCheckpoint(this.sql, tableName(target.table), pipelineId, stream);
  }

  /** The rows the table holds for these merge-key values, with the run that wrote each (read-back.ts). */
  async readByKeys(target: TargetTable, keys: readonly (readonly Value[])[]): Promise<WrittenRow[] | undefined> {
    const name = tableName(target.table);
    const existing = await this.describe(name.sql);
    return existing === undefined ? undefined : readRowsByKeys(this.sql, name.sql, existing, target, keys);
  }

  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const encoded = encodeRows(
      target,
      { lineage: { runId: '', batchId: '', syncedAt: new Date(0).toISOString() }, rows, sourceModified: [] },
      target.writeMode === 'merge',
    );
    const total = encoded.rows.length;
    const name = tableName(target.table);
    if (target.writeMode !== 'merge' || total === 0 || (await this.describe(name.sql)) === undefined)
      return { inserts: total, updates: 0, unchanged: 0 };
    const matched = await lookupKeys(this.sql, name.sql, target, encoded);
    return { inserts: total - matched, updates: matched, unchanged: 0 };
  }

  /**
   * Starts the target's `afterLoad` job for the batches the runner says it has yet to consume (none: no
   * job), in parts when their list would not fit the job parameters, and waits for each unless told not
   * to. A part that does not succeed stops there: it and the parts after it wait for the next run.
   */
  async finishRun(target: TargetTable, context: FinishRunContext): Promise<JobsFinished | undefined> {
    if (this.staged && this.ensured.has(target.table)) {
      const name = tableName(target.table);
      await clearStagingRows(this.sql, name, context.runId, new Date());
      await this.stage.sweep(stagingVolumeFor(this.stagingVolume, name), stagingFolderOf(name));
    }
    if (target.afterLoad === undefined) return undefined;
    if (context.batchIds !== undefined && context.batchIds.length === 0) return undefined;
    const trigger = {
      jobId: target.afterLoad.runJob,
      runId: context.runId,
      table: target.table,
      wait: target.afterLoad.wait ?? true,
    };
    const parts = context.batchIds === undefined ? [undefined] : batchParts(trigger, context.batchIds);
    const done: JobRunOutcome[] = [];
    for (const batchIds of parts) {
      try {
        done.push(
          await triggerJob(this.restClient(), { ...trigger, ...(batchIds ? { batchIds } : {}) }, this.jobPolling),
        );
      } catch (error) {
        if (done.length === 0) throw error;
        // The parts consumed before this one are reported with it, so the runner ends their wait.
        const failed = error instanceof DatabricksJobRunError ? error.jobRuns : [];
        throw new DatabricksJobRunError((error as Error).message, [...done.map((d) => d.jobRun), ...failed]);
      }
    }
    return {
      detail: done.map((d) => d.detail).join('; '),
      jobRuns: done.map((d) => d.jobRun),
      ...(done.length === 1 ? { jobId: done[0]!.jobId, jobRunId: done[0]!.jobRunId, state: done[0]!.state } : {}),
    };
  }

  async close(): Promise<void> {
    const rest = this.rest;
    this.rest = undefined;
    await Promise.all([this.sql.close(), rest?.close(), this.stage.close()]);
  }

  private restClient(): HttpClient {
    this.rest ??= this.openRest();
    return this.rest;
  }

  private async ensureStaging(
    name: ReturnType<typeof tableName>,
    target: TargetTable,
    targetIsNew: boolean,
  ): Promise<void> {
    if (this.staged)
      await ensureStagingTable(this.sql, name, target, (tableSql) => this.describe(tableSql), targetIsNew);
  }

  /** The table's columns (DESCRIBE TABLE, up to its `# Partition Information` part), or undefined when it does not exist. */
  private async describe(tableSql: string): Promise<ExistingColumn[] | undefined> {
    try {
      const rows = await this.sql.query(`DESCRIBE TABLE ${tableSql}`);
      const end = rows.findIndex(
        (r) => String(r['col_name'] ?? '').trim() === '' || String(r['col_name']).startsWith('#'),
      );
      return rows
        .slice(0, end === -1 ? rows.length : end)
        .map((r) => ({ name: String(r['col_name']), type: String(r['data_type']) }));
    } catch (error) {
      if (error instanceof DatabricksDestinationError && error.details.sqlState === '42P01') return undefined;
      throw error;
    }
  }
}
