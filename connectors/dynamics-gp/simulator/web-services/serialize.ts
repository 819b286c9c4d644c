/**
 * The store's records as the service's objects, elements in the legacy WSDL's order (facts §3.1; JAXB
 * GLAccount, GLPostingAccount, GLTransaction, GLTransactionLine, GLTransactionSummary). Amounts go as GP
 * keeps them, numeric(19,5) ("100.00000") with DecimalDigits 2; dates as midnight datetimes; ModifiedDate
 * as SQL Server's UTC datetime without a zone (the zone the real service writes is unconfirmed).
 */
import { el, nilEl, typedEl, type XmlOut } from '../../../kit/soap/xml.ts';
import { GP_NS } from '../../web-services/wire.ts';
import type { SimRecord } from '../entities.ts';
import { GpDateTime, Money, formatGpDateTime, moneyLiteral, type SimFields } from '../gp-values.ts';
import { journalYear } from '../store.ts';

const gp = (name: string, content?: string | readonly (XmlOut | undefined)[]): XmlOut => el(GP_NS, name, content);

/** GP's sample-company currency ids and their ISO codes: the service's CurrencyKey and MoneyAmount carry ISO codes. */
const ISO_CODES: Readonly<Record<string, string>> = { 'Z-US$': 'USD', 'Z-C$': 'CAD', 'Z-EURO': 'EUR', 'Z-UK': 'GBP' };

export function isoCode(currencyId: string): string {
  return ISO_CODES[currencyId] ?? currencyId;
}

export function currencyIdOf(iso: string): string {
  return Object.entries(ISO_CODES).find(([, code]) => code === iso.toUpperCase())?.[0] ?? iso;
}

