/**
 * Runs one stream: resume what an interrupted run left, read from the watermark, batch, write.
 * The semantics are in incremental.ts; the per-batch safety order is in batch-writer.ts.
 */
import type { DataRow, RecordProblem, Source } from '../model/io.ts';
import type { StreamDefinition } from '../model/index.ts';
import { errorCode } from '../model/errors.ts';
import { formatValue } from '../model/values/index.ts';
import type { RunStore } from '../store/index.ts';
import { writeBatch, type BatchContext } from './batch-writer.ts';
import type { RunEvent, StreamResult } from './events.ts';
import { stateFromDestination } from './checkpoint.ts';
import { BoundaryTracker, readStart, type Watermark } from './incremental.ts';
import { neededFields } from './needed-fields.ts';
import { resumeSet, resendPendingBatches } from './resume.ts';

export interface StreamRunInput {
  readonly name: string;
  readonly stream: StreamDefinition;
  readonly source: Source;
  readonly batch: BatchContext;
  readonly batchSize: number;
  /** Records asked of the source per page (the stream's own, else within its system's limit). */
  readonly pageSize: number;
  readonly fullRefresh: boolean;
  readonly emit: (event: RunEvent) => void;
  readonly signal?: AbortSignal;
  readonly clock: () => number;
}

export async function runStream(input: StreamRunInput): Promise<StreamResult> {
  const { name, stream, batch, emit } = input;
  const store: RunStore = batch.store;
  const counts = { read: 0, written: 0, held: 0, alreadyLoaded: 0 };
  const started = input.clock();
  let done: number | undefined;
  const progress = () => {
    const seconds = Math.max((input.clock() - started) / 1000, 0.001);
    const estimatedTotal = done !== undefined && done > 0 ? Math.round(counts.read / done) : undefined;
    emit({
      type: 'progress',
      stream: name,
      ...counts,
      rate: Math.round(counts.read / seconds),
      ...(estimatedTotal !== undefined ? { estimatedTotal } : {}),
    });
  };
  const replace = stream.target.writeMode === 'replace';
  if (input.fullRefresh || replace) store.resetStreamState(batch.pipelineId, name);
  const cursorField = stream.source.cursor;
  const state = store.getStreamState(batch.pipelineId, name);
  let watermark: Watermark | undefined = state ? { cursor: state.cursor, keysAtCursor: state.keysAtCursor } : undefined;
  if (!watermark && cursorField && !input.fullRefresh && !replace) {
    // A new or lost state folder: the warehouse knows where this stream stopped.
    const recovered = await stateFromDestination(batch.destination, batch.target, batch.pipelineId, name);
    if (recovered) {
      watermark = recovered.watermark;
      const detail = `no state for this stream in the state folder; resuming from the watermark the destination recorded (${formatValue(watermark.cursor)}, batch ${recovered.checkpoint.batchId})`;
      store.addRunNote({ runId: batch.runId, stream: name, note: detail, at: batch.now() });
      emit({ type: 'resumed-from-destination', stream: name, detail });
    }
  }
  const from = cursorField ? readStart(watermark, stream.source.lookback) : undefined;
  emit({ type: 'stream-started', stream: name, from: from === undefined ? null : String(from) });

  let sequence = 0;
  const nextBatchId = () => `${batch.runId}.${name}.${String(++sequence).padStart(6, '0')}`;
  let replaceStarts = replace;

  const resent = await resendPendingBatches(batch, name);
  counts.read += resent.read;
  counts.written += resent.written;
  counts.held += resent.held;
  counts.alreadyLoaded += resent.alreadyLoaded;
  const committedBefore =
    cursorField && !replace
      ? resumeSet(store, batch.pipelineId, name, stream.source.key, cursorField, watermark)
      : new Set<string>();

  const tracker = new BoundaryTracker(
    stream.source.key,
    cursorField,
    watermark,
    !stream.source.lookback,
    committedBefore,
  );
  let buffer: DataRow[] = [];
  let problems: RecordProblem[] = [];

  const flush = async (last: boolean) => {
    if (buffer.length === 0 && !(last && cursorField && tracker.watermark())) return;
    const advanceTo = cursorField && (input.source.orderedByCursor || last) ? tracker.watermark() : undefined;
    const outcome = await writeBatch(batch, {
      batchId: nextBatchId(),
      sequence,
      records: buffer,
      problems,
      fromCursor: watermark?.cursor ?? null,
      ...(advanceTo ? { advanceTo } : {}),
      replaceStarts,
    });
    replaceStarts = false;
    counts.written += outcome.written;
    counts.held += outcome.held;
    counts.alreadyLoaded += outcome.alreadyLoaded;
    const usage = batch.destination.usage?.();
    emit({
      type: 'batch-committed',
      stream: name,
      batchId: `${batch.runId}.${name}.${String(sequence).padStart(6, '0')}`,
      written: outcome.written,
      held: outcome.held,
      alreadyLoaded: outcome.alreadyLoaded,
      ...(usage === undefined ? {} : { usage }),
    });
    buffer = [];
    problems = [];
    progress();
  };

  try {
    const pages = input.source.read({
      entity: stream.source.entity,
      key: stream.source.key,
      ...(cursorField ? { cursorField } : {}),
      ...(from !== undefined ? { from: { cursor: from } } : {}),
      ...(stream.source.end !== undefined ? { end: stream.source.end } : {}),
      ...(stream.source.filters ? { filters: stream.source.filters } : {}),
      fields: neededFields(stream),
      pageSize: input.pageSize,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    for await (const page of pages) {
      const pageProblems = groupProblems(page.problems ?? []);
      page.records.forEach((record, index) => {
        if (!tracker.accept(record)) {
          // Committed by an earlier run at the watermark (closed start): not sent again, but counted.
          counts.alreadyLoaded++;
          return;
        }
        for (const problem of pageProblems.get(index) ?? []) problems.push({ ...problem, recordIndex: buffer.length });
        buffer.push(record);
      });
      counts.read += page.records.length;
      if (page.progress) done = page.progress.done;
      if (buffer.length >= input.batchSize) await flush(false);
      if (input.signal?.aborted) break;
    }
    if (input.signal?.aborted) {
      emit({ type: 'stream-finished', stream: name, status: 'cancelled', ...counts });
      return { name, ...counts, failed: 0, status: 'cancelled' };
    }
    await flush(true);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const cancelled = input.signal?.aborted === true;
    const status = cancelled ? 'cancelled' : 'failed';
    emit({ type: 'stream-finished', stream: name, status, ...counts, error: message });
    return { name, ...counts, failed: buffer.length, status, error: { code: errorCode(error), message } };
  }
  const status = counts.held > 0 ? 'held' : 'ok';
  emit({ type: 'stream-finished', stream: name, status, ...counts });
  return { name, ...counts, failed: 0, status };
}

function groupProblems(problems: readonly RecordProblem[]): Map<number, RecordProblem[]> {
  const byRecord = new Map<number, RecordProblem[]>();
  for (const problem of problems) {
    const list = byRecord.get(problem.recordIndex) ?? [];
    list.push(problem);
    byRecord.set(problem.recordIndex, list);
  }
  return byRecord;
}
