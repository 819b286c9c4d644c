/** How `audit` shows runs: text tables for people, JSON lines for tools. */
import { formatValue, toJsonValue, type Value } from '../model/values/index.ts';
import type {
  AfterLoadJobRunRecord,
  BatchSummary,
  ControlTotals,
  HoldRecord,
  RunDetail,
  RunSummary,
} from '../store/index.ts';
import type { Output } from './context.ts';
import { formatCount, formatDuration } from './progress.ts';
import { reconcileBatch, verdictText, type TotalsComparison } from '../reconcile/compare-totals.ts';
import { plural } from './run-report.ts';
import { formatTable } from './table.ts';

export function runSummaryJson(run: RunSummary): Record<string, unknown> {
  return { type: 'run', ...run };
}

function took(startedAt: string, finishedAt: string | null): string {
  if (finishedAt === null) return '';
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? formatDuration(ms / 1000) : '';
}

function rangeText(value: Value | null): string {
  return value === null ? '(start)' : formatValue(value);
}

export function runDetailJson(run: RunDetail, holds: readonly HoldRecord[]): Record<string, unknown>[] {
  const { batches, ...summary } = run;
  const openHolds = holds.filter((h) => h.status === 'open').length;
  return [
    { type: 'run', ...summary, openHolds },
    ...batches.map((batch) => ({
      type: 'batch',
      ...batch,
      sourceRange: {
        fromCursor: toJsonValue(batch.sourceRange.fromCursor),
        toCursor: toJsonValue(batch.sourceRange.toCursor),
      },
      reconciliation: reconcileBatch(batch) ?? null,
    })),
  ];
}

/** One after-load job run: which, how it ended, why, what it was given, where to see it. */
export function jobRunText(job: AfterLoadJobRunRecord): string {
  const state = [job.lifeCycleState, job.resultState].filter((part) => part !== null).join('/');
  const which = job.jobRunId === null ? `job ${job.jobId} not started` : `job ${job.jobId} run ${job.jobRunId}`;
  const given = plural(job.batchIds.length, 'batch', 'batches');
  const why = job.stateMessage === null || job.stateMessage === '' ? '' : `: ${job.stateMessage}`;
  const page = job.runPageUrl === null ? '' : ` (${job.runPageUrl})`;
  return `${job.stream}: ${which}${state === '' ? '' : ` ${state}`}, ${job.outcome}, given ${given}${why}${page}`;
}

export function printRunDetail(out: Output, run: RunDetail, holds: readonly HoldRecord[]): void {
  const duration = took(run.startedAt, run.finishedAt);
  out.line(`Run ${run.runId}`);
  out.line(`  pipeline  ${run.pipelineId} (${run.pipelineName})`);
  out.line(`  status    ${run.status}${run.trigger === 'replay' ? ' (replay)' : ''}`);
  out.line(`  started   ${run.startedAt}`);
  out.line(`  finished  ${run.finishedAt ?? '-'}${duration ? ` (took ${duration})` : ''}`);
  out.line(`  mapping   ${run.mappingHash}`);
  if (run.error) out.line(`  error     ${run.error.code}: ${run.error.message}`);
  for (const note of run.notes) out.line(`  note      ${note.stream}: ${note.note}`);
  for (const job of run.jobRuns) out.line(`  job       ${jobRunText(job)}`);
  const open = holds.filter((h) => h.status === 'open').length;
  if (open > 0)
    out.line(
      `  held      ${plural(open, 'row')} still open (ml-connector holds; ml-connector replay ${run.runId} --pipeline FILE)`,
    );

  out.line('');
  if (run.batches.length === 0) {
    out.line('No batches.');
    return;
  }
  const right = { align: 'right' } as const;
  const rows = run.batches.map((b) => [
    b.batchId,
    b.stream,
    b.state,
    rangeText(b.sourceRange.fromCursor),
    rangeText(b.sourceRange.toCursor),
    formatCount(b.countIn),
    b.countOut === null ? '-' : formatCount(b.countOut),
    b.countHeld === null ? '-' : formatCount(b.countHeld),
    b.countAlreadyLoaded === null ? '-' : formatCount(b.countAlreadyLoaded),
    b.startedAt,
    took(b.startedAt, b.finishedAt),
    b.error ? `${b.error.code}: ${b.error.message}` : '',
  ]);
  const columns = [
    { header: 'BATCH' },
    { header: 'STREAM' },
    { header: 'STATE' },
    { header: 'FROM', maxWidth: 30 },
    { header: 'TO', maxWidth: 30 },
    { header: 'IN', ...right },
    { header: 'OUT', ...right },
    { header: 'HELD', ...right },
    { header: 'ALREADY LOADED', ...right },
    { header: 'STARTED' },
    { header: 'TOOK' },
    { header: 'ERROR', maxWidth: 60 },
  ];
  for (const line of formatTable(columns, rows)) out.line(line);

  out.line('');
  out.line('Control totals (source | destination):');
  for (const batch of run.batches) printBatchTotals(out, batch);
}

function printBatchTotals(out: Output, batch: BatchSummary): void {
  const comparison = reconcileBatch(batch);
  if (!comparison) {
    out.line(
      `  ${batch.batchId}: not reconciled (${batch.state === 'failed' ? 'the batch failed; nothing was written' : 'the batch has not committed'})`,
    );
    return;
  }
  const held = comparison.rows.held;
  out.line(`  ${batch.batchId}: ${verdictText(comparison.verdict, held)}`);
  const { rows } = comparison;
  const lines: string[][] = [
    ['rows', formatCount(rows.source), destinationRowsText(rows), verdictText(rows.verdict, held)],
  ];
  for (const p of comparison.periods) {
    lines.push([
      `${p.period} ${p.measure}`,
      p.source,
      p.destination,
      p.verdict === 'match' ? 'ok' : `${verdictText(p.verdict, held)} (difference ${p.difference})`,
    ]);
  }
  for (const line of formatTable(
    [{ header: '' }, { header: 'SOURCE', align: 'right' }, { header: 'DESTINATION', align: 'right' }, { header: '' }],
    lines,
  )) {
    out.line(`    ${line}`);
  }
  out.line(`    source sums:       ${sumsText(batch.sourceTotals!)}`);
  out.line(`    destination sums:  ${sumsText(batch.destinationTotals!)}`);
}

/** "5 (4 already loaded) + 1 held": how many of the destination's rows were there before this batch. */
function destinationRowsText(rows: TotalsComparison['rows']): string {
  const already = rows.alreadyLoaded > 0 ? ` (${formatCount(rows.alreadyLoaded)} already loaded)` : '';
  return `${formatCount(rows.destination)}${already}${rows.held > 0 ? ` + ${formatCount(rows.held)} held` : ''}`;
}

/** Sums are per field, named on each side in that side's terms (source fields, target columns). */
function sumsText(totals: ControlTotals): string {
  const entries = Object.entries(totals.sums);
  return entries.length === 0 ? '-' : entries.map(([name, sum]) => `${name} ${sum}`).join(', ');
}
