/**
 * Dynamics GP as a Destination (integration 2): payroll and compensation as GL journals created
 * unposted (Work) in a named batch, validated against GP first; employees (or vendors) upserted into
 * GP's master records by natural key. GP has no tables to create: `ensureTable` checks that the target
 * is one GP takes, with columns it knows, and answers no schema change. Each batch is idempotent by
 * content, not by batch id: journals are found by their reference and master records by their key, so
 * a re-sent or replayed batch writes nothing twice, whichever run sends it.
 */
import type {
  DataRow,
  Destination,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
} from '../../../engine/model/io.ts';
import { GpClient, type GpConnectionConfig } from '../client.ts';
import { planJournals, writeJournals } from './journal-writer.ts';
import { planMasters, writeMasters } from './master-writer.ts';
import { gpTableOf, journalBatchOf } from './tables.ts';

export class GpDestination implements Destination {
  constructor(readonly client: GpClient) {}

  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    const table = gpTableOf(target);
    if (table.kind === 'gl_journals') journalBatchOf(target);
    return [];
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<WriteResult> {
    const table = gpTableOf(target);
    if (batch.rows.length === 0) return { inserted: 0, updated: 0, alreadyCommitted: 0 };
    return table.kind === 'gl_journals'
      ? writeJournals(this.client, target, batch.rows)
      : writeMasters(this.client, target, table, batch.rows);
  }

  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const table = gpTableOf(target);
    if (rows.length === 0) return { inserts: 0, updates: 0, unchanged: 0 };
    return table.kind === 'gl_journals'
      ? planJournals(this.client, rows)
      : planMasters(this.client, target, table, rows);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function openGpDestination(config: GpConnectionConfig): GpDestination {
  return new GpDestination(new GpClient(config));
}
