/**
 * After-load jobs (a Databricks job started once a stream has loaded): which batches each job has yet
 * to consume, and every job run with its states and error text.
 *
 * A batch that wrote rows starts waiting for its target's job in the transaction that commits it (and
 * advances the watermark), so no crash can separate the load from the record that the job still owes
 * it. It stops waiting only when a job run given it succeeds: a failed job run, or one never started,
 * leaves it for the next run to offer again. Nothing is loaded again for that: the rows are already in
 * the target, and the job is told which batches to read.
 */
import type Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';
import type { Scrubber } from './scrub.ts';
import type { AfterLoadJobRunRecord, AfterLoadTarget, RecordJobRunInput } from './types.ts';

interface JobRunRow {
  run_id: string;
  stream: string;
  target_table: string;
  job_id: number;
  job_run_id: number | null;
  life_cycle_state: string | null;
  result_state: string | null;
  state_message: string | null;
  run_page_url: string | null;
  outcome: AfterLoadJobRunRecord['outcome'];
  batch_ids: string;
  at: string;
}

export interface JobRunTable {
  /** Inside the batch's commit transaction. */
  awaitJob(pipelineId: string, stream: string, job: AfterLoadTarget, batchId: string): void;
  awaiting(pipelineId: string, stream: string, job: AfterLoadTarget): string[];
  record(input: RecordJobRunInput): void;
  listForRun(runId: string): AfterLoadJobRunRecord[];
}

export function createJobRunTable(
  db: Database.Database,
  scrubber: Scrubber,
  runExists: (runId: string) => boolean,
): JobRunTable {
  const insertAwaiting = db.prepare<[string, string, string, number, string]>(
    `INSERT OR IGNORE INTO after_load_pending (pipeline_id, stream, target_table, job_id, batch_id) VALUES (?, ?, ?, ?, ?)`,
  );
  // Commit order: the run that committed first, then the batch's sequence in it.
  const selectAwaiting = db.prepare<[string, string, string, number], { batch_id: string }>(
    `SELECT p.batch_id FROM after_load_pending p
       JOIN batches b ON b.batch_id = p.batch_id JOIN runs r ON r.run_id = b.run_id
     WHERE p.pipeline_id = ? AND p.stream = ? AND p.target_table = ? AND p.job_id = ?
     ORDER BY r.started_at, r.rowid, b.sequence`,
  );
  const deleteAwaiting = db.prepare<[string, string, string, number, string]>(
    `DELETE FROM after_load_pending
     WHERE pipeline_id = ? AND stream = ? AND target_table = ? AND job_id = ? AND batch_id = ?`,
  );
  const insertRun = db.prepare(
    `INSERT INTO after_load_runs (run_id, stream, target_table, job_id, job_run_id, life_cycle_state, result_state,
       state_message, run_page_url, outcome, batch_ids, at)
     VALUES (@runId, @stream, @table, @jobId, @jobRunId, @lifeCycleState, @resultState, @stateMessage, @runPageUrl,
       @outcome, @batchIds, @at)`,
  );
  const selectRuns = db.prepare<[string], JobRunRow>(
    `SELECT run_id, stream, target_table, job_id, job_run_id, life_cycle_state, result_state, state_message,
       run_page_url, outcome, batch_ids, at
     FROM after_load_runs WHERE run_id = ? ORDER BY job_run_row`,
  );

  const record = db.transaction((input: RecordJobRunInput): void => {
    if (!runExists(input.runId)) throw new RunStoreError('RUN_NOT_FOUND', `no run ${input.runId} in the run store`);
    insertRun.run({
      runId: input.runId,
      stream: input.stream,
      table: input.table,
      jobId: input.jobId,
      jobRunId: input.jobRunId ?? null,
      lifeCycleState: input.lifeCycleState ?? null,
      resultState: input.resultState ?? null,
      stateMessage: input.stateMessage === undefined ? null : scrubber.text(input.stateMessage),
      runPageUrl: input.runPageUrl === undefined ? null : scrubber.text(input.runPageUrl),
      outcome: input.outcome,
      batchIds: JSON.stringify(input.batchIds),
      at: input.at,
    });
    // Handed over: a run not waited for (`wait: false`) takes the batches with it, as one that succeeded.
    if (input.outcome === 'succeeded' || input.outcome === 'started') {
      const job = { table: input.table, jobId: input.jobId };
      for (const batchId of input.batchIds)
        deleteAwaiting.run(input.pipelineId, input.stream, job.table, job.jobId, batchId);
    }
  });

  return {
    awaitJob(pipelineId, stream, job, batchId) {
      insertAwaiting.run(pipelineId, stream, job.table, job.jobId, batchId);
    },
    awaiting: (pipelineId, stream, job) =>
      selectAwaiting.all(pipelineId, stream, job.table, job.jobId).map((row) => row.batch_id),
    record: (input) => record.immediate(input),
    listForRun: (runId) =>
      selectRuns.all(runId).map((row) => ({
        runId: row.run_id,
        stream: row.stream,
        table: row.target_table,
        jobId: row.job_id,
        jobRunId: row.job_run_id,
        lifeCycleState: row.life_cycle_state,
        resultState: row.result_state,
        stateMessage: row.state_message,
        runPageUrl: row.run_page_url,
        outcome: row.outcome,
        batchIds: JSON.parse(row.batch_ids) as string[],
        at: row.at,
      })),
  };
}
