/**
 * Control totals recorded on both sides of a batch, so a run can be reconciled: row counts and
 * exact decimal sums (as text, never binary floats), optionally per fiscal period.
 */
import { z } from 'zod';
import { RunStoreError } from './errors.ts';

/** Plain decimal text: sign, digits, optional fraction. Exponents are refused: they hide the scale. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const decimalText = z.string().regex(DECIMAL_TEXT, 'must be exact decimal text such as "1250.00"');

const periodTotalsSchema = z.object({
  debit: decimalText,
  credit: decimalText,
  amount: decimalText,
});

const recordedTotalsSchema = z.object({
  rows: z.number().int().nonnegative(),
  sums: z.record(z.string(), decimalText),
  byPeriod: z.record(z.string(), periodTotalsSchema).optional(),
});

export type PeriodTotals = z.infer<typeof periodTotalsSchema>;
export type ControlTotals = z.infer<typeof recordedTotalsSchema>;

/** Refuses totals of the wrong shape before they reach the audit trail, naming the offending path. */
export function serializeControlTotals(totals: ControlTotals, side: 'source' | 'destination'): string {
  const parsed = recordedTotalsSchema.safeParse(totals);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.map(String).join('.') || '(root)'}`;
    throw new RunStoreError('INVALID_TOTALS', `${side} totals${where}: ${issue?.message ?? 'invalid'}`);
  }
  return JSON.stringify(totals);
}

export function deserializeControlTotals(text: string | null): ControlTotals | null {
  return text === null ? null : (JSON.parse(text) as ControlTotals);
}
