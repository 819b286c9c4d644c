/**
 * Databricks (Unity Catalog, Delta) as a Destination. Each batch is written by MERGE statements in
 * bounded chunks (databricks.md section 4: ≤ 500 rows per MERGE), every value sent as a STRING
 * parameter and CAST in SQL, so money never passes through a float. Delta has no multi-statement
 * transactions, so idempotency is per row: merge mode matches on the natural key and leaves rows
 * that already carry this batch id alone; append and replace match on the row version (on (batch id,
 * row index) for a batch written without versions), so a record read again, or a batch re-sent after
 * a crash between chunks, writes only the rows that are missing.
 */
import type { DataRow, Destination, FinishRunContext, RecordedCheckpoint, SchemaChange, TargetTable, WriteBatch, WritePlan, WriteResult } from '../../engine/model/io.ts';
import type { HttpClient } from '../kit/http/client.ts';
import { DatabricksDestinationError } from './errors.ts';
import { triggerJob, type JobPolling, type JobRunOutcome } from './job-trigger.ts';
import { readCheckpoint, recordCheckpoint, STATE_TABLE } from './checkpoints.ts';
import { encodeRows, quote, sqlType, tableName, LINEAGE, ROW_VERSION, type EncodedRow } from './sql-encoding.ts';
import { DatabricksSql, type DatabricksConnectionOptions } from './sql-client.ts';
import { planEvolution, type ExistingColumn } from './table-evolution.ts';
import { bearerFrom, workspaceClient } from './workspace-http.ts';

export interface DatabricksDestinationOptions extends DatabricksConnectionOptions {
  /** Rows per MERGE statement. */
  readonly chunkRows?: number;
  /** How a job started by `afterLoad` is polled. */
  readonly jobs?: JobPolling;
}

export interface DatabricksWriteResult extends WriteResult {
  readonly supersededInBatch: number;
}

export function openDatabricksDestination(options: DatabricksDestinationOptions): DatabricksDestination {
  const sql = new DatabricksSql(options);
  const rest = (): HttpClient =>
    workspaceClient(
      { baseUrl: `https://${options.host}:${options.port ?? 443}`, ...(options.caCert === undefined ? {} : { caCert: options.caCert }), ...(options.retry?.sleep === undefined ? {} : { retry: { sleep: options.retry.sleep } }) },
      bearerFrom(() => sql.tokens.token(), () => sql.tokens.invalidate()),
    );
  return new DatabricksDestination(sql, options.chunkRows ?? 500, rest, options.jobs ?? {});
}

export class DatabricksDestination implements Destination {
  private readonly ensured = new Set<string>();
  private rest: HttpClient | undefined;

