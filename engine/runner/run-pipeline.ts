/**
 * Runs a pipeline: streams in dependency order (reference data before the facts that refer to it),
 * each through the batch cycle, with the run and every batch in the audit trail.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EvalContext } from '../mapping/functions/spec.ts';
import { errorCode } from '../model/errors.ts';
import {
  effectivePageSize,
  jobRunsOfError,
  hasOwnName,
  streamRunOrder,
  type AfterLoadJobRun,
  type Destination,
  type TargetTable,
} from '../model/index.ts';
import { PlainDate } from '../model/values/index.ts';
import { rememberSecret, scrub, secretValues } from '../secrets/index.ts';
import { openRunStore, type RunStore } from '../store/index.ts';
import type { BatchContext } from './batch-writer.ts';
import { ConnectionPool, type ConnectionOptions } from './connections.ts';
import type { RunEvent, StreamResult } from './events.ts';
import { buildLookupTables } from './lookups.ts';
import { PipelineProblemsError, type LoadedPipeline } from './pipeline-loader.ts';
import { OpenHoldIndex } from './open-holds.ts';
import { holdPipelineLock, type LockOptions } from './pipeline-lock.ts';
import { prepareMapping } from './prepare-stream.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
import { RowMapper } from './row-mapper.ts';
import { runStream } from './stream-run.ts';
import { targetTableOf } from './target-table.ts';

export interface RunOptions extends ConnectionOptions, LockOptions {
  readonly loaded: LoadedPipeline;
  readonly stateDir: string;
  readonly streams?: readonly string[];
  readonly fullRefresh?: boolean;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  readonly secretValues?: () => readonly string[];
  /** The run date TODAY() returns; default: today in the pipeline's time zone. */
  readonly runDate?: PlainDate;
  readonly retry?: RetryPolicy;
  readonly clock?: () => number;
}

export interface RunOutcome {
  readonly runId: string;
  readonly status: 'ok' | 'held' | 'failed' | 'cancelled';
  readonly streams: readonly StreamResult[];
}

export function todayIn(timeZone: string | undefined, now = new Date()): PlainDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return PlainDate.parse(parts);
}

/** What a mapping may ask of its surroundings during this run: the run date, the lookups, the fiscal year. */
export function evalContextFor(
  loaded: LoadedPipeline,
  lookups: EvalContext['lookups'],
  runDate?: PlainDate,
): EvalContext {
  return {
    runDate: runDate ?? todayIn(loaded.pipeline.settings?.timeZone),
    lookups,
    fiscalYearStartMonth: loaded.pipeline.settings?.fiscalYearStartMonth ?? 1,
  };
}

export function mappingHash(loaded: LoadedPipeline): string {
  const { streams, lookups } = loaded.pipeline;
  const mappings = Object.fromEntries(Object.entries(streams).map(([name, stream]) => [name, stream.mappings]));
  return createHash('sha256')
    .update(JSON.stringify({ mappings, lookups: lookups ?? {} }))
    .digest('hex')
    .slice(0, 16);
}

export function selectedStreams(loaded: LoadedPipeline, only: readonly string[] | undefined): string[] {
  const order = streamRunOrder(loaded.pipeline);
  if (!only || only.length === 0) return order;
  for (const name of only) {
    if (!hasOwnName(loaded.pipeline.streams, name)) {
      throw new PipelineProblemsError(loaded.path, [
        {
          path: 'streams',
          code: 'unknown-stream',
          severity: 'error',
          message: `There is no stream named "${name}" (streams: ${order.join(', ')}).`,
        },
      ]);
    }
  }
  return order.filter((name) => only.includes(name));
}

