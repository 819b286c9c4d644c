import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStoreError } from './index.ts';
import { exactlySame } from './test-support/exact-value.ts';
import {
  LEDGER_PIPELINE,
  LEDGER_STREAM,
  holdsFor,
  recordInput,
  rowsFor,
  runInput,
} from './test-support/ledger-batches.ts';
import { freshStore } from './test-support/store-fixtures.ts';
import type { AddHoldInput, RunStore } from './types.ts';

let store: RunStore;
beforeEach(() => {
  store = freshStore().store;
  store.startRun(runInput('r1'));
  store.startRun(runInput('r2', { pipelineId: 'ifs' }));
  store.recordBatch(recordInput(1, 'r1', rowsFor(1, 3)));
  store.recordBatch({ ...recordInput(2, 'r1', rowsFor(2, 3)), stream: 'vendors' });
  store.recordBatch(recordInput(3, 'r2', rowsFor(3, 3)));
});
afterEach(() => store.close());

function hold(
  batch: number,
  rowIndex: number,
  stream = LEDGER_STREAM,
  message = 'GL account 9999-999 does not exist',
): AddHoldInput {
  return {
    batchId: `batch-${batch}`,
    stream,
    rowIndex,
    sourceRecord: rowsFor(batch, 3)[rowIndex] ?? {},
    reasons: [{ column: 'account', code: 'UNKNOWN_ACCOUNT', message }],
  };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof RunStoreError ? error.code : `not a RunStoreError: ${String(error)}`;
  }
  return undefined;
}

describe('holds', () => {
  it('adds holds with their source record and reasons, open', () => {
    const ids = store.addHolds([hold(1, 0), hold(1, 2)]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const [first] = store.listHolds({ batchId: 'batch-1' });
    expect(first).toMatchObject({
      id: ids[0],
      batchId: 'batch-1',
      runId: 'r1',
      pipelineId: LEDGER_PIPELINE,
      stream: LEDGER_STREAM,
      rowIndex: 0,
      status: 'open',
      resolvedAt: null,
      resolvedByRunId: null,
      reasons: [{ column: 'account', code: 'UNKNOWN_ACCOUNT', message: 'GL account 9999-999 does not exist' }],
    });
    expect(exactlySame(first?.sourceRecord ?? null, rowsFor(1, 3)[0] ?? null)).toBe(true);
  });

  it('filters by pipeline, stream, status, batch and run', () => {
    const [a, , c] = store.addHolds([hold(1, 0), hold(2, 1, 'vendors'), hold(3, 0)]);
    store.startRun(runInput('fixer'));
    store.resolveHolds([a!], { resolvedByRunId: 'fixer', resolvedAt: '2024-03-02T00:00:00Z' });
    const ids = (filter: Parameters<RunStore['listHolds']>[0]) => store.listHolds(filter).map((h) => h.id);
    expect(store.listHolds()).toHaveLength(3);
    expect(ids({ pipelineId: 'ifs' })).toEqual([c]);
    expect(ids({ stream: 'vendors' }).length).toBe(1);
    expect(ids({ status: 'resolved' })).toEqual([a]);
    expect(ids({ status: 'open', pipelineId: LEDGER_PIPELINE }).length).toBe(1);
    expect(ids({ runId: 'r2' })).toEqual([c]);
    expect(ids({ batchId: 'batch-1', status: 'open' })).toEqual([]);
  });

  it('replaces the reasons of a still-open hold for the same row instead of adding a copy (replay)', () => {
    const [first] = store.addHolds([hold(1, 0)]);
    const [again] = store.addHolds([hold(1, 0, LEDGER_STREAM, 'fiscal period 2024-01 is closed')]);
    expect(again).toBe(first);
    const open = store.listHolds({ batchId: 'batch-1' });
    expect(open).toHaveLength(1);
    expect(open[0]?.reasons.map((reason) => reason.message)).toEqual(['fiscal period 2024-01 is closed']);
  });

  it('resolves open holds once, and opens a new hold if the row is held again later', () => {
    const [id] = store.addHolds([hold(1, 0)]);
    store.startRun(runInput('replay-1', { trigger: 'replay' }));
    const resolution = { resolvedByRunId: 'replay-1', resolvedAt: '2024-03-02T10:00:00Z' };
    expect(store.resolveHolds([id!], resolution)).toBe(1);
    expect(store.resolveHolds([id!], resolution)).toBe(0);
    expect(store.listHolds({ batchId: 'batch-1' })[0]).toMatchObject({
      status: 'resolved',
      resolvedByRunId: 'replay-1',
      resolvedAt: '2024-03-02T10:00:00Z',
    });
    const [reopened] = store.addHolds([hold(1, 0)]);
    expect(reopened).not.toBe(id);
    expect(store.listHolds({ batchId: 'batch-1', status: 'open' }).map((h) => h.id)).toEqual([reopened]);
  });

  it('refuses unknown holds, runs and batches without writing any part', () => {
    const [id] = store.addHolds([hold(1, 0)]);
    expect(codeOf(() => store.resolveHolds([id!, 999], { resolvedByRunId: 'r1', resolvedAt: 'x' }))).toBe(
      'HOLD_NOT_FOUND',
    );
    expect(store.listHolds({ status: 'resolved' })).toHaveLength(0);
    expect(codeOf(() => store.resolveHolds([id!], { resolvedByRunId: 'ghost', resolvedAt: 'x' }))).toBe(
      'RUN_NOT_FOUND',
    );
    expect(codeOf(() => store.addHolds([hold(1, 1), { ...hold(1, 2), batchId: 'batch-404' }]))).toBe('BATCH_NOT_FOUND');
    expect(store.listHolds()).toHaveLength(1);
  });

  it('stores the hold records a runner produces for a batch', () => {
    const ids = store.addHolds(holdsFor(1, rowsFor(1, 3)));
    expect(store.listHolds({ batchId: 'batch-1' }).map((h) => h.id)).toEqual(ids);
  });
});
