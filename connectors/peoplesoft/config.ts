/**
 * A PeopleSoft connection's settings: where the REST listening connector is (host, port, the node as the
 * site named it, the routing's external alias), how to sign in (Basic with an OPRID, or a bearer token
 * from the customer's identity provider), the saved query per stream and how big a window is.
 */
import type { RememberSecret, ResolveSecret } from '../kit/auth/secrets.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import type { Sleep } from '../kit/http/retry-policy.ts';
import type { TimeoutOptions } from '../kit/http/transport.ts';
import type { CirtTargetConfig, PeopleSoftTargetName } from './destination/config.ts';
import type { DocumentOperation } from './document.ts';

export const STREAM_NAMES = [
  'journal_lines',
  'vendors',
  'customers',
  'purchase_order_lines',
  'vouchers',
  'payroll_cost',
  'purchase_orders',
  'purchase_order_schedules',
  'purchase_order_distributions',
  'vendor_addresses',
] as const;
export type PsftStreamName = (typeof STREAM_NAMES)[number];

/** The address parts of a stream's document operation: `<stream>Document` (URL template) and `…DocumentRoot`. */
export const documentParts = (stream: PsftStreamName) => {
  const base = QUERY_PARTS[stream].part.replace(/Query$/, '');
  return { template: `${base}Document`, root: `${base}DocumentRoot` };
};

/** The address part that names each stream's saved query, and the name the README's definitions use. */
export const QUERY_PARTS: Readonly<Record<PsftStreamName, { readonly part: string; readonly default: string }>> = {
  journal_lines: { part: 'journalLinesQuery', default: 'MLC_JRNL_LINES' },
  vendors: { part: 'vendorsQuery', default: 'MLC_VENDORS' },
  customers: { part: 'customersQuery', default: 'MLC_CUSTOMERS' },
  purchase_order_lines: { part: 'poLinesQuery', default: 'MLC_PO_LINES' },
  vouchers: { part: 'vouchersQuery', default: 'MLC_VOUCHERS' },
  payroll_cost: { part: 'payrollCostQuery', default: 'MLC_JOB_COST' },
  purchase_orders: { part: 'poHeadersQuery', default: 'MLC_PO_HEADERS' },
  purchase_order_schedules: { part: 'poSchedulesQuery', default: 'MLC_PO_SCHEDULES' },
  purchase_order_distributions: { part: 'poDistributionsQuery', default: 'MLC_PO_DISTRIBS' },
  vendor_addresses: { part: 'vendorAddressesQuery', default: 'MLC_VENDOR_ADDRS' },
};

export const DEFAULTS = {
  executeQueryAlias: 'ExecuteQuery.v1',
  windowDays: 31,
  /** The widest a window grows to after empty ones (about ten years). */
  maxWindowDays: 3660,
  queryMode: 'execute' as 'execute' | 'poll',
  /** The external alias of QAS_EXECUTEQRYPOLL_REST_GET is unconfirmed (peoplesoft.md §0 §1): a setting. */
  pollAlias: 'ExecuteQueryPoll.v1',
  queryStatusAlias: 'QueryStatus.v1',
  queryResultsAlias: 'QueryResults.v1',
  pollIntervalSeconds: 5,
  pollTimeoutSeconds: 1800,
  documentPageRows: 1000,
  maxRows: 1000,
  historyStart: '2000-01-01',
} as const;

export type PsftAuth =
  | { readonly kind: 'basic'; readonly oprid: string; readonly passwordSecret: string }
  | {
      readonly kind: 'oauth2';
      readonly clientId: string;
      readonly clientSecretSecret: string;
      readonly tokenUrl: string;
      readonly scope?: string;
    };

export interface PsftConnectionConfig {
  /** Scheme, host and port of the PeopleSoft web server (PIA), e.g. https://psft.example.com:8443. */
  readonly baseUrl: string;
  /** The default local node as this site named it (PSFT_EP and PSFT_HR are only the delivered names). */
  readonly node: string;
  /** The external alias of QAS_EXECUTEQRY_REST_GET on the routing. */
  readonly executeQueryAlias: string;
  readonly queries: Readonly<Record<PsftStreamName, string>>;
  /** Days of the first ExecuteQuery window; later ones grow after empty windows and shrink after full ones. */
  readonly windowDays: number;
  /** The widest a window may grow to (days). */
  readonly maxWindowDays: number;
  /**
   * `execute`: one synchronous ExecuteQuery per window. `poll`: the poll variant for long queries (the
   * query runs in the Process Scheduler; status polled; rows fetched block by block; README).
   */
  readonly queryMode: 'execute' | 'poll';
  /** External aliases of QAS_EXECUTEQRYPOLL_REST_GET, QAS_QUERYSTATUS_REST_GET, QAS_GETQUERYRESULTS_REST_GET. */
  readonly pollAlias: string;
  readonly queryStatusAlias: string;
  readonly queryResultsAlias: string;
  readonly pollIntervalSeconds: number;
  /** The longest one window's query may take, from the poll request to its last block. */
  readonly pollTimeoutSeconds: number;
  /**
   * Streams read through a custom document-based REST operation of the site's instead of their saved query
   * (README "Custom document-based REST operations").
   */
  readonly documents: Readonly<Partial<Record<PsftStreamName, DocumentOperation>>>;
  /** The most rows one page of a document operation holds (its handler's page size). */
  readonly documentPageRows: number;
  /** Waits between polls (tests pass one that moves their clock instead of waiting). */
  readonly sleep?: Sleep;
  /** Rows one window may hold; more means the window is split (`maxrows` is sent as this plus one). */
  readonly maxRows: number;
  /** First day of the first run's windows (one window before it reaches back to 1900-01-01). */
  readonly historyStart: string;
  /**
   * The saved queries' key-paging prompt (`<page key> >= :PROMPT`, ordered by the page key), when they have
   * one: a day with more than `maxRows` rows is then read page by page instead of stopping the stream.
   */
  readonly keyPrompt?: string;
  /** The zone PeopleSoft's date-times are written in (its database server's). Default UTC. */
  readonly serverTimeZone: string;
  /** The destination's CIRT operations and writable attributes per target (address parts, defaults). */
  readonly cirtTargets: Readonly<Record<PeopleSoftTargetName, CirtTargetConfig>>;
  readonly auth: PsftAuth;
  readonly resolveSecret: ResolveSecret;
  readonly remember?: RememberSecret;
  readonly caCert?: string;
  readonly retry?: RetryOptions | false;
  readonly timeouts?: TimeoutOptions;
  /** Clock for today's date and token expiry (tests). */
  readonly now?: () => number;
}
