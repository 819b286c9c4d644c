/**
 * Jobs API 2.1 `run-now` and `runs/get` (databricks.md section 5). A run advances one life-cycle
 * state per `runs/get` (QUEUED, PENDING, RUNNING, TERMINATING, TERMINATED), so tests poll without
 * waiting on a clock. The same idempotency token returns the same run, launching one run only.
 *
 * How a run ends is fixed when it is launched: by its job's outcome, or by `failRuns(jobId, ...)`, a
 * switch that fails that job's next runs as a failing task does, then lets later runs succeed. A failed
 * run answers in Databricks' shapes: the run TERMINATED/FAILED with the generic run-level message, the
 * failed task with the cause (its `state_message`), a `run_page_url` (databricks/databricks-sdk-py#375,
 * dagster-io/dagster#19715).
 */
export type RunResult = 'SUCCESS' | 'FAILED' | 'INTERNAL_ERROR';

export interface JobsOptions {
  /** Job ids that exist, with how their runs end (default: job 1, SUCCESS). */
  readonly jobs?: Readonly<Record<number, RunResult>>;
  /**
   * Runs have ended by the time they are first read (a short job): for callers that poll on the real
   * interval, such as the studio under a browser test, which cannot be given a sleep of its own.
   */
  readonly endedWhenFirstRead?: boolean;
}

interface Run {
  readonly runId: number;
  readonly jobId: number;
  readonly numberInJob: number;
  readonly parameters: Readonly<Record<string, string>>;
  readonly outcome: RunResult;
  /** The failing task's error, for runs failed on demand. */
  readonly taskError?: string;
  step: number;
}

const STEPS = ['QUEUED', 'PENDING', 'RUNNING', 'TERMINATING', 'TERMINATED'] as const;
const TASK_KEY = 'consume_batches';

export type JobsReply = { status: number; body: Record<string, unknown> };

export class JobsService {
  private readonly runs = new Map<number, Run>();
  private readonly byToken = new Map<string, number>();
  private readonly failing = new Map<number, { count: number; after: number; error: string }>();
  private nextRunId = 1001;
  private readonly jobs: Readonly<Record<number, RunResult>>;
  private readonly endedWhenFirstRead: boolean;

  constructor(
    options: JobsOptions = {},
    /** `https://host:port` once listening, for `run_page_url`. */
    private readonly workspaceUrl: () => string = () => 'https://localhost',
  ) {
    this.jobs = options.jobs ?? { 1: 'SUCCESS' };
    this.endedWhenFirstRead = options.endedWhenFirstRead ?? false;
  }

  /** Every run launched so far, for tests. */
  launched(): readonly { runId: number; jobId: number; parameters: Readonly<Record<string, string>> }[] {
    return [...this.runs.values()].map(({ runId, jobId, parameters }) => ({ runId, jobId, parameters }));
  }

  /**
   * The job's next `count` runs (after `after` more that end as the job does) fail as a task raising
   * `error` does; later runs end as the job does again.
   */
  failRuns(jobId: number, options: { count?: number; error?: string; after?: number } = {}): void {
    this.failing.set(jobId, {
      count: options.count ?? 1,
      after: options.after ?? 0,
      error: options.error ?? 'AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view cannot be found.',
    });
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
    const switched = this.failing.get(jobId);
    const failing = switched !== undefined && switched.after-- <= 0 ? switched : undefined;
    if (failing !== undefined && --failing.count <= 0) this.failing.delete(jobId);
    const run: Run = {
      runId: this.nextRunId++,
      jobId,
      numberInJob: [...this.runs.values()].filter((r) => r.jobId === jobId).length + 1,
      parameters: Object.fromEntries(
        Object.entries((request.job_parameters ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      ),
      outcome: failing === undefined ? (this.jobs[jobId] ?? 'SUCCESS') : 'FAILED',
      ...(failing === undefined ? {} : { taskError: failing.error }),
      step: this.endedWhenFirstRead ? STEPS.length - 1 : 0,
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
    const outcome = run.outcome;
    const lifeCycle =
      outcome === 'INTERNAL_ERROR' && run.step >= 2 ? 'INTERNAL_ERROR' : (STEPS[run.step] ?? 'TERMINATED');
    const terminal = lifeCycle === 'TERMINATED' || lifeCycle === 'INTERNAL_ERROR';
    if (!terminal) run.step += 1;
    const result = outcome === 'INTERNAL_ERROR' ? 'FAILED' : outcome;
    const state: Record<string, unknown> = {
      life_cycle_state: lifeCycle,
      state_message: terminal ? this.runMessage(run, lifeCycle) : '',
      user_cancelled_or_timedout: false,
    };
    if (terminal) state['result_state'] = result;
    const taskState: Record<string, unknown> = {
      life_cycle_state: lifeCycle,
      state_message: terminal && run.taskError !== undefined ? run.taskError : '',
      user_cancelled_or_timedout: false,
      ...(terminal ? { result_state: result } : {}),
    };
    return {
      status: 200,
      body: {
        run_id: run.runId,
        job_id: run.jobId,
        number_in_job: run.numberInJob,
        state,
        run_page_url: `${this.workspaceUrl()}/?o=0#job/${run.jobId}/run/${run.runId}`,
        job_parameters: Object.entries(run.parameters).map(([name, value]) => ({ name, value })),
        tasks: [{ run_id: run.runId + 500_000, task_key: TASK_KEY, state: taskState }],
      },
    };
  }

  private runMessage(run: Run, lifeCycle: string): string {
    if (run.taskError !== undefined)
      return `Task ${TASK_KEY} failed with message: Workload failed, see run output for details. This caused all downstream tasks to get skipped.`;
    return `Run ${lifeCycle.toLowerCase()}`;
  }
}
