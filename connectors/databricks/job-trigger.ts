/**
 * Starts a Databricks job after a load and, when asked, waits for its run (databricks.md section 5).
 * `run-now` carries an idempotency token derived from the sync run, the table, the job and the batches
 * it is given, so a trigger that is retried (a lost response, a resumed run) gets the same job run back
 * instead of a second one, while the next sync run offering the same batches again starts a new one.
 * The job is told which batches to read through job parameters (`mlc_batch_ids`). Terminal life-cycle
 * states are TERMINATED, SKIPPED and INTERNAL_ERROR; any other state, including ones Databricks adds
 * later, is polled again. Only TERMINATED/SUCCESS counts as consumed.
 */
import { createHash } from 'node:crypto';
import type { AfterLoadJobRun } from '../../engine/model/io.ts';
import { isKitError } from '../kit/errors.ts';
import type { HttpClient } from '../kit/http/client.ts';
import { responseJson } from '../kit/http/types.ts';
import { DatabricksDestinationError } from './errors.ts';

export interface JobPolling {
  /** Between two `runs/get` calls. Default 10 s. */
  readonly intervalMs?: number;
  /** Give up waiting (the job run goes on) after this much polling. Default 6 hours. */
  readonly maxWaitMs?: number;
  /** Injectable so tests do not wait on a clock. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface JobTrigger {
  readonly jobId: number;
  /** Sync run id, table and batches: together with the job id they make the idempotency token. */
  readonly runId: string;
  readonly table: string;
  /** The batches the job is to read (job parameter `mlc_batch_ids`); absent: none named. */
  readonly batchIds?: readonly string[];
  readonly wait: boolean;
}

export interface JobRunOutcome {
  readonly jobId: number;
  readonly jobRunId: number;
  /** Life-cycle and result state, e.g. TERMINATED/SUCCESS; QUEUED when not waited for. */
  readonly state: string;
  /** One line for the run log. */
  readonly detail: string;
  /** The run for the audit trail. */
  readonly jobRun: AfterLoadJobRun;
}

interface RunState {
  readonly life_cycle_state?: string;
  readonly result_state?: string;
  readonly state_message?: string;
}

/** What `runs/get` answers, as far as it is read here (shape: databricks/databricks-sdk-py#375). */
interface RunInfo {
  readonly state?: RunState;
  readonly run_page_url?: string;
  readonly tasks?: readonly { readonly task_key?: string; readonly state?: RunState }[];
}

/** A job run that did not succeed (or could not be waited for): the stream fails, the batches wait. */
export class DatabricksJobRunError extends DatabricksDestinationError {
  constructor(
    message: string,
    /** Every job run of this trigger, the one that did not succeed last (engine/model `jobRunsOfError`). */
    readonly jobRuns: readonly AfterLoadJobRun[],
  ) {
    super('DATABRICKS_JOB_FAILED', message);
  }
}

/**
 * Job parameters carrying the batch list stay under 10,000 bytes of JSON, the documented bound of the
 * Jobs API's `*_params` (databricks.md section 5; no bound for `job_parameters` was found, so the same is kept).
 * More batches than fit are given to successive job runs.
 */
export const MAX_JOB_PARAMETER_BYTES = 10_000;

const TERMINAL = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

/** ≤ 64 characters (the API's limit), the same for every retry of one trigger. */
export function idempotencyToken(runId: string, table: string, jobId: number, batchIds?: readonly string[]): string {
  const batches = batchIds === undefined ? '' : `\n${batchIds.join(',')}`;
  return `mlc-${createHash('sha256').update(`${runId}\n${table}\n${jobId}${batches}`).digest('hex').slice(0, 40)}`;
}

/** What the job is told: the table and the exact batches to read from it (`_mlc_batch_id IN (...)`). */
export function jobParameters(trigger: JobTrigger): Record<string, string> {
  if (trigger.batchIds === undefined) return {};
  return {
    mlc_table: trigger.table,
    mlc_sync_run: trigger.runId,
    mlc_batch_count: String(trigger.batchIds.length),
    mlc_batch_ids: trigger.batchIds.join(','),
  };
}

