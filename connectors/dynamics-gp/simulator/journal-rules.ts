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

export type JournalProblemCode =
  | 'too-few-lines'
  | 'negative-amount'
  | 'debit-and-credit'
  | 'too-many-places'
  | 'unknown-account'
  | 'inactive-account'
  | 'unknown-cost-center'
  | 'unbalanced'
  | 'no-date'
  | 'closed-period'
  | 'no-period';

/** One reason GP would not take a journal: which rule, which line (1-based) when it is a line's, and the words. */
export interface JournalProblem {
  readonly code: JournalProblemCode;
  readonly line?: number;
  readonly message: string;
}

/** Why GP would not take this journal, or undefined when it would (the first reason, for SBA's one message). */
export function journalProblem(store: GpStore, journal: SimFields): string | undefined {
  return journalProblems(store, journal)[0]?.message;
}

/** Every reason GP would not take this journal, in the order the rules are checked (GP Web Services lists all). */
export function journalProblems(store: GpStore, journal: SimFields): JournalProblem[] {
  const problems: JournalProblem[] = [];
  const lines = (journal.Lines ?? []) as SimFields[];
  if (lines.length < 2) problems.push({ code: 'too-few-lines', message: 'A journal entry needs at least two lines.' });
  let debit = Decimal.ZERO;
  let credit = Decimal.ZERO;
  let amountsValid = true;
  for (const [index, line] of lines.entries()) {
    const where = `Line ${index + 1}`;
    const at = (code: JournalProblemCode, message: string): void => {
      problems.push({ code, line: index + 1, message: `${where}: ${message}` });
    };
    const d = line.DebitAmount instanceof Money ? line.DebitAmount.value : Decimal.ZERO;
    const c = line.CreditAmount instanceof Money ? line.CreditAmount.value : Decimal.ZERO;
    if (d.sign() < 0 || c.sign() < 0) {
      at('negative-amount', 'amounts cannot be negative.');
      amountsValid = false;
    } else if (d.isZero() === c.isZero()) {
      at('debit-and-credit', 'enter either a debit or a credit amount.');
      amountsValid = false;
    } else if (!d.fitsIn(19, 2) || !c.fitsIn(19, 2)) {
      at('too-many-places', 'the currency has 2 decimal places.');
      amountsValid = false;
    }
    debit = debit.add(d);
    credit = credit.add(c);
    const account = store.map('gl_accounts').get(String(line.AccountNumber));
    if (account === undefined) at('unknown-account', `account ${String(line.AccountNumber)} does not exist.`);
    else if (account.fields.IsActive !== true)
      at('inactive-account', `account ${String(line.AccountNumber)} is inactive.`);
    if (line.CostCenter !== undefined && line.CostCenter !== null) {
      const code = store.map('cost_centers').get(String(line.CostCenter));
      if (code === undefined || code.fields.IsActive !== true)
        at('unknown-cost-center', `cost center ${String(line.CostCenter)} is not a valid dimension code.`);
    }
  }
  if (amountsValid && !debit.equals(credit))
    problems.push({
      code: 'unbalanced',
      message: `The journal entry is not balanced: debits ${debit.toString()}, credits ${credit.toString()}.`,
    });
  const date = dateOf(journal.TransactionDate);
  if (date === undefined) problems.push({ code: 'no-date', message: 'TransactionDate is required.' });
  else {
    const period = periodProblem(store, date);
    if (period !== undefined)
      problems.push({ code: period.startsWith('No fiscal period') ? 'no-period' : 'closed-period', message: period });
  }
  return problems;
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
