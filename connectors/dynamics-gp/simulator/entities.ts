/**
 * The company data the simulator holds, and which of it a stock GP serves over SBA. Microsoft's list of
 * what GP exposes to SBA (msftdynamicsgpdocs `installation/SBA.md`) has Purchasing -> Vendors, Vendor
 * Addresses, Payables Transactions, Transactions (purchasing) and no general ledger and no payroll
 * employees: those live in GP Web Services (SOAP, `web-services/`), from this same store. The URL names
 * of the SBA resources are not public (README "SBA (REST): what a real GP serves"), so ours stay and are
 * marked unconfirmed there. Property names follow the GP object model (§4, confirmed for SOAP), flattened
 * the way SBA writes Dexterity-style flat names (§3, `ItemNumber`, confirmed on one example).
 */
import type { SimFields } from './gp-values.ts';

export type GpEntityId =
  | 'gl_accounts'
  | 'gl_journal_entries'
  | 'vendors'
  | 'payables_invoices'
  | 'purchase_orders'
  | 'employees'
  | 'cost_centers'
  | 'fiscal_periods';

export interface GpEntityDef {
  readonly id: GpEntityId;
  /**
   * `<Area>/<Resource>` under `Companies(<Company>)/` where a stock GP serves this data over SBA;
   * undefined where it does not (GL, fiscal periods, cost centers, payroll): those URLs answer 404.
   */
  readonly resource?: string;
  /** The service's name in Microsoft's SBA list, for the help page. */
  readonly sbaService?: string;
  /** XML element name of one record. */
  readonly element: string;
  readonly keyField: string;
  /** Money fields summed by the control totals. */
  readonly moneyFields: readonly string[];
  /** Fields `$filter` may name besides ModifiedDate, the key and TransactionState (all unconfirmed, §5). */
  readonly filterFields?: readonly string[];
  /** POST creates and PATCH updates (§3); the rest are read-only here. */
  readonly writable?: boolean;
}

export const GP_ENTITIES: readonly GpEntityDef[] = [
  {
    id: 'gl_accounts',
    element: 'GLAccount',
    keyField: 'AccountNumber',
    moneyFields: [],
  },
  {
    id: 'gl_journal_entries',
    element: 'GLTransaction',
    keyField: 'JournalEntry',
    moneyFields: [],
    filterFields: ['Reference', 'BatchId'],
    writable: true,
  },
  {
    id: 'vendors',
    resource: 'Purchasing/Vendors',
    sbaService: 'Vendors (with their addresses)',
    element: 'Vendor',
    keyField: 'VendorId',
    moneyFields: [],
    filterFields: ['Name'],
    writable: true,
  },
  {
    id: 'payables_invoices',
    resource: 'Purchasing/PayablesInvoices',
    sbaService: 'Payables Transactions',
    element: 'PayablesInvoice',
    keyField: 'VoucherNumber',
    moneyFields: [
      'PurchasesAmount',
      'TradeDiscountAmount',
      'FreightAmount',
      'MiscellaneousAmount',
      'TaxAmount',
      'DocumentAmount',
    ],
  },
  {
    id: 'purchase_orders',
    resource: 'Purchasing/PurchaseOrders',
    sbaService: 'Transactions (purchasing)',
    element: 'PurchaseOrder',
    keyField: 'PONumber',
    moneyFields: ['SubtotalAmount', 'FreightAmount', 'TaxAmount', 'TotalAmount'],
  },
  // Written by integration 2 and read to validate postings, through GP Web Services: GP's HR/Payroll
  // employee master (UPR00100, EMPLOYID) and a cost-center dimension (Analytical Accounting codes) are not
  // in Microsoft's SBA list.
  {
    id: 'employees',
    element: 'Employee',
    keyField: 'EmployeeId',
    moneyFields: [],
    filterFields: ['Department'],
    writable: true,
  },
  {
    id: 'cost_centers',
    element: 'CostCenter',
    keyField: 'CostCenter',
    moneyFields: [],
  },
  {
    id: 'fiscal_periods',
    element: 'FiscalPeriod',
    keyField: 'PeriodId',
    moneyFields: [],
    filterFields: ['FiscalYear'],
  },
];

/** The entities `advance()` changes: the ones the GP source reads. */
export const SOURCE_ENTITIES: readonly GpEntityId[] = [
  'gl_accounts',
  'gl_journal_entries',
  'vendors',
  'payables_invoices',
  'purchase_orders',
];

/** GL journal lines are summed from the entries' `Lines` (the control totals' `gl_journal_lines`). */
export const GL_LINE_MONEY_FIELDS = ['DebitAmount', 'CreditAmount'] as const;

/** The entities a stock GP serves over SBA, in the order the help page lists them. */
export const SBA_ENTITIES: readonly (GpEntityDef & { readonly resource: string })[] = GP_ENTITIES.filter(
  (entity): entity is GpEntityDef & { readonly resource: string } => entity.resource !== undefined,
);

/** The SBA entity at `<Area>/<Resource>` (any case), or undefined: a stock GP answers 404 there. */
export function entityByResource(resource: string): GpEntityDef | undefined {
  const wanted = resource.toLowerCase();
  return SBA_ENTITIES.find((entity) => entity.resource.toLowerCase() === wanted);
}

export function entityById(id: GpEntityId): GpEntityDef {
  const found = GP_ENTITIES.find((entity) => entity.id === id);
  if (found === undefined) throw new Error(`unknown GP entity ${id}`);
  return found;
}

/** One record the simulator holds: its key, its ModifiedDate (UTC ms) and its fields in GP order. */
export interface SimRecord {
  readonly key: string | number;
  modifiedMs: number;
  fields: SimFields;
}

/** GL journal entry states: the table the row came from (dynamics-gp.md §4, TransactionState). */
export type TransactionState = 'Work' | 'Open' | 'History';
