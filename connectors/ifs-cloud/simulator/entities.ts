/**
 * The sets the simulator serves, at the real projection paths only (ifs-cloud.md §0, §4): each with its
 * IFS entity type, property types (for `$filter` type checks), LU name and keys (for `keyref`), whether it
 * is stateful (Objstate) or writable, and its rows. The sets whose names no public source confirms
 * (supplier invoices, posted GL vouchers and rows) are served only under the names the simulator is
 * started with; otherwise they are 404, as an unknown projection is.
 */
import type { IfsStore, SimRow } from './store.ts';

export type PropertyType = 'string' | 'number' | 'date' | 'enum' | 'timestamp';

export interface SimEntitySet {
  /** `IfsApp.<Projection>.<EntityType>` */
  readonly projection: string;
  readonly entityType: string;
  readonly luname: string;
  /** Keys with their database column names, in keyref order. */
  readonly keys: readonly (readonly [property: string, column: string])[];
  readonly properties: Readonly<Record<string, PropertyType>>;
  /** Enum type name of Objstate, for `IfsApp.<Projection>.<Enum>'Value'` literals. */
  readonly stateEnum?: string;
  /** Collection navigations (arrays): `$expand` of these is refused. */
  readonly arrays?: readonly string[];
  readonly writable: boolean;
  /** The text property an edit made in IFS changes (the `editAfterRead` switch) on a writable set. */
  readonly editedInIfs?: string;
  readonly rows: () => readonly SimRow[];
}

const DATE: PropertyType = 'date';
const STR: PropertyType = 'string';
const NUM: PropertyType = 'number';

const VOUCHER_PROPS = {
  Company: STR,
  AccountingYear: NUM,
  VoucherType: STR,
  VoucherNo: NUM,
  VoucherDate: DATE,
  AccountingPeriod: NUM,
  DateReg: DATE,
  Userid: STR,
  VoucherStatus: STR,
  VoucherText2: STR,
  FunctionGroup: STR,
};
const ROW_PROPS = {
  Company: STR,
  AccountingYear: NUM,
  VoucherType: STR,
  VoucherNo: NUM,
  RowNo: NUM,
  VoucherDate: DATE,
  AccountingPeriod: NUM,
  Account: STR,
  CodeB: STR,
  CodeC: STR,
  CodeD: STR,
  DebetAmount: NUM,
  CreditAmount: NUM,
  Amount: NUM,
  CurrencyDebetAmount: NUM,
  CurrencyCreditAmount: NUM,
  CurrencyAmount: NUM,
  CurrencyCode: STR,
  CurrencyRate: NUM,
  Text: STR,
  EntryDate: DATE,
};
const VOUCHER_KEYS = [
  ['Company', 'COMPANY'],
  ['AccountingYear', 'ACCOUNTING_YEAR'],
  ['VoucherType', 'VOUCHER_TYPE'],
  ['VoucherNo', 'VOUCHER_NO'],
] as const;

export interface UnconfirmedSetNames {
  /** `<Projection>.svc/<Set>` of supplier invoices, posted vouchers and posted voucher rows. */
  readonly supplierInvoices?: string;
  readonly postedVouchers?: string;
  readonly postedVoucherRows?: string;
}

