/**
 * A local Dynamics 365 Sales environment (Dataverse Web API v9.2) with its Entra ID tenant, on one
 * loopback server, HTTP or HTTPS from a CA made at start (README "What the simulator refuses"): the token
 * endpoint, 401 with `WWW-Authenticate`, 403 `0x80072560` for an app with no application user, service
 * protection (429 + Retry-After per user), seeded faults in Dataverse's error shape, the Sales tables with
 * the customizations it is told about (`sales-schema.ts`), `$batch` with atomic change sets. For tests:
 * `dropBatchAnswers` (apply a `$batch`, then cut the connection before answering), `throttle` (a 429
 * storm), and `GET /__sim/control-totals` (`control-totals.ts`); the same two switches over HTTP
 * (`POST /__sim/drop-batch-answers?count=n`, `POST /__sim/throttle?requests=n&retryAfter=s`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultInjector } from '../../kit/simulator/fault-injector.ts';
import type { FaultRule } from '../../kit/simulator/faults.ts';
import { createSimulatorServer } from '../../kit/simulator/https.ts';
import { closeServer, sendJson } from '../../kit/simulator/server.ts';
import { writeExactJson } from '../exact-json.ts';
import { runBatch } from './batch-route.ts';
import { controlTotals, type DynamicsControlTotals } from './control-totals.ts';
import { type EntraApp, EntraTenant } from './entra.ts';
import { runOperation } from './operations.ts';
import { type ProtectionLimits, ServiceProtection } from './protection.ts';
import { DEMO_CURRENCIES, salesTables, type SalesSchemaOptions } from './sales-schema.ts';
import { SimulatorSwitches } from './switches.ts';
import { type AlternateKey, DataverseStore, type KeyIndexStatus } from './store.ts';

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

export { DEMO_CURRENCIES };

export interface DynamicsSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly faults?: string | readonly FaultRule[];
  readonly retryAfterSeconds?: number;
  readonly tls?: boolean;
  readonly tenant?: string;
  readonly apps?: readonly EntraApp[];
  /** Client ids that have an application user in the environment (default: every app). */
  readonly applicationUsers?: readonly string[];
  /** The account alternate key on `accountnumber` and its index status; `null` = none defined. Default Active. */
  readonly accountKeyStatus?: KeyIndexStatus | null;
  /** Custom account columns the admin added. */
  readonly accountColumns?: readonly string[];
  /** The custom PO-number column on orders and opportunities and its key; `null` = none. Default `mlc_ponumber`, Active. */
  readonly orderKey?: { readonly column: string; readonly status: KeyIndexStatus } | null;
  /** Where opportunity lines live; not served unless given. */
  readonly opportunityLines?: SalesSchemaOptions['opportunityLines'];
  /** false: a failed change set stops the batch even with `Prefer: odata.continue-on-error`. Default true. */
  readonly continueOnError?: boolean;
  readonly limits?: ProtectionLimits;
  readonly maxBatchRequests?: number;
  readonly tokenSeconds?: number;
  /** Time Dataverse spends per request of a `$batch`, told to `spend` (a test's clock): batches take time. */
  readonly executionMsPerRequest?: number;
  readonly spend?: (ms: number) => void;
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
  readonly caCert?: string;
  readonly store: DataverseStore;
  readonly entra: EntraTenant;
  readonly protection: ServiceProtection;
  readonly stats: {
    requests: number;
    batches: number;
    droppedAnswers: number;
    /** `$batch` requests applied whose answer was held back (`holdNextBatchAnswer`). */
    heldAnswers: number;
    readonly faults: Record<string, number>;
  };
  controlTotals(): DynamicsControlTotals;
  /** The next `count` `$batch` requests are applied, then their connection is cut before any answer. */
  dropBatchAnswers(count: number): void;
  /** Applies the next `$batch` whose body matches and never answers it; settles once it is applied. */
  holdNextBatchAnswer(matches: (body: string) => boolean): Promise<void>;
  /** The next `requests` API calls are answered 429 0x80072322 with this Retry-After (a storm). */
  throttle(requests: number, retryAfterSeconds: number): void;
  /** Holds every API request after admission until the returned function is called (concurrency tests). */
  hold(): () => void;
  close(): Promise<void>;
}

