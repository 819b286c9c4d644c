/**
 * The IFS Cloud streams, their keys as IFS composes them (ifs-cloud.md §4) and how each IFS value
 * becomes a typed one: Edm.Decimal amounts exact (read from the JSON number's digits), Edm.Date as
 * dates, key numbers (AccountingYear, VoucherNo, RowNo are Edm.Decimal in the live EDMX) as whole numbers.
 *
 * IFS has no modified-since field to read by (§0.4, §5), so each stream names its cursor:
 * - `business-date`: a date IFS does store (VoucherDate, InvoiceDate, OrderDate), filtered server-side
 *   (`VoucherDate ge 2026-03-01`, dates unquoted); a change to an older record is caught only inside the
 *   run's lookback window, so these streams want `lookback` and merge on their key (what Keboola's
 *   IFS extractor does).
 * - `etag`: reference data is small; it is read whole and a row's cursor is the change stamp inside its
 *   `@odata.etag` (`objid:YYYYMMDDHHMISS`, the database clock), compared client-side: exactly what changed.
 */
import { declareStream, type DeclaredStream, type FieldSpec } from '../kit/rest/stream.ts';
import { date, decimal, integer, text, timestamp } from '../kit/rest/values.ts';
import type { SetName } from './config.ts';

export const CHANGED_AT = 'ChangedAt';

export type CursorKind = 'business-date' | 'etag';

export interface IfsStream extends DeclaredStream {
  /** The sets read, in this order (a voucher moves from the first to the second, never back). */
  readonly sets: readonly SetName[];
  readonly cursorKind: CursorKind;
  /** IFS properties to `$select`: the declared fields IFS serves (the ETag stamp is ours). */
  readonly select: readonly string[];
  /** Whether the set has a Company property to filter the configured companies by. */
  readonly byCompany: boolean;
  /** Amount fields summed for reconciliation. */
  readonly amounts: readonly string[];
  /** The LU the History Log names for this set, and its key columns -> properties (for `Keys` `SUPPLIER_ID=S1^`). */
  readonly historyLog?: { readonly luName: string; readonly columns: Readonly<Record<string, string>> };
  /** Enum properties -> their IFS enum type, for `IfsApp.<Projection>.<EnumType>'Value'` filter literals. */
  readonly enums: Readonly<Record<string, string>>;
}

const S = text();
const D = date();
const N = decimal();
const I = integer();

type Field = readonly [string, FieldSpec[1], FieldSpec[2], string?];

function stream(
  entity: string,
  label: string,
  key: readonly string[],
  cursorKind: CursorKind,
  cursorField: string,
  sets: readonly SetName[],
  fields: readonly Field[],
  options: {
    readonly byCompany?: boolean;
    readonly amounts?: readonly string[];
    readonly derived?: readonly string[];
    readonly enums?: Readonly<Record<string, string>>;
  } = {},
): IfsStream {
  const all: Field[] =
    cursorKind === 'etag'
      ? [
          ...fields,
          [
            CHANGED_AT,
            'timestamp',
            timestamp(),
            "Change stamp inside the row's @odata.etag (objversion), in the server's zone",
          ],
        ]
      : [...fields];
  const derived = new Set([CHANGED_AT, ...(options.derived ?? [])]);
  return {
    ...declareStream(
      entity,
      label,
      key,
      cursorField,
      all.map(([name, type, convert, description]) => [name, type, convert, description] as FieldSpec),
    ),
    sets,
    cursorKind,
    select: all.map(([name]) => name).filter((name) => !derived.has(name)),
    byCompany: options.byCompany ?? true,
    amounts: options.amounts ?? [],
    enums: options.enums ?? {},
  };
}

export const GL_ACCOUNTS = stream(
  'gl_accounts',
  'GL accounts',
  ['Company', 'Account'],
  'etag',
  CHANGED_AT,
  ['gl_accounts'],
  [
    ['Company', 'string', S],
    ['Account', 'string', S],
    ['Description', 'string', S],
    ['AccntGroup', 'string', S],
    ['AccntType', 'string', S],
    ['LogicalAccountType', 'string', S, 'Enum value (Assets, Liabilities, Revenues, Cost...)'],
    ['ValidFrom', 'date', D],
    ['ValidUntil', 'date', D],
  ],
  // Enum type name as the simulator has it; no public source names it (README facts).
  { enums: { LogicalAccountType: 'LogicalAccountType' } },
);

const VOUCHER_KEY = ['Company', 'AccountingYear', 'VoucherType', 'VoucherNo'];
const VOUCHER_KEY_FIELDS: readonly Field[] = [
  ['Company', 'string', S],
  ['AccountingYear', 'integer', I],
  ['VoucherType', 'string', S],
  ['VoucherNo', 'integer', I],
];

export const VOUCHERS = stream(
  'vouchers',
  'Vouchers (journal entries)',
  VOUCHER_KEY,
  'business-date',
  'VoucherDate',
  ['vouchers', 'postedVouchers'],
  [
    ...VOUCHER_KEY_FIELDS,
    ['VoucherDate', 'date', D],
    ['AccountingPeriod', 'integer', I],
    ['DateReg', 'date', D, 'Entry date (IFS truncates it to a date)'],
    ['Userid', 'string', S],
    ['VoucherStatus', 'string', S],
    ['VoucherText2', 'string', S],
    ['FunctionGroup', 'string', S],
  ],
);

