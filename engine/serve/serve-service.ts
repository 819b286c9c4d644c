/**
 * The scheduling service behind `ml-connector serve`: keeps the pipeline files loaded (reloading changed
 * ones), asks the scheduler what is due, starts those runs through the RunStarter port, logs every event
 * and tells the alerts. It owns no timer and reads time only from the clock it is given: the process
 * wrapper calls `tick()` when `nextWake()` comes, and tests call it with a fake clock.
 *
 * One run at a time per pipeline: a pipeline still running when it is due again is skipped (logged as
 * `run-skipped`), not queued, since the run going on will read everything the skipped one would have.
 */
import { scheduleTimeZone } from '../model/schedule-times.ts';
import { RunLockedError, type LoadedPipeline, type RunEvent, type RunOutcome } from '../runner/index.ts';
import { openRunStore } from '../store/index.ts';
import type { Alerts } from './alerts.ts';
import { PipelineCatalog, type CatalogChange } from './pipeline-files.ts';
import type { RunStarter } from './run-starter.ts';
import type { MissedRunPolicy } from './schedule-plan.ts';
import { ScheduleMemory } from './schedule-memory.ts';
import { Scheduler } from './scheduler.ts';
import { readStoredStatus } from './stored-status.ts';
import { differingTotals, type TotalsDifference } from './totals-check.ts';
import type { ServeLog } from './serve-log.ts';
import { PipelineRecord, type ServeStatus } from './serve-status.ts';

export interface ServeOptions {
  /** Pipeline files and folders of them, as given on the command line. */
  readonly targets: readonly string[];
  readonly cwd: string;
  /** Each pipeline's state folder (the one `run` would use). */
  readonly stateDirFor: (loaded: LoadedPipeline) => string;
  /** Where the service keeps what it must remember between starts (the last scheduled times). */
  readonly serviceStateDir: string;
  readonly missedRuns: MissedRunPolicy;
  readonly now: () => number;
  readonly startRun: RunStarter;
  readonly log: ServeLog;
  readonly alerts?: Alerts;
  /** Keep this many days of run history (audit, replay payloads) per state folder; holds stay until resolved. */
  readonly keepDays?: number;
}

export class ServeService {
  private readonly catalog: PipelineCatalog;
  private readonly scheduler: Scheduler;
  private readonly memory: ScheduleMemory;
  private readonly records = new Map<string, PipelineRecord>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly startedAt: Date;

  constructor(private readonly options: ServeOptions) {
    this.catalog = new PipelineCatalog(options.targets, options.cwd);
    this.scheduler = new Scheduler(options.missedRuns);
    this.memory = new ScheduleMemory(options.serviceStateDir);
    this.startedAt = this.now();
  }

  /** Reads every pipeline file again and applies what changed; then starts what is due. */
  reload(): void {
    for (const change of this.catalog.refresh()) this.apply(change);
  }

  /** Starts every pipeline due now (skipping one whose previous run is still going). Returns the paths started. */
  tick(): string[] {
    if (this.stopping.signal.aborted) return [];
    const started: string[] = [];
    for (const due of this.scheduler.takeDue(this.now())) {
      const record = this.records.get(due.id);
      if (!record?.loaded) continue;
      if (this.running.has(due.id)) {
        record.skipped++;
        this.options.log.warn('run-skipped', {
          ...record.identity(),
          dueAt: due.dueAt.toISOString(),
          reason: 'the previous run of this pipeline is still going; one run at a time',
        });
        continue;
      }
      this.memory.remember(due.id, due.dueAt);
      this.running.set(due.id, this.runOnce(record, record.loaded, due.dueAt));
      started.push(due.id);
    }
    return started;
  }

  /** When `tick()` should next be called. */
  nextWake(): Date | undefined {
    return this.scheduler.nextWake();
  }

