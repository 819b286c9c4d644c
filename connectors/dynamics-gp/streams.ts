/**
 * The GP entities this connector reads, their fields and types, and how a GP JSON record becomes typed
 * rows. Resource names are the simulator's synthetic ones because GP's are not public
 * (dynamics-gp.md §1: "Unconfirmed ... verify against a real /help page"); a connection may override them.
 */
import type { EntitySchema, FieldSchema } from '../../engine/model/io.ts';
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import { Decimal, PlainDate, Timestamp, type Value } from '../../engine/model/values/index.ts';
import { JsonNumber, type JsonTree } from '../kit/json-exact.ts';

export type GpStreamId = 'gl_accounts' | 'gl_journal_entries' | 'gl_journal_lines' | 'vendors' | 'payables_invoices' | 'purchase_orders';
type Json = { readonly [key: string]: JsonTree };
export type FieldKind = FieldTypeName | 'money';

export interface GpStream {
  readonly schema: EntitySchema;
  readonly resource: string;
  /** The key field the server pages by (keyset after ModifiedDate). */
  readonly pageKey: string;
  readonly pageKeyIsNumber: boolean;
  /** GP record -> source rows (one, or one per journal line), raw values by field name. */
  readonly explode: (record: Json) => readonly Json[];
  readonly kinds: Readonly<Record<string, FieldKind>>;
}

const CURSOR = 'ModifiedDate';

function stream(entity: GpStreamId, label: string, resource: string, key: readonly string[], fields: readonly (readonly [string, FieldKind, string?])[], options: { pageKey: string; pageKeyIsNumber?: boolean; explode?: GpStream['explode'] }): GpStream {
  const schemaFields: FieldSchema[] = fields.map(([name, kind, description]) => ({ name, type: kind === 'money' ? 'decimal' : kind, ...(description === undefined ? {} : { description }) }));
  return {
    schema: { entity, label, key, cursorField: CURSOR, fields: schemaFields },
    resource,
    pageKey: options.pageKey,
    pageKeyIsNumber: options.pageKeyIsNumber ?? false,
    explode: options.explode ?? ((record) => [record]),
    kinds: Object.fromEntries(fields.map(([name, kind]) => [name, kind])),
  };
}

const MODIFIED: readonly [string, FieldKind, string] = [CURSOR, 'timestamp', 'Last change in GP (UTC)'];
const JOURNAL_HEADER: readonly (readonly [string, FieldKind, string?])[] = [
  ['JournalEntry', 'integer'], ['TransactionDate', 'date'], ['BatchSource', 'string'], ['BatchId', 'string'], ['Reference', 'string'],
  ['CurrencyId', 'string'], ['SourceDocument', 'string'], ['TransactionState', 'string', 'Work (unposted), Open or History'], ['LedgerType', 'string'],
];

export const GP_STREAMS: readonly GpStream[] = [
  stream('gl_accounts', 'GL accounts', 'Financial/GLAccounts', ['AccountNumber'], [
    ['AccountNumber', 'string', 'Formatted account, e.g. 000-1100-00'], ['AccountIndex', 'integer'], ['Description', 'string'], ['Alias', 'string'],
    ['IsActive', 'boolean'], ['PostingType', 'string'], ['TypicalBalance', 'string'], ['GLAccountCategory', 'integer'], ['CreatedDate', 'date'], MODIFIED,
  ], { pageKey: 'AccountNumber' }),
  stream('gl_journal_entries', 'GL journal entries', 'Financial/GLTransactions', ['JournalEntry'], [...JOURNAL_HEADER, ['LineCount', 'integer'], MODIFIED], {
    pageKey: 'JournalEntry', pageKeyIsNumber: true,
    explode: (record) => [{ ...record, LineCount: new JsonNumber(String(lines(record).length)) }],
  }),
  stream('gl_journal_lines', 'GL journal lines', 'Financial/GLTransactions', ['JournalEntry', 'SequenceNumber'], [
    ...JOURNAL_HEADER, ['SequenceNumber', 'integer'], ['AccountNumber', 'string'], ['DebitAmount', 'money'], ['CreditAmount', 'money'], ['Description', 'string'], MODIFIED,
  ], { pageKey: 'JournalEntry', pageKeyIsNumber: true, explode: (record) => lines(record).map((line) => ({ ...record, ...line, ModifiedDate: record.ModifiedDate ?? null })) }),
  stream('vendors', 'Vendors', 'Purchasing/Vendors', ['VendorId'], [
    ['VendorId', 'string'], ['Name', 'string'], ['ShortName', 'string'], ['CheckName', 'string'], ['IsActive', 'boolean'], ['IsOnHold', 'boolean'], ['IsOneTime', 'boolean'], ['ClassId', 'string'],
    ['AddressLine1', 'string'], ['AddressLine2', 'string'], ['City', 'string'], ['State', 'string'], ['PostalCode', 'string'], ['CountryRegion', 'string'], ['Phone1', 'string'], ['CreatedDate', 'date'], MODIFIED,
  ], { pageKey: 'VendorId', explode: (record) => [flattenAddress(record)] }),
  stream('payables_invoices', 'Payables invoices', 'Purchasing/PayablesInvoices', ['VoucherNumber'], [
    ['VoucherNumber', 'string'], ['VendorId', 'string'], ['VendorName', 'string'], ['VendorDocumentNumber', 'string'], ['DocumentDate', 'date'], ['GeneralLedgerPostingDate', 'date'],
    ['BatchId', 'string'], ['CurrencyId', 'string'], ['PurchasesAmount', 'money'], ['TradeDiscountAmount', 'money'], ['FreightAmount', 'money'], ['MiscellaneousAmount', 'money'],
    ['TaxAmount', 'money'], ['DocumentAmount', 'money'], ['Description', 'string'], ['PONumber', 'string'], ['TransactionState', 'string'], MODIFIED,
  ], { pageKey: 'VoucherNumber' }),
  stream('purchase_orders', 'Purchase orders', 'Purchasing/PurchaseOrders', ['PONumber'], [
    ['PONumber', 'string'], ['VendorId', 'string'], ['DocumentDate', 'date'], ['Status', 'string'], ['CurrencyId', 'string'], ['SubtotalAmount', 'money'], ['FreightAmount', 'money'],
    ['TaxAmount', 'money'], ['TotalAmount', 'money'], ['Buyer', 'string'], MODIFIED,
  ], { pageKey: 'PONumber' }),
];

