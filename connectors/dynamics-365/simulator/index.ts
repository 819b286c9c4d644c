/**
 * A local Dynamics 365 Sales environment (Dataverse Web API v9.2) with its Entra ID tenant, on one
 * loopback server (README "What the simulator refuses"): the token endpoint, 401 with
 * `WWW-Authenticate` for a missing or expired token, 403 `0x80072560` for an app with no application
 * user, service protection (429 + Retry-After on the request budget and the concurrency limit, per
 * user), upsert by alternate key refused while the key is missing or not Active, creates with
 * `@odata.bind`, and `$batch` with atomic change sets and the 1,000-request limit.
 * Not yet: the `ml-connector simulate dynamics365` wiring (port 47005), HTTPS, opportunities, paging.
 */
import type { ServerResponse } from 'node:http';
import type { FaultRule } from '../../kit/simulator/faults.ts';
import { type RunningSimulator, type SimRequest, sendJson, startSimulator } from '../../kit/simulator/server.ts';
import { runBatch } from './batch-route.ts';
import { type EntraApp, EntraTenant } from './entra.ts';
import { runOperation } from './operations.ts';
import { type ProtectionLimits, ServiceProtection } from './protection.ts';
import { type AlternateKey, DataverseStore, salesTables } from './store.ts';

export const DEFAULT_PORT = 47005;
export const API_PATH = '/api/data/v9.2/';
export const DEMO_TENANT = '00000000-0000-0000-0000-0000000000d3';
export const DEMO_APP: EntraApp = {
  clientId: '51f81489-12ee-4a9e-aaae-a2591f45987d',
  clientSecret: 'sim-d365-client-secret-0001',
};
export const DEMO_ACCOUNT_KEY: Omit<AlternateKey, 'status'> = {
  schemaName: 'mlc_accountnumber_key',
  keyAttributes: ['accountnumber'],
};

export interface DynamicsSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly faults?: string | readonly FaultRule[];
  readonly retryAfterSeconds?: number;
  readonly tenant?: string;
  readonly apps?: readonly EntraApp[];
  /** Client ids that have an application user in the environment (default: every app). */
  readonly applicationUsers?: readonly string[];
  /** The account alternate key on `accountnumber` and its index status; `null` = none defined. Default Active. */
  readonly accountKeyStatus?: AlternateKey['status'] | null;
  readonly limits?: ProtectionLimits;
  readonly maxBatchRequests?: number;
  readonly tokenSeconds?: number;
  /** Clock for tokens, the protection window and `modifiedon` (tests move a fake one). */
  readonly now?: () => number;
}

export interface DynamicsSimulator {
  readonly url: string;
  readonly port: number;
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly scope: string;
  readonly tenant: string;
  readonly credentials: EntraApp;
  readonly store: DataverseStore;
  readonly entra: EntraTenant;
  readonly protection: ServiceProtection;
  readonly stats: RunningSimulator['stats'];
  /** Holds every API request after admission until the returned function is called (concurrency tests). */
  hold(): () => void;
  close(): Promise<void>;
}

export async function startDynamicsSimulator(options: DynamicsSimulatorOptions = {}): Promise<DynamicsSimulator> {
  const now = options.now ?? Date.now;
  const tenant = options.tenant ?? DEMO_TENANT;
  const apps = options.apps ?? [DEMO_APP];
  const applicationUsers = new Set(options.applicationUsers ?? apps.map((app) => app.clientId));
  const keyStatus = options.accountKeyStatus === undefined ? 'Active' : options.accountKeyStatus;
  const store = new DataverseStore(
    salesTables(
      keyStatus === null
        ? undefined
        : { ...DEMO_ACCOUNT_KEY, keyAttributes: [...DEMO_ACCOUNT_KEY.keyAttributes], status: keyStatus },
    ),
    now,
  );
  const protection = new ServiceProtection(options.limits ?? {}, now);
  let base = '';
  const entra = new EntraTenant(tenant, apps, () => base, options.seed ?? 1, now, options.tokenSeconds);
  let gate: Promise<void> | undefined;

  const unauthorized = (response: ServerResponse): void => {
    response.writeHead(401, {
      'WWW-Authenticate': `Bearer authorization_uri=${base}/${tenant}/oauth2/authorize, resource_id=${base}/`,
      'content-length': 0,
    });
    response.end();
  };

  const handle = async (request: SimRequest, response: ServerResponse): Promise<void> => {
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.url.pathname);
    if (token !== null && request.method === 'POST') {
      const reply = entra.token(token[1]!, new URLSearchParams(request.body));
      return sendJson(response, reply.status, reply.body);
    }
    if (!request.url.pathname.startsWith(API_PATH))
      return sendJson(response, 404, {
        error: { code: '0x8006088a', message: `Resource not found for the segment '${request.url.pathname}'.` },
      });
    const user = entra.issuer.subjectOf(request);
    if (user === undefined) return unauthorized(response);
    if (!applicationUsers.has(user))
      return sendJson(response, 403, {
        error: { code: '0x80072560', message: 'The user is not a member of the organization.' },
      });
    const throttled = protection.admit(user);
    if (throttled !== undefined)
      return sendJson(
        response,
        429,
        { error: { code: throttled.code, message: throttled.message } },
        { 'Retry-After': String(throttled.retryAfterSeconds) },
      );
    try {
      if (gate !== undefined) await gate;
      const path = request.url.pathname.slice(API_PATH.length);
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name.toLowerCase(),
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      );
      const context = { store, root: `${base}${API_PATH}` };
      if (path === '$batch' && request.method === 'POST') {
        const reply = runBatch(
          headers['content-type'],
          request.body,
          headers['prefer'],
          context,
          API_PATH,
          options.maxBatchRequests,
        );
        response.writeHead(reply.status, {
          'content-type': reply.contentType,
          'OData-Version': '4.0',
          'content-length': Buffer.byteLength(reply.body),
        });
        response.end(reply.body);
        return;
      }
      const outcome = runOperation(
        {
          method: request.method,
          path: decodeURIComponent(path),
          query: request.url.searchParams,
          headers,
          body: request.body,
        },
        context,
      );
      if (outcome.body === undefined) {
        response.writeHead(outcome.status, { 'OData-Version': '4.0', ...outcome.headers, 'content-length': 0 });
        response.end();
      } else sendJson(response, outcome.status, outcome.body, { 'OData-Version': '4.0', ...outcome.headers });
    } finally {
      protection.finish(user);
    }
  };

  const running = await startSimulator({
    name: 'dynamics365',
    ...(options.port === undefined ? {} : { port: options.port }),
    seed: options.seed ?? 1,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    controlTotals: () =>
      Object.fromEntries([...store.tables].map(([set, table]) => [set, { rows: table.rows.size, sums: {} }])),
    expireToken: (request) => entra.issuer.expire(request),
    handle,
  });
  base = running.url;
  return {
    url: running.url,
    port: running.port,
    apiUrl: `${running.url}${API_PATH}`,
    tokenUrl: `${running.url}/${tenant}/oauth2/v2.0/token`,
    scope: `${running.url}/.default`,
    tenant,
    credentials: apps[0]!,
    store,
    entra,
    protection,
    stats: running.stats,
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
    close: () => running.close(),
  };
}
