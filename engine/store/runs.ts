/**
 * Runs: one row per `ml-connector run` or replay, with totals aggregated from its batches on read
 * (never kept twice, so they cannot disagree with the batches).
 */
import type Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';
import type { Scrubber } from './scrub.ts';
import type {
  FinishRunInput,
  ListRunsFilter,
  RunStatus,
  RunSummary,
  RunTrigger,
  StartRunInput,
  StreamTotals,
} from './types.ts';
import { currentWriter, isWriterAlive } from './writer-liveness.ts';

interface RunRow {
  run_id: string;
  pipeline_id: string;
  pipeline_name: string;
  mapping_hash: string;
  trigger: RunTrigger;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  error_code: string | null;
  error_message: string | null;
  writer_pid: number | null;
  writer_host: string | null;
}

export interface RunTable {
  start(input: StartRunInput): void;
  finish(runId: string, input: FinishRunInput): void;
  list(filter: ListRunsFilter): RunSummary[];
  get(runId: string): RunSummary | undefined;
  exists(runId: string): boolean;
}

const RUN_COLUMNS = `run_id, pipeline_id, pipeline_name, mapping_hash, trigger, status, started_at, finished_at,
  error_code, error_message, writer_pid, writer_host`;

// Newest first; rowid breaks ties between runs started in the same instant.
const NEWEST_FIRST = 'ORDER BY started_at DESC, rowid DESC LIMIT ?';

export function createRunTable(db: Database.Database, scrubber: Scrubber): RunTable {
  const insert = db.prepare(
    `INSERT INTO runs (run_id, pipeline_id, pipeline_name, mapping_hash, trigger, status, started_at, writer_pid, writer_host)
     VALUES (@runId, @pipelineId, @pipelineName, @mappingHash, @trigger, 'running', @startedAt, @pid, @host)`,
  );
  const selectRunning = db.prepare<[string], RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE pipeline_id = ? AND status = 'running'`,
  );
  const markInterrupted = db.prepare<[string]>(
    `UPDATE runs SET status = 'interrupted' WHERE run_id = ? AND status = 'running'`,
  );
  const update = db.prepare(
    `UPDATE runs SET status = @status, finished_at = @finishedAt, error_code = @errorCode, error_message = @errorMessage
     WHERE run_id = @runId`,
  );
  const selectOne = db.prepare<[string], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_id = ?`);
  const selectAll = db.prepare<[number], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs ${NEWEST_FIRST}`);
  const selectByPipeline = db.prepare<[string, number], RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE pipeline_id = ? ${NEWEST_FIRST}`,
  );
  // TOTAL() rather than SUM(): 0 instead of NULL for a stream with no committed batch yet.
  const selectTotals = db.prepare<[string], StreamTotals>(
    `SELECT stream,
            COUNT(*) AS batches,
            TOTAL(count_in) AS read,
            TOTAL(CASE WHEN state = 'committed' THEN count_out END) AS written,
            TOTAL(CASE WHEN state = 'committed' THEN count_held END) AS held,
            TOTAL(CASE WHEN state = 'committed' THEN count_already_loaded END) AS alreadyLoaded,
            TOTAL(CASE WHEN state = 'failed' THEN count_in END) AS failed
     FROM batches WHERE run_id = ? GROUP BY stream ORDER BY stream`,
  );

  const summarize = (row: RunRow): RunSummary => ({
    runId: row.run_id,
    pipelineId: row.pipeline_id,
    pipelineName: row.pipeline_name,
    mappingHash: row.mapping_hash,
    trigger: row.trigger,
    status: row.status === 'running' && !isWriterAlive(row.writer_pid, row.writer_host) ? 'interrupted' : row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    streams: selectTotals.all(row.run_id),
  });

  // Deferred read transactions: the runs and their totals come from one snapshot even while
  // another process commits batches.
  const list = db.transaction((filter: ListRunsFilter): RunSummary[] => {
    const rows =
      filter.pipelineId === undefined
        ? selectAll.all(filter.limit)
        : selectByPipeline.all(filter.pipelineId, filter.limit);
    return rows.map(summarize);
  });
  const get = db.transaction((runId: string): RunSummary | undefined => {
    const row = selectOne.get(runId);
    return row === undefined ? undefined : summarize(row);
  });

  const start = db.transaction((input: StartRunInput): void => {
    if (selectOne.get(input.runId) !== undefined) {
      throw new RunStoreError('RUN_EXISTS', `run ${input.runId} is already in the run store`);
    }
    // A run of this pipeline whose process died never finished: say so for good, now that a new run
    // will re-send its pending batches.
    for (const running of selectRunning.all(input.pipelineId)) {
      if (!isWriterAlive(running.writer_pid, running.writer_host)) markInterrupted.run(running.run_id);
    }
    const writer = currentWriter();
    insert.run({ ...input, pid: writer.pid, host: writer.host });
  });

  return {
    start: (input) => start.immediate(input),
    finish(runId, input) {
      const result = update.run({
        runId,
        status: input.status,
        finishedAt: input.finishedAt,
        errorCode: input.error?.code ?? null,
        errorMessage: input.error === undefined ? null : scrubber.text(input.error.message),
      });
      if (result.changes === 0) throw new RunStoreError('RUN_NOT_FOUND', `no run ${runId} in the run store`);
    },
    list: (filter) => list(filter),
    get: (runId) => get(runId),
    exists: (runId) => selectOne.get(runId) !== undefined,
  };
}