  /** Resolves when no run is going (what a test awaits after a tick). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Graceful stop: no new runs; runs going are cancelled (their batch in flight commits or rolls back) and awaited. */
  async stop(reason: string): Promise<void> {
    if (!this.stopping.signal.aborted) {
      this.options.log.info('serve-stopping', { reason, running: this.running.size });
      this.stopping.abort();
    }
    await this.idle();
    await this.options.alerts?.drain();
    this.options.log.info('serve-stopped', {});
  }

  status(): ServeStatus {
    return {
      startedAt: this.startedAt.toISOString(),
      now: this.now().toISOString(),
      missedRuns: this.options.missedRuns,
      pipelines: [...this.records.values()].map((record) =>
        record.status(this.scheduler.nextDue(record.path), this.running.has(record.path)),
      ),
    };
  }

  private now(): Date {
    return new Date(this.options.now());
  }

  private apply(change: CatalogChange): void {
    const { log } = this.options;
    switch (change.kind) {
      case 'loaded':
      case 'reloaded': {
        const record = this.records.get(change.path) ?? new PipelineRecord(change.path);
        record.loaded = change.loaded;
        record.refused = undefined;
        this.records.set(change.path, record);
        this.readStore(record, change.loaded);
        this.schedule(record, change.loaded, change.kind);
        return;
      }
      case 'refused': {
        const record = this.records.get(change.path) ?? new PipelineRecord(change.path);
        record.refused = change.reason;
        this.records.set(change.path, record);
        log.error('pipeline-refused', {
          file: change.path,
          reason: change.reason,
          kept: change.kept ? 'the previous version keeps running' : 'nothing of this file runs',
        });
        return;
      }
      case 'removed':
        this.scheduler.remove(change.path);
        this.records.delete(change.path);
        log.info('pipeline-removed', { file: change.path });
        return;
    }
  }

  private schedule(record: PipelineRecord, loaded: LoadedPipeline, kind: 'loaded' | 'reloaded'): void {
    const { log } = this.options;
    const { schedule } = loaded.pipeline;
    if (schedule === undefined) {
      this.scheduler.remove(record.path);
      log.warn('pipeline-unscheduled', { ...record.identity(), reason: 'the pipeline file has no schedule' });
      return;
    }
    const timeZone = scheduleTimeZone(loaded.pipeline);
    const now = this.now();
    const { missed } = this.scheduler.set(
      record.path,
      { cron: schedule.cron, timeZone },
      this.memory.lastDueAt(record.path),
      now,
    );
    const nextRun = this.scheduler.nextDue(record.path)?.toISOString();
    log.info(kind === 'loaded' ? 'pipeline-loaded' : 'pipeline-reloaded', {
      ...record.identity(),
      cron: schedule.cron,
      timeZone,
      nextRun,
    });
    if (missed) {
      log.warn('missed-run', {
        ...record.identity(),
        lastDueAt: this.memory.lastDueAt(record.path)?.toISOString(),
        policy: this.options.missedRuns,
        action: this.options.missedRuns === 'run-once' ? 'running once now' : `waiting for the next time, ${nextRun}`,
      });
    }
  }

