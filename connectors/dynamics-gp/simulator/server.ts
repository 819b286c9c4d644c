/**
 * A local Dynamics GP SBA REST service on node:http: NTLM/Basic sign-in, the tenant/company URL, list
 * and single-record GETs in XML or JSON, Payload envelopes, `GET /__sim/control-totals`, and the kit's
 * fault injection (`--faults`) in front of everything but `/__sim/`. SBA serves only what Microsoft lists
 * for it (`entities.ts`); the ledger and payroll data in the same store is GP Web Services' to serve.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultInjector, type FaultCounts } from '../../kit/simulator/fault-injector.ts';
import type { FaultRule } from '../../kit/simulator/faults.ts';
import { createSimulatorServer } from '../../kit/simulator/https.ts';
import { closeServer } from '../../kit/simulator/server.ts';
import type { ExtendedProtection } from '../../kit/simulator/ntlm-verifier.ts';
import { GpAuthenticator, type GpUser, type NtlmStats } from './auth.ts';
import { SBA_ENTITIES, entityByResource, type GpEntityDef } from './entities.ts';
import { discoveryPage, helpPage } from './help-page.ts';
import { listPage, type SbaQueryOptions } from './sba-listing.ts';
import { recordFields, toJsonText, toXml } from './serialize.ts';
import { parseGpPath } from './routes.ts';
import { GpStore, type Change, type ControlTotals } from './store.ts';
import { handleWrite, postBatch, type WriteReply } from './writes.ts';
import { createWebServicesEndpoint } from './web-services/endpoint.ts';
import { GP_LIST_CAP, GP_WS_PATH } from '../web-services/wire.ts';
import { startCompanyDbSimulator, type CompanyDbSimulator } from './company-db/server.ts';

export interface GpSimulatorOptions {
  /** 0 (default) picks a free port; the CLI uses 47001. */
  readonly port?: number;
  readonly seed?: number;
  /** Records per entity. */
  readonly rows?: number;
  /**
   * The kit's `--faults` spec (e.g. `429:0.05,503:0.05,reset:0.02,slow:0.01@2000ms,expire:0.01`), drawn
   * per request from `seed`. GP has no tokens: `expire` makes the server forget a connection's NTLM sign-in,
   * as an application pool recycle does, so the client must handshake again.
   */
  readonly faults?: string | readonly FaultRule[];
  /** Seconds in the Retry-After of an injected 429 / 503. Default 1. */
  readonly retryAfterSeconds?: number;
  /** Drops the connection right after the NTLM challenge (Type 2) this many times: a proxy that does not keep alive. */
  readonly dropAfterChallenge?: number;
  readonly users?: readonly GpUser[];
  readonly tenant?: string;
  readonly company?: string;
  readonly basic?: boolean;
  /** §3: GET envelope unconfirmed; 'payload' (default) wraps lists and records in `{"Payload": ...}`. */
  readonly envelope?: 'payload' | 'bare';
  /** §1: JSON via `Accept: application/json` alone is unconfirmed; off by default. */
  readonly acceptJson?: boolean;
  /** Largest `$top` (unconfirmed paging, §5). */
  readonly maxPageSize?: number;
  /**
   * How list query options are treated (undocumented on a real GP; `sba-listing.ts`): 'honoured' (default),
   * 'ignored' (the whole list every time) or 'key-order' ($filter/$top applied, $orderby ignored, key order).
   */
  readonly sbaQueryOptions?: SbaQueryOptions;
  /**
   * SBA resources (`Purchasing/PurchaseOrders`) this GP does not have, e.g. a GP without purchasing: left
   * off the help page and answered 404.
   */
  readonly sbaServicesRemoved?: readonly string[];
  /**
   * Applies the next n writes and then drops the connection without an answer: a response lost after GP
   * saved the record (a timeout at a proxy). The client cannot tell whether the write happened.
   */
  readonly dropAfterWrite?: number;
  /** Serve HTTPS with a certificate signed by a CA made at start (an on-premises GP behind an internal CA). */
  readonly tls?: boolean;
  /** GP Web Services: items a list returns at most (GP's 1,000; lower in tests so a window overflows with few rows). */
  readonly listCap?: number;
  /** GP Web Services operations the signed-in user's role is not granted (Dynamics Security Service). */
  readonly deniedOperations?: readonly string[];
  /** IIS Extended Protection for NTLM over HTTPS (channel binding): 'off' (default, as IIS), 'allowed', 'required'. */
  readonly extendedProtection?: ExtendedProtection;
  /** Also serve the company database (SQL Server's TDS, on its own loopback port) over the same store. */
  readonly companyDb?: boolean | { readonly denySelect?: boolean };
}

/** Writes that reached the handler: what tests count to show that nothing invalid was ever sent. */
export interface WriteStats {
  created: number;
  updated: number;
  refused: number;
  posted: number;
  /** The messages of refused writes, newest last. */
  readonly refusals: string[];
}

