/**
 * Writes one batch, in the order that makes it safe to die at any moment:
 *   1. record the batch (pending) with its source records, for replay and crash recovery;
 *   2. map the records; rows that fail go to holds with reasons, the rest proceed;
 *   3. write the rows to the destination in one transaction, idempotent per batch id (and, for append
 *      and replace, per row version), with the watermark it reaches where the destination records it;
 *   4. mark the batch committed and, in the same store transaction, advance the watermark (and, where the
 *      target has an after-load job, record that the job has yet to consume the batch).
 * A crash between 3 and 4 leaves a pending batch that the next run re-sends under the same id.
 * Its counts add up: every record is written, held, or already loaded (a row the destination already
 * held, which it did not write again), and the audit says which.
 */
import type { EvalContext } from '../mapping/functions/spec.ts';
import type { DataRow, Destination, RecordProblem, TargetTable, WriteResult } from '../model/io.ts';
import { compareValues, type Value } from '../model/values/index.ts';
import type { AddHoldInput, ControlTotals, HoldReason, RunStore } from '../store/index.ts';
import { TotalsAccumulator, type TotalsFields } from './control-totals.ts';
import { encodeWatermark } from './checkpoint.ts';
import { rowVersions, type Watermark } from './incremental.ts';
import type { OpenHoldIndex } from './open-holds.ts';
import type { RowMapper } from './row-mapper.ts';
import { withRetry, type RetryPolicy } from './retry.ts';
import { holdWholeUnits } from './unit-holds.ts';

export interface BatchContext {
  readonly pipelineId: string;
  readonly runId: string;
  readonly stream: string;
  readonly target: TargetTable;
  readonly destination: Destination;
  readonly store: RunStore;
  readonly mapper: RowMapper;
  readonly evalContext: EvalContext;
  readonly cursorField: string | undefined;
  /** The source's natural key fields. */
  readonly keyFields: readonly string[];
  /** Open holds by record, so a record read again supersedes its older hold (absent for replay). */
  readonly openHolds?: OpenHoldIndex;
  readonly totals: { readonly source: TotalsFields; readonly target: TotalsFields };
  readonly retry: RetryPolicy;
  readonly signal?: AbortSignal;
  readonly now: () => string;
}

export interface BatchInput {
  readonly batchId: string;
  readonly sequence: number;
  readonly records: readonly DataRow[];
  readonly problems: readonly RecordProblem[];
  readonly fromCursor: Value | null;
  readonly advanceTo?: Watermark;
  readonly replaceStarts: boolean;
  /** True when re-sending a batch recorded by an earlier, interrupted run. */
  readonly alreadyRecorded?: boolean;
  /** Replay keeps rows that still fail on their original holds instead of adding new ones. */
  readonly keepHoldsWithCaller?: boolean;
}

export interface BatchOutcome {
  readonly read: number;
  /** Rows the destination inserted or updated for this batch. */
  readonly written: number;
  readonly held: number;
  /** Rows the destination already held (append's row version, merge's identical row): not written again. */
  readonly alreadyLoaded: number;
  readonly sourceTotals: ControlTotals;
  readonly destinationTotals: ControlTotals;
  readonly write: WriteResult;
  /** Reasons per record index of the rows held in this batch. */
  readonly holds: ReadonlyMap<number, readonly HoldReason[]>;
}