  private async runOnce(record: PipelineRecord, loaded: LoadedPipeline, dueAt: Date): Promise<void> {
    const { log } = this.options;
    const identity = record.identity();
    const startedAt = this.now();
    record.begin(startedAt);
    log.info('run-started', { ...identity, dueAt: dueAt.toISOString() });
    let outcome: RunOutcome | undefined;
    try {
      outcome = await this.options.startRun({
        loaded,
        stateDir: this.options.stateDirFor(loaded),
        signal: this.stopping.signal,
        onEvent: (event) => logRunEvent(log, identity, event),
        clock: this.options.now,
      });
      record.finish(outcome, startedAt, this.now());
      log.info('run-finished', { ...identity, runId: outcome.runId, status: outcome.status, ...totals(outcome) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof RunLockedError) {
        // Another starter (`run`, `replay`, the studio, another service) holds this pipeline's lock: its run
        // reads what this one would have, so this time is skipped, not failed, and no alert is sent.
        record.skip(startedAt);
        log.warn('run-skipped', { ...identity, dueAt: dueAt.toISOString(), reason: message });
        return;
      }
      record.fail(message, startedAt, this.now());
      log.error('run-error', { ...identity, error: message });
    } finally {
      this.running.delete(record.path);
    }
    this.readStore(record, loaded);
    const differences = outcome ? this.checkTotals(loaded, identity, outcome.runId) : [];
    this.options.alerts?.afterRun(loaded, identity, outcome, record.lastError(), differences);
    if (this.options.keepDays !== undefined) this.pruneHistory(loaded, identity, this.options.keepDays);
  }

  /** The last run and the open held rows, from the pipeline's run store: they outlive this service. */
  private readStore(record: PipelineRecord, loaded: LoadedPipeline): void {
    try {
      record.remember(readStoredStatus(this.options.stateDirFor(loaded), loaded.id));
    } catch (error) {
      this.options.log.error('status-read', { ...record.identity(), error: (error as Error).message });
    }
  }

  /** The run's control totals, source beside destination, as the audit compares them: what differs. */
  private checkTotals(loaded: LoadedPipeline, identity: Record<string, string>, runId: string): TotalsDifference[] {
    try {
      const differences = differingTotals(this.options.stateDirFor(loaded), runId);
      if (differences.length > 0) this.options.log.warn('control-totals-differ', { ...identity, runId, differences });
      return differences;
    } catch (error) {
      // The check failing must not stop the service; it is said, and the run's other alerts still go.
      this.options.log.error('control-totals-check', { ...identity, runId, error: (error as Error).message });
      return [];
    }
  }

  /** After each run, so retention needs no timer of its own and runs where the history grows. */
  private pruneHistory(loaded: LoadedPipeline, identity: Record<string, string>, keepDays: number): void {
    const before = new Date(this.options.now() - keepDays * 24 * 60 * 60 * 1000).toISOString();
    try {
      const store = openRunStore(this.options.stateDirFor(loaded));
      try {
        const removed = store.pruneHistory(before);
        if (removed.runs > 0) this.options.log.info('retention', { ...identity, before, ...removed });
      } finally {
        store.close();
      }
    } catch (error) {
      this.options.log.error('retention', { ...identity, before, error: (error as Error).message });
    }
  }
}

function totals(outcome: RunOutcome): Record<string, number> {
  const sum = (pick: (s: RunOutcome['streams'][number]) => number) => outcome.streams.reduce((n, s) => n + pick(s), 0);
  return {
    read: sum((s) => s.read),
    written: sum((s) => s.written),
    held: sum((s) => s.held),
    failed: sum((s) => s.failed),
  };
}

/** One log line per run, stream, batch and hold event; progress ticks stay out (the batches say it). */
function logRunEvent(log: ServeLog, identity: Record<string, string>, event: RunEvent): void {
  switch (event.type) {
    case 'stream-started':
      log.info('stream-started', { ...identity, stream: event.stream, from: event.from });
      return;
    case 'batch-committed':
      log.info('batch-committed', {
        ...identity,
        stream: event.stream,
        batchId: event.batchId,
        written: event.written,
        held: event.held,
        alreadyLoaded: event.alreadyLoaded,
      });
      return;
    case 'stream-finished': {
      const { type: _type, ...fields } = event;
      (event.status === 'failed' ? log.error : log.info)('stream-finished', { ...identity, ...fields });
      if (event.held > 0) log.warn('rows-held', { ...identity, stream: event.stream, held: event.held });
      return;
    }
    case 'retry':
      log.warn('retry', { ...identity, stream: event.stream, attempt: event.attempt, code: event.code });
      return;
    case 'run-started':
    case 'progress':
    case 'schema-change':
    case 'resumed-from-destination':
    case 'after-load':
    case 'summary':
      return;
  }
}
