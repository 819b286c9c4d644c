/**
 * The Gateway services a simulated SAP system has. An ECC system has none for vendors, customers or
 * purchase orders (README "Gateway OData v2"), so by default nothing is served and every service name is
 * refused with Gateway's "No service found" words: a test passes only with the service name it started
 * the simulator with, never because the simulator made up the name the connector guessed. With `release:
 * 's4'` the standard S/4HANA API names exist too (empty unless given rows), as on an S/4 system.
 */

export type EdmType =
  'Edm.String' | 'Edm.Decimal' | 'Edm.Int32' | 'Edm.Boolean' | 'Edm.DateTime' | 'Edm.DateTimeOffset' | 'Edm.Time';

export interface SimProperty {
  readonly name: string;
  readonly type: EdmType;
}

/**
 * A row in plain forms, written out as Gateway writes them: Edm.Decimal as its text (`"12.50"`),
 * Edm.DateTime as `YYYY-MM-DD[THH:MM:SS]` (a wall-clock time), Edm.DateTimeOffset as ISO with `Z` or an
 * offset, Edm.Time as `HH:MM:SS`. A property's value is sent as it is otherwise (a bad value stays bad).
 */
export type SimGatewayRow = Readonly<Record<string, string | number | boolean | null>>;

export interface SimEntitySet {
  readonly name: string;
  /** The entity type's name, e.g. `Vendor` (qualified with the service name in `$metadata`). */
  readonly entityType: string;
  readonly key: readonly string[];
  readonly properties: readonly SimProperty[];
  readonly rows: readonly SimGatewayRow[];
}

export interface SimGatewayService {
  /** The technical name, e.g. `ZVENDOR_SRV`. */
  readonly name: string;
  readonly sets: readonly SimEntitySet[];
  /**
   * Server-side paging as the service's developer coded it ($skiptoken): at most this many entities an
   * answer, with a `__next` link. Absent: no server paging, no `__next` (the Gateway default).
   */
  readonly serverPageSize?: number;
  /** `$top`/`$skip` implemented in the data provider class. Default true; false: both ignored. */
  readonly topSkip?: boolean;
}

export type SapRelease = 'ecc' | 's4';

export interface GatewayServicesOptions {
  /** Default 'ecc': no standard vendor/customer/PO service exists. */
  readonly release?: SapRelease;
  /** The customer's own services, served under exactly these names. */
  readonly services?: readonly SimGatewayService[];
  /** JSON for `Accept: application/json` without `$format=json` (seen on S/4; ECC-era Gateway unconfirmed). Default true. */
  readonly jsonByAccept?: boolean;
  /** How an unregistered service is refused: 403 (the hub's answer in most reports) or 404. Default 403. */
  readonly unknownServiceStatus?: 403 | 404;
}

export interface GatewayStats {
  /** Every request's path and query as received, in order. */
  readonly requests: string[];
  csrfFetches: number;
  sessionsOpened: number;
}

export interface GatewayServices {
  readonly release: SapRelease;
  readonly services: ReadonlyMap<string, SimGatewayService>;
  readonly unknownServiceStatus: 403 | 404;
  readonly jsonByAccept: boolean;
  readonly stats: GatewayStats;
  /** Live security sessions and the CSRF tokens handed out (simulator state). */
  readonly sessions: Set<string>;
  readonly csrfTokens: Set<string>;
}

function standardSet(
  name: string,
  entityType: string,
  key: readonly string[],
  others: readonly SimProperty[],
): SimEntitySet {
  return {
    name,
    entityType,
    key,
    properties: [...key.map((property) => ({ name: property, type: 'Edm.String' as const })), ...others],
    rows: [],
  };
}

/** S/4HANA's released APIs for the same objects (SAP API Business Hub names); ECC has none of them. */
export const S4_STANDARD_SERVICES: readonly SimGatewayService[] = [
  {
    name: 'API_BUSINESS_PARTNER',
    sets: [
      standardSet(
        'A_Supplier',
        'A_SupplierType',
        ['Supplier'],
        [
          { name: 'SupplierName', type: 'Edm.String' },
          { name: 'CreationDate', type: 'Edm.DateTime' },
        ],
      ),
      standardSet(
        'A_Customer',
        'A_CustomerType',
        ['Customer'],
        [
          { name: 'CustomerName', type: 'Edm.String' },
          { name: 'CreationDate', type: 'Edm.DateTime' },
        ],
      ),
    ],
  },
  {
    name: 'API_PURCHASEORDER_PROCESS_SRV',
    sets: [
      standardSet(
        'A_PurchaseOrder',
        'A_PurchaseOrderType',
        ['PurchaseOrder'],
        [
          { name: 'CompanyCode', type: 'Edm.String' },
          { name: 'Supplier', type: 'Edm.String' },
          { name: 'CreationDate', type: 'Edm.DateTime' },
        ],
      ),
      standardSet(
        'A_PurchaseOrderItem',
        'A_PurchaseOrderItemType',
        ['PurchaseOrder', 'PurchaseOrderItem'],
        [{ name: 'NetPriceAmount', type: 'Edm.Decimal' }],
      ),
    ],
  },
];

/** The services a simulated system serves; mount with `handleGateway`. */
export function gatewayServices(options: GatewayServicesOptions = {}): GatewayServices {
  const release = options.release ?? 'ecc';
  const services = new Map<string, SimGatewayService>();
  if (release === 's4') for (const service of S4_STANDARD_SERVICES) services.set(service.name, service);
  for (const service of options.services ?? []) services.set(service.name, service);
  return {
    release,
    services,
    unknownServiceStatus: options.unknownServiceStatus ?? 403,
    jsonByAccept: options.jsonByAccept ?? true,
    stats: { requests: [], csrfFetches: 0, sessionsOpened: 0 },
    sessions: new Set(),
    csrfTokens: new Set(),
  };
}
