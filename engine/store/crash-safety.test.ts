/**
 * kill -9 at random moments while a real writer process records, holds and commits batches; after
 * each kill the store must open cleanly with the watermark on the last committed batch and every
 * committed batch whole. Each restart re-sends what the killed run left pending, as the runner does.
 */
import { describe, expect, it } from 'vitest';
import { openRunStore } from './index.ts';
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
import { rawConnection } from './test-support/store-fixtures.ts';
import type { BatchSummary } from './types.ts';

const ROWS_PER_BATCH = 20;
const KILLS = 5;

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

describe('crash safety', () => {
  it('survives kill -9 at random moments with the state on the last committed batch', async () => {
    const stateDir = tempStateDir();
    const killedRuns = new Set<string>();
    const moments: string[] = [];
    let committedBeforeKill = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      const writer = spawnBatchWriter(stateDir, { rowsPerBatch: ROWS_PER_BATCH });
      const atLeast = committedBeforeKill + randomInt(2, 12);
      await pollUntil(`batch ${atLeast} committed`, () => (lastCommittedBatch(stateDir) >= atLeast ? true : undefined), {
        timeoutMs: 8_000,
        writer,
      });
      // A random extra moment, so the kill lands anywhere in the record -> hold -> commit cycle.
      const extraTicks = randomInt(0, 20);
      for (let tick = 0; tick < extraTicks; tick++) await new Promise((resolve) => setImmediate(resolve));
      await killHard(writer);
      const reader = openRunStore(stateDir, { readonly: true });
      committedBeforeKill = lastCommittedBatch(stateDir);
      for (const run of reader.listRuns({ limit: 100 })) if (run.status === 'interrupted') killedRuns.add(run.runId);
      reader.close();
      moments.push(`kill ${kill}: after batch ${atLeast} + ${extraTicks} ticks, state at ${committedBeforeKill}`);
    }

    const raw = rawConnection(stateDir);
    expect(raw.pragma('integrity_check', { simple: true }), moments.join('\n')).toBe('ok');
    raw.close();

    const store = openRunStore(stateDir);
    try {
      const runs = store.listRuns({ limit: 100 });
      expect(runs).toHaveLength(KILLS);
      // Every killed writer shows as interrupted, never as still running.
      expect(runs.every((run) => run.status === 'interrupted'), moments.join('\n')).toBe(true);
      expect(killedRuns.size).toBe(KILLS);

      const batches = runs.flatMap((run) => store.listBatches(run.runId));
      const committed = batches.filter((batch) => batch.state === 'committed');
      const numbers = committed.map((batch) => batchNumberOf(batch.batchId)).sort((a, b) => a - b);
      const last = numbers.at(-1) ?? 0;
      // No gap and no batch committed twice: the restarts re-sent exactly what was left pending.
      expect(numbers, moments.join('\n')).toEqual(Array.from({ length: last }, (_, index) => index + 1));

      const state = store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM);
      expect(exactlySame(state?.cursor ?? null, cursorFor(last)), moments.join('\n')).toBe(true);
      expect(state?.keysAtCursor).toEqual(keysAtCursorFor(last));
      const lastBatch = committed.find((batch) => batch.batchId === batchIdFor(last));
      expect(state?.updatedAt).toBe(lastBatch?.finishedAt);

      for (const batch of committed) expectWholeCommittedBatch(store.getBatch(batch.batchId)!, store);

      // At most the batch in flight at the last kill is left, and it is offered for re-sending.
      const pending = store.pendingBatches(LEDGER_PIPELINE, LEDGER_STREAM);
      expect(pending.length).toBeLessThanOrEqual(1);
      for (const batch of pending) expect(batchNumberOf(batch.batchId)).toBe(last + 1);
      expect(batches.filter((batch) => batch.state === 'pending')).toHaveLength(pending.length);
    } finally {
      store.close();
    }
  }, 25_000);
});

function expectWholeCommittedBatch(batch: BatchSummary & { payload: unknown[] }, store: ReturnType<typeof openRunStore>): void {
  const n = batchNumberOf(batch.batchId);
  const sent = rowsFor(n, ROWS_PER_BATCH);
  expect(exactlySame(batch.payload as never, sent), `payload of ${batch.batchId}`).toBe(true);
  expect(batch).toMatchObject({ countIn: ROWS_PER_BATCH, countOut: ROWS_PER_BATCH - 1, countHeld: 1, error: null });
  expect(batch.finishedAt).not.toBeNull();
  expect(batch.sourceTotals).toEqual(totalsOf(sent));
  expect(batch.destinationTotals).toEqual(totalsOf(sent.slice(1)));
  // Its held row is there once, however often the batch was re-sent.
  const holds = store.listHolds({ batchId: batch.batchId });
  expect(holds.map((hold) => hold.rowIndex), `holds of ${batch.batchId}`).toEqual([0]);
}