export function gpDate(value: unknown): string {
  const ms = value instanceof GpDateTime ? value.ms : 0;
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00`;
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

function accountKey(name: string, accountNumber: string): XmlOut {
  return gp(name, [gp('Id', accountNumber), gp('IsEncrypted', 'false')]);
}

/** GLAccountSummaryBase{Key, Alias, IsActive, Description, CreatedDate, ModifiedDate} + AccountType (§3.1). */
export function glAccountSummary(record: SimRecord): XmlOut {
  const f = record.fields;
  return gp('GLAccountSummary', [
    accountKey('Key', text(f.AccountNumber)),
    gp('Alias', text(f.Alias)),
    gp('IsActive', String(f.IsActive === true)),
    gp('Description', text(f.Description)),
    gp('CreatedDate', gpDate(f.CreatedDate)),
    gp('ModifiedDate', formatGpDateTime(record.modifiedMs)),
    gp('AccountType', 'Posting'),
  ]);
}

/** GetGLAccountByKey's abstract GLAccount as a GLPostingAccount (GLAccount -> GLFinancialAccount -> GLPostingAccount). */
export function glPostingAccount(name: string, record: SimRecord): XmlOut {
  const f = record.fields;
  return typedEl(GP_NS, name, { ns: GP_NS, name: 'GLPostingAccount' }, [
    accountKey('Key', text(f.AccountNumber)),
    gp('Alias', text(f.Alias)),
    gp('Type', 'Posting'),
    gp('IsActive', String(f.IsActive === true)),
    gp('Description', text(f.Description)),
    gp('CreatedDate', gpDate(f.CreatedDate)),
    gp('ModifiedDate', formatGpDateTime(record.modifiedMs)),
    gp('PostInventoryIn', 'Detail'),
    gp('PostPayrollIn', 'Detail'),
    gp('PostPurchasingIn', 'Detail'),
    gp('PostSalesIn', 'Detail'),
    gp('GLAccountCategoryKey', [gp('Id', text(f.GLAccountCategory))]),
    gp('AllowAccountEntry', 'true'),
    gp('IsRevalued', 'false'),
    nilEl(GP_NS, 'PostRevaluationResultsTo'),
    gp('PostingType', text(f.PostingType).replace(/ /g, '')),
    nilEl(GP_NS, 'RevaluationMethod'),
    gp('TypicalBalance', text(f.TypicalBalance)),
  ]);
}

function transactionKey(name: string, record: SimRecord, posted: boolean): XmlOut {
  const f = record.fields;
  const parts = [gp('JournalId', text(f.JournalEntry)), gp('Date', gpDate(f.TransactionDate))];
  if (!posted) return gp(name, parts);
  return typedEl(GP_NS, name, { ns: GP_NS, name: 'GLTransactionPostedKey' }, [
    ...parts,
    gp('RecurringTransactionSequence', '0'),
    gp('FiscalYear', text(journalYear(f))),
  ]);
}

function headerParts(record: SimRecord): { key: XmlOut; batch: XmlOut; currency: XmlOut } {
  const f = record.fields;
  return {
    key: transactionKey('Key', record, f.TransactionState !== 'Work'),
    batch: gp('BatchKey', [gp('Source', text(f.BatchSource)), gp('Id', text(f.BatchId))]),
    currency: gp('CurrencyKey', [gp('ISOCode', isoCode(text(f.CurrencyId)))]),
  };
}

/** GLTransactionSummary: Key, BatchKey, CurrencyKey, ModifiedDate, Reference, SourceDocumentKey, TransactionState, LedgerType. No amounts, no lines (§3.1). */
export function glTransactionSummary(record: SimRecord): XmlOut {
  const f = record.fields;
  const { key, batch, currency } = headerParts(record);
  return gp('GLTransactionSummary', [
    key,
    batch,
    currency,
    gp('ModifiedDate', formatGpDateTime(record.modifiedMs)),
    gp('Reference', text(f.Reference)),
    gp('SourceDocumentKey', [gp('Id', text(f.SourceDocument))]),
    gp('TransactionState', text(f.TransactionState)),
    gp('LedgerType', text(f.LedgerType) || 'Base'),
  ]);
}

function money(name: string, value: unknown): XmlOut {
  const amount = value instanceof Money ? value : undefined;
  return typedEl(GP_NS, name, { ns: GP_NS, name: 'MoneyAmount' }, [
    gp('Currency', isoCode(amount?.currency ?? 'Z-US$')),
    gp('Value', amount === undefined ? '0.00000' : moneyLiteral(amount.value)),
    gp('DecimalDigits', String(amount?.digits ?? 2)),
  ]);
}

/** GLTransaction with its Lines, for GetGLTransactionByKey / GetGLPostedTransactionByKey (§3.1 element order). */
export function glTransaction(name: string, record: SimRecord): XmlOut {
  const f = record.fields;
  const { key, batch, currency } = headerParts(record);
  const lineKey = transactionKey('TransactionKey', record, false);
  return gp(name, [
    key,
    batch,
    currency,
    gp(
      'Lines',
      ((f.Lines ?? []) as SimFields[]).map((line) =>
        gp('GLTransactionLine', [
          gp('Key', [lineKey, gp('SequenceNumber', text(line.SequenceNumber))]),
          money('CreditAmount', line.CreditAmount),
          money('DebitAmount', line.DebitAmount),
          gp('Description', text(line.Description)),
          accountKey('GLAccountKey', text(line.AccountNumber)),
          nilEl(GP_NS, 'ExchangeRate'),
          nilEl(GP_NS, 'ExchangeDate'),
        ]),
      ),
    ),
    gp('Reference', text(f.Reference)),
    gp('SourceDocumentKey', [gp('Id', text(f.SourceDocument))]),
    nilEl(GP_NS, 'ExchangeRate'),
    nilEl(GP_NS, 'ExchangeDate'),
    gp('LedgerType', text(f.LedgerType) || 'Base'),
    gp('IsVoided', 'false'),
    gp('ModifiedDate', formatGpDateTime(record.modifiedMs)),
    gp('TransactionState', text(f.TransactionState)),
  ]);
}

/** Employee (payroll master), property names as a real client's classmap gives them (facts S31). */
export function employee(name: string, record: SimRecord): XmlOut {
  const f = record.fields;
  const keyed = (element: string, value: unknown): XmlOut | undefined =>
    value === null || value === undefined || value === '' ? undefined : gp(element, [gp('Id', text(value))]);
  const date = (element: string, value: unknown): XmlOut | undefined =>
    value instanceof GpDateTime ? gp(element, gpDate(value)) : undefined;
  return gp(name, [
    keyed('DepartmentKey', f.Department),
    keyed('DivisionKey', f.Division),
    date('EmployeeInactivatedDate', f.InactiveDate),
    gp('EmployeeKey', [gp('Id', text(f.EmployeeId))]),
    date('EmploymentStartDate', f.HireDate),
    gp('IsActive', String(f.IsActive !== false)),
    gp('ModifiedDate', formatGpDateTime(record.modifiedMs)),
    gp('Name', [gp('Family', text(f.LastName)), gp('Given', text(f.FirstName)), gp('Middle', text(f.MiddleName))]),
    keyed('PositionKey', f.JobTitle),
  ]);
}

/** EmployeeSummary (unconfirmed members): Key, FirstName, LastName, IsActive, ModifiedDate. */
export function employeeSummary(record: SimRecord): XmlOut {
  const f = record.fields;
  return gp('EmployeeSummary', [
    gp('Key', [gp('Id', text(f.EmployeeId))]),
    gp('FirstName', text(f.FirstName)),
    gp('LastName', text(f.LastName)),
    gp('IsActive', String(f.IsActive !== false)),
    gp('ModifiedDate', formatGpDateTime(record.modifiedMs)),
  ]);
}