export async function writeBatch(context: BatchContext, batch: BatchInput): Promise<BatchOutcome> {
  const { store, stream } = context;
  const maxCursor = context.cursorField ? maxOf(batch.records, context.cursorField) : null;
  if (!batch.alreadyRecorded) {
    store.recordBatch({
      batchId: batch.batchId,
      runId: context.runId,
      stream,
      sequence: batch.sequence,
      sourceRange: { fromCursor: batch.fromCursor, toCursor: maxCursor },
      countIn: batch.records.length,
      payload: batch.records,
      startedAt: context.now(),
    });
  }
  const holds = new Map<number, HoldReason[]>();
  for (const problem of batch.problems) {
    const list = holds.get(problem.recordIndex) ?? [];
    list.push({ column: problem.field, code: 'bad-source-value', message: problem.message });
    holds.set(problem.recordIndex, list);
  }
  const mappedRows = context.mapper.map(batch.records, holds, context.evalContext);
  const unit = context.target.holdTogether;
  const mapped =
    unit === undefined
      ? mappedRows
      : holdWholeUnits(unit, context.mapper.mapping, batch.records, mappedRows, holds, context.evalContext);
  // Merge needs no versions: its key makes a second write of a row harmless.
  const versions =
    context.target.writeMode === 'merge'
      ? undefined
      : rowVersions(
          mapped.sourceIndexes.map((i) => batch.records[i]!),
          context.keyFields,
        );
  const write = await withRetry(
    () =>
      context.destination.writeBatch(context.target, {
        lineage: { runId: context.runId, batchId: batch.batchId, syncedAt: context.now() },
        rows: mapped.rows,
        sourceModified: mapped.sourceIndexes.map((i) =>
          context.cursorField ? (batch.records[i]![context.cursorField] ?? null) : null,
        ),
        ...(versions ? { rowVersions: versions } : {}),
        replaceStarts: batch.replaceStarts,
        ...(batch.advanceTo
          ? { checkpoint: { pipelineId: context.pipelineId, stream, watermark: encodeWatermark(batch.advanceTo) } }
          : {}),
      }),
    context.retry,
    context.signal,
  );
  const rejected = write.rejected ?? [];
  const rejectedIndexes = new Set<number>();
  for (const row of rejected) {
    const sourceIndex = mapped.sourceIndexes[row.index]!;
    rejectedIndexes.add(row.index);
    holds.set(sourceIndex, [...(holds.get(sourceIndex) ?? []), { column: '', code: row.code, message: row.message }]);
  }
  const holdInputs: AddHoldInput[] = [...holds.entries()].map(([rowIndex, reasons]) => ({
    batchId: batch.batchId,
    stream,
    rowIndex,
    sourceRecord: batch.records[rowIndex]!,
    reasons,
  }));
  const superseded = context.openHolds?.takeFor(batch.records) ?? [];
  if (superseded.length > 0)
    store.resolveHolds(superseded, { resolvedByRunId: context.runId, resolvedAt: context.now() });
  if (holdInputs.length > 0 && !batch.keepHoldsWithCaller) {
    const ids = store.addHolds(holdInputs);
    holdInputs.forEach((hold, i) => context.openHolds?.remember(hold.sourceRecord, ids[i]!));
  }

  const sourceTotals = new TotalsAccumulator(context.totals.source);
  for (const record of batch.records) sourceTotals.add(record);
  const destinationTotals = new TotalsAccumulator(context.totals.target);
  mapped.rows.forEach((row, index) => {
    if (!rejectedIndexes.has(index)) destinationTotals.add(row);
  });
  const { written, alreadyLoaded } = splitDelivered(mapped.rows.length - rejectedIndexes.size, write);
  const outcome = {
    read: batch.records.length,
    written,
    held: holdInputs.length,
    alreadyLoaded,
    sourceTotals: sourceTotals.result(),
    destinationTotals: destinationTotals.result(),
    write,
    holds,
  };
  store.commitBatch(batch.batchId, {
    countOut: written,
    countHeld: holdInputs.length,
    countAlreadyLoaded: alreadyLoaded,
    sourceTotals: outcome.sourceTotals,
    destinationTotals: outcome.destinationTotals,
    finishedAt: context.now(),
    ...(context.target.afterLoad
      ? { awaitsJob: { table: context.target.table, jobId: context.target.afterLoad.runJob } }
      : {}),
    ...(batch.advanceTo
      ? {
          advanceState: {
            pipelineId: context.pipelineId,
            stream,
            cursor: batch.advanceTo.cursor,
            keysAtCursor: batch.advanceTo.keysAtCursor,
          },
        }
      : {}),
  });
  return outcome;
}

/**
 * The rows the destination took (every row sent but the rejected ones), split into those it wrote and
 * those it already held. Destination totals cover both: together they are what the destination holds
 * of this batch's records, so source = destination + held still reconciles to the row and the cent.
 */
export function splitDelivered(delivered: number, write: WriteResult): { written: number; alreadyLoaded: number } {
  // A destination cannot have held more rows than it was given; a count that says so is not trusted.
  const alreadyLoaded = Math.min(delivered, Math.max(0, (write.alreadyPresent ?? 0) + (write.unchanged ?? 0)));
  return { written: delivered - alreadyLoaded, alreadyLoaded };
}

function maxOf(records: readonly DataRow[], field: string): Value | null {
  let max: Value | null = null;
  for (const record of records) {
    const value = record[field] ?? null;
    if (value !== null && (max === null || compareValues(value, max) > 0)) max = value;
  }
  return max;
}
