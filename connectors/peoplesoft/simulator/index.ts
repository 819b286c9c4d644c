/**
 * The PeopleSoft simulator: the Integration Broker's REST listening connector serving Query Access
 * Services and the CIRT operations of the destination (cirt/site.ts) for one node (as a site names it), a simulated identity provider's token endpoint (PeopleSoft
 * only checks the tokens), users with and without the QAS permission list, faults in PeopleSoft's words
 * (a bare 500 in Production mode), control totals and `POST /__sim/change` for tests.
 */
import type { ServerResponse } from 'node:http';
import type { ControlTotals } from '../../kit/simulator/control-totals.ts';
import type { FaultRule } from '../../kit/simulator/faults.ts';
import { type SimRequest, sendJson, startSimulator, type RunningSimulator } from '../../kit/simulator/server.ts';
import { SimTokenIssuer } from '../../kit/simulator/tokens.ts';
import { advance, CHANGE_KINDS, type ChangeKind, controlTotals, isChangeKind, type SimChange } from './changes.ts';
import { handleCirt } from './cirt/handler.ts';
import { CIRT_PERMISSION_LISTS, SITE_CIRT_OPERATIONS, syncStoreWithFixture } from './cirt/site.ts';
import { CirtStore, DEFAULT_PROMPT_TABLES } from './cirt/store.ts';
import { createFixture, type Fixture } from './fixture.ts';
import type { StreamName } from './queries.ts';
import { DOCUMENT_PERMISSION_LIST, serveDocument } from './document.ts';
import { newPollInstances, type PollInstances, type PollSettings, QAS_PROCESS } from './poll.ts';
import { send, serveQas } from './qas.ts';
import { callerOf, issueToken, QAS_PERMISSION_LIST, type SimClient, type SimUser } from './users.ts';

export const TOKEN_PATH = '/idp/oauth2/v1/token';

/** The saved queries under the connector's documented default names (`simulate` and the example workspace). */
export const DEMO_QUERIES: Readonly<Record<StreamName, string>> = {
  journal_lines: 'MLC_JRNL_LINES',
  vendors: 'MLC_VENDORS',
  customers: 'MLC_CUSTOMERS',
  purchase_order_lines: 'MLC_PO_LINES',
  vouchers: 'MLC_VOUCHERS',
  payroll_cost: 'MLC_JOB_COST',
  purchase_orders: 'MLC_PO_HEADERS',
  purchase_order_schedules: 'MLC_PO_SCHEDULES',
  purchase_order_distributions: 'MLC_PO_DISTRIBS',
  vendor_addresses: 'MLC_VENDOR_ADDRS',
};

export interface PeopleSoftSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly rows?: number;
  /** The day records are dated up to and changes are dated (YYYY-MM-DD); default the UTC date at start. */
  readonly today?: string;
  /** The default local node as the site named it. Default PSFT_EP. */
  readonly node?: string;
  /** The external alias of QAS_EXECUTEQRY_REST_GET. Default ExecuteQuery.v1. */
  readonly alias?: string;
  /** Saved query names per stream: served under these names only. */
  readonly queries: Readonly<Record<StreamName, string>>;
  readonly serviceStatus?: 'production' | 'development';
  /** `queryname=` (default, as captured) or `queryname`. */
  readonly queryNameKey?: string;
  /** The saved queries' key-paging prompt (README), e.g. AFTER_KEY; absent: they have none. */
  readonly keyPrompt?: string;
  /**
   * The poll variant (poll.ts): aliases, rows per result block (default 100), status polls until done
   * (default 3), the outcome (default success) and whether the Process Scheduler runs (default up).
   */
  readonly poll?: Partial<PollSettings>;
  /** Rows one page of the vendors document operation answers (document.ts). Default 50. */
  readonly documentPageRows?: number;
  readonly faults?: string | readonly FaultRule[];
  readonly retryAfterSeconds?: number;
  readonly tls?: boolean;
  /** Clock of the token issuer (tests expire tokens without waiting). */
  readonly now?: () => number;
  readonly tokenLifetimeSeconds?: number;
}

export interface PeopleSoftSimulator extends RunningSimulator {
  readonly node: string;
  readonly alias: string;
  readonly tokenUrl: string;
  readonly fixture: Fixture;
  /** The CIRT records (the fixture's vendor and customer rows) and the update counters tests read. */
  readonly cirt: CirtStore;
  /** The poll variant's instances and counters (status polls, result blocks). */
  readonly poll: PollInstances;
  /**
   * `us001`: QAS allowed, but row-level security shows it business unit US001 only. `noProcess`: QAS allowed,
   * but its process profile lacks QASEXEQRY, so the poll variant's runs end in error.
   */
  readonly users: {
    readonly sync: SimUser;
    readonly noQas: SimUser;
    readonly us001: SimUser;
    readonly noProcess: SimUser;
  };
  readonly clients: { readonly sync: SimClient; readonly noQas: SimClient };
  /** `n` changes cycling over the kinds (or over `kinds`, e.g. `['vendor_class']` for a master-only change). */
  advance(n: number, kinds?: readonly ChangeKind[]): SimChange[];
  controlTotals(): ControlTotals;
}

