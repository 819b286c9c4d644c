/**
 * Batches: the audit trail and the replay payload of every batch a run sends. A batch is recorded
 * 'pending' before the destination write and marked 'committed' after it, in the same transaction
 * that advances the stream's watermark; a batch still pending after its run died may or may not
 * have reached the destination, so the next run re-sends it (destinations are idempotent per batch).
 */
import type Database from 'better-sqlite3';
import { deserializeControlTotals, serializeControlTotals } from './control-totals.ts';
import { RunStoreError } from './errors.ts';
import type { JobRunTable } from './job-runs.ts';
import type { Scrubber } from './scrub.ts';
import type { StreamStateTable } from './stream-state.ts';
import type {
  BatchRecord,
  BatchState,
  BatchSummary,
  CommitBatchInput,
  FailBatchInput,
  RecordBatchInput,
} from './types.ts';
import { deserializeRows, deserializeValue, serializeRows, serializeValue } from './value-codec.ts';
import type { Row } from './value-codec.ts';
import { isWriterAlive } from './writer-liveness.ts';

interface BatchRow {
  batch_id: string;
  run_id: string;
  pipeline_id: string;
  stream: string;
  sequence: number;
  state: BatchState;
  from_cursor: string;
  to_cursor: string;
  count_in: number;
  count_out: number | null;
  count_held: number | null;
  count_already_loaded: number | null;
  source_totals: string | null;
  destination_totals: string | null;
  started_at: string;
  finished_at: string | null;
  error_code: string | null;
  error_message: string | null;
}

interface PendingBatchRow extends BatchRow {
  payload: string;
  run_status: string;
  writer_pid: number | null;
  writer_host: string | null;
}

export interface BatchTable {
  record(input: RecordBatchInput): void;
  commit(batchId: string, input: CommitBatchInput): void;
  fail(batchId: string, input: FailBatchInput): void;
  get(batchId: string): BatchRecord | undefined;
  listForRun(runId: string): BatchSummary[];
  pending(pipelineId: string, stream: string): BatchRecord[];
}

const SUMMARY_COLUMNS = `b.batch_id, b.run_id, r.pipeline_id, b.stream, b.sequence, b.state, b.from_cursor, b.to_cursor,
  b.count_in, b.count_out, b.count_held, b.count_already_loaded, b.source_totals, b.destination_totals, b.started_at, b.finished_at,
  b.error_code, b.error_message`;
const FROM_BATCHES = 'FROM batches b JOIN runs r ON r.run_id = b.run_id';