function lines(record: Json): readonly Json[] {
  return Array.isArray(record.Lines) ? (record.Lines as readonly Json[]) : [];
}

function flattenAddress(record: Json): Json {
  const address = (record.Address ?? {}) as Json;
  return { ...record, AddressLine1: address.Line1 ?? null, AddressLine2: address.Line2 ?? null, City: address.City ?? null, State: address.State ?? null, PostalCode: address.PostalCode ?? null, CountryRegion: address.CountryRegion ?? null, Phone1: address.Phone1 ?? null };
}

/**
 * A raw GP value as the field's type, or a reason it cannot be. GP writes `datetime` without a zone
 * (dynamics-gp.md §5: ModifiedDate is UTC), and dates as midnight datetimes; money is
 * `{Value, Currency, DecimalDigits}` (§4), its Value read from the JSON text exactly and given the
 * currency's places when no digit is lost.
 */
export function toValue(raw: JsonTree | undefined, kind: FieldKind): { readonly value: Value } | { readonly problem: string } {
  if (raw === undefined || raw === null) return { value: null };
  switch (kind) {
    case 'string':
      return typeof raw === 'string' ? { value: raw } : { problem: 'is not text' };
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { problem: 'is not true or false' };
    case 'integer': {
      const number = raw instanceof JsonNumber ? Number(raw.text) : Number.NaN;
      return Number.isSafeInteger(number) && /^-?\d+$/.test((raw as JsonNumber).text) ? { value: number } : { problem: 'is not a whole number' };
    }
    case 'decimal':
    case 'money': {
      const inner = kind === 'money' && typeof raw === 'object' && !(raw instanceof JsonNumber) && !Array.isArray(raw) ? (raw as Json).Value : raw;
      if (!(inner instanceof JsonNumber)) return { problem: 'is not an amount' };
      const amount = Decimal.tryParse(inner.text);
      if (amount === undefined) return { problem: `${inner.text} is not an amount` };
      const digits = kind === 'money' ? (raw as Json).DecimalDigits : undefined;
      const places = digits instanceof JsonNumber ? Number(digits.text) : undefined;
      const trimmed = amount.stripTrailingZeros();
      const scale = trimmed.toString().split('.')[1]?.length ?? 0;
      return { value: places !== undefined && scale <= places ? trimmed.rescale(places) : amount };
    }
    case 'date': {
      if (typeof raw !== 'string') return { problem: 'is not a date' };
      const date = PlainDate.tryParse(raw.slice(0, 10));
      return date === undefined || !/^\d{4}-\d\d-\d\d(T00:00:00(\.0+)?Z?)?$/.test(raw) ? { problem: `"${raw}" is not a GP date` } : { value: date };
    }
    case 'timestamp': {
      const stamp = typeof raw === 'string' ? Timestamp.tryParse(raw, 'UTC') : undefined;
      return stamp === undefined ? { problem: `"${typeof raw === 'string' ? raw : ''}" is not a date and time` } : { value: stamp };
    }
  }
}
