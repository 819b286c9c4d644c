/**
 * Reading GP's answers into the client's records. Values are the text GP sent: amounts keep their digits
 * (only trailing zeros beyond the currency's DecimalDigits are dropped, never a rounding), dates are the
 * date part of GP's midnight datetimes, and ModifiedDate becomes an ISO instant with Z (UTC per facts
 * §3.1; a value without a zone is read as UTC, one with an offset is converted).
 */
import { Decimal } from '../../../engine/model/values/index.ts';
import { KitError } from '../../kit/errors.ts';
import { child, childrenNamed, textAt, type XmlElement } from '../../kit/soap/xml.ts';
import type {
  GlAccount,
  GlAccountSummary,
  GlTransaction,
  GlTransactionLine,
  GlTransactionState,
  GlTransactionSummary,
  GpEmployee,
  GpEmployeeSummary,
} from './types.ts';

function invalid(what: string): KitError {
  return new KitError('RESPONSE_INVALID', `GP Web Services answered with ${what}`);
}

function required(element: XmlElement | undefined, ...path: string[]): string {
  const value = textAt(element, ...path);
  if (value === undefined) throw invalid(`no ${path.join('/')} in ${element?.name ?? 'the answer'}`);
  return value;
}

/** The date part of a GP date (a datetime at midnight). */
export function dateOnly(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) throw invalid(`a date that is not ISO (${value.slice(0, 40)})`);
  return value.slice(0, 10);
}

/** A GP instant as ISO with Z: zone-less text is UTC (facts §3.1), an offset is converted. */
export function utcInstant(value: string): string {
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) throw invalid(`a date-time that is not ISO (${value.slice(0, 40)})`);
  return new Date(ms).toISOString();
}