/** Sets by path: `<Projection>.svc/<Set>` under `/main|int/ifsapplications/projection/v1/`, or `entity:` for Entity Services. */
export function entitySets(store: IfsStore, names: UnconfirmedSetNames): Map<string, SimEntitySet> {
  const sets = new Map<string, SimEntitySet>();
  const unposted = () => store.vouchers.filter((voucher) => !voucher.updatedToGl);
  const posted = () => store.vouchers.filter((voucher) => voucher.updatedToGl);
  sets.set('AccountsHandling.svc/AccountSet', {
    projection: 'AccountsHandling',
    entityType: 'Account',
    luname: 'Account',
    keys: [
      ['Company', 'COMPANY'],
      ['Account', 'ACCOUNT'],
    ],
    properties: {
      Company: STR,
      Account: STR,
      Description: STR,
      AccntGroup: STR,
      AccntType: STR,
      LogicalAccountType: 'enum',
      ValidFrom: DATE,
      ValidUntil: DATE,
    },
    // Whether this set takes updates is unconfirmed: refused here rather than be kinder than IFS.
    writable: false,
    rows: () => [...store.accounts, ...store.hiddenAccounts],
  });
  sets.set('CodeStringCompletionHandling.svc/AccountingCodePartValueSet', {
    projection: 'CodeStringCompletionHandling',
    entityType: 'AccountingCodePartValue',
    luname: 'AccountingCodePartValue',
    keys: [
      ['Company', 'COMPANY'],
      ['CodePart', 'CODE_PART'],
      ['CodePartValue', 'CODE_PART_VALUE'],
    ],
    properties: {
      Company: STR,
      CodePart: STR,
      CodePartValue: STR,
      Description: STR,
      ValidFrom: DATE,
      ValidUntil: DATE,
    },
    // §4: Read only (updates go through CodeBHandling…CodeJHandling, below).
    writable: false,
    rows: () => store.codePartValues,
  });
  for (const part of ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'])
    sets.set(`Code${part}Handling.svc/Code${part}Set`, codePartSet(store, part));
  sets.set('SuppliersHandling.svc/SupplierInfoGeneralSet', {
    projection: 'SuppliersHandling',
    entityType: 'SupplierInfoGeneral',
    luname: 'SupplierInfoGeneral',
    keys: [['SupplierId', 'SUPPLIER_ID']],
    properties: { SupplierId: STR, Name: STR, PartyType: 'enum', Country: STR },
    arrays: ['SupplierInfoAddresses'],
    writable: true,
    editedInIfs: 'Name',
    rows: () => store.suppliers,
  });
  sets.set('VouchersAnalysis.svc/VoucherSet', {
    projection: 'VouchersAnalysis',
    entityType: 'Voucher',
    luname: 'Voucher',
    keys: VOUCHER_KEYS,
    properties: VOUCHER_PROPS,
    arrays: ['VoucherRowArray'],
    writable: false,
    rows: unposted,
  });
  sets.set('VoucherRowsAnalysis.svc/VoucherRowSet', {
    projection: 'VoucherRowsAnalysis',
    entityType: 'VoucherRow',
    luname: 'VoucherRow',
    keys: [...VOUCHER_KEYS, ['RowNo', 'ROW_NO']],
    properties: ROW_PROPS,
    writable: false,
    rows: () => unposted().flatMap((voucher) => voucher.rows),
  });
  if (names.postedVouchers !== undefined)
    sets.set(names.postedVouchers, {
      projection: projectionName(names.postedVouchers),
      entityType: 'GenLedVoucher',
      luname: 'GenLedVoucher',
      keys: VOUCHER_KEYS,
      properties: VOUCHER_PROPS,
      writable: false,
      rows: posted,
    });
  if (names.postedVoucherRows !== undefined)
    sets.set(names.postedVoucherRows, {
      projection: projectionName(names.postedVoucherRows),
      entityType: 'GenLedVoucherRow',
      luname: 'GenLedVoucherRow',
      keys: [...VOUCHER_KEYS, ['RowNo', 'ROW_NO']],
      properties: ROW_PROPS,
      writable: false,
      rows: () => posted().flatMap((voucher) => voucher.rows),
    });
  if (names.supplierInvoices !== undefined)
    sets.set(names.supplierInvoices, {
      projection: projectionName(names.supplierInvoices),
      entityType: 'ManSuppInvoice',
      luname: 'ManSuppInvoice',
      keys: [
        ['Company', 'COMPANY'],
        ['InvoiceId', 'INVOICE_ID'],
      ],
      properties: {
        Company: STR,
        InvoiceId: NUM,
        InvoiceNo: STR,
        Identity: STR,
        InvoiceDate: DATE,
        DueDate: DATE,
        ArrivalDate: DATE,
        Currency: STR,
        GrossCurrAmount: NUM,
        GrossDomAmount: NUM,
        PoRefNumber: STR,
        Objstate: 'enum',
      },
      stateEnum: 'ManSuppInvoiceState',
      writable: false,
      rows: () => store.invoices,
    });
  sets.set('HistoryLogHandling.svc/HistoryLogOverviewSet', {
    projection: 'HistoryLogHandling',
    entityType: 'HistoryLogOverview',
    luname: 'HistoryLog',
    keys: [['LogId', 'LOG_ID']],
    properties: { LogId: NUM, LuName: STR, TimeStamp: 'timestamp', Username: STR, HistoryType: STR, Keys: STR },
    writable: false,
    rows: () =>
      store.history.map((entry) => ({
        objid: `HIST${entry.logId}`,
        changedAt: entry.at,
        values: {
          LogId: entry.logId,
          LuName: entry.luName,
          TimeStamp: entry.at.toISOString().replace(/\.\d+Z$/, 'Z'),
          Username: 'IFSAPP',
          HistoryType: entry.historyType,
          Keys: entry.keys,
        },
      })),
  });
  sets.set('PurchaseOrderHandling.svc/PurchaseOrderSet', {
    projection: 'PurchaseOrderHandling',
    entityType: 'PurchaseOrder',
    luname: 'PurchaseOrder',
    keys: [['OrderNo', 'ORDER_NO']],
    properties: {
      OrderNo: STR,
      Contract: STR,
      VendorNo: STR,
      OrderDate: DATE,
      CurrencyCode: STR,
      BuyerCode: STR,
      AuthorizeCode: STR,
      Objstate: 'enum',
    },
    stateEnum: 'PurchaseOrderState',
    arrays: ['PurchaseOrderLineArray', 'PurchaseOrderLinePartArray', 'PurchaseOrderLineNopartArray'],
    writable: false,
    rows: () => store.orders,
  });
  sets.set('entity:PurchaseOrderLineEntity.svc/PurchaseOrderLineSet', {
    projection: 'PurchaseOrderLineEntity',
    entityType: 'PurchaseOrderLine',
    luname: 'PurchaseOrderLine',
    keys: [
      ['OrderNo', 'ORDER_NO'],
      ['LineNo', 'LINE_NO'],
      ['ReleaseNo', 'RELEASE_NO'],
    ],
    properties: {
      OrderNo: STR,
      LineNo: STR,
      ReleaseNo: STR,
      PartNo: STR,
      Description: STR,
      BuyQtyDue: NUM,
      BuyUnitPrice: NUM,
      NetAmtCurr: NUM,
      CurrencyCode: STR,
      Objstate: 'enum',
    },
    stateEnum: 'PurchaseOrderLineState',
    writable: false,
    rows: () => store.orderLines(),
  });
  return sets;
}

/**
 * One code part's values as IFS's ACCRUL model serves them for editing (CodeB.entity/.fragment: entity
 * CodeB, crud Create, Read, Update, Delete; keys Company and CodeB, the value; Description updatable, 100):
 * the same records as AccountingCodePartValueSet, so an update is read back there with a new ETag.
 */
function codePartSet(store: IfsStore, part: string): SimEntitySet {
  const valueProperty = `Code${part}`;
  return {
    projection: `Code${part}Handling`,
    entityType: `Code${part}`,
    luname: `Code${part}`,
    keys: [
      ['Company', 'COMPANY'],
      [valueProperty, 'CODE_PART_VALUE'],
    ],
    properties: {
      Company: STR,
      [valueProperty]: STR,
      CodePart: STR,
      Description: STR,
      ValidFrom: DATE,
      ValidUntil: DATE,
    },
    writable: true,
    editedInIfs: 'Description',
    rows: () =>
      store.codePartValues.filter((row) => row.values.CodePart === part).map((row) => valueView(row, valueProperty)),
  };
}

/** A code part value row whose value also answers to `Code<part>`; writes and touches reach the row itself. */
function valueView(row: SimRow, valueProperty: string): SimRow {
  const values = new Proxy(row.values, {
    get: (target, name) => (name === valueProperty ? target.CodePartValue : Reflect.get(target, name)),
  });
  return {
    values,
    get objid() {
      return row.objid;
    },
    set objid(objid) {
      row.objid = objid;
    },
    get changedAt() {
      return row.changedAt;
    },
    set changedAt(at) {
      row.changedAt = at;
    },
  };
}

function projectionName(path: string): string {
  return /([A-Za-z0-9_]+)\.svc\//.exec(path)?.[1] ?? 'Unknown';
}

/** `COMPANY=10^ACCOUNT=1100^` (§3: keyref, composite keys joined in key order). */
export function keyrefOf(set: SimEntitySet, row: SimRow): string {
  return set.keys.map(([property, column]) => `${column}=${String(row.values[property] ?? '')}^`).join('');
}
