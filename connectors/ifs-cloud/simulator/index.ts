/**
 * A local IFS Cloud tenant (ifs-cloud.md, README "What the simulator refuses"): IFS IAM's token endpoint
 * (`expires_in` 180), the projection and Entity Service paths under `/main` and `/int`, `$filter`,
 * `$select`, `$orderby`, `$top`/`$skip` (no nextLink when `$top` is given), `$count`, array `$expand`
 * refused with ODP_NOT_IMPLEMENTED, GET and PATCH by key with ETags, IFS's error bodies, transient
 * MI_MODIFIED_ERROR for injected 500/503, vouchers moving to the posted GL sets when updated, empty
 * answers for a company the service user may not see, and control totals.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultInjector, type FaultCounts } from '../../kit/simulator/fault-injector.ts';
import type { FaultRule } from '../../kit/simulator/faults.ts';
import { createSimulatorServer } from '../../kit/simulator/https.ts';
import { closeServer } from '../../kit/simulator/server.ts';
import { entitySets, type SimEntitySet, type UnconfirmedSetNames } from './entities.ts';
import { IfsIam, type IamClient } from './keycloak.ts';
import { ODataRefusal } from './odata-query.ts';
import { sendIfsError, sendText } from './responses.ts';
import { collection, entityByKey, patchByKey, type QueryOptions } from './routes.ts';
import { IfsStore, type StoreChange } from './store.ts';

export interface IfsSimulatorOptions {
  /** 0 (default) picks a free port; the CLI uses 47003. */
  readonly port?: number;
  readonly seed?: number;
  /** Vouchers at the start (invoices and orders a quarter of it each). */
  readonly rows?: number;
  readonly realm?: string;
  readonly company?: string;
  readonly client?: IamClient;
  /** Names of the sets no public source confirms; each is 404 unless named here. */
  readonly sets?: UnconfirmedSetNames;
  readonly faults?: string | readonly FaultRule[];
  readonly retryAfterSeconds?: number;
  readonly tls?: boolean;
  /** Token clock (tests move a fake one past 180 s). */
  readonly now?: () => number;
  readonly tokenSeconds?: number;
  /** A company outside Allowed Companies: `empty` (200, no rows; default) or `403`. */
  readonly disallowedCompany?: 'empty' | '403';
  /** Entity Service APIs answer only once activated in API Explorer (default: activated). */
  readonly entityServicesActive?: boolean;
  /** Unverified server-driven paging (off by default): at most this many rows a page, the rest behind a nextLink. */
  readonly serverPageSize?: number;
  /** LUs whose History Log the customer switched on (suppliers: SupplierInfoGeneral); default none. */
  readonly historyLog?: readonly string[];
  /** The server's zone, as an offset: timestamps in requests without the zone-aware header are read in it. Default -360 (US Central), where a missing header loses changes rather than re-reads them. */
  readonly serverOffsetMinutes?: number;
  /** Adds one purchase order with this many lines (the 12,000-line order). */
  readonly bigOrderLines?: number;
}

export interface IfsSimulator {
  readonly url: string;
  readonly port: number;
  readonly caCert?: string;
  readonly realm: string;
  readonly company: string;
  readonly tokenUrl: string;
  readonly credentials: IamClient;
  readonly store: IfsStore;
  readonly iam: IfsIam;
  readonly options: QueryOptions;
  readonly stats: { readonly requests: number; readonly faults: FaultCounts; readonly seen: readonly SeenRequest[] };
  advance(n: number): StoreChange[];
  close(): Promise<void>;
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly status: number;
  readonly ifMatch?: string;
  readonly contentType?: string;
}

export const DEMO_CLIENT: IamClient = { clientId: 'ML_CONNECTOR', clientSecret: 'sim-ifs-client-secret-0001' };
export const DEMO_SETS: Required<UnconfirmedSetNames> = {
  supplierInvoices: 'ManualSupplierInvoicesHandling.svc/ManSuppInvoiceSet',
  postedVouchers: 'GenLedVoucherAnalysis.svc/GenLedVoucherSet',
  postedVoucherRows: 'GenLedVoucherRowAnalysis.svc/GenLedVoucherRowSet',
};

