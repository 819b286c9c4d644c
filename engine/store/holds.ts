/**
 * Holds: source rows that failed validation, kept with their reasons for review and replay.
 * At most one open hold per (batch, row): replaying a batch refreshes the reasons of the holds it
 * produces again instead of piling up copies.
 */
import type Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';
import type { Scrubber } from './scrub.ts';
import type { AddHoldInput, HoldFilter, HoldReason, HoldRecord, HoldStatus, ResolveHoldsInput } from './types.ts';
import { decodeRow, encodeRow } from './value-codec.ts';
import type { Row } from './value-codec.ts';

interface HoldRow {
  hold_id: number;
  batch_id: string;
  run_id: string;
  pipeline_id: string;
  stream: string;
  row_index: number;
  source_record: string;
  reasons: string;
  status: HoldStatus;
  resolved_at: string | null;
  resolved_by_run_id: string | null;
}

export interface HoldTable {
  add(holds: readonly AddHoldInput[]): number[];
  list(filter: HoldFilter): HoldRecord[];
  resolve(ids: readonly number[], input: ResolveHoldsInput): number;
}

const FILTER_COLUMNS: { readonly [K in keyof Required<HoldFilter>]: string } = {
  pipelineId: 'r.pipeline_id',
  stream: 'h.stream',
  status: 'h.status',
  batchId: 'h.batch_id',
  runId: 'b.run_id',
};

const SELECT_HOLDS = `SELECT h.hold_id, h.batch_id, b.run_id, r.pipeline_id, h.stream, h.row_index, h.source_record,
    h.reasons, h.status, h.resolved_at, h.resolved_by_run_id
  FROM holds h JOIN batches b ON b.batch_id = h.batch_id JOIN runs r ON r.run_id = b.run_id`;

export function createHoldTable(
  db: Database.Database,
  scrubber: Scrubber,
  runExists: (runId: string) => boolean,
): HoldTable {
  const batchExists = db.prepare<[string], { found: number }>('SELECT 1 AS found FROM batches WHERE batch_id = ?');
  const selectOpen = db.prepare<[string, number], { hold_id: number }>(
    `SELECT hold_id FROM holds WHERE batch_id = ? AND row_index = ? AND status = 'open'`,
  );
  const insert = db.prepare(
    `INSERT INTO holds (batch_id, stream, row_index, source_record, reasons, status)
     VALUES (@batchId, @stream, @rowIndex, @sourceRecord, @reasons, 'open')`,
  );
  const refresh = db.prepare(
    `UPDATE holds SET stream = @stream, source_record = @sourceRecord, reasons = @reasons WHERE hold_id = @holdId`,
  );
  const selectStatus = db.prepare<[number], { status: HoldStatus }>('SELECT status FROM holds WHERE hold_id = ?');
  const markResolved = db.prepare(
    `UPDATE holds SET status = 'resolved', resolved_at = @resolvedAt, resolved_by_run_id = @resolvedByRunId
     WHERE hold_id = @holdId AND status = 'open'`,
  );

  const add = db.transaction((holds: readonly EncodedHold[]): number[] =>
    holds.map((hold) => {
      if (batchExists.get(hold.batchId) === undefined) {
        throw new RunStoreError('BATCH_NOT_FOUND', `cannot hold a row of batch ${hold.batchId}: no such batch`);
      }
      const open = selectOpen.get(hold.batchId, hold.rowIndex);
      if (open !== undefined) {
        refresh.run({ ...hold, holdId: open.hold_id });
        return open.hold_id;
      }
      return Number(insert.run(hold).lastInsertRowid);
    }),
  );

  const resolve = db.transaction((ids: readonly number[], input: ResolveHoldsInput): number => {
    if (!runExists(input.resolvedByRunId)) {
      throw new RunStoreError('RUN_NOT_FOUND', `no run ${input.resolvedByRunId} in the run store`);
    }
    let resolved = 0;
    for (const holdId of ids) {
      if (selectStatus.get(holdId) === undefined) throw new RunStoreError('HOLD_NOT_FOUND', `no hold ${holdId}`);
      resolved += markResolved.run({ holdId, ...input }).changes;
    }
    return resolved;
  });

  return {
    add(holds) {
      // Encode (and scrub) outside the transaction: a bad value fails before any lock is taken.
      const encoded = holds.map((hold) => encodeHold(hold, scrubber));
      return add.immediate(encoded);
    },
    list(filter) {
      const conditions: string[] = [];
      const parameters: string[] = [];
      for (const [key, column] of Object.entries(FILTER_COLUMNS)) {
        const wanted = filter[key as keyof HoldFilter];
        if (wanted === undefined) continue;
        conditions.push(`${column} = ?`);
        parameters.push(wanted);
      }
      const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
      const rows = db.prepare<string[], HoldRow>(`${SELECT_HOLDS}${where} ORDER BY h.hold_id`).all(...parameters);
      return rows.map(toHoldRecord);
    },
    resolve: (ids, input) => resolve.immediate(ids, input),
  };
}

interface EncodedHold {
  readonly batchId: string;
  readonly stream: string;
  readonly rowIndex: number;
  readonly sourceRecord: string;
  readonly reasons: string;
}

function encodeHold(hold: AddHoldInput, scrubber: Scrubber): EncodedHold {
  const reasons: HoldReason[] = hold.reasons.map((reason) => ({
    column: reason.column,
    code: reason.code,
    message: scrubber.text(reason.message),
  }));
  return {
    batchId: hold.batchId,
    stream: hold.stream,
    rowIndex: hold.rowIndex,
    sourceRecord: JSON.stringify(encodeRow(scrubber.value(hold.sourceRecord) as Row)),
    reasons: JSON.stringify(reasons),
  };
}

function toHoldRecord(row: HoldRow): HoldRecord {
  return {
    id: row.hold_id,
    batchId: row.batch_id,
    runId: row.run_id,
    pipelineId: row.pipeline_id,
    stream: row.stream,
    rowIndex: row.row_index,
    sourceRecord: decodeRow(JSON.parse(row.source_record)),
    reasons: JSON.parse(row.reasons) as HoldReason[],
    status: row.status,
    resolvedAt: row.resolved_at,
    resolvedByRunId: row.resolved_by_run_id,
  };
}
