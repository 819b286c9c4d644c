import { afterEach, describe, expect, it } from 'vitest';
import { RunStoreError, openRunStore } from './index.ts';
import {
  LEDGER_PIPELINE,
  LEDGER_STREAM,
  commitInput,
  recordInput,
  rowsFor,
  runInput,
} from './test-support/ledger-batches.ts';
import { deadPid, freshStore, rawConnection } from './test-support/store-fixtures.ts';
import type { RunStore } from './types.ts';

const stores: { close(): void }[] = [];
function open(): { stateDir: string; store: RunStore } {
  const opened = freshStore();
  stores.push(opened.store);
  return opened;
}
afterEach(() => stores.splice(0).forEach((store) => store.close()));

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof RunStoreError ? error.code : `not a RunStoreError: ${String(error)}`;
  }
  return undefined;
}

describe('runs', () => {
  it('records a run from start to finish', () => {
    const { store } = open();
    store.startRun(runInput('r1'));
    expect(store.getRun('r1')).toMatchObject({
      runId: 'r1',
      status: 'running',
      finishedAt: null,
      error: null,
      batches: [],
    });
    store.finishRun('r1', {
      status: 'failed',
      finishedAt: '2024-03-01T09:05:00Z',
      error: { code: 'AUTH_EXPIRED', message: 'the token expired' },
    });
    expect(store.getRun('r1')).toMatchObject({
      pipelineId: LEDGER_PIPELINE,
      pipelineName: 'GP to warehouse',
      mappingHash: 'sha256:5f1e',
      trigger: 'run',
      status: 'failed',
      startedAt: '2024-03-01T09:00:00Z',
      finishedAt: '2024-03-01T09:05:00Z',
      error: { code: 'AUTH_EXPIRED', message: 'the token expired' },
    });
    expect(store.getRun('nope')).toBeUndefined();
  });

  it('refuses a duplicate run id and finishing an unknown run', () => {
    const { store } = open();
    store.startRun(runInput('r1'));
    expect(codeOf(() => store.startRun(runInput('r1')))).toBe('RUN_EXISTS');
    expect(codeOf(() => store.finishRun('ghost', { status: 'ok', finishedAt: 'x' }))).toBe('RUN_NOT_FOUND');
  });

  it('lists runs newest first, filtered by pipeline and limited', () => {
    const { store } = open();
    store.startRun(runInput('old', { startedAt: '2024-03-01T08:00:00Z' }));
    store.startRun(runInput('other', { pipelineId: 'ifs', startedAt: '2024-03-01T08:30:00Z' }));
    store.startRun(runInput('new', { startedAt: '2024-03-01T09:00:00Z', trigger: 'replay' }));
    expect(store.listRuns({ limit: 10 }).map((run) => run.runId)).toEqual(['new', 'other', 'old']);
    expect(store.listRuns({ pipelineId: LEDGER_PIPELINE, limit: 10 }).map((run) => run.runId)).toEqual(['new', 'old']);
    expect(store.listRuns({ limit: 1 }).map((run) => run.runId)).toEqual(['new']);
    expect(store.listRuns({ limit: 1 })[0]?.trigger).toBe('replay');
  });

  it('aggregates read, written, held, already loaded and failed per stream from the batches', () => {
    const { store } = open();
    store.startRun(runInput('r1'));
    for (const n of [1, 2, 3]) store.recordBatch(recordInput(n, 'r1', rowsFor(n, 4)));
    store.recordBatch({ ...recordInput(4, 'r1', rowsFor(4, 2)), stream: 'vendors' });
    store.commitBatch('batch-1', commitInput(1, rowsFor(1, 4)));
    // Of batch-2's 3 rows that were not held, 2 were already in the destination (read again).
    store.commitBatch('batch-2', { ...commitInput(2, rowsFor(2, 4)), countOut: 1, countAlreadyLoaded: 2 });
    store.failBatch('batch-3', { code: 'HTTP_500', message: 'server error', finishedAt: 'x' });
    // batch-4 stays pending: read, neither written nor failed.
    const [run] = store.listRuns({ limit: 1 });
    expect(run?.streams).toEqual([
      { stream: LEDGER_STREAM, batches: 3, read: 12, written: 4, held: 2, alreadyLoaded: 2, failed: 4 },
      { stream: 'vendors', batches: 1, read: 2, written: 0, held: 0, alreadyLoaded: 0, failed: 0 },
    ]);
    expect(store.getRun('r1')?.streams).toEqual(run?.streams);
  });

  it('shows a run whose process died as interrupted, and marks it so at the next start of its pipeline', () => {
    const { stateDir, store } = open();
    store.startRun(runInput('crashed'));
    store.startRun(runInput('crashed-elsewhere', { pipelineId: 'ifs' }));
    store.startRun(runInput('live'));
    const raw = rawConnection(stateDir);
    try {
      raw.prepare(`UPDATE runs SET writer_pid = ? WHERE run_id IN ('crashed', 'crashed-elsewhere')`).run(deadPid());
      expect(store.getRun('crashed')?.status).toBe('interrupted');
      expect(store.getRun('live')?.status).toBe('running');
      const statusOf = raw.prepare<[string], { status: string }>('SELECT status FROM runs WHERE run_id = ?');
      expect(statusOf.get('crashed')?.status).toBe('running');

      store.startRun(runInput('next'));
      expect(statusOf.get('crashed')?.status).toBe('interrupted');
      // Another pipeline's run and a run whose process is alive are left as they are.
      expect(statusOf.get('crashed-elsewhere')?.status).toBe('running');
      expect(statusOf.get('live')?.status).toBe('running');
    } finally {
      raw.close();
    }
  });

  it('lets a read-only store read runs but not write them', () => {
    const { stateDir, store } = open();
    store.startRun(runInput('r1'));
    const reader = openRunStore(stateDir, { readonly: true });
    stores.push(reader);
    expect(reader.listRuns({ limit: 5 }).map((run) => run.runId)).toEqual(['r1']);
    const asWriter = reader as unknown as RunStore;
    expect(() => asWriter.startRun(runInput('r2'))).toThrow(/readonly/i);
  });
});
