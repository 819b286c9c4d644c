/** The Runs screen's plain words for the engine's statuses, verdicts and values. */
import type { HoldReasonInfo, JsonValue, TotalsVerdict } from '../../api/wire.ts';
import type { StreamProgress } from '../../state/run-progress.ts';

export function streamStatusText(status: StreamProgress['status']): string {
  switch (status) {
    case 'waiting':
      return 'Waiting';
    case 'running':
      return 'Running';
    case 'ok':
      return 'Done: all rows written';
    case 'held':
      return 'Done: some rows held for review';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'skipped':
      return 'Not run';
  }
}

/** A recorded run's status (the run store's words: running, ok, held, failed, cancelled, interrupted). */
export function runStatusText(status: string): string {
  switch (status) {
    case 'running':
      return 'Running';
    case 'ok':
      return 'All rows written';
    case 'held':
      return 'Rows held for review';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'interrupted':
      return 'Interrupted (the studio or machine stopped mid-run)';
    default:
      return status;
  }
}

export function verdictText(verdict: TotalsVerdict): string {
  switch (verdict) {
    case 'match':
      return 'Totals match';
    case 'held':
      return 'Differ only by the held rows';
    case 'mismatch':
      return 'MISMATCH: a difference no held row explains';
  }
}

export function measureText(measure: 'debit' | 'credit' | 'amount'): string {
  return measure === 'amount' ? 'net amount' : measure;
}

export function reasonText(reason: HoldReasonInfo): string {
  return reason.column ? `${reason.column}: ${reason.message}` : reason.message;
}

/** A source value as the engine gave it (decimals and dates are already exact text). */
export function valueText(value: JsonValue | undefined): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function countText(value: number): string {
  return value.toLocaleString('en-US');
}

/** A time the host recorded (ISO text), in the analyst's own clock and calendar. */
export function timeText(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
