/** Shared pieces of the DuckDB destination tests: a real warehouse file in a fresh temp folder, GL targets and rows. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataRow, TargetColumn, TargetTable, WriteBatch, WriteMode } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { openDuckDbDestination, type DuckDbDestination } from './destination.ts';

export interface TempWarehouse {
  readonly folder: string;
  readonly path: string;
  readonly destination: DuckDbDestination;
  /** Closes the destination and deletes the folder. */
  dispose(): Promise<void>;
}

export async function openTempWarehouse(): Promise<TempWarehouse> {
  const folder = await mkdtemp(join(tmpdir(), 'duckdb-destination-'));
  const path = join(folder, 'warehouse.duckdb');
  const destination = await openDuckDbDestination({ path });
  return {
    folder,
    path,
    destination,
    dispose: async () => {
      await destination.close().catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export const GL_COLUMNS: readonly TargetColumn[] = [
  { name: 'journal_entry', type: { kind: 'integer' }, required: true },
  { name: 'line_number', type: { kind: 'integer' }, required: true },
  { name: 'account', type: { kind: 'string' }, required: true },
  { name: 'posting_date', type: { kind: 'date' }, required: true },
  { name: 'debit', type: { kind: 'decimal', precision: 18, scale: 2 }, required: false },
  { name: 'credit', type: { kind: 'decimal', precision: 18, scale: 2 }, required: false },
  { name: 'posted', type: { kind: 'boolean' }, required: false },
  { name: 'modified_at', type: { kind: 'timestamp' }, required: false },
];

export function glTarget(writeMode: WriteMode, overrides: Partial<TargetTable> = {}): TargetTable {
  return {
    table: 'gl_lines',
    columns: GL_COLUMNS,
    writeMode,
    mergeKey: writeMode === 'merge' ? ['journal_entry', 'line_number'] : [],
    allowDestructiveChanges: false,
    ...overrides,
  };
}

export function glRow(journal: number, line: number, debit: string, extra: Record<string, Value> = {}): DataRow {
  return {
    journal_entry: journal,
    line_number: line,
    account: `000-${4000 + (journal % 7)}-00`,
    posting_date: PlainDate.of(2024, 1, 15),
    debit: Decimal.parse(debit),
    credit: Decimal.parse('0.00'),
    posted: true,
    modified_at: Timestamp.parse('2024-01-15T18:00:00Z'),
    ...extra,
  };
}

export function batchOf(
  rows: readonly DataRow[],
  lineage: { runId?: string; batchId: string; replaceStarts?: boolean },
): WriteBatch {
  return {
    lineage: { runId: lineage.runId ?? 'run-1', batchId: lineage.batchId, syncedAt: '2024-02-01T09:30:00.123456Z' },
    rows,
    sourceModified: rows.map((row) => row.modified_at ?? null),
    ...(lineage.replaceStarts === undefined ? {} : { replaceStarts: lineage.replaceStarts }),
  };
}

/** One SQL value as text (exact: DuckDB casts decimals to text without rounding). */
export async function scalar(destination: DuckDbDestination, sql: string): Promise<string> {
  const reader = await destination.connection.runAndReadAll(sql);
  return String(reader.getRows()[0]?.[0]);
}

export async function caught(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to fail');
}