function bool(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/** MoneyAmount{Currency, Value, DecimalDigits}: the Value's exact digits at the currency's places when no digit is lost. */
export function amountText(amount: XmlElement | undefined): string {
  const value = textAt(amount, 'Value');
  if (value === undefined || value.trim() === '') return '0.00';
  const decimal = Decimal.tryParse(value.trim());
  if (decimal === undefined) throw invalid(`an amount that is not a decimal (${value.slice(0, 40)})`);
  const digits = Number(textAt(amount, 'DecimalDigits') ?? '2');
  try {
    return decimal.rescale(Number.isInteger(digits) && digits >= 0 ? digits : 2).toString();
  } catch {
    return decimal.toString();
  }
}

export function readGlAccountSummary(element: XmlElement): GlAccountSummary {
  return {
    accountNumber: required(element, 'Key', 'Id'),
    alias: textAt(element, 'Alias') ?? '',
    description: textAt(element, 'Description') ?? '',
    isActive: bool(textAt(element, 'IsActive')),
    accountType: textAt(element, 'AccountType') ?? textAt(element, 'Type') ?? '',
    createdDate: dateOnly(required(element, 'CreatedDate')),
    modifiedDate: utcInstant(required(element, 'ModifiedDate')),
  };
}

/**
 * GetGLAccountByKey's GLAccount is abstract: a posting account comes as `xsi:type="GLPostingAccount"`.
 * The account index (ACTINDX) is not a property of the service's GLAccount, so it is null here.
 */
export function readGlAccount(element: XmlElement): GlAccount {
  return {
    ...readGlAccountSummary(element),
    accountType: element.type?.name === 'GLPostingAccount' ? 'Posting' : (textAt(element, 'Type') ?? ''),
    postingType: textAt(element, 'PostingType') ?? '',
    typicalBalance: textAt(element, 'TypicalBalance') ?? '',
    category: textAt(element, 'GLAccountCategoryKey', 'Id') ?? null,
    accountIndex: null,
  };
}

const STATES: readonly GlTransactionState[] = ['Work', 'Open', 'History'];

export function readGlTransactionSummary(element: XmlElement): GlTransactionSummary {
  const state = textAt(element, 'TransactionState') ?? '';
  if (!(STATES as readonly string[]).includes(state)) throw invalid(`a TransactionState of '${state.slice(0, 20)}'`);
  const journalId = Number(required(element, 'Key', 'JournalId'));
  if (!Number.isInteger(journalId)) throw invalid('a JournalId that is not a whole number');
  return {
    journalId,
    date: dateOnly(required(element, 'Key', 'Date')),
    batchSource: textAt(element, 'BatchKey', 'Source') ?? '',
    batchId: textAt(element, 'BatchKey', 'Id') ?? '',
    currencyId: textAt(element, 'CurrencyKey', 'ISOCode') ?? '',
    modifiedDate: utcInstant(required(element, 'ModifiedDate')),
    reference: textAt(element, 'Reference') ?? '',
    sourceDocument: textAt(element, 'SourceDocumentKey', 'Id') ?? '',
    state: state as GlTransactionState,
    ledgerType: textAt(element, 'LedgerType') ?? '',
  };
}

export function readGlTransaction(element: XmlElement): GlTransaction {
  const year = textAt(element, 'Key', 'FiscalYear');
  return {
    ...readGlTransactionSummary(element),
    fiscalYear: year !== undefined && /^\d{4}$/.test(year) ? Number(year) : null,
    lines: childrenNamed(child(element, 'Lines'), 'GLTransactionLine').map(readLine),
  };
}

function readLine(line: XmlElement): GlTransactionLine {
  return {
    sequenceNumber: Number(textAt(line, 'Key', 'SequenceNumber') ?? '0'),
    accountNumber: required(line, 'GLAccountKey', 'Id'),
    debit: amountText(child(line, 'DebitAmount')),
    credit: amountText(child(line, 'CreditAmount')),
    description: textAt(line, 'Description') ?? '',
  };
}

export function readEmployee(element: XmlElement): GpEmployee {
  const optional = (value: string | undefined): string | undefined => (value === '' ? undefined : value);
  const date = (value: string | undefined): string | undefined =>
    value === undefined || value === '' ? undefined : dateOnly(value);
  const modified = textAt(element, 'ModifiedDate');
  const employee: Record<string, unknown> = {
    employeeId: required(element, 'EmployeeKey', 'Id'),
    firstName: textAt(element, 'Name', 'Given') ?? '',
    middleName: optional(textAt(element, 'Name', 'Middle')),
    lastName: textAt(element, 'Name', 'Family') ?? '',
    department: optional(textAt(element, 'DepartmentKey', 'Id')),
    position: optional(textAt(element, 'PositionKey', 'Id')),
    division: optional(textAt(element, 'DivisionKey', 'Id')),
    hireDate: date(textAt(element, 'EmploymentStartDate')),
    isActive: bool(textAt(element, 'IsActive')),
    inactivatedDate: date(textAt(element, 'EmployeeInactivatedDate')),
    modifiedDate: modified === undefined ? undefined : utcInstant(modified),
  };
  return Object.fromEntries(
    Object.entries(employee).filter(([, value]) => value !== undefined),
  ) as unknown as GpEmployee;
}

export function readEmployeeSummary(element: XmlElement): GpEmployeeSummary {
  return {
    employeeId: required(element, 'Key', 'Id'),
    firstName: textAt(element, 'FirstName') ?? '',
    lastName: textAt(element, 'LastName') ?? '',
    isActive: bool(textAt(element, 'IsActive')),
    modifiedDate: utcInstant(required(element, 'ModifiedDate')),
  };
}

/** ValidationResult{Errors{ValidationError*}, Warnings{ValidationWarning*}}: the errors' Message texts. */
export function readValidationMessages(result: XmlElement | undefined): string[] {
  return childrenNamed(child(result, 'Errors'), 'ValidationError')
    .map((item) => textAt(item, 'Message') ?? '')
    .filter((message) => message !== '');
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The exception log id of a fault (§7: the fault "contains an ID which identifies the exception in the
 * exception log"; which element carries it is unconfirmed): a LogId element anywhere in the detail,
 * else the first GUID in the detail's text or in the message.
 */
export function faultLogId(detail: XmlElement | undefined, message: string): string | undefined {
  const search = (element: XmlElement | undefined): string | undefined => {
    if (element === undefined) return undefined;
    if (/^LogId$/i.test(element.name) && GUID.test(element.text)) return GUID.exec(element.text)?.[0];
    for (const inner of element.children) {
      const found = search(inner);
      if (found !== undefined) return found;
    }
    return GUID.exec(element.text)?.[0];
  };
  return search(detail) ?? GUID.exec(message)?.[0];
}