const PROJECTION = /^\/(main|int)\/ifsapplications\/projection\/v1\/([A-Za-z0-9_]+\.svc)\/(.*)$/;
const ENTITY_SERVICE = /^\/int\/ifsapplications\/entity\/v1\/([A-Za-z0-9_]+\.svc)\/(.*)$/;
const TOKEN = /^\/auth\/realms\/([^/]+)\/protocol\/openid-connect\/token$/;

export async function startIfsSimulator(options: IfsSimulatorOptions = {}): Promise<IfsSimulator> {
  const seed = options.seed ?? 1;
  const realm = options.realm ?? 'acme1';
  const company = options.company ?? '10';
  const client = options.client ?? DEMO_CLIENT;
  const store = new IfsStore(seed, options.rows ?? 100, company);
  if (options.bigOrderLines !== undefined) store.addOrder(Date.UTC(2025, 11, 1), options.bigOrderLines);
  if (options.historyLog?.includes('SupplierInfoGeneral'))
    for (const supplier of store.suppliers)
      store.logged.set(supplier, {
        luName: 'SupplierInfoGeneral',
        keys: `SUPPLIER_ID=${String(supplier.values.SupplierId)}^`,
      });
  const iam = new IfsIam(realm, client, seed, options.now ?? Date.now, options.tokenSeconds ?? 180);
  const sets = entitySets(store, options.sets ?? {});
  const queryOptions: QueryOptions = {
    allowedCompanies: [company],
    disallowedCompany: options.disallowedCompany ?? 'empty',
    ...(options.serverPageSize === undefined ? {} : { serverPageSize: options.serverPageSize }),
    shortAnswers: 0,
    editAfterRead: 0,
  };
  const injector = createFaultInjector({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    seed,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    // §7: a stale metadata cache answers MI_MODIFIED_ERROR (500 per one integrator, 503 per others); retried, it succeeds.
    send: (response, status, message, headers) =>
      status === 401
        ? sendText(response, 401, '', { ...headers, 'www-authenticate': 'Bearer' })
        : status >= 500
          ? sendIfsError(
              response,
              status,
              'MI_MODIFIED_ERROR',
              'The metadata has been modified. Please retry the request.',
              headers,
            )
          : sendIfsError(response, status, 'TOO_MANY_REQUESTS', message, headers),
  });
  let requests = 0;
  const seen: SeenRequest[] = [];

  const { server, scheme, caCert } = createSimulatorServer('ifs', options.tls, (raw, response) => {
    requests += 1;
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(raw.url ?? '/', 'http://sim.invalid');
      if (url.pathname === '/__sim/control-totals')
        return sendText(response, 200, JSON.stringify(store.controlTotals()));
      if (url.pathname === '/__sim/period-totals') return sendText(response, 200, JSON.stringify(store.periodTotals()));
      void injector
        .inject(raw, response, () => iam.issuer.expire({ headers: raw.headers }))
        .then((answered) => {
          if (answered) return;
          const status = handle(raw, url, body, response);
          seen.push({
            method: raw.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            status,
            ...(raw.headers['if-match'] === undefined ? {} : { ifMatch: raw.headers['if-match'] }),
            ...(raw.headers['content-type'] === undefined ? {} : { contentType: raw.headers['content-type'] }),
          });
        })
        .catch((error: unknown) =>
          response.headersSent
            ? response.destroy()
            : sendIfsError(response, 500, 'SIMULATOR_BUG', error instanceof Error ? error.message : String(error)),
        );
    });
  });

  /** Answers the request; returns the status sent. */
  function handle(raw: IncomingMessage, url: URL, body: string, response: ServerResponse): number {
    const method = raw.method ?? 'GET';
    const token = TOKEN.exec(url.pathname);
    if (token !== null) {
      if (method !== 'POST') return reply(response, 405, { error: 'method_not_allowed' });
      const answer = iam.token(
        decodeURIComponent(token[1] ?? ''),
        new URLSearchParams(body),
        raw.headers.authorization,
      );
      return reply(response, answer.status, answer.body);
    }
    const projection = PROJECTION.exec(url.pathname);
    const entityService = projection === null ? ENTITY_SERVICE.exec(url.pathname) : null;
    if (projection === null && entityService === null)
      return fail(response, 404, 'ODP_RESOURCE_NOTFOUND', 'Resource not found.');
    if (iam.issuer.subjectOf(raw) === undefined) {
      sendText(response, 401, '', { 'www-authenticate': 'Bearer' });
      return 401;
    }
    const service = projection?.[2] ?? entityService?.[1] ?? '';
    const rest = decodeURIComponent(projection?.[3] ?? entityService?.[2] ?? '');
    const prefix = entityService !== null ? 'entity:' : '';
    if (entityService !== null && options.entityServicesActive === false)
      return fail(response, 404, 'ODP_RESOURCE_NOTFOUND', 'Metadata not found.');
    const setName = /^([A-Za-z0-9_]+)/.exec(rest)?.[1] ?? '';
    if (![...sets.keys()].some((path) => path.startsWith(`${prefix}${service}/`)))
      return fail(response, 404, 'ODP_RESOURCE_NOTFOUND', 'Metadata not found.');
    if (rest === '$metadata' || rest === '') {
      sendText(response, 200, JSON.stringify({ '@odata.context': '$metadata', value: [] }));
      return 200;
    }
    const set: SimEntitySet | undefined = sets.get(`${prefix}${service}/${setName}`);
    if (set === undefined)
      return fail(response, 404, 'ODP_RESOURCE_NOTFOUND', `Resource not found for the segment '${setName}'.`);
    const context = `${url.pathname.split('/').slice(0, -1).join('/')}/$metadata`;
    try {
      const keyPart = rest.slice(setName.length);
      if (keyPart === '') {
        if (method !== 'GET')
          return fail(
            response,
            405,
            'ODP_METHOD_NOT_ALLOWED',
            `Method ${method} is not allowed on the collection ${setName}.`,
          );
        const zone = {
          zoneAware: /^true$/i.test(String(raw.headers['x-ifs-time-zone-aware-request'] ?? '')),
          serverOffsetMinutes: options.serverOffsetMinutes ?? -360,
        };
        const answer = collection(
          set,
          setName,
          url.searchParams,
          queryOptions,
          `${context}#${setName}`,
          url.pathname,
          zone,
        );
        sendText(response, answer.status, answer.text);
        return answer.status;
      }
      const answer =
        method === 'GET'
          ? entityByKey(set, setName, keyPart, `${context}#${setName}/$entity`, queryOptions, store)
          : method === 'PATCH'
            ? patchByKey(set, setName, keyPart, raw.headers, body, store, `${context}#${setName}/$entity`)
            : {
                status: 405,
                text: JSON.stringify({
                  error: { code: 'ODP_METHOD_NOT_ALLOWED', message: `Method ${method} is not allowed.` },
                }),
              };
      sendText(response, answer.status, answer.text, answer.headers);
      return answer.status;
    } catch (error) {
      if (!(error instanceof ODataRefusal)) throw error;
      sendText(response, error.status, JSON.stringify(error.body), { 'content-type': 'application/json' });
      return error.status;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${scheme}://127.0.0.1:${port}`;
  return {
    url,
    port,
    ...(caCert === undefined ? {} : { caCert }),
    realm,
    company,
    tokenUrl: `${url}/auth/realms/${realm}/protocol/openid-connect/token`,
    credentials: client,
    store,
    iam,
    options: queryOptions,
    stats: {
      get requests() {
        return requests;
      },
      faults: injector.counts,
      seen,
    },
    advance: (n) => store.advance(n),
    close: () => closeServer(server),
  };
}

function reply(response: ServerResponse, status: number, body: unknown): number {
  sendText(response, status, JSON.stringify(body), { 'content-type': 'application/json' });
  return status;
}

function fail(response: ServerResponse, status: number, code: string, message: string): number {
  sendIfsError(response, status, code, message);
  return status;
}
