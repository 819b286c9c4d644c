import { afterEach, describe, expect, it } from 'vitest';
import {
  LEDGER_PIPELINE,
  LEDGER_STREAM,
  batchIdFor,
  commitInput,
  recordInput,
  rowsFor,
  runInput,
} from './test-support/ledger-batches.ts';
import { freshStore } from './test-support/store-fixtures.ts';
import { openRunStore } from './index.ts';
import type { RecordJobRunInput, RunStore } from './types.ts';

const JOB = { table: 'main.finance.gl_lines', jobId: 42 };
const stores: RunStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

function open() {
  const opened = freshStore({ secretValues: () => ['dapi-secret-token-0001'] });
  stores.push(opened.store);
  return opened;
}

/** Records and commits batch n of run `runId` with `written` rows out, waiting for JOB. */
function commit(store: RunStore, runId: string, n: number, written = 3): string {
  const payload = rowsFor(n, Math.max(written + 1, 1));
  store.recordBatch(recordInput(n, runId, payload));
  store.commitBatch(batchIdFor(n), { ...commitInput(n, payload), countOut: written, awaitsJob: JOB });
  return batchIdFor(n);
}

const jobRun = (runId: string, batchIds: string[], outcome: RecordJobRunInput['outcome']): RecordJobRunInput => ({
  runId,
  pipelineId: LEDGER_PIPELINE,
  stream: LEDGER_STREAM,
  ...JOB,
  jobRunId: 1001,
  lifeCycleState: 'TERMINATED',
  resultState: outcome === 'succeeded' ? 'SUCCESS' : 'FAILED',
  outcome,
  batchIds,
  at: '2024-03-01T10:00:00Z',
});

describe('batches waiting for an after-load job', () => {
  it('start waiting in the commit that advances the watermark; a batch that wrote nothing does not', () => {
    const { store } = open();
    store.startRun(runInput('r1'));
    const first = commit(store, 'r1', 1);
    commit(store, 'r1', 2, 0);
    const third = commit(store, 'r1', 3);
    expect(store.batchesAwaitingJob(LEDGER_PIPELINE, LEDGER_STREAM, JOB)).toEqual([first, third]);
    expect(store.batchesAwaitingJob(LEDGER_PIPELINE, LEDGER_STREAM, { ...JOB, jobId: 7 })).toEqual([]);
    // A batch whose commit did not happen (still pending) is not waiting: the next run re-sends it first.
    store.recordBatch(recordInput(4, 'r1', rowsFor(4, 2)));
    expect(store.batchesAwaitingJob(LEDGER_PIPELINE, LEDGER_STREAM, JOB)).toHaveLength(2);
  });

  it('keep waiting after a failed job run and stop after one that succeeded, only for what it was given', () => {
    const { store, stateDir } = open();
    store.startRun(runInput('r1'));
    const a = commit(store, 'r1', 1);
    const b = commit(store, 'r1', 2);
    store.recordJobRun({ ...jobRun('r1', [a, b], 'failed'), stateMessage: 'task x: boom' });
    expect(store.batchesAwaitingJob(LEDGER_PIPELINE, LEDGER_STREAM, JOB)).toEqual([a, b]);
    const { jobRunId: _none, lifeCycleState: _, resultState: __, ...notStarted } = jobRun('r1', [a, b], 'not-started');
    store.recordJobRun(notStarted);
    expect(store.batchesAwaitingJob(LEDGER_PIPELINE, LEDGER_STREAM, JOB)).toEqual([a, b]);

    store.startRun(runInput('r2', { startedAt: '2024-03-02T09:00:00Z' }));
    const c = commit(store, 'r2', 3);
    store.recordJobRun(jobRun('r2', [a, b], 'succeeded'));
    expect(store.batchesAwaitingJob(LEDGER_PIPELINE, LEDGER_STREAM, JOB)).toEqual([c]);
    const { resultState: _notYet, ...started } = jobRun('r2', [c], 'started');
    store.recordJobRun({ ...started, lifeCycleState: 'QUEUED' });
    expect(store.batchesAwaitingJob(LEDGER_PIPELINE, LEDGER_STREAM, JOB)).toEqual([]);

    const reader = openRunStore(stateDir, { readonly: true });
    stores.push(reader as RunStore);
    expect(reader.getRun('r1')?.jobRuns.map((r) => [r.outcome, r.jobRunId, r.stateMessage])).toEqual([
      ['failed', 1001, 'task x: boom'],
      ['not-started', null, null],
    ]);
    expect(reader.getRun('r2')?.jobRuns.map((r) => [r.outcome, r.batchIds])).toEqual([
      ['succeeded', [a, b]],
      ['started', [c]],
    ]);
  });

  it('keeps a secret out of the job run it records', () => {
    const { store } = open();
    store.startRun(runInput('r1'));
    const a = commit(store, 'r1', 1);
    store.recordJobRun({
      ...jobRun('r1', [a], 'failed'),
      stateMessage: 'could not connect with dapi-secret-token-0001',
      runPageUrl: 'https://host/?token=dapi-secret-token-0001#job/42/run/1001',
    });
    const [recorded] = store.getRun('r1')!.jobRuns;
    expect(JSON.stringify(recorded)).not.toContain('dapi-secret-token-0001');
    expect(recorded?.stateMessage).toBe('could not connect with ***');
  });
});
