/**
 * An IFS Cloud connection: each customer's own tenant (ifs-cloud.md §1): the system URL (any host, an
 * optional port), the IAM realm (the tenant's namespace) whose Keycloak token endpoint signs the client
 * in, the endpoint (`main` for interactive-sized calls, `int` for the longer integration timeouts, §7),
 * the companies to read, and where each stream lives. Several of those places are unconfirmed (see the
 * README), so every one is configuration with the documented default.
 */
import type { RememberSecret, ResolveSecret } from '../kit/auth/secrets.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import type { TimeoutOptions } from '../kit/http/transport.ts';
import type { Scrub } from '../kit/http/types.ts';

export type IfsEndpoint = 'main' | 'int';

/** The stream whose set each address part names (`<Projection>.svc/<EntitySet>`, or a path from the root). */
export const SET_PARTS = {
  gl_accounts: 'accountSet',
  vouchers: 'voucherSet',
  postedVouchers: 'postedVoucherSet',
  voucher_rows: 'voucherRowSet',
  postedVoucherRows: 'postedVoucherRowSet',
  supplier_invoices: 'supplierInvoiceSet',
  purchase_orders: 'purchaseOrderSet',
  purchase_order_lines: 'purchaseOrderLineSet',
  suppliers: 'supplierSet',
  code_part_values: 'codePartValueSet',
  codePartValueUpdates: 'codePartValueUpdateSet',
} as const;

export type SetName = keyof typeof SET_PARTS;

/** Stands for the code part letter in the code part value update set (`Code{CodePart}Handling.svc/…`). */
export const CODE_PART_PLACEHOLDER = '{CodePart}';

/**
 * Where each set lives by default, and how sure we are (README "Where each stream is read"). A path
 * starting with `/` is from the tenant root (the Entity Service APIs live outside the projection tree).
 */
export const DEFAULT_SETS: Readonly<Record<SetName, string>> = {
  gl_accounts: 'AccountsHandling.svc/AccountSet',
  vouchers: 'VouchersAnalysis.svc/VoucherSet',
  postedVouchers: 'GenLedVoucherAnalysis.svc/GenLedVoucherSet',
  voucher_rows: 'VoucherRowsAnalysis.svc/VoucherRowSet',
  postedVoucherRows: 'GenLedVoucherRowAnalysis.svc/GenLedVoucherRowSet',
  supplier_invoices: 'ManualSupplierInvoicesHandling.svc/ManSuppInvoiceSet',
  purchase_orders: 'PurchaseOrderHandling.svc/PurchaseOrderSet',
  purchase_order_lines: '/int/ifsapplications/entity/v1/PurchaseOrderLineEntity.svc/PurchaseOrderLineSet',
  suppliers: 'SuppliersHandling.svc/SupplierInfoGeneralSet',
  code_part_values: 'CodeStringCompletionHandling.svc/AccountingCodePartValueSet',
  // Where a code part value's description is written (the read set above is Read-only): one projection per
  // code part, `{CodePart}` standing for B…J (IFS's ACCRUL model; whether a release takes PATCH: README).
  codePartValueUpdates: `Code${CODE_PART_PLACEHOLDER}Handling.svc/Code${CODE_PART_PLACEHOLDER}Set`,
};

export interface IfsConnectionConfig {
  /** `https://acme.ifs.cloud` or `https://erp.example.com:48080`: the tenant's own address. */
  readonly systemUrl: string;
  /** The IAM realm, the tenant's namespace (token endpoint `/auth/realms/<realm>/...`). */
  readonly realm: string;
  readonly endpoint: IfsEndpoint;
  readonly clientId: string;
  /** Name of the stored client secret. */
  readonly clientSecretSecret: string;
  /** Companies to read (the service user's Allowed Companies decide what IFS shows). */
  readonly companies: readonly string[];
  /** Overrides of `DEFAULT_SETS`. */
  readonly sets?: Partial<Record<SetName, string>>;
  /** Streams whose table has History Log switched on: their incremental reads ask the log (`source.options.changeFeed`). */
  readonly historyLog?: readonly string[];
  /** Zone of the database clock inside ETags (objversion); default UTC. */
  readonly serverTimeZone?: string;
  /** Token endpoint override (default from systemUrl and realm). */
  readonly tokenUrl?: string;
  readonly resolveSecret: ResolveSecret;
  readonly remember?: RememberSecret;
  readonly scrub?: Scrub;
  readonly retry?: RetryOptions | false;
  readonly timeouts?: TimeoutOptions;
  readonly caCert?: string;
  /** Clock for token expiry (tests inject one). */
  readonly now?: () => number;
}

export function rootOf(config: Pick<IfsConnectionConfig, 'systemUrl'>): string {
  return config.systemUrl.replace(/\/+$/, '');
}

/** §1: `https://<system-url>/auth/realms/<namespace>/protocol/openid-connect/token`. */
export function tokenUrlOf(config: Pick<IfsConnectionConfig, 'systemUrl' | 'realm' | 'tokenUrl'>): string {
  return (
    config.tokenUrl ?? `${rootOf(config)}/auth/realms/${encodeURIComponent(config.realm)}/protocol/openid-connect/token`
  );
}

export function setPath(config: Pick<IfsConnectionConfig, 'sets'>, name: SetName): string {
  return config.sets?.[name] ?? DEFAULT_SETS[name];
}

/** The URL of a set: from the root when it starts with `/`, else under `/<endpoint>/ifsapplications/projection/v1/`. */
export function setUrl(config: Pick<IfsConnectionConfig, 'systemUrl' | 'endpoint' | 'sets'>, name: SetName): string {
  const path = setPath(config, name);
  return path.startsWith('/')
    ? `${rootOf(config)}${path}`
    : `${rootOf(config)}/${config.endpoint}/ifsapplications/projection/v1/${path}`;
}

/** The projection name of a set path (`AccountsHandling` of `AccountsHandling.svc/AccountSet`), for enum literals. */
export function projectionOf(path: string): string {
  return /([A-Za-z0-9_]+)\.svc\//.exec(path)?.[1] ?? '';
}
