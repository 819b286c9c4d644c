/**
 * The tables integration 4 writes, with the columns Dataverse's Sales solution gives them
 * (dynamics-365-sales.md §4; MicrosoftDocs entity reference) and the customizations a customer adds:
 * the alternate keys and custom columns exist here only where the simulator is told (a new environment
 * has none), so a test cannot pass because the simulator invented what the admin must create.
 */
import type { AlternateKey, KeyIndexStatus, TableDefinition } from './store.ts';

export interface SalesSchemaOptions {
  /** The account key over `accountnumber`; undefined: none defined. */
  readonly accountKey?: AlternateKey;
  /** Custom account columns the admin added (e.g. `mlc_sapvendornumber`). */
  readonly accountColumns?: readonly string[];
  /** The custom order column holding the PO number and its key (on salesorder and opportunity); undefined: none. */
  readonly orderKey?: { readonly column: string; readonly status: KeyIndexStatus };
  /** Where opportunity lines live (set and the opportunity's collection navigation): served only when given. */
  readonly opportunityLines?: { readonly set: string; readonly navigation: string };
}

export /** Currencies every environment has some of; looked up by ISO code. */
const DEMO_CURRENCIES = [
  { transactioncurrencyid: 'a1b2c3d4-0000-4000-8000-000000000978', isocurrencycode: 'EUR', currencyname: 'Euro' },
  { transactioncurrencyid: 'a1b2c3d4-0000-4000-8000-000000000840', isocurrencycode: 'USD', currencyname: 'US Dollar' },
];

const ACCOUNT_COLUMNS = [
  'accountnumber',
  'name',
  'address1_line1',
  'address1_line2',
  'address1_line3',
  'address1_city',
  'address1_postalcode',
  'address1_stateorprovince',
  'address1_country',
  'telephone1',
  'emailaddress1',
  'paymenttermscode',
  'customertypecode',
  'creditonhold',
  'statecode',
];

const LINE_COLUMNS = [
  'lineitemnumber',
  'productdescription',
  'quantity',
  'priceperunit',
  'isproductoverridden',
  'ispriceoverridden',
  'manualdiscountamount',
  'tax',
];

const CUSTOMER = { sets: ['accounts'], column: '_customerid_value' };
const CURRENCY = { sets: ['transactioncurrencies'], column: '_transactioncurrencyid_value' };

export function salesTables(options: SalesSchemaOptions): TableDefinition[] {
  const orderKey = (logicalName: string): AlternateKey[] =>
    options.orderKey === undefined
      ? []
      : [
          {
            schemaName: `${options.orderKey.column}_${logicalName}_key`,
            keyAttributes: [options.orderKey.column],
            status: options.orderKey.status,
          },
        ];
  const orderColumns = options.orderKey === undefined ? [] : [options.orderKey.column];
  const tables: TableDefinition[] = [
    {
      set: 'accounts',
      logicalName: 'account',
      primaryKey: 'accountid',
      keys: options.accountKey === undefined ? [] : [options.accountKey],
      systemRequired: [],
      columns: [...ACCOUNT_COLUMNS, ...(options.accountColumns ?? [])],
      maxLengths: { accountnumber: 20, name: 160, address1_city: 80, address1_postalcode: 20, address1_country: 80 },
    },
    {
      set: 'salesorders',
      logicalName: 'salesorder',
      primaryKey: 'salesorderid',
      keys: orderKey('salesorder'),
      systemRequired: [],
      columns: [
        'name',
        'description',
        'paymenttermscode',
        'freighttermscode',
        'requestdeliveryby',
        'statecode',
        '_customerid_value',
        '_transactioncurrencyid_value',
        ...orderColumns,
      ],
      lookups: { customerid_account: CUSTOMER, transactioncurrencyid: CURRENCY },
      // salesorder.md "One-To-Many Relationships": order_details, ReferencedEntityNavigationPropertyName order_details
      collections: { order_details: { set: 'salesorderdetails', backColumn: '_salesorderid_value' } },
      autoNumber: { column: 'ordernumber', prefix: 'ORD' },
    },
    {
      set: 'salesorderdetails',
      logicalName: 'salesorderdetail',
      primaryKey: 'salesorderdetailid',
      keys: [],
      systemRequired: ['_salesorderid_value'],
      columns: [...LINE_COLUMNS, '_salesorderid_value'],
      maxLengths: { productdescription: 500 },
      createOnly: ['isproductoverridden'],
      lookups: { salesorderid: { sets: ['salesorders'], column: '_salesorderid_value' } },
    },
    {
      set: 'opportunities',
      logicalName: 'opportunity',
      primaryKey: 'opportunityid',
      keys: orderKey('opportunity'),
      systemRequired: [],
      columns: [
        'name',
        'description',
        'estimatedvalue',
        'estimatedclosedate',
        'statecode',
        '_customerid_value',
        '_transactioncurrencyid_value',
        ...orderColumns,
      ],
      lookups: { customerid_account: CUSTOMER, transactioncurrencyid: CURRENCY },
      ...(options.opportunityLines === undefined
        ? {}
        : {
            collections: {
              [options.opportunityLines.navigation]: {
                set: options.opportunityLines.set,
                backColumn: '_opportunityid_value',
              },
            },
          }),
    },
    {
      set: 'transactioncurrencies',
      logicalName: 'transactioncurrency',
      primaryKey: 'transactioncurrencyid',
      keys: [],
      systemRequired: [],
      columns: ['isocurrencycode', 'currencyname'],
    },
  ];
  if (options.opportunityLines !== undefined)
    tables.push({
      set: options.opportunityLines.set,
      logicalName: 'opportunityproduct',
      primaryKey: 'opportunityproductid',
      keys: [],
      systemRequired: ['_opportunityid_value'],
      columns: [...LINE_COLUMNS, '_opportunityid_value'],
      maxLengths: { productdescription: 500 },
      createOnly: ['isproductoverridden'],
      lookups: { opportunityid: { sets: ['opportunities'], column: '_opportunityid_value' } },
    });
  return tables;
}
