/**
 * The local warehouse: a Destination over one DuckDB file. Every public call runs alone on the
 * destination's connection (calls queue), every write is one transaction, and each batch is idempotent
 * per batch id, so the runner may re-send a batch after a crash between the warehouse commit and its
 * own state commit without losing or doubling a row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import type {
  DataRow,
  Destination,
  RecordedCheckpoint,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
  WrittenRow,
} from '../../engine/model/io.ts';
import { Decimal, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { DuckDbDestinationError, fromDuckDbError, type DuckDbErrorCode } from './errors.ts';
import { readCheckpoint, recordCheckpoint } from './checkpoints.ts';
import { parseTableName, quoteIdentifier, sameIdentifier, type TableName } from './identifiers.ts';
import { RUN_ID_COLUMN } from './lineage.ts';
import { readRowsByKeys } from './read-back.ts';
import { encodeBatch, stageBatch, type RejectedRow } from './staging.ts';
import { checkTarget, planCreateTable, planTableChanges, readTableColumns, refuseDestructive } from './table-schema.ts';
import { toEngineValue } from './value-codec.ts';
import { openWarehouseFile } from './warehouse-file.ts';
import {
  applyMerge,
  countBatchRows,
  deleteOtherRuns,
  insertNewVersions,
  insertStaged,
  matchStaged,
  type BatchLineageValues,
} from './write-modes.ts';

/**
 * WriteResult plus what this destination also reports. `rejected` lists rows not written because a
 * value does not fit its column (the runner holds them with the reason); the other rows are written.
 */
export interface DuckDbWriteResult extends WriteResult {
  /** Merge: rows whose key was present with identical values (not rewritten, lineage kept). */
  readonly unchanged: number;
  /** Merge: rows replaced by a later row with the same key in the same batch. */
  readonly supersededInBatch: number;
  readonly rejected: readonly RejectedRow[];
}

export interface DuckDbWritePlan extends WritePlan {
  readonly supersededInBatch: number;
  readonly rejected: readonly RejectedRow[];
}

export interface ControlTotals {
  readonly rows: number;
  /** Exact sum of every decimal column of the target, as text with the column's scale. */
  readonly sums: Readonly<Record<string, string>>;
}

export interface DuckDbDestination extends Destination {
  /** The destination's own connection, for tests and read-only queries; do not use it while a call is running. */
  readonly connection: DuckDBConnection;
  writeBatch(target: TargetTable, batch: WriteBatch): Promise<DuckDbWriteResult>;
  plan(target: TargetTable, rows: readonly DataRow[]): Promise<DuckDbWritePlan>;
  /** Where the stream stopped, as recorded in `_ml_connector_state` with the batch that got there (checkpoints.ts). */
  readCheckpoint(target: TargetTable, pipelineId: string, stream: string): Promise<RecordedCheckpoint | undefined>;
  /** Row count and decimal sums of the table, or of the rows one run wrote. */
  controlTotals(target: TargetTable, options?: { readonly runId?: string }): Promise<ControlTotals>;
  /** The rows the table holds for these merge-key values, with the run that wrote each (read-back.ts). */
  readByKeys(target: TargetTable, keys: readonly (readonly Value[])[]): Promise<WrittenRow[] | undefined>;
  /** Every row of a table as engine values (exact decimals, microsecond timestamps), ordered by the given columns. */
  readRows(table: string, orderBy?: readonly string[]): Promise<DataRow[]>;
}

export async function openDuckDbDestination(options: { readonly path: string }): Promise<DuckDbDestination> {
  const file = await openWarehouseFile(options.path);
  try {
    return new DuckDbWarehouse(await file.instance.connect(), file.release);
  } catch (error) {
    file.release();
    throw fromDuckDbError(error, `connecting to ${options.path}`, 'DUCKDB_OPEN_FAILED');
  }
}

class DuckDbWarehouse implements DuckDbDestination {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Targets this destination has already ensured, by table, with the target they were ensured for. */
  private readonly ensured = new Map<string, string>();

