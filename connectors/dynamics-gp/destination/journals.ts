/**
 * Rows of a `gl_journals` target grouped into journals (by journal_reference), and everything that can
 * be checked before asking GP: one date and one currency per journal, a reference GP can store, each
 * line either a debit or a credit with at most the currency's 2 places, debits equal to credits,
 * exactly (decimals, never floats), and a cost center that fits its account segment. A journal that
 * fails is refused whole: the failing lines carry their reason and every other line says which line
 * held its journal.
 *
 * GP has no cost-center object in Web Services: a cost center is one segment of the account number
 * (e.g. 100 in 100-6100-00). A line's `cost_center`, when given, replaces that segment of its
 * `account`, and the composed account is what GP validates and receives.
 */
import type { DataRow, RejectedRow } from '../../../engine/model/io.ts';
import { Decimal, PlainDate, type Value } from '../../../engine/model/values/index.ts';

/** GP limits (web-services §7: Reference 30, line Description 30); currency amounts with 2 places. */
export const REFERENCE_MAX = 30;
export const DESCRIPTION_MAX = 30;
export const CURRENCY_PLACES = 2;
/** GP Web Services' CurrencyKey carries an ISO 4217 code (web-services §3.1: MoneyAmount.Currency is the ISO code). */
const ISO_CURRENCY = /^[A-Z]{3}$/;
/** GP account numbers are formatted with this separator between segments (web-services §3.1: "00-00-1601"). */
export const SEGMENT_SEPARATOR = '-';

export interface JournalLine {
  readonly rowIndex: number;
  /** The account GP validates and receives: `account` with the cost center in its segment. */
  readonly account: string;
  /** The account as mapped, before the cost center was put in. */
  readonly mappedAccount: string;
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

/** `account` with segment `segment` (1-based) replaced by the cost center; the account as it is when there is none. */
export function composeAccount(account: string, costCenter: string | null, segment: number): string {
  if (costCenter === null) return account;
  const parts = account.split(SEGMENT_SEPARATOR);
  if (segment > parts.length) return account;
  parts[segment - 1] = costCenter;
  return parts.join(SEGMENT_SEPARATOR);
}

export function draftJournals(rows: readonly DataRow[], costCenterSegment = 1): JournalDraft[] {
  const byReference = new Map<string, { date: PlainDate; currency: string | null; lines: JournalLine[] }>();
  rows.forEach((row, rowIndex) => {
    const reference = text(row.journal_reference) ?? '';
    const date = row.transaction_date as PlainDate;
    const draft = byReference.get(reference) ?? { date, currency: text(row.currency), lines: [] };
    const mappedAccount = text(row.account) ?? '';
    const costCenter = text(row.cost_center);
    draft.lines.push({
      rowIndex,
      account: composeAccount(mappedAccount, costCenter, costCenterSegment),
      mappedAccount,
      costCenter,
      debit: amount(row.debit),
      credit: amount(row.credit),
      description: text(row.description),
    });
    byReference.set(reference, draft);
  });
  return [...byReference].map(([reference, draft]) => ({ reference, ...draft }));
}

/** What makes a journal unfit to send, found without GP; empty when it may go on to GP's checks. */
export function structureProblems(draft: JournalDraft, rows: readonly DataRow[], costCenterSegment = 1): LineProblem[] {
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
    const currency = text(row.currency);
    if (currency !== null && !ISO_CURRENCY.test(currency))
      problems.push({
        rowIndex: line.rowIndex,
        code: 'CURRENCY_NOT_ISO',
        message: `${where}: currency "${currency}" is not an ISO 4217 code such as USD; GP Web Services name currencies by ISO code, not by GP's currency id`,
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
    const fit = costCenterFit(line, costCenterSegment);
    if (fit !== undefined)
      problems.push({ rowIndex: line.rowIndex, code: 'COST_CENTER_NOT_A_SEGMENT', message: `${where}: ${fit}` });
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

/**
 * Why a line's cost center cannot be its account's segment: the account has no such segment, or the
 * code is not as long as the segment (GP's account format fixes each segment's length), or it holds
 * the separator. Undefined when it fits or there is no cost center.
 */
function costCenterFit(line: JournalLine, segment: number): string | undefined {
  if (line.costCenter === null) return undefined;
  const parts = line.mappedAccount.split(SEGMENT_SEPARATOR);
  const current = parts[segment - 1];
  if (current === undefined)
    return `account ${line.mappedAccount} has no segment ${segment} to take cost center ${line.costCenter}`;
  if (line.costCenter.includes(SEGMENT_SEPARATOR) || line.costCenter.length !== current.length)
    return `cost center "${line.costCenter}" is not a ${current.length}-character code for segment ${segment} of account ${line.mappedAccount}`;
  return undefined;
}
