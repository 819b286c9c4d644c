/**
 * What the status endpoint, the status page and `ml-connector status` show: per pipeline, its next and
 * last runs, counts, held rows and failures. `PipelineRecord` keeps the counts as runs finish; the last
 * run and the open held rows it takes from the pipeline's run store (`remember`), so they survive a restart.
 */
import type { LoadedPipeline, RunOutcome } from '../runner/index.ts';

export interface LastRun {
  readonly runId?: string;
  /** 'interrupted': read from the run store, the process that ran it died before finishing it. */
  readonly status: RunOutcome['status'] | 'error' | 'interrupted';
  readonly startedAt: string;
  /** Absent for an interrupted run. */
  readonly finishedAt?: string;
  readonly read: number;
  readonly written: number;
  readonly held: number;
  readonly error?: string;
}

/** What a pipeline's run store says of it (`stored-status.ts` reads it). */
export interface StoredStatus {
  readonly lastRun?: LastRun;
  readonly openHeldRows: number;
}

export interface PipelineStatus {
  readonly file: string;
  readonly id?: string;
  readonly name?: string;
  readonly cron?: string;
  readonly running: boolean;
  readonly nextRun?: string;
  readonly lastRun?: LastRun;
  /** Runs, failures and skips by this service since it started; `lastRun` and `heldRows` come from the run store. */
  readonly runs: number;
  readonly failures: number;
  readonly skipped: number;
  /** Rows held for review still open in the pipeline's run store (whoever ran it; they survive a restart). */
  readonly heldRows: number;
  /** Why the file on disk was refused (the previous version, if any, keeps running). */
  readonly refused?: string;
}

export interface ServeStatus {
  readonly startedAt: string;
  readonly now: string;
  readonly missedRuns: string;
  readonly pipelines: readonly PipelineStatus[];
}

export class PipelineRecord {
  loaded: LoadedPipeline | undefined;
  refused: string | undefined;
  runs = 0;
  failures = 0;
  skipped = 0;
  private heldRows = 0;
  private last: LastRun | undefined;

  constructor(readonly path: string) {}

  identity(): Record<string, string> {
    return this.loaded ? { file: this.path, pipeline: this.loaded.id } : { file: this.path };
  }

  begin(_startedAt: Date): void {
    this.runs++;
  }

  /** What the run store says: the last finished run (whoever ran it) and the rows held still open. */
  remember(stored: StoredStatus): void {
    // A run that failed before the store knew of it (an error at start) stays the last one shown.
    const newer =
      stored.lastRun && (!this.last || Date.parse(stored.lastRun.startedAt) >= Date.parse(this.last.startedAt));
    if (newer) this.last = stored.lastRun;
    this.heldRows = stored.openHeldRows;
  }

  finish(outcome: RunOutcome, startedAt: Date, finishedAt: Date): void {
    const held = outcome.streams.reduce((n, s) => n + s.held, 0);
    if (outcome.status === 'failed') this.failures++;
    const firstError = outcome.streams.find((s) => s.error)?.error?.message;
    this.last = {
      runId: outcome.runId,
      status: outcome.status,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      read: outcome.streams.reduce((n, s) => n + s.read, 0),
      written: outcome.streams.reduce((n, s) => n + s.written, 0),
      held,
      ...(firstError === undefined ? {} : { error: firstError }),
    };
  }

  /** A run that did not start: another starter holds the pipeline's run lock. */
  skip(_startedAt: Date): void {
    this.runs--;
    this.skipped++;
  }

  fail(message: string, startedAt: Date, finishedAt: Date): void {
    this.failures++;
    this.last = {
      status: 'error',
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      read: 0,
      written: 0,
      held: 0,
      error: message,
    };
  }

  lastError(): string | undefined {
    return this.last?.error;
  }

  status(nextDue: Date | undefined, running: boolean): PipelineStatus {
    return {
      file: this.path,
      ...(this.loaded
        ? { id: this.loaded.id, name: this.loaded.pipeline.name, cron: this.loaded.pipeline.schedule?.cron }
        : {}),
      running,
      ...(nextDue ? { nextRun: nextDue.toISOString() } : {}),
      ...(this.last ? { lastRun: this.last } : {}),
      runs: this.runs,
      failures: this.failures,
      skipped: this.skipped,
      heldRows: this.heldRows,
      ...(this.refused === undefined ? {} : { refused: this.refused }),
    };
  }
}