export interface GpSimulator {
  readonly url: string;
  /** PEM of the CA that signed the certificate, when serving HTTPS (a client names it in caCertFile). */
  readonly caCert?: string;
  readonly port: number;
  readonly credentials: GpUser;
  readonly tenant: string;
  readonly company: string;
  readonly store: GpStore;
  /** The GP Web Services (legacy SOAP) endpoint on the same server and company database. */
  readonly webServicesUrl: string;
  /** The company's numeric id a Web Services Context names (the sample company's, -1). */
  readonly companyKey: number;
  /** The company database (`companyDb` option): host, port, database name and SQL login. */
  readonly companyDb?: CompanyDbSimulator;
  /** Requests seen (control totals included), faults injected, and NTLM legs: what tests count. */
  readonly stats: {
    readonly requests: number;
    /** The most requests it was answering at one time (a client's parallel reads show here). */
    readonly mostAtOnce: number;
    readonly faults: FaultCounts;
    readonly ntlm: NtlmStats;
    readonly writes: WriteStats;
  };
  close(): Promise<void>;
  controlTotals(): ControlTotals;
  advance(n: number): Change[];
}

export const DEFAULT_GP_USER: GpUser = { domain: 'CONTOSO', user: 'gp.sync', password: 'pass@word1' };

export async function startGpSimulator(options: GpSimulatorOptions = {}): Promise<GpSimulator> {
  const users = options.users ?? [DEFAULT_GP_USER];
  const credentials = users[0];
  if (credentials === undefined) throw new Error('the GP simulator needs at least one user');
  const tenant = options.tenant ?? 'DefaultTenant';
  const company = options.company ?? 'Fabrikam, Inc.';
  const store = new GpStore(options.seed ?? 1, options.rows ?? 100);
  const auth = new GpAuthenticator({
    users,
    basic: options.basic ?? true,
    computer: 'GPWEB01',
    dropAfterChallenge: options.dropAfterChallenge ?? 0,
    extendedProtection: options.extendedProtection ?? 'off',
  });
  const injector = createFaultInjector({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    seed: options.seed ?? 1,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    send: (response, status, message, headers) => sendError(response, status, message, headers),
  });
  let atOnce = 0;
  let mostAtOnce = 0;
  let requests = 0;
  let dropsLeft = options.dropAfterWrite ?? 0;
  const writes: WriteStats = { created: 0, updated: 0, refused: 0, posted: 0, refusals: [] };
  const webServices = createWebServicesEndpoint({
    store,
    listCap: options.listCap ?? GP_LIST_CAP,
    deniedOperations: options.deniedOperations ?? [],
    companyKey: -1,
    writes,
    dropWrite: () => (dropsLeft > 0 ? ((dropsLeft -= 1), true) : false),
  });
  const settings = {
    tenant,
    company,
    envelope: options.envelope ?? 'payload',
    acceptJson: options.acceptJson ?? false,
    maxPageSize: options.maxPageSize ?? 1000,
    queryOptions: options.sbaQueryOptions ?? 'honoured',
  };
  const removed = new Set((options.sbaServicesRemoved ?? []).map((resource) => resource.toLowerCase()));
  // The expire fault is an application-pool recycle between calls: the connection's sign-in is forgotten and
  // its next call meets a 401. A handshake leg in flight is left alone: a recycle that falls between a
  // challenge and its answer is too rare to simulate at a fault rate, and no client can tell it from a
  // wrong password.
  const expireSignIn = (request: IncomingMessage): void => {
    if (!/^(ntlm|negotiate)\s/i.test(request.headers.authorization ?? '')) auth.forget(request.socket);
  };
  const installed = (entity: GpEntityDef | undefined): GpEntityDef | undefined =>
    entity?.resource !== undefined && !removed.has(entity.resource.toLowerCase()) ? entity : undefined;

  const { server, scheme, caCert } = createSimulatorServer('gp', options.tls, (request, response) => {
    requests += 1;
    atOnce += 1;
    mostAtOnce = Math.max(mostAtOnce, atOnce);
    response.on('close', () => (atOnce -= 1));
    const reconciling = (request.url ?? '').startsWith('/__sim/');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The expire fault forgets the connection's sign-in and lets the request through to meet the 401.
    const faulted = new Promise<void>((done) => request.on('end', done)).then(() =>
      reconciling ? false : injector.inject(request, response, () => (expireSignIn(request), false)),
    );
    void faulted
      .then((answered) => {
        if (!answered) handle(request, response, Buffer.concat(chunks).toString('utf8'));
      })
      .catch((error: unknown) => {
        if (response.headersSent) return void response.destroy();
        sendError(
          response,
          500,
          `The server encountered an error processing the request. ${error instanceof Error ? error.message : ''}`.trim(),
        );
      });
  });

  function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/__sim/control-totals') return sendJson(response, 200, JSON.stringify(store.controlTotals()));
    const user = auth.authenticate(request, response);
    if (user === undefined) return;
    if (url.pathname.toLowerCase() === GP_WS_PATH.toLowerCase()) return webServices.handle(request, response, body);
    const route = parseGpPath(url.pathname);
    if (route.kind === 'unknown')
      return sendError(response, 404, `No HTTP resource was found that matches the request URI '${url.pathname}'.`);
    if (route.tenant.toLowerCase() !== tenant.toLowerCase())
      return sendError(response, 404, `Tenant '${route.tenant}' was not found.`);
    if (route.kind === 'help') return sendHelp(response, route.page, url.pathname);
    if (route.company.toLowerCase() !== company.toLowerCase())
      return sendError(response, 404, `Company '${route.company}' was not found.`);
    const method = request.method ?? 'GET';
    if (
      route.resource.toLowerCase() === 'postingservices/system/batches' &&
      method === 'POST' &&
      /^post$/i.test(String(request.headers['gp-custom-action'] ?? ''))
    ) {
      return answerWrite(request, response, postBatch(store, route.key), url.pathname);
    }
    const entity = installed(entityByResource(route.resource));
    if (entity === undefined)
      return sendError(response, 404, `No HTTP resource was found that matches the request URI '${url.pathname}'.`);
    if (method !== 'GET')
      return answerWrite(request, response, handleWrite(store, entity, method, route.key, body), url.pathname);
    const json = route.json || (settings.acceptJson && /application\/json/i.test(request.headers.accept ?? ''));
    const records = store.map(entity.id);
    if (route.key !== undefined) {
      const text = route.key.join(';');
      const record = records.get(text) ?? records.get(Number(text));
      if (record === undefined) return sendError(response, 404, `${entity.element} '${text}' was not found.`);
      return sendRecords(response, json, entity.element, [recordFields(record)], false);
    }
    const page = listPage(records.values(), entity, url.searchParams, settings.queryOptions, settings.maxPageSize);
    if ('status' in page) return sendError(response, page.status, page.message);
    sendRecords(response, json, entity.element, page.records.map(recordFields), true);
  }

  function answerWrite(request: IncomingMessage, response: ServerResponse, reply: WriteReply, pathname: string): void {
    if (reply.error !== undefined) {
      writes.refused += 1;
      writes.refusals.push(reply.error);
      return sendError(response, reply.status, reply.error);
    }
    if (reply.createdKey !== undefined) writes.created += 1;
    else if (/batches/i.test(pathname)) writes.posted += 1;
    else writes.updated += 1;
    if (dropsLeft > 0) {
      dropsLeft -= 1;
      return void request.socket.destroy();
    }
    const location: Record<string, string> =
      reply.createdKey === undefined
        ? {}
        : { Location: `${pathname.replace(/\.json$/i, '')}(${encodeURIComponent(String(reply.createdKey))})` };
    sendJson(response, reply.status, reply.body ?? '', location);
  }

  function sendRecords(
    response: ServerResponse,
    json: boolean,
    element: string,
    records: readonly ReturnType<typeof recordFields>[],
    list: boolean,
  ): void {
    if (json) {
      const inner = list ? `[${records.map(toJsonText).join(',')}]` : toJsonText(records[0] ?? null);
      return sendJson(response, 200, settings.envelope === 'payload' ? `{"Payload":${inner}}` : inner);
    }
    const inner = records.map((record) => toXml(element, record)).join('');
    const body = `<?xml version="1.0" encoding="utf-8"?><Payload>${inner}</Payload>`;
    response.writeHead(200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
  }

  function sendHelp(response: ServerResponse, name: string | undefined, pathname: string): void {
    const body =
      name === undefined
        ? discoveryPage()
        : helpPage(
            name,
            SBA_ENTITIES.filter((entity) => installed(entity)),
          );
    if (body === undefined)
      return sendError(response, 404, `No HTTP resource was found that matches the request URI '${pathname}'.`);
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const companyDb = options.companyDb
    ? await startCompanyDbSimulator({ store, ...(options.companyDb === true ? {} : options.companyDb) })
    : undefined;
  return {
    ...(companyDb === undefined ? {} : { companyDb }),
    url: `${scheme}://127.0.0.1:${port}`,
    webServicesUrl: `${scheme}://127.0.0.1:${port}${GP_WS_PATH}`,
    companyKey: -1,
    port,
    ...(caCert === undefined ? {} : { caCert }),
    credentials,
    tenant,
    company,
    store,
    stats: {
      get requests() {
        return requests;
      },
      get mostAtOnce() {
        return mostAtOnce;
      },
      faults: injector.counts,
      ntlm: auth.stats,
      writes,
    },
    controlTotals: () => store.controlTotals(),
    advance: (n) => store.advance(n),
    close: () => Promise.all([companyDb?.close(), closeServer(server)]).then(() => undefined),
  };
}

function sendJson(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

/**
 * The simulator's error body: `{"Message": ..., "LogId": <guid>}`. SBA's error shape is unconfirmed
 * (§7: "simulator: 400 with JSON message for validation, 401 auth, 404 unknown key/route, 500 for Dex
 * failures"); the LogId mirrors the GUID GP logs each service exception under (§7, confirmed for SOAP).
 */
export function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, JSON.stringify({ Message: message, LogId: randomUUID() }), headers);
}