export function createBatchTable(
  db: Database.Database,
  scrubber: Scrubber,
  streamState: StreamStateTable,
  runExists: (runId: string) => boolean,
  jobRuns: JobRunTable,
): BatchTable {
  const insert = db.prepare(
    `INSERT INTO batches (batch_id, run_id, stream, sequence, state, from_cursor, to_cursor, count_in, payload, started_at)
     VALUES (@batchId, @runId, @stream, @sequence, 'pending', @fromCursor, @toCursor, @countIn, @payload, @startedAt)`,
  );
  const selectSummary = db.prepare<[string], BatchRow>(
    `SELECT ${SUMMARY_COLUMNS} ${FROM_BATCHES} WHERE b.batch_id = ?`,
  );
  const selectWithPayload = db.prepare<[string], BatchRow & { payload: string }>(
    `SELECT ${SUMMARY_COLUMNS}, b.payload ${FROM_BATCHES} WHERE b.batch_id = ?`,
  );
  const selectForRun = db.prepare<[string], BatchRow>(
    `SELECT ${SUMMARY_COLUMNS} ${FROM_BATCHES} WHERE b.run_id = ? ORDER BY b.rowid`,
  );
  const selectPending = db.prepare<[string, string], PendingBatchRow>(
    `SELECT ${SUMMARY_COLUMNS}, b.payload, r.status AS run_status, r.writer_pid, r.writer_host
     ${FROM_BATCHES} WHERE r.pipeline_id = ? AND b.stream = ? AND b.state = 'pending'
     ORDER BY r.started_at, r.rowid, b.sequence`,
  );
  const markCommitted = db.prepare(
    `UPDATE batches SET state = 'committed', count_out = @countOut, count_held = @countHeld,
       count_already_loaded = @countAlreadyLoaded,
       source_totals = @sourceTotals, destination_totals = @destinationTotals, finished_at = @finishedAt
     WHERE batch_id = @batchId AND state = 'pending'`,
  );
  const markFailed = db.prepare(
    `UPDATE batches SET state = 'failed', error_code = @code, error_message = @message, finished_at = @finishedAt
     WHERE batch_id = @batchId AND state = 'pending'`,
  );

  const requirePending = (batchId: string): BatchRow => {
    const row = selectSummary.get(batchId);
    if (row === undefined) throw new RunStoreError('BATCH_NOT_FOUND', `no batch ${batchId} in the run store`);
    if (row.state !== 'pending') {
      throw new RunStoreError('BATCH_NOT_PENDING', `batch ${batchId} is already ${row.state}`);
    }
    return row;
  };

  const record = db.transaction((input: RecordBatchInput, payload: string): void => {
    if (!runExists(input.runId)) throw new RunStoreError('RUN_NOT_FOUND', `no run ${input.runId} in the run store`);
    if (selectSummary.get(input.batchId) !== undefined) {
      throw new RunStoreError('BATCH_EXISTS', `batch ${input.batchId} is already in the run store`);
    }
    insert.run({
      batchId: input.batchId,
      runId: input.runId,
      stream: input.stream,
      sequence: input.sequence,
      fromCursor: serializeValue(input.sourceRange.fromCursor),
      toCursor: serializeValue(input.sourceRange.toCursor),
      countIn: input.countIn,
      payload,
      startedAt: input.startedAt,
    });
  });

  const commit = db.transaction((batchId: string, input: CommitBatchInput, totals: readonly [string, string]): void => {
    const batch = requirePending(batchId);
    const advance = input.advanceState;
    if (advance !== undefined && (advance.pipelineId !== batch.pipeline_id || advance.stream !== batch.stream)) {
      throw new RunStoreError(
        'STATE_MISMATCH',
        `batch ${batchId} belongs to ${batch.pipeline_id}/${batch.stream}, not ${advance.pipelineId}/${advance.stream}`,
      );
    }
    markCommitted.run({
      batchId,
      countOut: input.countOut,
      countHeld: input.countHeld,
      countAlreadyLoaded: input.countAlreadyLoaded,
      sourceTotals: totals[0],
      destinationTotals: totals[1],
      finishedAt: input.finishedAt,
    });
    if (advance !== undefined) streamState.advance(advance, input.finishedAt);
    // A batch that changed no row gives the job nothing to consume.
    if (input.awaitsJob !== undefined && input.countOut > 0)
      jobRuns.awaitJob(batch.pipeline_id, batch.stream, input.awaitsJob, batchId);
  });

  const fail = db.transaction((batchId: string, input: FailBatchInput): void => {
    requirePending(batchId);
    markFailed.run({ batchId, code: input.code, message: scrubber.text(input.message), finishedAt: input.finishedAt });
  });

  return {
    record(input) {
      // Encode outside the transaction: a bad value fails before any lock is taken.
      const payload = serializeRows(input.payload.map((row) => scrubber.value(row) as Row));
      record.immediate(input, payload);
    },
    commit(batchId, input) {
      const totals = [
        serializeControlTotals(input.sourceTotals, 'source'),
        serializeControlTotals(input.destinationTotals, 'destination'),
      ] as const;
      commit.immediate(batchId, input, totals);
    },
    fail: (batchId, input) => fail.immediate(batchId, input),
    get(batchId) {
      const row = selectWithPayload.get(batchId);
      return row === undefined ? undefined : { ...toSummary(row), payload: deserializeRows(row.payload) };
    },
    listForRun: (runId) => selectForRun.all(runId).map(toSummary),
    pending(pipelineId, stream) {
      // A batch of a run still being written by a live process is in flight, not abandoned.
      return selectPending
        .all(pipelineId, stream)
        .filter((row) => row.run_status !== 'running' || !isWriterAlive(row.writer_pid, row.writer_host))
        .map((row) => ({ ...toSummary(row), payload: deserializeRows(row.payload) }));
    },
  };
}

function toSummary(row: BatchRow): BatchSummary {
  return {
    batchId: row.batch_id,
    runId: row.run_id,
    pipelineId: row.pipeline_id,
    stream: row.stream,
    sequence: row.sequence,
    state: row.state,
    sourceRange: { fromCursor: deserializeValue(row.from_cursor), toCursor: deserializeValue(row.to_cursor) },
    countIn: row.count_in,
    countOut: row.count_out,
    countHeld: row.count_held,
    countAlreadyLoaded: row.count_already_loaded,
    sourceTotals: deserializeControlTotals(row.source_totals),
    destinationTotals: deserializeControlTotals(row.destination_totals),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
  };
}
