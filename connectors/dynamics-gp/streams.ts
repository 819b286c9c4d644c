/**
 * The GP entities this connector reads, their fields and types, and how a GP JSON record becomes typed
 * rows. Resource names are the simulator's synthetic ones because GP's are not public
 * (dynamics-gp.md §1: "Unconfirmed ... verify against a real /help page"); a connection may override them.
 */
import { declareStream, type DeclaredStream, type FieldSpec } from '../kit/rest/stream.ts';
import { amountObject, boolean, date, integer, text, timestamp, type Json } from '../kit/rest/values.ts';

/** The SBA streams; the general ledger is not in SBA and is read through GP Web Services (`ledger/streams.ts`). */
export type GpStreamId = 'vendors' | 'payables_invoices' | 'purchase_orders';

export interface GpStream extends DeclaredStream {
  readonly resource: string;
  /** The key field the server pages by (keyset after ModifiedDate). */
  readonly pageKey: string;
  readonly pageKeyIsNumber: boolean;
  /** GP record -> source rows (one, or one per journal line), raw values by field name. */
  readonly explode: (record: Json) => readonly Json[];
}

const CURSOR = 'ModifiedDate';

/**
 * How GP's JSON reads (dynamics-gp.md §4, §5): text as sent, null for unknown, `datetime` without a zone
 * but UTC, dates as midnight datetimes, money `{Value, Currency, DecimalDigits}` read exactly and given
 * the currency's places when no digit is lost.
 */
const TEXT = text();
const FLAG = boolean();
const WHOLE = integer();
const DATE = date({ midnightTime: true, expected: 'a GP date' });
const MONEY = amountObject({ amount: 'Value', places: 'DecimalDigits' });

type Field = readonly [string, 'string' | 'integer' | 'boolean' | 'date' | 'money' | 'timestamp', string?];
const AS = {
  string: ['string', TEXT],
  integer: ['integer', WHOLE],
  boolean: ['boolean', FLAG],
  date: ['date', DATE],
  money: ['decimal', MONEY],
  timestamp: ['timestamp', timestamp()],
} as const;

function stream(
  entity: GpStreamId,
  label: string,
  resource: string,
  key: readonly string[],
  fields: readonly Field[],
  options: { pageKey: string; pageKeyIsNumber?: boolean; explode?: GpStream['explode'] },
): GpStream {
  const specs = fields.map(([name, kind, description]): FieldSpec => [name, AS[kind][0], AS[kind][1], description]);
  return {
    ...declareStream(entity, label, key, CURSOR, specs),
    resource,
    pageKey: options.pageKey,
    pageKeyIsNumber: options.pageKeyIsNumber ?? false,
    explode: options.explode ?? ((record) => [record]),
  };
}

const MODIFIED: Field = [CURSOR, 'timestamp', 'Last change in GP (UTC)'];

export const GP_STREAMS: readonly GpStream[] = [
  stream(
    'vendors',
    'Vendors',
    'Purchasing/Vendors',
    ['VendorId'],
    [
      ['VendorId', 'string'],
      ['Name', 'string'],
      ['ShortName', 'string'],
      ['CheckName', 'string'],
      ['IsActive', 'boolean'],
      ['IsOnHold', 'boolean'],
      ['IsOneTime', 'boolean'],
      ['ClassId', 'string'],
      ['AddressLine1', 'string'],
      ['AddressLine2', 'string'],
      ['City', 'string'],
      ['State', 'string'],
      ['PostalCode', 'string'],
      ['CountryRegion', 'string'],
      ['Phone1', 'string'],
      ['CreatedDate', 'date'],
      MODIFIED,
    ],
    { pageKey: 'VendorId', explode: (record) => [flattenAddress(record)] },
  ),
  stream(
    'payables_invoices',
    'Payables invoices',
    'Purchasing/PayablesInvoices',
    ['VoucherNumber'],
    [
      ['VoucherNumber', 'string'],
      ['VendorId', 'string'],
      ['VendorName', 'string'],
      ['VendorDocumentNumber', 'string'],
      ['DocumentDate', 'date'],
      ['GeneralLedgerPostingDate', 'date'],
      ['BatchId', 'string'],
      ['CurrencyId', 'string'],
      ['PurchasesAmount', 'money'],
      ['TradeDiscountAmount', 'money'],
      ['FreightAmount', 'money'],
      ['MiscellaneousAmount', 'money'],
      ['TaxAmount', 'money'],
      ['DocumentAmount', 'money'],
      ['Description', 'string'],
      ['PONumber', 'string'],
      ['TransactionState', 'string'],
      MODIFIED,
    ],
    { pageKey: 'VoucherNumber' },
  ),
  stream(
    'purchase_orders',
    'Purchase orders',
    'Purchasing/PurchaseOrders',
    ['PONumber'],
    [
      ['PONumber', 'string'],
      ['VendorId', 'string'],
      ['DocumentDate', 'date'],
      ['Status', 'string'],
      ['CurrencyId', 'string'],
      ['SubtotalAmount', 'money'],
      ['FreightAmount', 'money'],
      ['TaxAmount', 'money'],
      ['TotalAmount', 'money'],
      ['Buyer', 'string'],
      MODIFIED,
    ],
    { pageKey: 'PONumber' },
  ),
];

function flattenAddress(record: Json): Json {
  const address = (record.Address ?? {}) as Json;
  return {
    ...record,
    AddressLine1: address.Line1 ?? null,
    AddressLine2: address.Line2 ?? null,
    City: address.City ?? null,
    State: address.State ?? null,
    PostalCode: address.PostalCode ?? null,
    CountryRegion: address.CountryRegion ?? null,
    Phone1: address.Phone1 ?? null,
  };
}
