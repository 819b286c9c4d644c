/**
 * What the simulated GP refuses when a GL journal is saved or posted: an unbalanced journal, a line
 * with both or neither of debit and credit, an unknown or inactive account, an unknown or inactive
 * cost-center code, and a transaction date in a closed (or missing) fiscal period. GP refuses posting
 * into a closed period (dynamics-gp.md §6; its exact text is unconfirmed, these messages are the
 * simulator's). Checked on create, on change and again when a batch is posted.
 */
import { Decimal, type PlainDate } from '../../../engine/model/values/index.ts';
import { Money, type SimFields } from './gp-values.ts';
import { dateOf } from './payload.ts';
import type { GpStore } from './store.ts';

/** Why GP would not take this journal, or undefined when it would. */
export function journalProblem(store: GpStore, journal: SimFields): string | undefined {
  const lines = (journal.Lines ?? []) as SimFields[];
  if (lines.length < 2) return 'A journal entry needs at least two lines.';
  let debit = Decimal.ZERO;
  let credit = Decimal.ZERO;
  for (const [index, line] of lines.entries()) {
    const where = `Line ${index + 1}`;
    const d = line.DebitAmount instanceof Money ? line.DebitAmount.value : Decimal.ZERO;
    const c = line.CreditAmount instanceof Money ? line.CreditAmount.value : Decimal.ZERO;
    if (d.sign() < 0 || c.sign() < 0) return `${where}: amounts cannot be negative.`;
    if (d.isZero() === c.isZero()) return `${where}: enter either a debit or a credit amount.`;
    if (!d.fitsIn(19, 2) || !c.fitsIn(19, 2)) return `${where}: the currency has 2 decimal places.`;
    debit = debit.add(d);
    credit = credit.add(c);
    const account = store.map('gl_accounts').get(String(line.AccountNumber));
    if (account === undefined) return `${where}: account ${String(line.AccountNumber)} does not exist.`;
    if (account.fields.IsActive !== true) return `${where}: account ${String(line.AccountNumber)} is inactive.`;
    if (line.CostCenter !== undefined && line.CostCenter !== null) {
      const code = store.map('cost_centers').get(String(line.CostCenter));
      if (code === undefined || code.fields.IsActive !== true)
        return `${where}: cost center ${String(line.CostCenter)} is not a valid dimension code.`;
    }
  }
  if (!debit.equals(credit))
    return `The journal entry is not balanced: debits ${debit.toString()}, credits ${credit.toString()}.`;
  const date = dateOf(journal.TransactionDate);
  if (date === undefined) return 'TransactionDate is required.';
  return periodProblem(store, date);
}

export function periodProblem(store: GpStore, date: PlainDate): string | undefined {
  for (const period of store.map('fiscal_periods').values()) {
    const start = dateOf(period.fields.StartDate);
    const end = dateOf(period.fields.EndDate);
    if (start === undefined || end === undefined || date.compare(start) < 0 || date.compare(end) > 0) continue;
    return period.fields.IsClosed === true
      ? `The fiscal period ${String(period.fields.PeriodName)} is closed for the Financial series.`
      : undefined;
  }
  return `No fiscal period is set up for ${date.toString()}.`;
}
