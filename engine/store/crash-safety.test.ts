/**
 * kill -9 at random moments while a real writer process records, holds and commits batches. After
 * every kill the store must open cleanly with the watermark on the last committed batch and every
 * committed batch whole. Each restart re-sends what the killed run left pending, as the runner does.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openRunStore } from './index.ts';
import type { RunStoreReader } from './index.ts';
import { runStorePath } from './open-database.ts';
import { exactlySame } from './test-support/exact-value.ts';
import {
  LEDGER_PIPELINE,
  LEDGER_STREAM,
  batchIdFor,
  batchNumberOf,
  cursorFor,
  keysAtCursorFor,
  rowsFor,
  totalsOf,
} from './test-support/ledger-batches.ts';
import { killHard, lastCommittedBatch, pollUntil, spawnBatchWriter, tempStateDir } from './test-support/processes.ts';
import type { BatchRecord } from './types.ts';

const ROWS_PER_BATCH = 20;
const KILLS = 5;

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

describe('crash safety', () => {
  it('survives kill -9 at random moments with the state on the last committed batch', async () => {
    const stateDir = tempStateDir();
    let committed = 0;

    for (let kill = 1; kill <= KILLS; kill++) {
      const writer = spawnBatchWriter(stateDir, { rowsPerBatch: ROWS_PER_BATCH });
      const atLeast = committed + randomInt(2, 12);
      await pollUntil(
        `batch ${atLeast} committed`,
        () => (lastCommittedBatch(stateDir) >= atLeast ? true : undefined),
        {
          timeoutMs: 8_000,
          writer,
        },
      );
      // A random extra moment, so the kill lands anywhere in the record -> hold -> commit cycle.
      const extraTicks = randomInt(0, 20);
      for (let tick = 0; tick < extraTicks; tick++) await new Promise((resolve) => setImmediate(resolve));
      await killHard(writer);

      const moment = `kill ${kill} of ${KILLS}, after batch ${atLeast} and ${extraTicks} ticks`;
      committed = expectConsistentAfterKill(stateDir, kill, moment);
      expect(committed, moment).toBeGreaterThanOrEqual(atLeast);
    }
  }, 25_000);
});

/** Checks everything a kill may have broken; returns the number of batches committed so far. */
function expectConsistentAfterKill(stateDir: string, kills: number, moment: string): number {
  const raw = new Database(runStorePath(stateDir), { readonly: true });
  try {
    expect(raw.pragma('integrity_check', { simple: true }), moment).toBe('ok');
  } finally {
    raw.close();
  }

  const store = openRunStore(stateDir, { readonly: true });
  try {
    const runs = store.listRuns({ limit: 100 });
    expect(runs, moment).toHaveLength(kills);
    // Every killed writer shows as interrupted, never as still running.
    expect(
      runs.map((run) => run.status),
      moment,
    ).toEqual(runs.map(() => 'interrupted'));

    const batches = runs.flatMap((run) => store.listBatches(run.runId));
    const committedNumbers = batches
      .filter((batch) => batch.state === 'committed')
      .map((batch) => batchNumberOf(batch.batchId))
      .sort((a, b) => a - b);
    const last = committedNumbers.at(-1) ?? 0;
    // No gap and no batch committed twice: the restarts re-sent exactly what was left pending.
    expect(committedNumbers, moment).toEqual(Array.from({ length: last }, (_, index) => index + 1));

    // The watermark is exactly on the last committed batch: never ahead of it, never behind.
    const state = store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM);
    expect(
      exactlySame(state?.cursor ?? null, cursorFor(last)),
      `${moment}: state behind or ahead of batch ${last}`,
    ).toBe(true);
    expect(state?.keysAtCursor, moment).toEqual(keysAtCursorFor(last));
    expect(state?.updatedAt, moment).toBe(store.getBatch(batchIdFor(last))?.finishedAt);

    for (const n of committedNumbers) expectWholeCommittedBatch(store, n, moment);

    // At most the batch in flight at the kill is left, and it is offered for re-sending.
    const pending = store.pendingBatches(LEDGER_PIPELINE, LEDGER_STREAM);
    expect(
      pending.map((batch) => batch.batchId),
      moment,
    ).toEqual(batches.filter((batch) => batch.state === 'pending').map((batch) => batch.batchId));
    expect(
      pending.map((batch) => batch.batchId),
      moment,
    ).toEqual(pending.length === 0 ? [] : [batchIdFor(last + 1)]);
    for (const batch of pending) expectExactPayload(batch, moment);
    return last;
  } finally {
    store.close();
  }
}

function expectWholeCommittedBatch(store: RunStoreReader, n: number, moment: string): void {
  const batch = store.getBatch(batchIdFor(n));
  if (batch === undefined) throw new Error(`${moment}: batch ${n} is listed but cannot be read`);
  const sent = rowsFor(n, ROWS_PER_BATCH);
  expectExactPayload(batch, moment);
  expect(batch, moment).toMatchObject({
    countIn: ROWS_PER_BATCH,
    countOut: ROWS_PER_BATCH - 1,
    countHeld: 1,
    error: null,
  });
  expect(batch.finishedAt, moment).not.toBeNull();
  expect(batch.sourceTotals, moment).toEqual(totalsOf(sent));
  expect(batch.destinationTotals, moment).toEqual(totalsOf(sent.slice(1)));
  // Its held row is there once, however often the batch was re-sent.
  expect(
    store.listHolds({ batchId: batch.batchId }).map((hold) => hold.rowIndex),
    `${moment}: holds of batch ${n}`,
  ).toEqual([0]);
}

function expectExactPayload(batch: BatchRecord, moment: string): void {
  const sent = rowsFor(batchNumberOf(batch.batchId), ROWS_PER_BATCH);
  expect(exactlySame(batch.payload, sent), `${moment}: payload of ${batch.batchId}`).toBe(true);
}
