/**
 * The resources the simulator serves. Area/resource names for these entities are NOT public
 * (dynamics-gp.md §1: "Unconfirmed ... Suggested simulator names, clearly synthetic"), so they are the
 * doc's suggested names. Property names follow the GP object model (§4, confirmed for SOAP), flattened
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
  /** `<Area>/<Resource>` under `Companies(<Company>)/`. */
  readonly resource: string;
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
    resource: 'Financial/GLAccounts',
    element: 'GLAccount',
    keyField: 'AccountNumber',
    moneyFields: [],
  },
  {
    id: 'gl_journal_entries',
    resource: 'Financial/GLTransactions',
    element: 'GLTransaction',
    keyField: 'JournalEntry',
    moneyFields: [],
    filterFields: ['Reference', 'BatchId'],
    writable: true,
  },
  {
    id: 'vendors',
    resource: 'Purchasing/Vendors',
    element: 'Vendor',
    keyField: 'VendorId',
    moneyFields: [],
    filterFields: ['Name'],
    writable: true,
  },
  {
    id: 'payables_invoices',
    resource: 'Purchasing/PayablesInvoices',
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
    element: 'PurchaseOrder',
    keyField: 'PONumber',
    moneyFields: ['SubtotalAmount', 'FreightAmount', 'TaxAmount', 'TotalAmount'],
  },
  // Written by integration 2 and read to validate postings. GP's HR/Payroll employee master (UPR00100,
  // EMPLOYID) and a cost-center dimension (Analytical Accounting codes) have no public SBA names either.
  {
    id: 'employees',
    resource: 'Payroll/Employees',
    element: 'Employee',
    keyField: 'EmployeeId',
    moneyFields: [],
    filterFields: ['Department'],
    writable: true,
  },
  {
    id: 'cost_centers',
    resource: 'Financial/CostCenters',
    element: 'CostCenter',
    keyField: 'CostCenter',
    moneyFields: [],
  },
  {
    id: 'fiscal_periods',
    resource: 'Financial/FiscalPeriods',
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

export function entityByResource(resource: string): GpEntityDef | undefined {
  const wanted = resource.toLowerCase();
  return GP_ENTITIES.find((entity) => entity.resource.toLowerCase() === wanted);
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
