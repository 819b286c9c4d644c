/**
 * Composes the store's tables over one connection.
 */
import { createBatchTable } from './batches.ts';
import { createHoldTable } from './holds.ts';
import { createJobRunTable } from './job-runs.ts';
import { openDatabase } from './open-database.ts';
import { createRunNotes } from './run-notes.ts';
import { createRetention } from './retention.ts';
import { createRunTable } from './runs.ts';
import { createScrubber } from './scrub.ts';
import { createStreamStateTable } from './stream-state.ts';
import type { OpenRunStoreOptions, RunStore, RunStoreReader } from './types.ts';

export function openRunStore(
  stateDir: string,
  options: OpenRunStoreOptions & { readonly readonly: true },
): RunStoreReader;
export function openRunStore(stateDir: string, options?: OpenRunStoreOptions): RunStore;
export function openRunStore(stateDir: string, options: OpenRunStoreOptions = {}): RunStore {
  const db = openDatabase(stateDir, options.readonly === true);
  const scrubber = createScrubber(options.secretValues);
  const streamState = createStreamStateTable(db);
  const runs = createRunTable(db, scrubber);
  const jobRuns = createJobRunTable(db, scrubber, runs.exists);
  const batches = createBatchTable(db, scrubber, streamState, runs.exists, jobRuns);
  const holds = createHoldTable(db, scrubber, runs.exists);

  const notes = createRunNotes(db, scrubber);
  const retention = createRetention(db);
  const getRun: RunStore['getRun'] = db.transaction((runId: string) => {
    const run = runs.get(runId);
    return run === undefined
      ? undefined
      : { ...run, batches: batches.listForRun(runId), notes: notes.list(runId), jobRuns: jobRuns.listForRun(runId) };
  });

  return {
    getStreamState: (pipelineId, stream) => streamState.get(pipelineId, stream),
    resetStreamState: (pipelineId, stream) => streamState.reset(pipelineId, stream),
    addRunNote: (note) => notes.add(note),
    recordJobRun: (input) => jobRuns.record(input),
    batchesAwaitingJob: (pipelineId, stream, job) => jobRuns.awaiting(pipelineId, stream, job),
    startRun: (input) => runs.start(input),
    finishRun: (runId, input) => runs.finish(runId, input),
    listRuns: (filter) => runs.list(filter),
    getRun,
    recordBatch: (input) => batches.record(input),
    commitBatch: (batchId, input) => batches.commit(batchId, input),
    failBatch: (batchId, input) => batches.fail(batchId, input),
    getBatch: (batchId) => batches.get(batchId),
    listBatches: (runId) => batches.listForRun(runId),
    pendingBatches: (pipelineId, stream) => batches.pending(pipelineId, stream),
    addHolds: (holds_) => holds.add(holds_),
    listHolds: (filter = {}) => holds.list(filter),
    resolveHolds: (ids, input) => holds.resolve(ids, input),
    pruneHistory: (before) => retention.prune(before),
    close: () => db.close(),
  };
}
