/**
 * Control totals of one batch, source beside destination. Source totals count every record read;
 * destination totals count the rows the destination holds of them: written now, or already loaded
 * (read again, and the destination already held that row, so it was not written twice). Held rows
 * account for a difference in row count exactly (source = written + already loaded + held) and may
 * account for a difference in amounts. A difference with no held rows behind it is a mismatch: money
 * was lost or invented between the two sides. Already-loaded rows explain no difference: they are on
 * both sides, amounts included, so a re-read row neither raises a mismatch nor hides one.
 */
import { Decimal } from '../model/values/index.ts';
import type { BatchSummary, ControlTotals } from '../store/index.ts';

export type Verdict = 'match' | 'held' | 'mismatch';

export interface PeriodComparison {
  readonly period: string;
  readonly measure: 'debit' | 'credit' | 'amount';
  readonly source: string;
  readonly destination: string;
  /** Source minus destination. */
  readonly difference: string;
  readonly verdict: Verdict;
}

export interface TotalsComparison {
  /** `destination` includes the `alreadyLoaded` rows: shown beside it so the operator sees how many were written now. */
  readonly rows: {
    readonly source: number;
    readonly destination: number;
    readonly held: number;
    readonly alreadyLoaded: number;
    readonly verdict: Verdict;
  };
  readonly periods: readonly PeriodComparison[];
  /** The worst verdict of all lines. */
  readonly verdict: Verdict;
}

const MEASURES = ['debit', 'credit', 'amount'] as const;

export function compareTotals(
  source: ControlTotals,
  destination: ControlTotals,
  held: number,
  alreadyLoaded = 0,
): TotalsComparison {
  const rows = {
    source: source.rows,
    destination: destination.rows,
    held,
    alreadyLoaded,
    verdict: source.rows === destination.rows + held ? ('match' as const) : ('mismatch' as const),
  };
  const periods: PeriodComparison[] = [];
  const names = [
    ...new Set([...Object.keys(source.byPeriod ?? {}), ...Object.keys(destination.byPeriod ?? {})]),
  ].sort();
  for (const period of names) {
    for (const measure of MEASURES) {
      // A period on one side only is a sum of zero on the other.
      const left = Decimal.parse(source.byPeriod?.[period]?.[measure] ?? '0');
      const right = Decimal.parse(destination.byPeriod?.[period]?.[measure] ?? '0');
      const difference = left.subtract(right);
      const verdict: Verdict = difference.isZero() ? 'match' : held > 0 ? 'held' : 'mismatch';
      periods.push({
        period,
        measure,
        source: left.toString(),
        destination: right.toString(),
        difference: difference.toString(),
        verdict,
      });
    }
  }
  return { rows, periods, verdict: worst([rows.verdict, ...periods.map((p) => p.verdict)]) };
}

/** One committed batch, source beside destination; undefined for a batch that wrote nothing (failed, or not committed). */
export function reconcileBatch(batch: BatchSummary): TotalsComparison | undefined {
  if (!batch.sourceTotals || !batch.destinationTotals) return undefined;
  return compareTotals(
    batch.sourceTotals,
    batch.destinationTotals,
    batch.countHeld ?? 0,
    batch.countAlreadyLoaded ?? 0,
  );
}

export function worst(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('mismatch')) return 'mismatch';
  return verdicts.includes('held') ? 'held' : 'match';
}

export function verdictText(verdict: Verdict, held: number): string {
  switch (verdict) {
    case 'match':
      return 'ok';
    case 'held':
      return `differs: ${held === 1 ? '1 held row is' : `${held} held rows are`} not written`;
    case 'mismatch':
      return 'MISMATCH';
  }
}
