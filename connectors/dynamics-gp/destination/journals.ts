/**
 * Rows of a `gl_journals` target grouped into journals (by journal_reference), and everything that can
 * be checked before asking GP: one date and one currency per journal, a reference GP can store, each
 * line either a debit or a credit with at most the currency's 2 places, and debits equal to credits,
 * exactly (decimals, never floats). A journal that fails is refused whole: the failing lines carry
 * their reason and every other line says which line held its journal.
 */
import type { DataRow, RejectedRow } from '../../../engine/model/io.ts';
import { Decimal, PlainDate, type Value } from '../../../engine/model/values/index.ts';

/** GP limits (dynamics-gp.md §4: Reference, Description (30)); currency amounts with 2 places. */
export const REFERENCE_MAX = 30;
export const DESCRIPTION_MAX = 30;
export const CURRENCY_PLACES = 2;

export interface JournalLine {
  readonly rowIndex: number;
  readonly account: string;
  readonly costCenter: string | null;
  readonly debit: Decimal;
  readonly credit: Decimal;
  readonly description: string | null;
}

export interface JournalDraft {
  readonly reference: string;
  readonly date: PlainDate;
  readonly currency: string | null;
  readonly lines: readonly JournalLine[];
}

export interface LineProblem {
  /** The line at fault; undefined when the journal as a whole is (unbalanced, mixed dates). */
  readonly rowIndex?: number;
  readonly code: string;
  readonly message: string;
}

function text(value: Value | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function amount(value: Value | undefined): Decimal {
  return value instanceof Decimal ? value : Decimal.ZERO;
}

export function draftJournals(rows: readonly DataRow[]): JournalDraft[] {
  const byReference = new Map<string, { date: PlainDate; currency: string | null; lines: JournalLine[] }>();
  rows.forEach((row, rowIndex) => {
    const reference = text(row.journal_reference) ?? '';
    const date = row.transaction_date as PlainDate;
    const draft = byReference.get(reference) ?? { date, currency: text(row.currency), lines: [] };
    draft.lines.push({
      rowIndex,
      account: text(row.account) ?? '',
      costCenter: text(row.cost_center),
      debit: amount(row.debit),
      credit: amount(row.credit),
      description: text(row.description),
    });
    byReference.set(reference, draft);
  });
  return [...byReference].map(([reference, draft]) => ({ reference, ...draft }));
}

/** What makes a journal unfit to send, found without GP; empty when it may go on to GP's checks. */
export function structureProblems(draft: JournalDraft, rows: readonly DataRow[]): LineProblem[] {
  const problems: LineProblem[] = [];
  if (draft.reference.length > REFERENCE_MAX)
    problems.push({
      code: 'JOURNAL_REFERENCE_TOO_LONG',
      message: `journal_reference "${draft.reference}" is longer than GP's ${REFERENCE_MAX} characters`,
    });
  if (draft.lines.length < 2)
    problems.push({
      code: 'JOURNAL_ONE_LINE',
      message: `journal "${draft.reference}" has one line; a journal needs a debit and a credit`,
    });
  let debits = Decimal.ZERO;
  let credits = Decimal.ZERO;
  for (const line of draft.lines) {
    const row = rows[line.rowIndex]!;
    const where = `journal "${draft.reference}", line on account ${line.account}`;
    if (!(row.transaction_date instanceof PlainDate) || !row.transaction_date.equals(draft.date)) {
      problems.push({
        rowIndex: line.rowIndex,
        code: 'JOURNAL_MIXED_DATES',
        message: `${where}: its transaction_date ${text(row.transaction_date) ?? '(empty)'} differs from the journal's ${draft.date.toString()}`,
      });
    }
    if (text(row.currency) !== draft.currency)
      problems.push({
        rowIndex: line.rowIndex,
        code: 'JOURNAL_MIXED_CURRENCIES',
        message: `${where}: currency ${text(row.currency) ?? '(empty)'} differs from the journal's ${draft.currency ?? '(empty)'}`,
      });
    if (line.debit.sign() < 0 || line.credit.sign() < 0)
      problems.push({
        rowIndex: line.rowIndex,
        code: 'AMOUNT_NEGATIVE',
        message: `${where}: amounts cannot be negative (debit ${line.debit.toString()}, credit ${line.credit.toString()})`,
      });
    else if (line.debit.isZero() === line.credit.isZero())
      problems.push({
        rowIndex: line.rowIndex,
        code: 'LINE_NOT_ONE_SIDED',
        message: `${where}: a line has either a debit or a credit (debit ${line.debit.toString()}, credit ${line.credit.toString()})`,
      });
    if (!line.debit.fitsIn(19, CURRENCY_PLACES) || !line.credit.fitsIn(19, CURRENCY_PLACES)) {
      problems.push({
        rowIndex: line.rowIndex,
        code: 'AMOUNT_TOO_MANY_PLACES',
        message: `${where}: amounts have at most ${CURRENCY_PLACES} decimal places in GP (debit ${line.debit.toString()}, credit ${line.credit.toString()})`,
      });
    }
    if ((line.description?.length ?? 0) > DESCRIPTION_MAX)
      problems.push({
        rowIndex: line.rowIndex,
        code: 'DESCRIPTION_TOO_LONG',
        message: `${where}: description is longer than GP's ${DESCRIPTION_MAX} characters`,
      });
    debits = debits.add(line.debit);
    credits = credits.add(line.credit);
  }
  if (!debits.equals(credits)) {
    problems.push({
      code: 'JOURNAL_UNBALANCED',
      message: `journal "${draft.reference}" does not balance: debits ${debits.toString()}, credits ${credits.toString()} (difference ${debits.subtract(credits).toString()})`,
    });
  }
  return problems;
}

/** Every row of a journal refused: the lines at fault with their reasons, the others held with them. */
export function rejectJournal(draft: JournalDraft, problems: readonly LineProblem[]): RejectedRow[] {
  const first = problems[0];
  if (first === undefined) return [];
  const summary = problems.length === 1 ? first.message : `${first.message} (and ${problems.length - 1} more)`;
  return draft.lines.map((line) => {
    const own = problems.filter((problem) => problem.rowIndex === line.rowIndex || problem.rowIndex === undefined);
    if (own.length > 0)
      return { index: line.rowIndex, code: own[0]!.code, message: own.map((problem) => problem.message).join('; ') };
    return {
      index: line.rowIndex,
      code: 'JOURNAL_HELD',
      message: `held with the rest of journal "${draft.reference}", not posted in part: ${summary}`,
    };
  });
}

/** The journal's `{"Payload": ...}` content as JSON text, amounts written digit for digit. */
export function journalPayload(draft: JournalDraft, batch: string): string {
  const lines = draft.lines.map(
    (line) =>
      `{"AccountNumber":${JSON.stringify(line.account)},"CostCenter":${JSON.stringify(line.costCenter)},` +
      `"DebitAmount":{"Value":${line.debit.rescale(CURRENCY_PLACES).toString()}},"CreditAmount":{"Value":${line.credit.rescale(CURRENCY_PLACES).toString()}},` +
      `"Description":${JSON.stringify(line.description)}}`,
  );
  const currency = draft.currency === null ? '' : `,"CurrencyId":${JSON.stringify(draft.currency)}`;
  return `{"BatchSource":"GL_Normal","BatchId":${JSON.stringify(batch)},"Reference":${JSON.stringify(draft.reference)},"TransactionDate":"${draft.date.toString()}"${currency},"Lines":[${lines.join(',')}]}`;
}
