/**
 * CreateGLTransaction (facts §6.1, §8.7): the journal is created unposted (Work) in the batch its
 * BatchKey names, numbered by GP when Key.JournalId is nil, and the call answers nothing. A journal GP
 * would not take is refused whole with a validation fault listing every reason (`journal-rules.ts`).
 * GP's own words are used where a source gives them: "Account is inactive; please activate or change the
 * account." (facts S39). The other messages are the simulator's, and whether GP refuses each of these at
 * create time rather than when the batch is posted is unconfirmed (§7). A batch that does not exist yet is
 * created by the journal (unconfirmed, §8.7: the Create Batch policy governs it on a real GP).
 */
import { Decimal, PlainDate } from '../../../../engine/model/values/index.ts';
import { child, childrenNamed, textAt, type XmlElement } from '../../../kit/soap/xml.ts';
import { GL_NORMAL, GP_NS } from '../../web-services/wire.ts';
import { Money, gpDate as gpDay, type SimFields } from '../gp-values.ts';
import { journalProblems, type JournalProblem } from '../journal-rules.ts';
import type { OperationContext } from './operation-context.ts';
import { systemFault, validationFault, type ValidationItem } from './faults.ts';
import { currencyIdOf } from './serialize.ts';

/** GL10000/GL10001 column widths (facts §7: BatchKey Id and Source ≤ 15, DSCRIPTN ≤ 30; REFRENCE char(31)). */
const LIMITS = { batchId: 15, batchSource: 15, reference: 30, description: 30 } as const;

/** GP's words for a rule where a source gives them; otherwise the rule's own (simulator) message. */
function gpMessage(problem: JournalProblem): string {
  if (problem.code === 'inactive-account') return 'Account is inactive; please activate or change the account.';
  return problem.message;
}

function propertyOf(problem: JournalProblem): string {
  const line = problem.line === undefined ? '' : `Lines[${problem.line - 1}].`;
  switch (problem.code) {
    case 'unknown-account':
    case 'inactive-account':
      return `${line}GLAccountKey`;
    case 'no-date':
    case 'closed-period':
    case 'no-period':
      return 'Key.Date';
    case 'unbalanced':
    case 'too-few-lines':
      return 'Lines';
    default:
      return `${line}DebitAmount`;
  }
}

/** An Amount element's exact value; the abstract Amount must come as `xsi:type` MoneyAmount (§3.1). */
function amountOf(element: XmlElement | undefined, what: string): Money | undefined {
  if (element === undefined || element.nil) return undefined;
  if (element.type?.ns !== GP_NS || element.type.name !== 'MoneyAmount')
    throw systemFault(`${what} is the abstract type Amount: its xsi:type must name MoneyAmount`);
  const value = textAt(element, 'Value')?.trim() ?? '';
  const decimal = Decimal.tryParse(value);
  if (decimal === undefined) throw systemFault(`${what} Value '${value.slice(0, 30)}' is not an xs:decimal`);
  return new Money(decimal, textAt(element, 'Currency') ?? 'USD', 2);
}

function dateOfKey(text: string | undefined): PlainDate | undefined {
  if (text === undefined) return undefined;
  const day = PlainDate.tryParse(text.trim().slice(0, 10));
  if (day === undefined) throw systemFault(`'${text.slice(0, 30)}' is not an xs:dateTime`);
  return day;
}

export function createGLTransaction(context: OperationContext, request: XmlElement): undefined {
  const journal = child(request, 'glTransaction');
  if (journal === undefined || journal.nil) throw systemFault('no glTransaction was given');
  const store = context.store;
  const items: ValidationItem[] = [];
  const refuse = (property: string, message: string): void => {
    items.push({ objectType: 'GLTransaction', propertyNames: [property], message });
  };

  const key = child(journal, 'Key');
  const idText = textAt(key, 'JournalId')?.trim();
  if (idText !== undefined && !/^-?\d+$/.test(idText))
    throw systemFault(`JournalId '${idText.slice(0, 20)}' is not an xs:int`);
  const journalId = idText === undefined ? store.nextJournalEntry() : Number(idText);
  if (idText !== undefined && store.map('gl_journal_entries').has(journalId))
    refuse('Key.JournalId', `Journal entry ${journalId} already exists.`);
  const date = dateOfKey(textAt(key, 'Date'));

  const batchId = textAt(journal, 'BatchKey', 'Id') ?? '';
  const batchSource = textAt(journal, 'BatchKey', 'Source') ?? GL_NORMAL;
  if (batchId.trim() === '') refuse('BatchKey.Id', 'The batch id is required.');
  if (batchId.length > LIMITS.batchId)
    refuse('BatchKey.Id', `The batch id is longer than ${LIMITS.batchId} characters.`);
  if (batchSource.length > LIMITS.batchSource)
    refuse('BatchKey.Source', `The batch source is longer than ${LIMITS.batchSource} characters.`);
  const reference = textAt(journal, 'Reference') ?? '';
  if (reference.length > LIMITS.reference)
    refuse('Reference', `The reference is longer than ${LIMITS.reference} characters.`);
  const currencyId = currencyIdOf(textAt(journal, 'CurrencyKey', 'ISOCode') ?? 'USD');

  const lines: SimFields[] = childrenNamed(child(journal, 'Lines'), 'GLTransactionLine').map((line, index) => {
    const description = textAt(line, 'Description') ?? '';
    if (description.length > LIMITS.description)
      refuse(`Lines[${index}].Description`, `The description is longer than ${LIMITS.description} characters.`);
    const debit = amountOf(child(line, 'DebitAmount'), `Lines[${index}].DebitAmount`);
    const credit = amountOf(child(line, 'CreditAmount'), `Lines[${index}].CreditAmount`);
    return {
      SequenceNumber:
        Number(textAt(line, 'Key', 'SequenceNumber') ?? String((index + 1) * 16384)) || (index + 1) * 16384,
      AccountNumber: (textAt(line, 'GLAccountKey', 'Id') ?? '').trim(),
      DebitAmount: new Money(debit?.value ?? Decimal.ZERO.rescale(2), currencyId, 2),
      CreditAmount: new Money(credit?.value ?? Decimal.ZERO.rescale(2), currencyId, 2),
      Description: description,
    };
  });

  const fields: SimFields = {
    JournalEntry: journalId,
    TransactionDate: date === undefined ? null : gpDay(date.toEpochDay()),
    BatchSource: batchSource,
    BatchId: batchId,
    Reference: reference,
    CurrencyId: currencyId,
    SourceDocument: 'GJ',
    TransactionState: 'Work',
    LedgerType: 'Base',
    Lines: lines,
  };
  for (const problem of journalProblems(store, fields))
    items.push({
      objectType: problem.line === undefined ? 'GLTransaction' : 'GLTransactionLine',
      propertyNames: [propertyOf(problem)],
      message: gpMessage(problem),
    });
  if (items.length > 0) throw validationFault(items);
  store.map('gl_journal_entries').set(journalId, { key: journalId, modifiedMs: store.stamp(), fields });
  return undefined;
}
