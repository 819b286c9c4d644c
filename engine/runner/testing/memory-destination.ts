/**
 * An in-memory destination for the runner's property tests: same contract as the warehouse
 * (one transaction per batch, idempotent per batch id, merge on key, append of versions it does not
 * hold yet, replace, checkpoints recorded with their batch), so many
 * thousands of simulated runs stay fast. The real warehouse is exercised by its own tests and by
 * the end-to-end and crash tests.
 */
import type {
  DataRow,
  Destination,
  RecordedCheckpoint,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
} from '../../model/io.ts';
import { valueEquals } from '../../model/values/index.ts';
import { recordKey } from '../incremental.ts';

export class MemoryDestination implements Destination {
  readonly tables = new Map<
    string,
    {
      rows: Map<string, DataRow>;
      appended: DataRow[];
      versions: Set<string>;
      batches: Set<string>;
      replaceRun?: string;
    }
  >();
  /** Checkpoints by pipeline and stream, committed with their batch (as the warehouse records them). */
  readonly checkpoints = new Map<string, RecordedCheckpoint>();
  /** Makes the next N writes fail after committing, as a crash between destination and store would. */
  failAfterCommit = 0;

  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    if (this.tables.has(target.table)) return [];
    this.tables.set(target.table, { rows: new Map(), appended: [], versions: new Set(), batches: new Set() });
    return [{ kind: 'create-table', detail: `created ${target.table}` }];
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<WriteResult> {
    const table = this.tables.get(target.table)!;
    if (table.batches.has(batch.lineage.batchId))
      return { inserted: 0, updated: 0, alreadyCommitted: batch.rows.length };
    if (batch.replaceStarts && table.replaceRun !== batch.lineage.runId) {
      table.rows.clear();
      table.appended = [];
      table.versions.clear();
      table.replaceRun = batch.lineage.runId;
    }
    let inserted = 0;
    let updated = 0;
    let alreadyPresent = 0;
    let unchanged = 0;
    for (const [index, row] of batch.rows.entries()) {
      if (target.writeMode === 'append') {
        const version = batch.rowVersions?.[index];
        if (version !== undefined && table.versions.has(version)) {
          alreadyPresent++;
          continue;
        }
        if (version !== undefined) table.versions.add(version);
        table.appended.push(row);
        inserted++;
        continue;
      }
      const key = recordKey(row, target.mergeKey.length > 0 ? target.mergeKey : Object.keys(row));
      const existing = table.rows.get(key);
      // As the warehouse does: a row the table holds with identical values is left as it is.
      if (existing && sameRow(row, existing)) unchanged++;
      else if (existing) updated++;
      else inserted++;
      table.rows.set(key, row);
    }
    table.batches.add(batch.lineage.batchId);
    if (batch.checkpoint) {
      const { pipelineId, stream } = batch.checkpoint;
      this.checkpoints.set(`${pipelineId}/${stream}`, {
        ...batch.checkpoint,
        runId: batch.lineage.runId,
        batchId: batch.lineage.batchId,
        recordedAt: batch.lineage.syncedAt,
      });
    }
    if (this.failAfterCommit > 0) {
      this.failAfterCommit--;
      throw Object.assign(new Error('connection lost after commit'), { code: 'SIMULATED_CRASH' });
    }
    return { inserted, updated, alreadyCommitted: 0, alreadyPresent, unchanged };
  }

  async readCheckpoint(
    _target: TargetTable,
    pipelineId: string,
    stream: string,
  ): Promise<RecordedCheckpoint | undefined> {
    return this.checkpoints.get(`${pipelineId}/${stream}`);
  }

  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const table = this.tables.get(target.table);
    const plan = { inserts: 0, updates: 0, unchanged: 0 };
    for (const row of rows) {
      const existing = table?.rows.get(recordKey(row, target.mergeKey));
      if (target.writeMode === 'append' || !existing) plan.inserts++;
      else if (sameRow(row, existing)) plan.unchanged++;
      else plan.updates++;
    }
    return plan;
  }

  rowsOf(table: string): DataRow[] {
    const found = this.tables.get(table);
    return found ? [...found.rows.values(), ...found.appended] : [];
  }

  async close(): Promise<void> {}
}

function sameRow(row: DataRow, existing: DataRow): boolean {
  return Object.keys(row).every((column) => valueEquals(row[column] ?? null, existing[column] ?? null));
}
