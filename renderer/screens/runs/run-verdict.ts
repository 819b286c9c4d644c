/** One line for the audit history: how a run's control totals came out, and whether to flag it. */
import type { AuditedRun, StreamReconciliation, TotalsVerdict } from '../../api/wire.ts';
import { verdictText } from './words.ts';

export interface RunVerdict {
  readonly text: string;
  readonly tone: TotalsVerdict | 'none';
  readonly flag: boolean;
}

function worst(streams: readonly StreamReconciliation[]): TotalsVerdict {
  const verdicts = streams.map((s) => s.comparison.verdict);
  return verdicts.includes('mismatch') ? 'mismatch' : verdicts.includes('held') ? 'held' : 'match';
}

/** One line for the table: the run's own totals, or, once its held rows were replayed, the totals with the replays. */
export function runVerdict(run: AuditedRun): RunVerdict {
  // A stream whose every batch failed wrote nothing: there is nothing of it to compare.
  const reconciled = run.reconciliation.filter((s) => s.comparison.rows.source > 0 || s.unreconciledBatches === 0);
  if (reconciled.length === 0)
    return { text: run.status === 'running' ? 'Not yet' : 'Nothing written to reconcile', tone: 'none', flag: false };
  const own = worst(reconciled);
  if (own === 'mismatch') return { text: verdictText('mismatch'), tone: 'mismatch', flag: true };
  if (run.afterReplays) {
    const after = worst(run.afterReplays.streams);
    if (after === 'mismatch')
      return { text: `${verdictText('mismatch')} (with the replays)`, tone: 'mismatch', flag: true };
    if (after === 'match') return { text: 'Totals match once the held rows were replayed', tone: 'match', flag: false };
    return { text: `${verdictText('held')} still open`, tone: 'held', flag: false };
  }
  return { text: verdictText(own), tone: own, flag: false };
}
