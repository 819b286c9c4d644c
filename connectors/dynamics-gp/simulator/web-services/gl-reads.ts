/**
 * The GL reads (facts §4.1): GetGLAccountList, GetGLAccountByKey, GetGLTransactionList (Work, Open and
 * History together unless TransactionState restricts, §8.4), GetGLTransactionByKey (Work) and
 * GetGLPostedTransactionByKey (Open/History). An unknown key is "Business object not found." (§8.8).
 */
import { child, el, textAt, type XmlElement, type XmlOut } from '../../../kit/soap/xml.ts';
import type { SimRecord } from '../entities.ts';
import { GpDateTime } from '../gp-values.ts';
import { journalYear } from '../store.ts';
import { booleanTest, criteriaInstant, dateTimeTest, enumTest, stringTest } from './criteria.ts';
import { notFoundFault, systemFault } from './faults.ts';
import { capped } from './listing.ts';
import type { OperationContext } from './operation-context.ts';
import { glAccountSummary, glPostingAccount, glTransaction, glTransactionSummary } from './serialize.ts';
import { GP_NS } from '../../web-services/wire.ts';

const result = (operation: string, children: readonly XmlOut[]): XmlOut => el(GP_NS, `${operation}Result`, children);

export function getGLAccountList(ctx: OperationContext, request: XmlElement): XmlOut {
  const criteria = child(request, 'criteria');
  const modified = dateTimeTest(child(criteria, 'ModifiedDate'));
  const created = dateTimeTest(child(criteria, 'CreatedDate'));
  const active = booleanTest(child(criteria, 'IsActive'));
  const id = stringTest(child(criteria, 'GLAccountId'));
  const description = stringTest(child(criteria, 'Description'));
  const matches = (record: SimRecord): boolean =>
    modified(record.modifiedMs) &&
    created(record.fields.CreatedDate instanceof GpDateTime ? record.fields.CreatedDate.ms : 0) &&
    active(record.fields.IsActive === true) &&
    id(String(record.fields.AccountNumber)) &&
    description(String(record.fields.Description ?? ''));
  const accounts = capped(ctx.store.map('gl_accounts').values(), matches, ctx.listCap);
  return result('GetGLAccountList', accounts.map(glAccountSummary));
}

export function getGLAccountByKey(ctx: OperationContext, request: XmlElement): XmlOut {
  const id = textAt(request, 'key', 'Id');
  const account = id === undefined ? undefined : ctx.store.map('gl_accounts').get(id.trim());
  if (account === undefined) throw notFoundFault();
  return glPostingAccount('GetGLAccountByKeyResult', account);
}

export function getGLTransactionList(ctx: OperationContext, request: XmlElement): XmlOut {
  const criteria = child(request, 'criteria');
  const modified = dateTimeTest(child(criteria, 'ModifiedDate'));
  const date = dateTimeTest(child(criteria, 'Date'));
  const batch = stringTest(child(criteria, 'BatchId'));
  const journal = stringTest(child(criteria, 'JournalId'));
  const sourceDocument = stringTest(child(criteria, 'SourceDocumentId'));
  const state = enumTest(child(criteria, 'TransactionState'), 'GLTransactionState');
  const year = child(criteria, 'FiscalYear');
  const fromYear = textAt(year, 'From');
  const toYear = textAt(year, 'To');
  const matches = (record: SimRecord): boolean => {
    const f = record.fields;
    const journalYearValue = journalYear(f) ?? 0;
    return (
      modified(record.modifiedMs) &&
      date(f.TransactionDate instanceof GpDateTime ? f.TransactionDate.ms : 0) &&
      batch(String(f.BatchId ?? '')) &&
      journal(String(f.JournalEntry)) &&
      sourceDocument(String(f.SourceDocument ?? '')) &&
      state(String(f.TransactionState)) &&
      (fromYear === undefined || journalYearValue >= Number(fromYear)) &&
      (toYear === undefined || journalYearValue <= Number(toYear))
    );
  };
  const journals = capped(ctx.store.map('gl_journal_entries').values(), matches, ctx.listCap);
  return result('GetGLTransactionList', journals.map(glTransactionSummary));
}

/** The journal a key names: JournalId and Date both match (§8.6); a posted key's non-zero FiscalYear too. */
function findJournal(ctx: OperationContext, key: XmlElement | undefined, posted: boolean): SimRecord {
  const id = textAt(key, 'JournalId');
  const dateText = textAt(key, 'Date');
  if (id === undefined || dateText === undefined) throw notFoundFault();
  if (!/^-?\d+$/.test(id.trim())) throw systemFault(`JournalId '${id.slice(0, 20)}' is not an xs:int`);
  const day = new Date(criteriaInstant(dateText)).toISOString().slice(0, 10);
  const journal = ctx.store.map('gl_journal_entries').get(Number(id));
  if (journal === undefined) throw notFoundFault();
  const f = journal.fields;
  const journalDay =
    f.TransactionDate instanceof GpDateTime ? new Date(f.TransactionDate.ms).toISOString().slice(0, 10) : '';
  const isPosted = f.TransactionState !== 'Work';
  const year = Number(textAt(key, 'FiscalYear') ?? '0');
  if (journalDay !== day || isPosted !== posted || (posted && year !== 0 && year !== journalYear(f)))
    throw notFoundFault();
  return journal;
}

export function getGLTransactionByKey(ctx: OperationContext, request: XmlElement): XmlOut {
  return glTransaction('GetGLTransactionByKeyResult', findJournal(ctx, child(request, 'key'), false));
}

export function getGLPostedTransactionByKey(ctx: OperationContext, request: XmlElement): XmlOut {
  return glTransaction('GetGLPostedTransactionByKeyResult', findJournal(ctx, child(request, 'key'), true));
}
