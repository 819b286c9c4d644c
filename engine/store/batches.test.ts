import { afterEach, describe, expect, it } from 'vitest';
import { Decimal, Timestamp } from '../model/values/index.ts';
import type { Value } from '../model/values/index.ts';
import { RunStoreError } from './index.ts';
import { exactlySame } from './test-support/exact-value.ts';
import {
  LEDGER_PIPELINE,
  LEDGER_STREAM,
  commitInput,
  cursorFor,
  recordInput,
  rowsFor,
  runInput,
  totalsOf,
} from './test-support/ledger-batches.ts';
import { deadPid, freshStore, rawConnection } from './test-support/store-fixtures.ts';
import type { CommitBatchInput, RunStore } from './types.ts';

const stores: RunStore[] = [];
function open(): { stateDir: string; store: RunStore } {
  const opened = freshStore();
  stores.push(opened.store);
  opened.store.startRun(runInput('r1'));
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

describe('batches', () => {
  it('records a pending batch and returns its payload exactly', () => {
    const { store } = open();
    const payload = rowsFor(7, 3);
    store.recordBatch(recordInput(7, 'r1', payload));
    const batch = store.getBatch('batch-7');
    expect(batch).toMatchObject({
      batchId: 'batch-7',
      runId: 'r1',
      pipelineId: LEDGER_PIPELINE,
      stream: LEDGER_STREAM,
      sequence: 7,
      state: 'pending',
      countIn: 3,
      countOut: null,
      countHeld: null,
      sourceTotals: null,
      finishedAt: null,
      error: null,
    });
    expect(exactlySame(batch?.payload ?? null, payload)).toBe(true);
    expect((batch?.payload[1]?.['amount'] as Decimal).toString()).toBe('-70.01');
    expect(exactlySame(batch?.sourceRange.fromCursor ?? null, cursorFor(6))).toBe(true);
    expect(exactlySame(batch?.sourceRange.toCursor ?? null, cursorFor(7))).toBe(true);
    expect(store.getBatch('batch-404')).toBeUndefined();
  });

  it('keeps an open-ended source range as null', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 1)));
    expect(store.getBatch('batch-1')?.sourceRange.fromCursor).toBeNull();
  });

  it('refuses a duplicate batch id and a batch of an unknown run', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 1)));
    expect(codeOf(() => store.recordBatch(recordInput(1, 'r1', rowsFor(1, 1))))).toBe('BATCH_EXISTS');
    expect(codeOf(() => store.recordBatch(recordInput(2, 'ghost', rowsFor(2, 1))))).toBe('RUN_NOT_FOUND');
    expect(codeOf(() => store.recordBatch(recordInput(3, 'r1', [{ when: new Date() as unknown as Value }])))).toBe(
      'VALUE_CODEC',
    );
    expect(store.listBatches('r1').map((batch) => batch.batchId)).toEqual(['batch-1']);
  });

  it('commits a batch with counts and totals, advancing the stream state in the same step', () => {
    const { store } = open();
    const payload = rowsFor(1, 5);
    store.recordBatch(recordInput(1, 'r1', payload));
    expect(store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)).toBeUndefined();
    const commit = commitInput(1, payload, '2024-03-01T09:01:00Z');
    store.commitBatch('batch-1', commit);

    const batch = store.getBatch('batch-1');
    expect(batch).toMatchObject({
      state: 'committed',
      countOut: 4,
      countHeld: 1,
      countAlreadyLoaded: 0,
      finishedAt: '2024-03-01T09:01:00Z',
    });
    expect(batch?.sourceTotals).toEqual(commit.sourceTotals);
    expect(batch?.destinationTotals).toEqual(commit.destinationTotals);
    const state = store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM);
    expect(exactlySame(state?.cursor ?? null, cursorFor(1))).toBe(true);
    expect(state?.keysAtCursor).toEqual(['JE-1-last']);
    expect(state?.updatedAt).toBe('2024-03-01T09:01:00Z');
  });

  it('commits without touching the state when no advance is given', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    store.commitBatch('batch-1', { ...commitInput(1, rowsFor(1, 2)), advanceState: undefined });
    expect(store.getBatch('batch-1')?.state).toBe('committed');
    expect(store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)).toBeUndefined();
  });

  it('returns control totals exactly as given, periods included', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    const sourceTotals = {
      rows: 2,
      sums: { amount: '10.00', debit: '0.10' },
      byPeriod: { '2024-01': { debit: '10.10', credit: '-0.10', amount: '10.00' } },
    };
    store.commitBatch('batch-1', { ...commitInput(1, rowsFor(1, 2)), sourceTotals });
    expect(store.getBatch('batch-1')?.sourceTotals).toEqual(sourceTotals);
    expect(JSON.stringify(store.getBatch('batch-1')?.sourceTotals)).toBe(JSON.stringify(sourceTotals));
  });

  it('refuses totals that are not exact decimal text, and leaves the batch pending', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    const floatSums = { rows: 2, sums: { amount: 10.1 } } as unknown as CommitBatchInput['sourceTotals'];
    expect(
      codeOf(() => store.commitBatch('batch-1', { ...commitInput(1, rowsFor(1, 2)), sourceTotals: floatSums })),
    ).toBe('INVALID_TOTALS');
    expect(
      codeOf(() =>
        store.commitBatch('batch-1', {
          ...commitInput(1, rowsFor(1, 2)),
          destinationTotals: { rows: 1, sums: { a: '1e5' } },
        }),
      ),
    ).toBe('INVALID_TOTALS');
    expect(store.getBatch('batch-1')?.state).toBe('pending');
  });

  it('rolls the whole commit back when advancing the state fails, so batch and state never disagree', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    const commit = commitInput(1, rowsFor(1, 2));
    const unstorableCursor = new Date() as unknown as Value;
    const advanceState = {
      pipelineId: LEDGER_PIPELINE,
      stream: LEDGER_STREAM,
      cursor: unstorableCursor,
      keysAtCursor: [],
    };
    expect(codeOf(() => store.commitBatch('batch-1', { ...commit, advanceState }))).toBe('VALUE_CODEC');
    expect(store.getBatch('batch-1')?.state).toBe('pending');
    expect(store.getBatch('batch-1')?.countOut).toBeNull();
    expect(store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)).toBeUndefined();
  });

  it('refuses to advance another stream or pipeline from a batch', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    const commit = commitInput(1, rowsFor(1, 2));
    const wrongStream = { ...commit, advanceState: { ...commit.advanceState!, stream: 'vendors' } };
    const wrongPipeline = { ...commit, advanceState: { ...commit.advanceState!, pipelineId: 'ifs' } };
    expect(codeOf(() => store.commitBatch('batch-1', wrongStream))).toBe('STATE_MISMATCH');
    expect(codeOf(() => store.commitBatch('batch-1', wrongPipeline))).toBe('STATE_MISMATCH');
    expect(store.getBatch('batch-1')?.state).toBe('pending');
    expect(store.getStreamState('ifs', LEDGER_STREAM)).toBeUndefined();
  });

  it('commits or fails a batch once only', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    store.commitBatch('batch-1', commitInput(1, rowsFor(1, 2)));
    expect(codeOf(() => store.commitBatch('batch-1', commitInput(1, rowsFor(1, 2))))).toBe('BATCH_NOT_PENDING');
    expect(codeOf(() => store.failBatch('batch-1', { code: 'X', message: 'x', finishedAt: 'x' }))).toBe(
      'BATCH_NOT_PENDING',
    );
    expect(codeOf(() => store.commitBatch('batch-9', commitInput(9, rowsFor(9, 2))))).toBe('BATCH_NOT_FOUND');
  });

  it('fails a batch with its error, leaving the state where it was', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    store.failBatch('batch-1', {
      code: 'HTTP_503',
      message: 'Databricks warehouse is starting',
      finishedAt: '2024-03-01T09:02:00Z',
    });
    expect(store.getBatch('batch-1')).toMatchObject({
      state: 'failed',
      finishedAt: '2024-03-01T09:02:00Z',
      error: { code: 'HTTP_503', message: 'Databricks warehouse is starting' },
    });
    expect(store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)).toBeUndefined();
  });

  it('lists the batches of a run in the order they were recorded, without payloads', () => {
    const { store } = open();
    for (const n of [3, 1, 2]) store.recordBatch(recordInput(n, 'r1', rowsFor(n, 2)));
    const listed = store.listBatches('r1');
    expect(listed.map((batch) => batch.batchId)).toEqual(['batch-3', 'batch-1', 'batch-2']);
    expect(listed.every((batch) => !('payload' in batch))).toBe(true);
    expect(store.getRun('r1')?.batches).toEqual(listed);
  });

  it('returns pending batches of dead or finished runs for re-sending, never those of a live run', () => {
    const { stateDir, store } = open();
    store.startRun(runInput('dead'));
    store.startRun(runInput('finished'));
    store.startRun(runInput('other-pipeline', { pipelineId: 'ifs' }));
    store.recordBatch(recordInput(1, 'dead', rowsFor(1, 2)));
    store.recordBatch(recordInput(2, 'dead', rowsFor(2, 2)));
    store.commitBatch('batch-2', commitInput(2, rowsFor(2, 2)));
    store.recordBatch(recordInput(3, 'finished', rowsFor(3, 2)));
    store.finishRun('finished', { status: 'failed', finishedAt: 'x' });
    store.recordBatch(recordInput(4, 'r1', rowsFor(4, 2)));
    store.recordBatch({ ...recordInput(5, 'dead', rowsFor(5, 2)), stream: 'vendors' });
    store.recordBatch(recordInput(6, 'other-pipeline', rowsFor(6, 2)));
    const raw = rawConnection(stateDir);
    raw.prepare(`UPDATE runs SET writer_pid = ? WHERE run_id IN ('dead', 'other-pipeline')`).run(deadPid());
    raw.close();

    const pending = store.pendingBatches(LEDGER_PIPELINE, LEDGER_STREAM);
    expect(pending.map((batch) => batch.batchId)).toEqual(['batch-1', 'batch-3']);
    expect(exactlySame(pending[0]?.payload ?? null, rowsFor(1, 2))).toBe(true);
  });

  it('forgets the stream state on a full refresh', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 2)));
    store.commitBatch('batch-1', commitInput(1, rowsFor(1, 2)));
    store.resetStreamState(LEDGER_PIPELINE, LEDGER_STREAM);
    expect(store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)).toBeUndefined();
  });

  it('keeps any value as a cursor, decimals with their scale', () => {
    const { store } = open();
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 1)));
    const cursor = [Decimal.parse('100.10'), Timestamp.parse('2024-01-31T23:59:59.999999-05:00')];
    const base = commitInput(1, rowsFor(1, 1));
    store.commitBatch('batch-1', {
      ...base,
      sourceTotals: totalsOf(rowsFor(1, 1)),
      advanceState: { pipelineId: LEDGER_PIPELINE, stream: LEDGER_STREAM, cursor, keysAtCursor: ['a', 'b'] },
    });
    const state = store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM);
    expect(exactlySame(state?.cursor ?? null, cursor)).toBe(true);
    expect(state?.keysAtCursor).toEqual(['a', 'b']);
  });
});
