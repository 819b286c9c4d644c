/**
 * Starts a Databricks job after a load and, when asked, waits for its run (databricks.md section 5).
 * `run-now` carries an idempotency token derived from the sync run, the table and the job, so a
 * trigger that is retried (a lost response, a resumed run) gets the same job run back instead of a
 * second one. Terminal life-cycle states are TERMINATED, SKIPPED and INTERNAL_ERROR; any other state,
 * including ones Databricks adds later, is polled again.
 */
import { createHash } from 'node:crypto';
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
  /** Sync run id and table: together with the job id they make the idempotency token. */
  readonly runId: string;
  readonly table: string;
  readonly wait: boolean;
}

export interface JobRunOutcome {
  readonly jobId: number;
  readonly jobRunId: number;
  /** Life-cycle and result state, e.g. TERMINATED/SUCCESS; QUEUED when not waited for. */
  readonly state: string;
  /** One line for the run log. */
  readonly detail: string;
}

interface RunState {
  readonly life_cycle_state?: string;
  readonly result_state?: string;
  readonly state_message?: string;
}

const TERMINAL = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

/** ≤ 64 characters (the API's limit), the same for every retry of one trigger. */
export function idempotencyToken(runId: string, table: string, jobId: number): string {
  return `mlc-${createHash('sha256').update(`${runId}\n${table}\n${jobId}`).digest('hex').slice(0, 40)}`;
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
      body: JSON.stringify({ job_id: jobId, idempotency_token: idempotencyToken(trigger.runId, trigger.table, jobId) }),
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
  if (!trigger.wait)
    return {
      jobId,
      jobRunId,
      state: 'QUEUED',
      detail: `Databricks job ${jobId} started (run ${jobRunId}), not waited for`,
    };

  const interval = polling.intervalMs ?? 10_000;
  const maxWait = polling.maxWaitMs ?? 6 * 3600_000;
  const sleep = polling.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Waited time is counted from the sleeps, not read from a clock, so an injected sleep keeps tests instant.
  for (let waited = 0; ; waited += interval) {
    let state: RunState;
    try {
      state = (await client.getJson<{ state?: RunState }>('/api/2.1/jobs/runs/get', { run_id: jobRunId })).state ?? {};
    } catch (error) {
      throw jobError(jobId, `run ${jobRunId} could not be read`, error);
    }
    const lifeCycle = state.life_cycle_state ?? 'UNKNOWN';
    if (TERMINAL.has(lifeCycle)) {
      const result = state.result_state ?? 'no result';
      const stateText = `${lifeCycle}/${result}`;
      if (lifeCycle === 'TERMINATED' && result === 'SUCCESS') {
        return { jobId, jobRunId, state: stateText, detail: `Databricks job ${jobId} run ${jobRunId} succeeded` };
      }
      const message = state.state_message === undefined || state.state_message === '' ? '' : `: ${state.state_message}`;
      throw new DatabricksDestinationError(
        'DATABRICKS_JOB_FAILED',
        `Databricks job ${jobId} run ${jobRunId} did not succeed (${stateText})${message}`,
      );
    }
    if (waited + interval > maxWait) {
      throw new DatabricksDestinationError(
        'DATABRICKS_JOB_FAILED',
        `Databricks job ${jobId} run ${jobRunId} was still ${lifeCycle} after ${Math.round(waited / 60_000)} min of waiting; it goes on in the workspace`,
      );
    }
    await sleep(interval);
  }
}

function jobError(jobId: number, what: string, error: unknown): DatabricksDestinationError {
  const vendor = isKitError(error) ? error.vendorMessage : undefined;
  const text = vendor ?? (error instanceof Error ? error.message : String(error));
  return new DatabricksDestinationError('DATABRICKS_JOB_FAILED', `Databricks job ${jobId} ${what}: ${text}`, {
    ...(isKitError(error) && error.status !== undefined ? { httpStatus: error.status } : {}),
    transient: isKitError(error) && error.transient,
  });
}