export async function runPipeline(options: RunOptions): Promise<RunOutcome> {
  const { loaded } = options;
  // Every secret resolved in this process, plus any the caller knows of, is masked in what leaves the run.
  for (const value of options.secretValues?.() ?? []) rememberSecret(value);
  const emit = scrubbingEmitter(options.onEvent ?? (() => {}));
  const clock = options.clock ?? Date.now;
  const now = () => new Date(clock()).toISOString();
  const names = selectedStreams(loaded, options.streams);
  const lookups = buildLookupTables(loaded.pipeline, loaded.dir);
  const runId = `${new Date(clock()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomUUID().slice(0, 8)}`;
  // One run at a time per pipeline and state folder: taken before anything is opened or written.
  const lock = await holdPipelineLock(options, { stateDir: options.stateDir, pipelineId: loaded.id, runId }, 'run');
  let store: RunStore;
  let pool: ConnectionPool;
  try {
    pool = new ConnectionPool(loaded, options);
    store = openRunStore(options.stateDir, { secretValues });
  } catch (error) {
    lock.done();
    throw error;
  }
  const evalContext = evalContextFor(loaded, lookups, options.runDate);
  const results: StreamResult[] = [];
  let started = false;
  try {
    // Compile every selected mapping before anything is written: a type error stops the run at once.
    const prepared = new Map<string, RowMapper>();
    for (const name of names) {
      const stream = loaded.pipeline.streams[name]!;
      const source = await pool.source(stream.source.connection);
      const entity = (await source.discover()).find((e) => e.entity === stream.source.entity);
      const mapping = prepareMapping(name, stream, entity, lookups);
      if (!mapping.ok) throw new PipelineProblemsError(loaded.path, mapping.problems);
      prepared.set(name, new RowMapper(mapping.mapping));
    }
    store.startRun({
      runId,
      pipelineId: loaded.id,
      pipelineName: loaded.pipeline.name,
      mappingHash: mappingHash(loaded),
      trigger: 'run',
      startedAt: now(),
    });
    started = true;
    emit({ type: 'run-started', runId, streams: names });
    const failed = new Set<string>();
    for (const name of names) {
      const stream = loaded.pipeline.streams[name]!;
      const blockedBy = (stream.dependsOn ?? []).find((dependency) => failed.has(dependency));
      if (blockedBy || options.signal?.aborted) {
        failed.add(name);
        const message = blockedBy
          ? `not run: "${blockedBy}", which it depends on, did not finish`
          : 'not run: the run was cancelled';
        results.push({
          name,
          read: 0,
          written: 0,
          held: 0,
          alreadyLoaded: 0,
          failed: 0,
          status: 'skipped',
          error: { code: 'SKIPPED', message },
        });
        emit({
          type: 'stream-finished',
          stream: name,
          status: 'skipped',
          read: 0,
          written: 0,
          held: 0,
          alreadyLoaded: 0,
          error: message,
        });
        continue;
      }
      const target = targetTableOf(stream);
      let destination: Destination;
      try {
        destination = await pool.destination(stream.target.connection);
        for (const change of await destination.ensureTable(target))
          emit({ type: 'schema-change', stream: name, detail: change.detail });
      } catch (error) {
        // The destination refused before the first row (a wrong token, a table change it will not make):
        // the stream fails with the reason, as a refused read or write does, and the run goes on to the rest.
        const message = scrub(error instanceof Error ? error.message : String(error));
        failed.add(name);
        results.push({
          name,
          read: 0,
          written: 0,
          held: 0,
          alreadyLoaded: 0,
          failed: 0,
          status: 'failed',
          error: { code: errorCode(error), message },
        });
        emit({
          type: 'stream-finished',
          stream: name,
          status: 'failed',
          read: 0,
          written: 0,
          held: 0,
          alreadyLoaded: 0,
          error: message,
        });
        continue;
      }
      const batch: BatchContext = {
        pipelineId: loaded.id,
        runId,
        stream: name,
        target,
        destination,
        store,
        mapper: prepared.get(name)!,
        evalContext,
        cursorField: stream.source.cursor,
        keyFields: stream.source.key,
        openHolds: OpenHoldIndex.load(store, loaded.id, name, stream.source.key),
        totals: { source: stream.controlTotals?.source ?? {}, target: stream.controlTotals?.target ?? {} },
        retry: {
          ...(options.retry ?? DEFAULT_RETRY),
          onRetry: ({ attempt, delayMs, error }) =>
            emit({
              type: 'retry',
              stream: name,
              attempt,
              delayMs,
              code: String((error as { code?: unknown }).code ?? 'UNEXPECTED'),
            }),
        },
        ...(options.signal ? { signal: options.signal } : {}),
        now,
      };
      const batchSize = loaded.pipeline.settings?.batchSize ?? 10_000;
      const streamResult = await runStream({
        name,
        stream,
        source: await pool.source(stream.source.connection),
        batch,
        batchSize,
        // No more per page than the source system serves (GP: 1,000), unless the stream says otherwise.
        pageSize: effectivePageSize(loaded.pipeline, stream, batchSize),
        fullRefresh: options.fullRefresh === true,
        emit,
        ...(options.signal ? { signal: options.signal } : {}),
        clock,
      });
      const finished = await finishStream(
        streamResult,
        destination,
        target,
        { runId, pipelineId: loaded.id, store, now },
        emit,
      );
      const result = finished.error
        ? { ...finished, error: { ...finished.error, message: scrub(finished.error.message) } }
        : finished;
      if (result.status === 'failed' || result.status === 'cancelled') failed.add(name);
      results.push(result);
    }
    const status = overallStatus(results, options.signal?.aborted === true);
    const firstError = results.find((r) => r.error && r.status === 'failed')?.error;
    store.finishRun(runId, { status, finishedAt: now(), ...(firstError ? { error: firstError } : {}) });
    emit({ type: 'summary', runId, status: status === 'cancelled' ? 'failed' : status, streams: results });
    return { runId, status, streams: results };
  } catch (error) {
    // A run this process started and cannot finish is failed, with why: "interrupted" is for a writer that died.
    if (started) {
      try {
        store.finishRun(runId, {
          status: 'failed',
          finishedAt: now(),
          error: { code: errorCode(error), message: scrub(error instanceof Error ? error.message : String(error)) },
        });
      } catch {
        // The error that stopped the run says more than a store that could not record it.
      }
    }
    throw error;
  } finally {
    try {
      await pool.closeAll();
      store.close();
    } finally {
      // Released last: the destination and the store are closed, so the next holder finds them settled.
      lock.done();
    }
  }
}

