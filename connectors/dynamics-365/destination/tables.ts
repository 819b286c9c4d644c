/**
 * What a pipeline can write into Dynamics 365 Sales, by target table, and the columns each takes: the
 * Dataverse logical names the analyst maps to (dynamics-365-sales.md §4), checked at `ensureTable` so a
 * misspelt column is refused before the first write, naming the table's columns.
 * - `accounts`: one account per SAP vendor or customer, found by the alternate key on `accountnumber`.
 *   `mlc_sapvendornumber` / `mlc_sapcustomernumber` are customizations the admin adds (README).
 * - `salesorders` / `opportunities`: one row per PO line, header columns repeated on each line; the order
 *   is found again by the alternate key on the PO-number column (`options.orderKeyColumn`, default
 *   `mlc_ponumber`: a customization, README), its lines by `lineitemnumber`. `customerid` holds the
 *   customer's account number and `transactioncurrencyid` an ISO currency code: both are looked up.
 */
import type { ColumnType } from '../../../engine/model/column-type.ts';

type Kind = ColumnType['kind'];

export interface DynamicsColumn {
  readonly kinds: readonly Kind[];
  /** Order tables: the order's column or the line's. */
  readonly part?: 'header' | 'line';
  /** Looked up by this value and bound (`customerid_account@odata.bind`), compared by the lookup column. */
  readonly lookup?: 'account' | 'currency';
}

const TEXT: readonly Kind[] = ['string'];
const WHOLE: readonly Kind[] = ['integer'];
const NUMBER: readonly Kind[] = ['decimal', 'integer'];

export const ACCOUNT_KEY = 'accountnumber';

export const ACCOUNT_COLUMNS: Readonly<Record<string, DynamicsColumn>> = {
  accountnumber: { kinds: TEXT },
  name: { kinds: TEXT },
  address1_line1: { kinds: TEXT },
  address1_line2: { kinds: TEXT },
  address1_line3: { kinds: TEXT },
  address1_city: { kinds: TEXT },
  address1_postalcode: { kinds: TEXT },
  address1_stateorprovince: { kinds: TEXT },
  address1_country: { kinds: TEXT },
  telephone1: { kinds: TEXT },
  emailaddress1: { kinds: TEXT },
  /** 1 Net 30, 2 "2% 10, Net 30", 3 Net 45, 4 Net 60 (orgs add values). */
  paymenttermscode: { kinds: WHOLE },
  /** 3 Customer, 10 Supplier, 11 Vendor (…): a Customer is kept when a vendor stream writes Supplier/Vendor. */
  customertypecode: { kinds: WHOLE },
  creditonhold: { kinds: ['boolean'] },
  mlc_sapvendornumber: { kinds: TEXT },
  mlc_sapcustomernumber: { kinds: TEXT },
};

/** Customer type option values (account entity reference). */
export const CUSTOMER_TYPE = { customer: 3, supplier: 10, vendor: 11 } as const;

export const DEFAULT_ORDER_KEY_COLUMN = 'mlc_ponumber';

const ORDER_HEADER: Readonly<Record<string, DynamicsColumn>> = {
  name: { kinds: TEXT, part: 'header' },
  description: { kinds: TEXT, part: 'header' },
  customerid: { kinds: TEXT, part: 'header', lookup: 'account' },
  transactioncurrencyid: { kinds: TEXT, part: 'header', lookup: 'currency' },
};

const LINE: Readonly<Record<string, DynamicsColumn>> = {
  lineitemnumber: { kinds: WHOLE, part: 'line' },
  productdescription: { kinds: TEXT, part: 'line' },
  quantity: { kinds: NUMBER, part: 'line' },
  priceperunit: { kinds: NUMBER, part: 'line' },
  manualdiscountamount: { kinds: NUMBER, part: 'line' },
  tax: { kinds: NUMBER, part: 'line' },
};

export interface OrderTable {
  readonly set: 'salesorders' | 'opportunities';
  readonly logicalName: string;
  readonly primaryKey: string;
  readonly columns: Readonly<Record<string, DynamicsColumn>>;
  /** Line set, its primary key, its lookup to the order (`_salesorderid_value`) and the bind name. */
  readonly lineSet: string;
  readonly linePrimaryKey: string;
  readonly lineBind: string;
  /** The order's collection navigation property for a deep insert of its lines. */
  readonly linesNavigation: string;
}

export const ORDER_TABLES: Readonly<Record<OrderTable['set'], OrderTable>> = {
  salesorders: {
    set: 'salesorders',
    logicalName: 'salesorder',
    primaryKey: 'salesorderid',
    columns: {
      ...ORDER_HEADER,
      paymenttermscode: { kinds: WHOLE, part: 'header' },
      freighttermscode: { kinds: WHOLE, part: 'header' },
      ...LINE,
    },
    lineSet: 'salesorderdetails',
    linePrimaryKey: 'salesorderdetailid',
    lineBind: 'salesorderid',
    // salesorder entity reference, One-To-Many: order_details (confirmed)
    linesNavigation: 'order_details',
  },
  opportunities: {
    set: 'opportunities',
    logicalName: 'opportunity',
    primaryKey: 'opportunityid',
    columns: { ...ORDER_HEADER, ...LINE },
    // unconfirmed names (one client sighting): target options lineSet / linesNavigation override them
    lineSet: 'opportunityproducts',
    linePrimaryKey: 'opportunityproductid',
    lineBind: 'opportunityid',
    linesNavigation: 'product_opportunities',
  },
};

/** The lookup column Dataverse reads a bound value back as. */
export function lookupColumn(column: string): string {
  return column === 'customerid' ? '_customerid_value' : `_${column}_value`;
}
