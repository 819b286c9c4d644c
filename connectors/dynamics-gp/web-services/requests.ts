/**
 * The request bodies, element by element in the legacy WSDL's order (GitHub tebogommer/merseta-online
 * `DynamicsGP.wsdl` and its JAXB classes), sent the way that JAXB client sends them: required nillable
 * elements without a value go as `xsi:nil="true"` (facts §3.1), optional ones are left out.
 */
import { el, nilEl, typedEl, type XmlOut } from '../../kit/soap/xml.ts';
import { DYNAMICS_NS, GP_NS } from './wire.ts';
import type { GlTransactionState, NewGlTransaction, UtcRange } from './types.ts';

const gp = (name: string, content?: string | readonly (XmlOut | undefined)[]): XmlOut => el(GP_NS, name, content);
const d = (name: string, content?: string | readonly (XmlOut | undefined)[]): XmlOut => el(DYNAMICS_NS, name, content);

export interface ContextOptions {
  readonly companyKey: number;
  readonly currencyType: 'Transactional' | 'Local';
}

/** §3.1: `OrganizationKey xsi:type=CompanyKey` with the numeric company id; CurrencyType is required. */
export function contextElement(context: ContextOptions): XmlOut {
  return gp('context', [
    typedEl(DYNAMICS_NS, 'OrganizationKey', { ns: DYNAMICS_NS, name: 'CompanyKey' }, [
      d('Id', String(context.companyKey)),
    ]),
    d('CultureName', 'en-US'),
    d('CurrencyType', context.currencyType),
  ]);
}

/** The operation element: its parameters, then context (and policy for writes), §3.1. */
export function operationElement(operation: string, parameters: readonly (XmlOut | undefined)[]): XmlOut {
  return gp(operation, parameters);
}

/** A RestrictionOfNullable's two required nillable values, unused: `xsi:nil` as a JAXB client sends them. */
function unusedEqualities(): XmlOut[] {
  return [nilEl(GP_NS, 'EqualValue'), nilEl(GP_NS, 'NotEqualValue')];
}

/** BetweenRestrictionOfNullableOfDateTime: From/To inclusive, GreaterThan/LessThan exclusive (UTC instants). */
export function dateTimeBetween(name: string, range: UtcRange | undefined): XmlOut | undefined {
  if (range === undefined) return undefined;
  const value = (element: string, instant: string | undefined): XmlOut =>
    instant === undefined ? nilEl(GP_NS, element) : gp(element, instant);
  return gp(name, [
    ...unusedEqualities(),
    value('From', range.from),
    value('To', range.to),
    value('GreaterThan', range.after),
    value('LessThan', range.before),
  ]);
}

/** `RestrictionOfNullableOfBoolean{EqualValue, NotEqualValue}` (the docs' IsActive example, §4.1). */
export function booleanEquals(name: string, value: boolean | undefined): XmlOut | undefined {
  if (value === undefined) return undefined;
  return gp(name, [gp('EqualValue', String(value)), nilEl(GP_NS, 'NotEqualValue')]);
}

/** A LikeRestrictionOfString by equality (its string members are optional, so the rest is left out). */
export function stringEquals(name: string, value: string | undefined): XmlOut | undefined {
  return value === undefined ? undefined : gp(name, [gp('EqualValue', value)]);
}

/** `ListRestrictionOfNullableOfGLTransactionState{EqualValue, NotEqualValue, Items}`. */
export function transactionStates(states: readonly GlTransactionState[] | undefined): XmlOut | undefined {
  if (states === undefined) return undefined;
  return gp('TransactionState', [
    ...unusedEqualities(),
    gp(
      'Items',
      states.map((state) => gp('GLTransactionState', state)),
    ),
  ]);
}

/** GP document dates are date-only (midnight, facts §3.1): sent without a zone, as the date itself. */
export function gpDateTime(date: string): string {
  return `${date}T00:00:00`;
}

/** GLAccountNumberKey{Id, IsEncrypted}: the formatted account string, e.g. `000-1100-00`. */
export function accountKey(name: string, accountNumber: string): XmlOut {
  return gp(name, [gp('Id', accountNumber), gp('IsEncrypted', 'false')]);
}

/** GLTransactionKey{JournalId, Date}; a null JournalId asks GP to number the journal (§6.1). */
export function transactionKey(name: string, journalId: number | undefined, date: string): XmlOut {
  return gp(name, [
    journalId === undefined ? nilEl(GP_NS, 'JournalId') : gp('JournalId', String(journalId)),
    gp('Date', gpDateTime(date)),
  ]);
}

/**
 * GLTransactionPostedKey{JournalId, Date, RecurringTransactionSequence, FiscalYear}. The year is the
 * date's: right for a calendar fiscal year, which is what a summary (that carries no fiscal year) leaves
 * a client to go on. Unconfirmed for a company whose fiscal year is not the calendar year.
 */
export function postedTransactionKey(journalId: number, date: string): XmlOut {
  return gp('key', [
    gp('JournalId', String(journalId)),
    gp('Date', gpDateTime(date)),
    gp('RecurringTransactionSequence', '0'),
    gp('FiscalYear', date.slice(0, 4)),
  ]);
}

/** MoneyAmount{Currency, Value, DecimalDigits} under `xsi:type`, as real clients send amounts (§3.1). */
export function moneyAmount(name: string, value: string, currency: string): XmlOut {
  const places = value.includes('.') ? (value.split('.')[1]?.length ?? 0) : 0;
  return typedEl(GP_NS, name, { ns: GP_NS, name: 'MoneyAmount' }, [
    gp('Currency', currency),
    gp('Value', value),
    gp('DecimalDigits', String(Math.max(2, places))),
  ]);
}

/** GLTransaction in WSDL order (§3.1), for CreateGLTransaction's `glTransaction` parameter. */
export function newGlTransaction(journal: NewGlTransaction, batchSource: string, currency: string): XmlOut {
  return gp('glTransaction', [
    transactionKey('Key', undefined, journal.date),
    gp('BatchKey', [gp('Source', batchSource), gp('Id', journal.batchId)]),
    gp('CurrencyKey', [gp('ISOCode', currency)]),
    gp(
      'Lines',
      journal.lines.map((line, index) =>
        gp('GLTransactionLine', [
          gp('Key', [
            transactionKey('TransactionKey', undefined, journal.date),
            gp('SequenceNumber', String((index + 1) * 16384)),
          ]),
          moneyAmount('CreditAmount', line.credit, currency),
          moneyAmount('DebitAmount', line.debit, currency),
          line.description === undefined ? undefined : gp('Description', line.description),
          accountKey('GLAccountKey', line.accountNumber),
          nilEl(GP_NS, 'ExchangeRate'),
          nilEl(GP_NS, 'ExchangeDate'),
        ]),
      ),
    ),
    gp('Reference', journal.reference),
    nilEl(GP_NS, 'ExchangeRate'),
    nilEl(GP_NS, 'ExchangeDate'),
    nilEl(GP_NS, 'LedgerType'),
    nilEl(GP_NS, 'IsVoided'),
    nilEl(GP_NS, 'ModifiedDate'),
    nilEl(GP_NS, 'TransactionState'),
  ]);
}

/** Policy{Key{Id}}: passing only the key works (a real client, facts §6.1). */
export function policyElement(policyId: string): XmlOut {
  return gp('policy', [gp('Key', [gp('Id', policyId)])]);
}