/**
 * After a stream has loaded (ok or held), the destination's after-load work, such as starting a
 * Databricks job. The job is given the batches loaded since it last succeeded for this target (the run
 * store keeps them from the commit on): none, and no job is started. Each job run goes to the audit
 * trail; one that succeeded ends their wait, one that failed leaves them for the next run to offer again.
 * Its failure fails the stream; the destination already retried what can be retried.
 */
async function finishStream(
  result: StreamResult,
  destination: Destination,
  target: TargetTable,
  run: { readonly runId: string; readonly pipelineId: string; readonly store: RunStore; readonly now: () => string },
  emit: (event: RunEvent) => void,
): Promise<StreamResult> {
  if (!destination.finishRun || (result.status !== 'ok' && result.status !== 'held')) return result;
  const { runId, pipelineId, store } = run;
  const job = target.afterLoad ? { table: target.table, jobId: target.afterLoad.runJob } : undefined;
  const batchIds = job ? store.batchesAwaitingJob(pipelineId, result.name, job) : undefined;
  const audit = job && { runId, pipelineId, stream: result.name, ...job };
  const record = (jobRun: AfterLoadJobRun) => {
    const { jobId: _sameJob, ...reported } = jobRun;
    if (audit) store.recordJobRun({ ...audit, ...reported, at: run.now() });
  };
  try {
    const done = await destination.finishRun(target, { runId, ...(batchIds ? { batchIds } : {}) });
    for (const jobRun of done?.jobRuns ?? []) record(jobRun);
    if (done) emit({ type: 'after-load', stream: result.name, detail: done.detail });
    return result;
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    const reported = jobRunsOfError(error);
    for (const jobRun of reported) record(jobRun);
    if (audit && batchIds && batchIds.length > 0) {
      if (reported.length === 0)
        store.recordJobRun({ ...audit, batchIds, outcome: 'not-started', stateMessage: message, at: run.now() });
      const waiting = store.batchesAwaitingJob(pipelineId, result.name, audit).length;
      if (waiting > 0)
        message += ` (${waiting === 1 ? '1 batch waits' : `${waiting} batches wait`} for the job and will be offered to it again on the next run)`;
    }
    const { read, written, held, alreadyLoaded } = result;
    emit({
      type: 'stream-finished',
      stream: result.name,
      status: 'failed',
      read,
      written,
      held,
      alreadyLoaded,
      error: message,
    });
    return { ...result, status: 'failed', error: { code: errorCode(error), message } };
  }
}

function overallStatus(results: readonly StreamResult[], cancelled: boolean): RunOutcome['status'] {
  if (cancelled) return 'cancelled';
  if (results.some((r) => r.status === 'failed' || r.status === 'skipped' || r.status === 'cancelled')) return 'failed';
  if (results.some((r) => r.status === 'held')) return 'held';
  return 'ok';
}

/** Masks secret values in the free text events carry (error messages), whatever raised them. */
export function scrubbingEmitter(emit: (event: RunEvent) => void): (event: RunEvent) => void {
  return (event) => {
    if (event.type === 'stream-finished' && event.error) emit({ ...event, error: scrub(event.error) });
    else if (event.type === 'summary') {
      emit({
        ...event,
        streams: event.streams.map((s) =>
          s.error ? { ...s, error: { ...s.error, message: scrub(s.error.message) } } : s,
        ),
      });
    } else emit(event);
  };
}