async function readBody(raw: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of raw) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startDynamicsSimulator(options: DynamicsSimulatorOptions = {}): Promise<DynamicsSimulator> {
  const now = options.now ?? Date.now;
  const tenant = options.tenant ?? DEMO_TENANT;
  const apps = options.apps ?? [DEMO_APP];
  const applicationUsers = new Set(options.applicationUsers ?? apps.map((app) => app.clientId));
  const keyStatus = options.accountKeyStatus === undefined ? 'Active' : options.accountKeyStatus;
  const orderKey =
    options.orderKey === undefined ? { column: 'mlc_ponumber', status: 'Active' as const } : options.orderKey;
  const store = new DataverseStore(
    salesTables({
      ...(keyStatus === null
        ? {}
        : {
            accountKey: { ...DEMO_ACCOUNT_KEY, keyAttributes: [...DEMO_ACCOUNT_KEY.keyAttributes], status: keyStatus },
          }),
      ...(options.accountColumns === undefined ? {} : { accountColumns: options.accountColumns }),
      ...(orderKey === null ? {} : { orderKey }),
      ...(options.opportunityLines === undefined ? {} : { opportunityLines: options.opportunityLines }),
    }),
    now,
  );
  for (const currency of DEMO_CURRENCIES) {
    const { transactioncurrencyid, ...values } = currency;
    store.write('transactioncurrencies', transactioncurrencyid, values);
  }
  const protection = new ServiceProtection(options.limits ?? {}, now);
  let base = '';
  const entra = new EntraTenant(tenant, apps, () => base, options.seed ?? 1, now, options.tokenSeconds);
  let gate: Promise<void> | undefined;
  const switches = new SimulatorSwitches();
  const injector = createFaultInjector({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    seed: options.seed ?? 1,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    send: (response, status, message, headers) =>
      status === 401
        ? (response.writeHead(401, { ...headers, 'content-length': 0 }), response.end())
        : sendJson(
            response,
            status,
            { error: { code: status === 429 ? '0x80072322' : '0x80040216', message } },
            headers,
          ),
  });
  const stats = { requests: 0, batches: 0, droppedAnswers: 0, heldAnswers: 0, faults: injector.counts };

  const unauthorized = (response: ServerResponse): void => {
    response.writeHead(401, {
      'WWW-Authenticate': `Bearer authorization_uri=${base}/${tenant}/oauth2/authorize, resource_id=${base}/`,
      'content-length': 0,
    });
    response.end();
  };

  const control = (url: URL, response: ServerResponse): void => {
    if (url.pathname === '/__sim/control-totals')
      return sendJson(response, 200, controlTotals(store, orderKey?.column, options.opportunityLines?.set));
    const pulled = switches.pull(url);
    if (pulled === undefined)
      return sendJson(response, 404, { error: { code: '0x0', message: 'no such simulator control' } });
    sendJson(response, 200, pulled);
  };

  const handle = async (raw: IncomingMessage, url: URL, body: string, response: ServerResponse): Promise<void> => {
    const method = raw.method ?? 'GET';
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token !== null && method === 'POST') {
      const reply = entra.token(token[1]!, new URLSearchParams(body));
      return sendJson(response, reply.status, reply.body);
    }
    if (!url.pathname.startsWith(API_PATH))
      return sendJson(response, 404, {
        error: { code: '0x8006088a', message: `Resource not found for the segment '${url.pathname}'.` },
      });
    const user = entra.issuer.subjectOf(raw);
    if (user === undefined) return unauthorized(response);
    if (!applicationUsers.has(user))
      return sendJson(response, 403, {
        error: { code: '0x80072560', message: 'The user is not a member of the organization.' },
      });
    const stormed = switches.stormed(protection.requests, protection.windowMs / 1000);
    if (stormed !== undefined) protection.refused[stormed.code] = (protection.refused[stormed.code] ?? 0) + 1;
    const throttled = stormed ?? protection.admit(user);
    if (throttled !== undefined)
      return sendJson(
        response,
        429,
        { error: { code: throttled.code, message: throttled.message } },
        { 'Retry-After': String(throttled.retryAfterSeconds) },
      );
    try {
      if (gate !== undefined) await gate;
      const path = url.pathname.slice(API_PATH.length);
      const headers = Object.fromEntries(
        Object.entries(raw.headers).map(([name, value]) => [
          name.toLowerCase(),
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      );
      const context = { store, root: `${base}${API_PATH}`, userId: user };
      if (path === '$batch' && method === 'POST') {
        stats.batches += 1;
        const prefer = options.continueOnError === false ? undefined : headers['prefer'];
        const reply = runBatch(headers['content-type'], body, prefer, context, API_PATH, options.maxBatchRequests);
        options.spend?.(
          (options.executionMsPerRequest ?? 0) * (body.match(/^(GET|POST|PATCH|PUT|DELETE) /gm)?.length ?? 0),
        );
        if (switches.holdThisAnswer(body)) {
          stats.heldAnswers += 1;
          return;
        }
        if (switches.dropThisAnswer()) {
          // Applied, then the connection dies before a byte of the answer: the client cannot know what landed.
          stats.droppedAnswers += 1;
          raw.socket.destroy();
          return;
        }
        response.writeHead(reply.status, {
          'content-type': reply.contentType,
          'OData-Version': '4.0',
          'content-length': Buffer.byteLength(reply.body),
        });
        response.end(reply.body);
        return;
      }
      const outcome = runOperation(
        { method, path: decodeURIComponent(path), query: url.searchParams, headers, body },
        context,
      );
      if (outcome.body === undefined) {
        response.writeHead(outcome.status, { 'OData-Version': '4.0', ...outcome.headers, 'content-length': 0 });
        response.end();
      } else {
        // Money and decimals go out as the exact numbers they were written as (JSON.stringify would quote them).
        const text = writeExactJson(outcome.body);
        response.writeHead(outcome.status, {
          'content-type': 'application/json; odata.metadata=minimal',
          'OData-Version': '4.0',
          ...outcome.headers,
          'content-length': Buffer.byteLength(text),
        });
        response.end(text);
      }
    } finally {
      protection.finish(user);
    }
  };

  const { server, scheme, caCert } = createSimulatorServer('dynamics365', options.tls, (raw, response) => {
    void (async () => {
      const body = await readBody(raw);
      const url = new URL(raw.url ?? '/', 'http://sim.invalid');
      stats.requests += 1;
      if (url.pathname.startsWith('/__sim/')) return control(url, response);
      if (await injector.inject(raw, response, () => entra.issuer.expire({ headers: raw.headers }))) return;
      await handle(raw, url, body, response);
    })().catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, {
          error: { code: '0x0', message: `simulator bug: ${error instanceof Error ? error.message : String(error)}` },
        });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `${scheme}://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    apiUrl: `${base}${API_PATH}`,
    tokenUrl: `${base}/${tenant}/oauth2/v2.0/token`,
    scope: `${base}/.default`,
    tenant,
    credentials: apps[0]!,
    ...(caCert === undefined ? {} : { caCert }),
    store,
    entra,
    protection,
    stats,
    controlTotals: () => controlTotals(store, orderKey?.column, options.opportunityLines?.set),
    dropBatchAnswers(count) {
      switches.dropAnswers += count;
    },
    holdNextBatchAnswer: (matches) => switches.holdNextAnswer(matches),
    throttle: (requests, retryAfterSeconds) => switches.throttle(requests, retryAfterSeconds),
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
    close: () => closeServer(server),
  };
}