  constructor(
    readonly connection: DuckDBConnection,
    private readonly release: () => void,
  ) {}

  ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    return this.serially(() => this.ensure(target));
  }

  writeBatch(target: TargetTable, batch: WriteBatch): Promise<DuckDbWriteResult> {
    return this.serially(async () => {
      const table = parseTableName(target.table);
      if (this.ensured.get(table.display.toLowerCase()) !== JSON.stringify(target)) await this.ensure(target);
      const lineage = lineageValues(batch);
      const versions = target.writeMode === 'merge' ? undefined : batch.rowVersions;
      const encoded = encodeBatch(target, batch.rows, batch.sourceModified, {
        dedupeOnKey: target.writeMode === 'merge',
        rowVersions: versions,
      });
      const result = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        alreadyCommitted: 0,
        supersededInBatch: encoded.superseded,
        rejected: encoded.rejected,
      };
      return this.transaction(
        `writing batch ${lineage.batchId} to ${table.display}`,
        'DUCKDB_WRITE_FAILED',
        async () => {
          switch (target.writeMode) {
            case 'append':
            case 'replace': {
              // The batch id in the table is the proof of an earlier commit: write nothing twice.
              const committed = await countBatchRows(this.connection, table, lineage.batchId);
              if (committed > 0) {
                // The first attempt skipped the versions the table held then: they are still not this batch's rows.
                const alreadyPresent = Math.max(0, encoded.rowIndexes.length + encoded.repeatedVersions - committed);
                return {
                  ...result,
                  alreadyCommitted: committed,
                  ...(versions === undefined ? {} : { alreadyPresent }),
                };
              }
              // Keyed on the run id: a retried first batch does not wipe the batches of its own run that followed.
              if (target.writeMode === 'replace' && batch.replaceStarts === true)
                await deleteOtherRuns(this.connection, table, lineage.runId);
              let inserted = 0;
              if (encoded.rowIndexes.length > 0) {
                await stageBatch(this.connection, target, encoded);
                inserted =
                  versions === undefined
                    ? await insertStaged(this.connection, table, target, lineage)
                    : await insertNewVersions(this.connection, table, target, lineage);
              }
              await this.checkpoint(table, batch, lineage);
              const alreadyPresent = encoded.rowIndexes.length - inserted + encoded.repeatedVersions;
              return { ...result, inserted, ...(versions === undefined ? {} : { alreadyPresent }) };
            }
            case 'merge': {
              if (encoded.rowIndexes.length === 0) {
                await this.checkpoint(table, batch, lineage);
                return result;
              }
              await stageBatch(this.connection, target, encoded);
              const match = await matchStaged(this.connection, table, target, lineage.batchId, () => true);
              const written = await applyMerge(this.connection, table, target, lineage);
              await this.checkpoint(table, batch, lineage);
              return {
                ...result,
                inserted: written - match.changed,
                updated: match.changed,
                unchanged: match.identical - match.identicalFromThisBatch,
                alreadyCommitted: match.identicalFromThisBatch,
              };
            }
            default: {
              const unknown: never = target.writeMode;
              throw new DuckDbDestinationError('DUCKDB_INVALID_TARGET', `unknown write mode ${String(unknown)}`);
            }
          }
        },
      );
    });
  }

  readCheckpoint(target: TargetTable, pipelineId: string, stream: string): Promise<RecordedCheckpoint | undefined> {
    return this.serially(() => readCheckpoint(this.connection, parseTableName(target.table), pipelineId, stream));
  }

  /** Inside the batch's transaction: where the stream now stands, when the batch moves it. */
  private async checkpoint(table: TableName, batch: WriteBatch, lineage: BatchLineageValues): Promise<void> {
    if (batch.checkpoint) await recordCheckpoint(this.connection, table, batch.checkpoint, lineage);
  }

  plan(target: TargetTable, rows: readonly DataRow[]): Promise<DuckDbWritePlan> {
    return this.serially(async () => {
      const table = parseTableName(target.table);
      checkTarget(target, table);
      const encoded = encodeBatch(target, rows, [], { dedupeOnKey: target.writeMode === 'merge' });
      const valid = encoded.rowIndexes.length;
      const allNew = {
        inserts: valid,
        updates: 0,
        unchanged: 0,
        supersededInBatch: encoded.superseded,
        rejected: encoded.rejected,
      };
      if (target.writeMode !== 'merge' || valid === 0) return allNew;
      const existing = await readTableColumns(this.connection, table);
      const tableHas = (name: string): boolean =>
        existing?.some((column) => sameIdentifier(column.name, name)) === true;
      if (existing === undefined || !target.mergeKey.every(tableHas)) return allNew;
      // Stage and match as a write would, then roll back: the plan writes nothing.
      await this.connection.run('BEGIN TRANSACTION');
      try {
        await stageBatch(this.connection, target, encoded);
        const match = await matchStaged(this.connection, table, target, '', tableHas);
        return {
          ...allNew,
          inserts: valid - match.changed - match.identical,
          updates: match.changed,
          unchanged: match.identical,
        };
      } catch (error) {
        throw fromDuckDbError(error, `planning the write to ${table.display}`, 'DUCKDB_WRITE_FAILED');
      } finally {
        await this.connection.run('ROLLBACK');
      }
    });
  }

  controlTotals(target: TargetTable, options: { readonly runId?: string } = {}): Promise<ControlTotals> {
    return this.serially(async () => {
      const table = parseTableName(target.table);
      const decimals = target.columns.flatMap((column) =>
        column.type.kind === 'decimal' ? [{ name: column.name, scale: column.type.scale }] : [],
      );
      const zero = (): ControlTotals => ({
        rows: 0,
        sums: Object.fromEntries(decimals.map((d) => [d.name, Decimal.of(0n, d.scale).toString()])),
      });
      if ((await readTableColumns(this.connection, table)) === undefined) return zero();
      const sums = decimals.map((d) => `coalesce(sum(${quoteIdentifier(d.name)}), 0)::VARCHAR`);
      const where = options.runId === undefined ? '' : ` WHERE ${RUN_ID_COLUMN} = $run`;
      const reader = await this.connection.runAndReadAll(
        `SELECT count(*)${sums.map((sum) => `, ${sum}`).join('')} FROM ${table.sql}${where}`,
        options.runId === undefined ? undefined : { run: options.runId },
      );
      const [count, ...totals] = reader.getRows()[0] ?? [];
      return {
        rows: Number(count ?? 0),
        sums: Object.fromEntries(decimals.map((d, i) => [d.name, String(totals[i])])),
      };
    });
  }

  readByKeys(target: TargetTable, keys: readonly (readonly Value[])[]): Promise<WrittenRow[] | undefined> {
    return this.serially(() => readRowsByKeys(this.connection, parseTableName(target.table), target, keys));
  }

  readRows(tableName: string, orderBy: readonly string[] = []): Promise<DataRow[]> {
    return this.serially(async () => {
      const table = parseTableName(tableName);
      const order = orderBy.length === 0 ? '' : ` ORDER BY ${orderBy.map(quoteIdentifier).join(', ')}`;
      const reader = await this.connection.runAndReadAll(`SELECT * FROM ${table.sql}${order}`);
      const names = reader.columnNames();
      return reader
        .getRows()
        .map((values) => Object.fromEntries(names.map((name, i) => [name, toEngineValue(values[i] ?? null)])));
    });
  }

  close(): Promise<void> {
    return this.serially(async () => {
      this.closed = true;
      this.connection.closeSync();
      this.release();
    });
  }

  /** Runs calls one at a time: a DuckDB connection holds one transaction. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new DuckDbDestinationError('DUCKDB_CLOSED', 'the DuckDB destination is closed');
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ensure(target: TargetTable): Promise<readonly SchemaChange[]> {
    const table = parseTableName(target.table);
    checkTarget(target, table);
    const changes = await this.transaction(
      `changing table ${table.display}`,
      'DUCKDB_SCHEMA_CHANGE_FAILED',
      async () => {
        const existing = await readTableColumns(this.connection, table);
        const planned =
          existing === undefined ? [planCreateTable(table, target)] : planTableChanges(table, target, existing);
        refuseDestructive(table, target, planned);
        for (const change of planned) for (const statement of change.statements) await this.connection.run(statement);
        return planned;
      },
    );
    this.ensured.set(table.display.toLowerCase(), JSON.stringify(target));
    return changes.map(({ kind, column, detail }): SchemaChange =>
      column === undefined ? { kind, detail } : { kind, column, detail },
    );
  }

  private async transaction<T>(action: string, code: DuckDbErrorCode, work: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      // After a failed COMMIT DuckDB has already ended the transaction; ROLLBACK then has nothing to do.
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw fromDuckDbError(error, action, code);
    }
  }
}

function lineageValues(batch: WriteBatch): BatchLineageValues {
  const syncedAt = Timestamp.tryParse(batch.lineage.syncedAt);
  if (syncedAt === undefined) {
    throw new DuckDbDestinationError(
      'DUCKDB_WRITE_FAILED',
      `batch ${batch.lineage.batchId}: syncedAt "${batch.lineage.syncedAt}" is not an ISO instant with an offset`,
    );
  }
  return {
    runId: batch.lineage.runId,
    batchId: batch.lineage.batchId,
    syncedAt: new DuckDBTimestampTZValue(syncedAt.epochMicros),
  };
}
