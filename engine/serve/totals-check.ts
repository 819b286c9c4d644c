/**
 * After each run, the run's control totals source beside destination, compared as `ml-connector audit`
 * and the studio's audit do (`engine/reconcile`). Only a mismatch is returned: a difference held rows
 * explain is already told by the rows-held alert. Figures only (stream, measure, period, the two sides):
 * no record, no value of a row, so nothing secret can travel in an alert.
 */
import { auditRun } from '../reconcile/run-audit.ts';
import { openRunStore } from '../store/index.ts';

export interface TotalsDifference {
  readonly stream: string;
  /** `rows`, or a money measure of one period. */
  readonly measure: 'rows' | 'debit' | 'credit' | 'amount';
  readonly period?: string;
  readonly source: string;
  readonly destination: string;
  /** Source minus destination (rows: minus the held rows too, which account for rows not written). */
  readonly difference: string;
}

/** The lines of the run's reconciliation that do not match and that no held row explains. */
export function differingTotals(stateDir: string, runId: string): TotalsDifference[] {
  const store = openRunStore(stateDir, { readonly: true });
  try {
    const differences: TotalsDifference[] = [];
    for (const { stream, comparison } of auditRun(store, { runId }).reconciliation) {
      const { rows } = comparison;
      if (rows.verdict === 'mismatch') {
        differences.push({
          stream,
          measure: 'rows',
          source: String(rows.source),
          destination: String(rows.destination),
          difference: String(rows.source - rows.destination - rows.held),
        });
      }
      for (const line of comparison.periods) {
        if (line.verdict !== 'mismatch') continue;
        const { period, measure, source, destination, difference } = line;
        differences.push({ stream, measure, period, source, destination, difference });
      }
    }
    return differences;
  } finally {
    store.close();
  }
}

/** One line per difference, for a chat message and the log. */
export function describeDifference(d: TotalsDifference): string {
  const where = d.period === undefined ? d.stream : `${d.stream} ${d.period}`;
  return `${where} ${d.measure}: source ${d.source}, destination ${d.destination} (difference ${d.difference})`;
}
