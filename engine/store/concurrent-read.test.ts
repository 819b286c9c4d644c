/**
 * The CLI (`audit`, `holds`) and the studio read the store while a run writes it from another
 * process: every read must succeed (no SQLITE_BUSY) and see a consistent snapshot.
 */
import { describe, expect, it } from 'vitest';
import { openRunStore } from './index.ts';
import type { RunStoreReader } from './index.ts';
import { LEDGER_PIPELINE, LEDGER_STREAM, batchNumberOfKeys } from './test-support/ledger-batches.ts';
import { lastCommittedBatch, pollUntil, spawnBatchWriter, tempStateDir } from './test-support/processes.ts';

const LAST_BATCH = 120;

describe('concurrent reading', () => {
  it('reads runs, batches and holds in a loop while another process commits, without a busy error', async () => {
    const stateDir = tempStateDir();
    // Wide rows (about 6 MB in all, past the 4 MB auto-checkpoint), so the write-ahead log is
    // checkpointed while the reader reads.
    const writer = spawnBatchWriter(stateDir, { rowsPerBatch: 50, lastBatch: LAST_BATCH, memoLength: 1000 });
    await pollUntil('the first committed batch', () => (lastCommittedBatch(stateDir) >= 1 ? true : undefined), {
      timeoutMs: 8_000,
      writer,
    });

    const reader = openRunStore(stateDir, { readonly: true });
    let reads = 0;
    let readsWhileWriting = 0;
    let lastSeen = 0;
    try {
      while (writer.child.exitCode === null) {
        const seen = readEverything(reader);
        expect(seen).toBeGreaterThanOrEqual(lastSeen);
        if (seen < LAST_BATCH) readsWhileWriting += 1;
        lastSeen = seen;
        reads += 1;
        // Let the event loop notice the writer's exit.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const exit = await writer.exited();
      expect(exit, writer.stderr()).toEqual({ code: 0, signal: null });
      expect(readEverything(reader)).toBe(LAST_BATCH);
    } finally {
      reader.close();
    }
    expect(readsWhileWriting, `${reads} reads in all`).toBeGreaterThanOrEqual(20);
  }, 25_000);
});

/** One round of what `ml-connector audit` and the studio's runs view ask for; returns the batches committed. */
function readEverything(reader: RunStoreReader): number {
  const committedByState = batchNumberOfKeys(reader.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)?.keysAtCursor);
  const [run] = reader.listRuns({ pipelineId: LEDGER_PIPELINE, limit: 5 });
  if (run === undefined) throw new Error('the writer started a run before its first commit');
  const detail = reader.getRun(run.runId);
  if (detail === undefined) throw new Error(`run ${run.runId} vanished`);
  const committed = detail.batches.filter((batch) => batch.state === 'committed');
  const totals = detail.streams.find((stream) => stream.stream === LEDGER_STREAM);
  // One snapshot: the aggregated totals agree with the batches listed beside them.
  expect(totals?.batches).toBe(detail.batches.length);
  expect(totals?.written).toBe(committed.reduce((sum, batch) => sum + (batch.countOut ?? 0), 0));
  // The writer's in-flight batch belongs to a live process: not offered for re-sending.
  expect(reader.pendingBatches(LEDGER_PIPELINE, LEDGER_STREAM)).toEqual([]);
  const newest = committed.at(-1);
  if (newest !== undefined) {
    expect(reader.getBatch(newest.batchId)?.payload).toHaveLength(50);
    expect(reader.listHolds({ batchId: newest.batchId, status: 'open' })).toHaveLength(1);
  }
  // The state was read first; the run, read after, shows at least as many commits.
  expect(committed.length).toBeGreaterThanOrEqual(committedByState);
  return committed.length;
}
