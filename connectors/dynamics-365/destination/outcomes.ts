/**
 * What became of each row of a batch, and the WriteResult the runner reads: inserted, updated, unchanged
 * (Dataverse held the same values: nothing sent), or rejected with Dataverse's hex code and message.
 */
import type { RejectedRow, WriteResult } from '../../../engine/model/io.ts';

export type RowOutcome = 'insert' | 'update' | 'unchanged' | { readonly code: string; readonly message: string };

export function rejectedWith(code: string, message: string): RowOutcome {
  return { code, message };
}

/** A row Dataverse refused: its hex code (HTTP_<status> where it gave none) and its own words. */
export function dataverseRejection(status: number, error: { code: string; message: string }): RowOutcome {
  const code = error.code === '' ? `HTTP_${status}` : error.code;
  return { code, message: `Dynamics 365 refused it (HTTP ${status}, ${code}): ${error.message}` };
}

export function writeResult(outcomes: readonly RowOutcome[]): WriteResult {
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  const rejected: RejectedRow[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome === 'insert') inserted += 1;
    else if (outcome === 'update') updated += 1;
    else if (outcome === 'unchanged') unchanged += 1;
    else rejected.push({ index, code: outcome.code, message: outcome.message });
  });
  return { inserted, updated, unchanged, alreadyCommitted: 0, ...(rejected.length === 0 ? {} : { rejected }) };
}

export function planOf(outcomes: readonly RowOutcome[]): { inserts: number; updates: number; unchanged: number } {
  return {
    inserts: outcomes.filter((outcome) => outcome === 'insert').length,
    updates: outcomes.filter((outcome) => outcome === 'update').length,
    unchanged: outcomes.filter((outcome) => outcome === 'unchanged').length,
  };
}
