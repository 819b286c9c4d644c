/**
 * Picking up after a run that died: re-send batches it recorded but never marked committed, and
 * collect the (key, cursor) of every record it did commit since the current watermark, so the new
 * read does not write them again (see incremental.ts, "Resuming after a crash").
 */
import { compareValues, type Value } from '../model/values/index.ts';
import type { RunStore } from '../store/index.ts';
import { writeBatch, type BatchContext } from './batch-writer.ts';
import { recordFingerprint, resumeKey, type Watermark } from './incremental.ts';

const UNFINISHED = new Set(['interrupted', 'failed', 'cancelled']);

export async function resendPendingBatches(
  context: BatchContext,
  stream: string,
): Promise<{ read: number; written: number; held: number; alreadyLoaded: number }> {
  const totals = { read: 0, written: 0, held: 0, alreadyLoaded: 0 };
  for (const pending of context.store.pendingBatches(context.pipelineId, stream)) {
    const outcome = await writeBatch(
      { ...context, runId: pending.runId },
      {
        batchId: pending.batchId,
        sequence: pending.sequence,
        records: pending.payload,
        problems: [],
        fromCursor: pending.sourceRange.fromCursor,
        replaceStarts: false,
        alreadyRecorded: true,
      },
    );
    totals.read += outcome.read;
    totals.written += outcome.written;
    totals.held += outcome.held;
    totals.alreadyLoaded += outcome.alreadyLoaded;
  }
  return totals;
}

function sameCursor(a: Value | null, b: Value | null): boolean {
  if (a === null || b === null) return a === b;
  return compareValues(a, b) === 0;
}

export function resumeSet(
  store: RunStore,
  pipelineId: string,
  stream: string,
  keyFields: readonly string[],
  cursorField: string,
  watermark: Watermark | undefined,
): Set<string> {
  const done = new Set<string>();
  const start = watermark?.cursor ?? null;
  for (const run of store.listRuns({ pipelineId, limit: 50 })) {
    if (!UNFINISHED.has(run.status)) continue;
    for (const summary of store.getRun(run.runId)?.batches ?? []) {
      if (
        summary.stream !== stream ||
        summary.state !== 'committed' ||
        !sameCursor(summary.sourceRange.fromCursor, start)
      )
        continue;
      for (const record of store.getBatch(summary.batchId)?.payload ?? []) {
        done.add(resumeKey(recordFingerprint(record, keyFields), record[cursorField] ?? null));
      }
    }
  }
  return done;
}
