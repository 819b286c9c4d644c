/**
 * Control totals of GL journal batches, for reconciling what an integration posted: per batch id, the
 * journals (rows), their lines, exact debit and credit sums, and how many are still unposted (Work)
 * and how many posted (Open or History). A posted journal keeps the batch id it was entered in.
 */
import { Decimal } from '../../../engine/model/values/index.ts';
import type { SimRecord } from './entities.ts';
import { Money, type SimFields } from './gp-values.ts';

export interface BatchTotals {
  /** Journals in the batch. */
  readonly rows: number;
  readonly sums: { readonly DebitAmount: string; readonly CreditAmount: string };
  readonly lines: number;
  readonly work: number;
  readonly posted: number;
}

export function journalBatchTotals(journals: readonly SimRecord[]): Record<string, BatchTotals> {
  const byBatch = new Map<
    string,
    { rows: number; lines: number; work: number; posted: number; debit: Decimal; credit: Decimal }
  >();
  for (const journal of journals) {
    const batch = String(journal.fields.BatchId ?? '');
    const totals = byBatch.get(batch) ?? {
      rows: 0,
      lines: 0,
      work: 0,
      posted: 0,
      debit: Decimal.ZERO.rescale(2),
      credit: Decimal.ZERO.rescale(2),
    };
    totals.rows += 1;
    if (journal.fields.TransactionState === 'Work') totals.work += 1;
    else totals.posted += 1;
    for (const line of (journal.fields.Lines ?? []) as SimFields[]) {
      totals.lines += 1;
      if (line.DebitAmount instanceof Money) totals.debit = totals.debit.add(line.DebitAmount.value);
      if (line.CreditAmount instanceof Money) totals.credit = totals.credit.add(line.CreditAmount.value);
    }
    byBatch.set(batch, totals);
  }
  return Object.fromEntries(
    [...byBatch].map(([batch, t]) => [
      batch,
      {
        rows: t.rows,
        sums: { DebitAmount: t.debit.toString(), CreditAmount: t.credit.toString() },
        lines: t.lines,
        work: t.work,
        posted: t.posted,
      },
    ]),
  );
}

export interface StateTotals {
  /** Journals in the state. */
  readonly rows: number;
  readonly lines: number;
  readonly sums: { readonly DebitAmount: string; readonly CreditAmount: string };
}

/**
 * Per journal state (Work, Open, History: GL10000/GL20000/GL30000): journals, lines and exact debit
 * and credit sums, so a read of the ledger reconciles per state as journals post and years close.
 */
export function journalStateTotals(journals: readonly SimRecord[]): Record<'Work' | 'Open' | 'History', StateTotals> {
  const totals = Object.fromEntries(
    (['Work', 'Open', 'History'] as const).map((state) => [
      state,
      { rows: 0, lines: 0, debit: Decimal.ZERO.rescale(2), credit: Decimal.ZERO.rescale(2) },
    ]),
  ) as Record<'Work' | 'Open' | 'History', { rows: number; lines: number; debit: Decimal; credit: Decimal }>;
  for (const journal of journals) {
    const state = totals[journal.fields.TransactionState as 'Work' | 'Open' | 'History'];
    if (state === undefined) continue;
    state.rows += 1;
    for (const line of (journal.fields.Lines ?? []) as SimFields[]) {
      state.lines += 1;
      if (line.DebitAmount instanceof Money) state.debit = state.debit.add(line.DebitAmount.value);
      if (line.CreditAmount instanceof Money) state.credit = state.credit.add(line.CreditAmount.value);
    }
  }
  return Object.fromEntries(
    Object.entries(totals).map(([state, t]) => [
      state,
      { rows: t.rows, lines: t.lines, sums: { DebitAmount: t.debit.toString(), CreditAmount: t.credit.toString() } },
    ]),
  ) as Record<'Work' | 'Open' | 'History', StateTotals>;
}