export const VOUCHER_ROWS = stream(
  'voucher_rows',
  'Voucher rows (GL lines)',
  [...VOUCHER_KEY, 'RowNo'],
  'business-date',
  'VoucherDate',
  ['voucher_rows', 'postedVoucherRows'],
  [
    ...VOUCHER_KEY_FIELDS,
    ['RowNo', 'integer', I],
    ['VoucherDate', 'date', D],
    ['AccountingPeriod', 'integer', I],
    ['Account', 'string', S],
    ['CodeB', 'string', S],
    ['CodeC', 'string', S],
    ['CodeD', 'string', S],
    ['DebetAmount', 'decimal', N, 'Debit in the accounting currency (IFS spells it Debet)'],
    ['CreditAmount', 'decimal', N],
    ['Amount', 'decimal', N],
    ['CurrencyDebetAmount', 'decimal', N],
    ['CurrencyCreditAmount', 'decimal', N],
    ['CurrencyAmount', 'decimal', N],
    ['CurrencyCode', 'string', S],
    ['CurrencyRate', 'decimal', N],
    ['Text', 'string', S],
    ['EntryDate', 'date', D],
  ],
  { amounts: ['DebetAmount', 'CreditAmount'] },
);

export const SUPPLIER_INVOICES = stream(
  'supplier_invoices',
  'Supplier invoices',
  ['Company', 'InvoiceId'],
  'business-date',
  'InvoiceDate',
  ['supplier_invoices'],
  [
    ['Company', 'string', S],
    ['InvoiceId', 'integer', I, "IFS's invoice serial (the LU key)"],
    ['InvoiceNo', 'string', S, "The supplier's invoice number"],
    ['Identity', 'string', S, 'Supplier id'],
    ['InvoiceDate', 'date', D],
    ['DueDate', 'date', D],
    ['ArrivalDate', 'date', D],
    ['Currency', 'string', S],
    ['GrossCurrAmount', 'decimal', N],
    ['GrossDomAmount', 'decimal', N],
    ['PoRefNumber', 'string', S],
    ['Objstate', 'string', S],
  ],
  // State enum names: the simulator's; unconfirmed on a tenant (README facts).
  { amounts: ['GrossDomAmount'], enums: { Objstate: 'ManSuppInvoiceState' } },
);

export const PURCHASE_ORDERS = stream(
  'purchase_orders',
  'Purchase orders',
  ['OrderNo'],
  'business-date',
  'OrderDate',
  ['purchase_orders'],
  [
    ['OrderNo', 'string', S],
    ['Contract', 'string', S, 'Site'],
    ['VendorNo', 'string', S],
    ['OrderDate', 'date', D],
    ['CurrencyCode', 'string', S],
    ['BuyerCode', 'string', S],
    ['AuthorizeCode', 'string', S],
    ['Objstate', 'string', S],
  ],
  { byCompany: false, enums: { Objstate: 'PurchaseOrderState' } },
);

/** Lines carry their order's OrderDate (the cursor) and VendorNo, joined from the header read with them. */
export const PURCHASE_ORDER_LINES = stream(
  'purchase_order_lines',
  'Purchase order lines',
  ['OrderNo', 'LineNo', 'ReleaseNo'],
  'business-date',
  'OrderDate',
  ['purchase_orders', 'purchase_order_lines'],
  [
    ['OrderNo', 'string', S],
    ['LineNo', 'string', S],
    ['ReleaseNo', 'string', S],
    ['PartNo', 'string', S],
    ['Description', 'string', S],
    ['BuyQtyDue', 'decimal', N],
    ['BuyUnitPrice', 'decimal', N],
    ['NetAmtCurr', 'decimal', N],
    ['CurrencyCode', 'string', S],
    ['Objstate', 'string', S],
    ['OrderDate', 'date', D, 'From the order header'],
    ['VendorNo', 'string', S, 'From the order header'],
  ],
  {
    byCompany: false,
    amounts: ['NetAmtCurr'],
    derived: ['OrderDate', 'VendorNo'],
    enums: { Objstate: 'PurchaseOrderLineState' },
  },
);

const SUPPLIERS_BASE = stream(
  'suppliers',
  'Suppliers',
  ['SupplierId'],
  'etag',
  CHANGED_AT,
  ['suppliers'],
  [
    ['SupplierId', 'string', S],
    ['Name', 'string', S],
    ['PartyType', 'string', S],
    ['Country', 'string', S],
  ],
  // IFS names this enum PartyType in other projections (`IfsApp.InstantInvoiceHandling.PartyType'Customer'`).
  { byCompany: false, enums: { PartyType: 'PartyType' } },
);

/** History Log: LU SupplierInfoGeneral, key SUPPLIER_ID (unconfirmed which LU name a tenant logs the set under). */
export const SUPPLIERS: IfsStream = {
  ...SUPPLIERS_BASE,
  historyLog: { luName: 'SupplierInfoGeneral', columns: { SUPPLIER_ID: 'SupplierId' } },
};

export const CODE_PART_VALUES = stream(
  'code_part_values',
  'Code part values (accounting dimensions)',
  ['Company', 'CodePart', 'CodePartValue'],
  'etag',
  CHANGED_AT,
  ['code_part_values'],
  [
    ['Company', 'string', S],
    ['CodePart', 'string', S, 'A (account) to J'],
    ['CodePartValue', 'string', S],
    ['Description', 'string', S],
    ['ValidFrom', 'date', D],
    ['ValidUntil', 'date', D],
  ],
);

export const IFS_STREAMS: readonly IfsStream[] = [
  GL_ACCOUNTS,
  CODE_PART_VALUES,
  SUPPLIERS,
  VOUCHERS,
  VOUCHER_ROWS,
  SUPPLIER_INVOICES,
  PURCHASE_ORDERS,
  PURCHASE_ORDER_LINES,
];
