/**
 * Jobs API 2.1 `run-now` and `runs/get` (databricks.md section 5). A run advances one life-cycle
 * state per `runs/get` (QUEUED, PENDING, RUNNING, TERMINATING, TERMINATED), so tests poll without
 * waiting on a clock. The same idempotency token returns the same run, launching one run only.
 */
export type RunResult = 'SUCCESS' | 'FAILED' | 'INTERNAL_ERROR';

export interface JobsOptions {
  /** Job ids that exist, with how their runs end (default: job 1, SUCCESS). */
  readonly jobs?: Readonly<Record<number, RunResult>>;
}

interface Run {
  readonly runId: number;
  readonly jobId: number;
  readonly numberInJob: number;
  readonly parameters: Readonly<Record<string, string>>;
  step: number;
}

const STEPS = ['QUEUED', 'PENDING', 'RUNNING', 'TERMINATING', 'TERMINATED'] as const;

export type JobsReply = { status: number; body: Record<string, unknown> };

export class JobsService {
  private readonly runs = new Map<number, Run>();
  private readonly byToken = new Map<string, number>();
  private nextRunId = 1001;
  private readonly jobs: Readonly<Record<number, RunResult>>;

  constructor(options: JobsOptions = {}) {
    this.jobs = options.jobs ?? { 1: 'SUCCESS' };
  }

  /** Every run launched so far, for tests. */
  launched(): readonly { runId: number; jobId: number; parameters: Readonly<Record<string, string>> }[] {
    return [...this.runs.values()].map(({ runId, jobId, parameters }) => ({ runId, jobId, parameters }));
  }

  runNow(body: unknown): JobsReply {
    const request = (body ?? {}) as { job_id?: unknown; job_parameters?: unknown; idempotency_token?: unknown };
    const jobId = Number(request.job_id);
    if (!Number.isInteger(jobId) || this.jobs[jobId] === undefined) {
      return {
        status: 400,
        body: { error_code: 'INVALID_PARAMETER_VALUE', message: `Job ${String(request.job_id)} does not exist.` },
      };
    }
    const token = typeof request.idempotency_token === 'string' ? request.idempotency_token : undefined;
    const existing = token === undefined ? undefined : this.runs.get(this.byToken.get(token) ?? -1);
    if (existing !== undefined)
      return { status: 200, body: { run_id: existing.runId, number_in_job: existing.numberInJob } };
    const run: Run = {
      runId: this.nextRunId++,
      jobId,
      numberInJob: [...this.runs.values()].filter((r) => r.jobId === jobId).length + 1,
      parameters: Object.fromEntries(
        Object.entries((request.job_parameters ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      ),
      step: 0,
    };
    this.runs.set(run.runId, run);
    if (token !== undefined) this.byToken.set(token, run.runId);
    return { status: 200, body: { run_id: run.runId, number_in_job: run.numberInJob } };
  }

  getRun(runIdText: string | null): JobsReply {
    const run = this.runs.get(Number(runIdText));
    if (run === undefined)
      return {
        status: 400,
        body: { error_code: 'INVALID_PARAMETER_VALUE', message: `Run ${String(runIdText)} does not exist.` },
      };
    const outcome = this.jobs[run.jobId] ?? 'SUCCESS';
    const lifeCycle =
      outcome === 'INTERNAL_ERROR' && run.step >= 2 ? 'INTERNAL_ERROR' : (STEPS[run.step] ?? 'TERMINATED');
    const terminal = lifeCycle === 'TERMINATED' || lifeCycle === 'INTERNAL_ERROR';
    if (!terminal) run.step += 1;
    const state: Record<string, unknown> = {
      life_cycle_state: lifeCycle,
      state_message: terminal ? `Run ${lifeCycle.toLowerCase()}` : '',
      user_cancelled_or_timedout: false,
    };
    if (terminal) state['result_state'] = outcome === 'INTERNAL_ERROR' ? 'FAILED' : outcome;
    return { status: 200, body: { run_id: run.runId, job_id: run.jobId, number_in_job: run.numberInJob, state } };
  }
}