export async function startPeopleSoftSimulator(options: PeopleSoftSimulatorOptions): Promise<PeopleSoftSimulator> {
  const seed = options.seed ?? 1;
  const fixture = createFixture({
    seed,
    rows: options.rows ?? 200,
    today: options.today ?? new Date().toISOString().slice(0, 10),
  });
  const sync: SimUser = {
    oprid: 'MLC_SYNC',
    password: `psft-${seed}-pw`,
    email: 'mlc.sync@example.com',
    permissionLists: [
      QAS_PERMISSION_LIST,
      CIRT_PERMISSION_LISTS.vendors,
      CIRT_PERMISSION_LISTS.customers,
      DOCUMENT_PERMISSION_LIST,
    ],
    processProfile: [QAS_PROCESS],
  };
  const noQas: SimUser = {
    oprid: 'VP1',
    password: `vp1-${seed}-pw`,
    email: 'vp1@example.com',
    permissionLists: ['ALLPAGES'],
  };
  const us001: SimUser = {
    oprid: 'MLC_US001',
    password: `us001-${seed}-pw`,
    email: 'us001@example.com',
    permissionLists: [QAS_PERMISSION_LIST],
    processProfile: [QAS_PROCESS],
    businessUnits: ['US001'],
  };
  const noProcess: SimUser = {
    oprid: 'MLC_NOPRCS',
    password: `noprcs-${seed}-pw`,
    email: 'noprcs@example.com',
    permissionLists: [QAS_PERMISSION_LIST],
  };
  const anonymous: SimUser = { oprid: 'ANONYMOUS', password: '', email: '', permissionLists: [] };
  const users = [sync, noQas, us001, noProcess, anonymous];
  const clients: SimClient[] = [
    { clientId: 'mlc-sync-client', clientSecret: `idp-${seed}-secret`, email: sync.email },
    { clientId: 'vp1-client', clientSecret: `idp-vp1-${seed}`, email: noQas.email },
  ];
  const tokens = new SimTokenIssuer(seed, options.now);
  const settings = {
    node: options.node ?? 'PSFT_EP',
    alias: options.alias ?? 'ExecuteQuery.v1',
    queries: new Map(Object.entries(options.queries).map(([stream, name]) => [name, stream as StreamName])),
    serviceStatus: options.serviceStatus ?? 'production',
    queryNameKey: options.queryNameKey ?? 'queryname=',
    keyPrompt: options.keyPrompt,
    poll: {
      alias: 'ExecuteQueryPoll.v1',
      statusAlias: 'QueryStatus.v1',
      resultsAlias: 'QueryResults.v1',
      blockRows: 100,
      pollsUntilDone: 3,
      outcome: 'success',
      processScheduler: 'up',
      ...options.poll,
    } satisfies PollSettings,
  };
  const instances = newPollInstances();
  const cirt = new CirtStore(DEFAULT_PROMPT_TABLES);
  const clock = () => new Date(options.now?.() ?? Date.now());
  const seededAt = `${fixture.today}T00:00:00Z`;
  const handle = (request: SimRequest, response: ServerResponse): void => {
    const path = request.url.pathname;
    if (path === '/__sim/change' && request.method === 'POST') {
      const body = (request.body === '' ? {} : JSON.parse(request.body)) as { n?: unknown; kinds?: unknown };
      const kinds = Array.isArray(body.kinds) ? body.kinds : undefined;
      if (kinds !== undefined && (kinds.length === 0 || !kinds.every(isChangeKind)))
        return sendJson(response, 400, { error: `kinds: a list of ${CHANGE_KINDS.join(', ')}` });
      const n = typeof body.n === 'number' ? body.n : (kinds?.length ?? 1);
      return sendJson(response, 200, { changes: advance(fixture, n, kinds) });
    }
    if (path === '/__sim/cirt' && request.method === 'GET')
      return sendJson(response, 200, { counters: cirt.counters, sentUpdates: cirt.sentUpdates });
    if (path === TOKEN_PATH && request.method === 'POST') {
      const answer = issueToken(request, clients, tokens, options.tokenLifetimeSeconds ?? 300);
      return sendJson(response, answer.status, answer.body);
    }
    const caller = callerOf(request, users, tokens);
    if ('refused' in caller) {
      const challenge = caller.refused === 'basic' ? 'Basic realm="PeopleSoft"' : 'Bearer error="invalid_token"';
      response.setHeader('www-authenticate', challenge);
      return send(response, 401, '', 'text/plain');
    }
    syncStoreWithFixture(cirt, fixture, seededAt);
    const cirtContext = {
      node: settings.node,
      operations: SITE_CIRT_OPERATIONS,
      store: cirt,
      oprid: caller.user.oprid,
      permissionLists: new Set(caller.user.permissionLists),
      errorDetail: settings.serviceStatus,
      now: clock,
    };
    // CIRT first: QAS answers 404 for any other alias under the node.
    if (handleCirt(request, response, cirtContext)) return;
    if (serveDocument(request, response, settings.node, options.documentPageRows ?? 50, fixture, caller.user)) return;
    if (!serveQas(request, response, settings, fixture, caller.user, instances))
      send(response, 404, 'Not Found', 'text/plain');
  };
  const server = await startSimulator({
    name: 'peoplesoft',
    ...(options.port === undefined ? {} : { port: options.port }),
    seed,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    controlTotals: () => controlTotals(fixture),
    // PeopleSoft in Production mode says nothing in an error's body (peoplesoft.md §0 §7).
    sendFault: (response, status, _message, headers) => {
      response.writeHead(status, { 'content-length': 0, ...headers });
      response.end();
    },
    expireToken: (request) => tokens.expire(request),
    handle,
  });
  return {
    ...server,
    node: settings.node,
    alias: settings.alias,
    tokenUrl: `${server.url}${TOKEN_PATH}`,
    fixture,
    cirt,
    poll: instances,
    users: { sync, noQas, us001, noProcess },
    clients: { sync: clients[0] as SimClient, noQas: clients[1] as SimClient },
    advance: (n, kinds) => advance(fixture, n, kinds),
    controlTotals: () => controlTotals(fixture),
  };
}