  constructor(
    readonly sql: DatabricksSql,
    private readonly chunkRows: number,
    private readonly openRest: () => HttpClient,
    private readonly jobPolling: JobPolling = {},
  ) {}

  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    const name = tableName(target.table);
    if (name.display.split('.').at(-1)?.toLowerCase() === STATE_TABLE) {
      throw new DatabricksDestinationError('DATABRICKS_INVALID_TARGET', `${name.display}: ${STATE_TABLE} is where ml-connector keeps each stream's checkpoint; choose another target table`);
    }
    await this.sql.query(`CREATE SCHEMA IF NOT EXISTS ${name.schemaSql}`);
    const existing = await this.describe(name.sql);
    if (existing === undefined) {
      const columns = [
        ...target.columns.map((c) => `${quote(c.name)} ${sqlType(c.type)}${c.required ? ' NOT NULL' : ''}`),
        ...LINEAGE.map((c) => `${quote(c.name)} ${c.sqlType}${c.required ? ' NOT NULL' : ''}`),
      ];
      await this.sql.query(`CREATE TABLE IF NOT EXISTS ${name.sql} (${columns.join(', ')}) USING DELTA`);
      this.ensured.add(target.table);
      return [{ kind: 'create-table', detail: `created ${name.display}` }];
    }
    // Changes are planned in full and refused before the first statement, so a refusal changes nothing.
    const plan = planEvolution(name.display, name.sql, target, existing);
    for (const statement of plan.statements) await this.sql.query(statement);
    this.ensured.add(target.table);
    return plan.changes.map(({ kind, column, detail }) => ({ kind, ...(column === undefined ? {} : { column }), detail }));
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<DatabricksWriteResult> {
    if (!this.ensured.has(target.table)) await this.ensureTable(target);
    const name = tableName(target.table);
    const encoded = encodeRows(target, batch, target.writeMode === 'merge');
    if (target.writeMode === 'replace' && batch.replaceStarts === true) {
      // Keyed on the run id: a re-sent first batch does not wipe the batches of its own run that followed.
      await this.sql.query(`DELETE FROM ${name.sql} WHERE ${quote(LINEAGE[0].name)} <> :run`, { run: batch.lineage.runId });
    }
    const columns = [...target.columns.map((c) => c.name), ...LINEAGE.map((c) => c.name)];
    // Append and replace insert a row version only once: a record read again (lookback, a lost state folder)
    // or a batch re-sent after a crash between chunks finds its versions there and writes nothing twice.
    const versioned = target.writeMode !== 'merge' && batch.rowVersions !== undefined;
    const on =
      target.writeMode === 'merge'
        ? target.mergeKey.map((k) => `t.${quote(k)} = s.${quote(k)}`).join(' AND ')
        : versioned
          ? `t.${quote(ROW_VERSION)} = s.${quote(ROW_VERSION)}`
          : `t.${quote(LINEAGE[1].name)} = s.${quote(LINEAGE[1].name)} AND t.${quote(LINEAGE[2].name)} = s.${quote(LINEAGE[2].name)}`;
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < encoded.rows.length; start += this.chunkRows) {
      const chunk = encoded.rows.slice(start, start + this.chunkRows);
      const { valuesSql, parameters } = valuesOf(chunk, encoded.casts);
      const update =
        target.writeMode === 'merge'
          ? ` WHEN MATCHED AND t.${quote(LINEAGE[1].name)} <> s.${quote(LINEAGE[1].name)} THEN UPDATE SET ${columns.map((c) => `${quote(c)} = s.${quote(c)}`).join(', ')}`
          : '';
      const [counts] = await this.sql.query(
        `MERGE INTO ${name.sql} AS t USING (SELECT * FROM VALUES ${valuesSql} AS v(${columns.map(quote).join(', ')})) AS s ON ${on}${update}` +
          ` WHEN NOT MATCHED THEN INSERT (${columns.map(quote).join(', ')}) VALUES (${columns.map((c) => `s.${quote(c)}`).join(', ')})`,
        parameters,
      );
      inserted += Number(counts?.['num_inserted_rows'] ?? 0);
      updated += Number(counts?.['num_updated_rows'] ?? 0);
    }
    // Delta has no transaction over several statements: the checkpoint follows the batch's rows, so it may
    // lag one batch behind them after a crash (the next run then re-reads that batch, harmlessly), never lead.
    if (batch.checkpoint) await recordCheckpoint(this.sql, name, batch.checkpoint, batch.lineage);
    const skipped = encoded.rows.length - inserted - updated;
    return versioned
      ? { inserted, updated, alreadyCommitted: 0, alreadyPresent: skipped + encoded.repeatedVersions, rejected: encoded.rejected, supersededInBatch: encoded.superseded }
      : { inserted, updated, alreadyCommitted: skipped, rejected: encoded.rejected, supersededInBatch: encoded.superseded };
  }

  /** Where the stream stopped, as recorded in `_ml_connector_state` beside the table (checkpoints.ts). */
  readCheckpoint(target: TargetTable, pipelineId: string, stream: string): Promise<RecordedCheckpoint | undefined> {
    return readCheckpoint(this.sql, tableName(target.table), pipelineId, stream);
  }

  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const encoded = encodeRows(target, { lineage: { runId: '', batchId: '', syncedAt: new Date(0).toISOString() }, rows, sourceModified: [] }, target.writeMode === 'merge');
    const total = encoded.rows.length;
    const name = tableName(target.table);
    if (target.writeMode !== 'merge' || total === 0 || (await this.describe(name.sql)) === undefined) return { inserts: total, updates: 0, unchanged: 0 };
    const keyColumns = target.mergeKey.map((k) => target.columns.findIndex((c) => c.name === k));
    const keyRows = encoded.rows.map((row) => ({ ...row, values: keyColumns.map((i) => row.values[i] ?? null) }));
    const { valuesSql, parameters } = valuesOf(keyRows, keyColumns.map((i) => encoded.casts[i] ?? 'STRING'));
    const on = target.mergeKey.map((k) => `t.${quote(k)} = s.${quote(k)}`).join(' AND ');
    const [row] = await this.sql.query(
      `SELECT count(*) AS matched FROM ${name.sql} AS t JOIN (SELECT * FROM VALUES ${valuesSql} AS v(${target.mergeKey.map(quote).join(', ')})) AS s ON ${on}`,
      parameters,
    );
    const matched = Number(row?.['matched'] ?? 0);
    return { inserts: total - matched, updates: matched, unchanged: 0 };
  }

  /** Starts the target's `afterLoad` job (once per sync run, table and job) and waits for it unless told not to. */
  async finishRun(target: TargetTable, context: FinishRunContext): Promise<JobRunOutcome | undefined> {
    if (target.afterLoad === undefined) return undefined;
    this.rest ??= this.openRest();
    return triggerJob(
      this.rest,
      { jobId: target.afterLoad.runJob, runId: context.runId, table: target.table, wait: target.afterLoad.wait ?? true },
      this.jobPolling,
    );
  }

  async close(): Promise<void> {
    const rest = this.rest;
    this.rest = undefined;
    await Promise.all([this.sql.close(), rest?.close()]);
  }

  /** The table's columns (DESCRIBE TABLE, up to its `# Partition Information` part), or undefined when it does not exist. */
  private async describe(tableSql: string): Promise<ExistingColumn[] | undefined> {
    try {
      const rows = await this.sql.query(`DESCRIBE TABLE ${tableSql}`);
      const end = rows.findIndex((r) => String(r['col_name'] ?? '').trim() === '' || String(r['col_name']).startsWith('#'));
      return rows.slice(0, end === -1 ? rows.length : end).map((r) => ({ name: String(r['col_name']), type: String(r['data_type']) }));
    } catch (error) {
      if (error instanceof DatabricksDestinationError && error.details.sqlState === '42P01') return undefined;
      throw error;
    }
  }
}

function valuesOf(rows: readonly EncodedRow[], casts: readonly string[]): { valuesSql: string; parameters: Record<string, string | null> } {
  const parameters: Record<string, string | null> = {};
  const valuesSql = rows
    .map((row, r) => `(${row.values.map((value, c) => {
      parameters[`p${r}_${c}`] = value;
      return `CAST(:p${r}_${c} AS ${casts[c] ?? 'STRING'})`;
    }).join(', ')})`)
    .join(', ');
  return { valuesSql, parameters };
}