/** The batches in commit order, cut so each part's job parameters stay under the bound. */
export function batchParts(trigger: Omit<JobTrigger, 'batchIds'>, batchIds: readonly string[]): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  for (const id of batchIds) {
    const candidate = [...part, id];
    const bytes = Buffer.byteLength(JSON.stringify(jobParameters({ ...trigger, batchIds: candidate })));
    if (bytes > MAX_JOB_PARAMETER_BYTES && part.length > 0) {
      parts.push(part);
      part = [id];
    } else part = candidate;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

export async function triggerJob(
  client: HttpClient,
  trigger: JobTrigger,
  polling: JobPolling = {},
): Promise<JobRunOutcome> {
  const { jobId } = trigger;
  let jobRunId: number;
  try {
    const response = await client.send({
      method: 'POST',
      path: '/api/2.1/jobs/run-now',
      // The token makes a second request return the first one's run, so resending is safe.
      idempotent: true,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        job_id: jobId,
        idempotency_token: idempotencyToken(trigger.runId, trigger.table, jobId, trigger.batchIds),
        ...(trigger.batchIds === undefined ? {} : { job_parameters: jobParameters(trigger) }),
      }),
    });
    jobRunId = Number(responseJson<{ run_id?: unknown }>(response).run_id);
  } catch (error) {
    throw jobError(jobId, `could not be started`, error);
  }
  if (!Number.isInteger(jobRunId))
    throw new DatabricksDestinationError(
      'DATABRICKS_JOB_FAILED',
      `Databricks job ${jobId}: run-now answered without a run_id`,
    );
  const batchIds = trigger.batchIds ?? [];
  if (!trigger.wait)
    return {
      jobId,
      jobRunId,
      state: 'QUEUED',
      detail: `Databricks job ${jobId} started (run ${jobRunId}), not waited for`,
      jobRun: { jobId, jobRunId, batchIds, lifeCycleState: 'QUEUED', outcome: 'started' },
    };

  const interval = polling.intervalMs ?? 10_000;
  const maxWait = polling.maxWaitMs ?? 6 * 3600_000;
  const sleep = polling.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Waited time is counted from the sleeps, not read from a clock, so an injected sleep keeps tests instant.
  for (let waited = 0; ; waited += interval) {
    let info: RunInfo;
    try {
      info = await client.getJson<RunInfo>('/api/2.1/jobs/runs/get', { run_id: jobRunId });
    } catch (error) {
      // Started, outcome unknown: not consumed as far as anyone here knows, so the batches wait.
      const { message } = jobError(jobId, `run ${jobRunId} could not be read`, error);
      throw new DatabricksJobRunError(message, [
        { jobId, jobRunId, batchIds, lifeCycleState: 'UNKNOWN', stateMessage: message, outcome: 'failed' },
      ]);
    }
    const state = info.state ?? {};
    const lifeCycle = state.life_cycle_state ?? 'UNKNOWN';
    const page = info.run_page_url === undefined ? {} : { runPageUrl: info.run_page_url };
    if (TERMINAL.has(lifeCycle)) {
      const result = state.result_state ?? 'no result';
      const stateText = `${lifeCycle}/${result}`;
      const reported = {
        jobId,
        jobRunId,
        batchIds,
        lifeCycleState: lifeCycle,
        ...(state.result_state === undefined ? {} : { resultState: state.result_state }),
        ...page,
      };
      if (lifeCycle === 'TERMINATED' && result === 'SUCCESS') {
        return {
          jobId,
          jobRunId,
          state: stateText,
          detail: `Databricks job ${jobId} run ${jobRunId} succeeded`,
          jobRun: { ...reported, outcome: 'succeeded' },
        };
      }
      const why = failureText(info);
      throw new DatabricksJobRunError(
        `Databricks job ${jobId} run ${jobRunId} did not succeed (${stateText})${why === '' ? '' : `: ${why}`}`,
        [{ ...reported, ...(why === '' ? {} : { stateMessage: why }), outcome: 'failed' }],
      );
    }
    if (waited + interval > maxWait) {
      // Not known to have consumed the batches: they wait for the next run, which starts the job again.
      const message = `Databricks job ${jobId} run ${jobRunId} was still ${lifeCycle} after ${Math.round(waited / 60_000)} min of waiting; it goes on in the workspace`;
      throw new DatabricksJobRunError(message, [
        { jobId, jobRunId, batchIds, lifeCycleState: lifeCycle, stateMessage: message, ...page, outcome: 'failed' },
      ]);
    }
    await sleep(interval);
  }
}

/**
 * Why a run failed. A multi-task run's own `state_message` is often generic ("Task x failed with
 * message: Workload failed, see run output for details…", dagster-io/dagster#19715) or empty
 * (Azure/azure-databricks-client#45); the failed task's `state_message` carries the cause, so both are kept.
 */
function failureText(info: RunInfo): string {
  const own = info.state?.state_message ?? '';
  const tasks = (info.tasks ?? [])
    .filter((task) => task.state?.result_state !== undefined && task.state.result_state !== 'SUCCESS')
    .filter((task) => task.state?.state_message && !own.includes(task.state.state_message))
    .map((task) => `task ${task.task_key ?? '?'}: ${task.state?.state_message ?? ''}`);
  return [own, ...tasks].filter((text) => text !== '').join(' | ');
}

function jobError(jobId: number, what: string, error: unknown): DatabricksDestinationError {
  const vendor = isKitError(error) ? error.vendorMessage : undefined;
  const text = vendor ?? (error instanceof Error ? error.message : String(error));
  return new DatabricksDestinationError('DATABRICKS_JOB_FAILED', `Databricks job ${jobId} ${what}: ${text}`, {
    ...(isKitError(error) && error.status !== undefined ? { httpStatus: error.status } : {}),
    transient: isKitError(error) && error.transient,
  });
}
