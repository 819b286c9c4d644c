/**
 * The plain words for an after-load job run (a Databricks job started once a stream loaded): Databricks'
 * life-cycle and result states (Jobs API `runs/get`: state.life_cycle_state, state.result_state) said
 * the way a finance person reads them, and what became of the batches the run was given.
 */
import type { AfterLoadJobRunInfo } from '../../api/wire.ts';
import { countText } from './words.ts';

const LIFE_CYCLE: Readonly<Record<string, string>> = {
  QUEUED: 'Queued',
  PENDING: 'Starting',
  RUNNING: 'Running',
  TERMINATING: 'Finishing',
  TERMINATED: 'Finished',
  SKIPPED: 'Skipped (another run of the job was still going)',
  INTERNAL_ERROR: 'Stopped by an error in Databricks',
  BLOCKED: 'Blocked by an earlier task',
  WAITING_FOR_RETRY: 'Waiting to try again',
};

const RESULT: Readonly<Record<string, string>> = {
  SUCCESS: 'Succeeded',
  SUCCESS_WITH_FAILURES: 'Succeeded, with some tasks failing',
  FAILED: 'Failed',
  TIMEDOUT: 'Stopped: it ran out of time',
  CANCELED: 'Cancelled',
  MAXIMUM_CONCURRENT_RUNS_REACHED: 'Not run: the job was already running as often as it may',
  EXCLUDED: 'Not run: excluded by a condition',
  UPSTREAM_FAILED: 'Not run: an earlier task failed',
  UPSTREAM_CANCELED: 'Not run: an earlier task was cancelled',
  DISABLED: 'Not run: the job is disabled',
};

/** Where the job run is in Databricks; "Not started" when Databricks never took it. */
export function jobRunStateText(job: AfterLoadJobRunInfo): string {
  if (job.jobRunId === null) return 'Not started';
  if (job.lifeCycleState === null) return 'Started';
  return LIFE_CYCLE[job.lifeCycleState] ?? job.lifeCycleState;
}

/** How it ended, in words; empty while it has no result. */
export function jobRunResultText(job: AfterLoadJobRunInfo): string {
  if (job.resultState !== null) return RESULT[job.resultState] ?? job.resultState;
  switch (job.outcome) {
    case 'succeeded':
      return 'Succeeded';
    case 'failed':
      return 'Failed';
    case 'not-started':
      return 'Could not be started';
    case 'started':
      return 'Still running when the load ended';
  }
}

/** Whether the job run failed to do its work (the error text is then shown). */
export function jobRunFailed(job: AfterLoadJobRunInfo): boolean {
  return job.outcome === 'failed' || job.outcome === 'not-started';
}

/** "3 batches given" and what became of them. */
export function jobRunBatchesText(job: AfterLoadJobRunInfo): string {
  const given = `${countText(job.batchIds.length)} ${job.batchIds.length === 1 ? 'batch' : 'batches'} given`;
  if (job.batchIds.length === 0) return given;
  if (job.batchesStillWaiting === 0) return `${given}, none waits for a job any more`;
  const all = job.batchesStillWaiting === job.batchIds.length;
  const waiting = all
    ? job.batchIds.length === 1
      ? 'it still waits for a job: the next run offers it again'
      : 'all still wait for a job: the next run offers them again'
    : `${countText(job.batchesStillWaiting)} still ${job.batchesStillWaiting === 1 ? 'waits' : 'wait'} for a job: the next run offers ${job.batchesStillWaiting === 1 ? 'it' : 'them'} again`;
  return `${given}, ${waiting}`;
}
