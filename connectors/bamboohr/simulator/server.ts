/**
 * A local BambooHR API on node:http (bamboohr.md): the company domain in the URL, either the legacy
 * gateway shape `/api/gateway.php/{companyDomain}/v1/...` or the current `/api/v1/...` on a host whose
 * first label is the company domain (§1); API-key Basic and OAuth bearer sign-in with
 * `POST /token.php?request=token` (§2); the sync endpoints of §3; `GET /__sim/control-totals`; and the
 * kit's fault injection with BambooHR's error shape (text in `X-BambooHR-Error-Message` and
 * `X-BambooHR-Message`, empty body, §7). Throttling answers 429 + Retry-After (the mode from 2026-09-16)
 * or, in `legacy-503` mode, 503 (§7; whether legacy 503s carried Retry-After is unconfirmed, they do here).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultInjector, type FaultCounts } from '../../kit/simulator/fault-injector.ts';
import type { FaultRule } from '../../kit/simulator/faults.ts';
import { createSimulatorServer } from '../../kit/simulator/https.ts';
import { closeServer } from '../../kit/simulator/server.ts';
import { SIGN_IN_REDIRECT_URI } from '../connect.ts';
import { BambooAuth, type BambooOAuthApp } from './auth.ts';
import { type Reply, changed, fail, changedTable, customReport, directory, employee, tableRows } from './routes.ts';
import { BambooStore, type StoreChange } from './store.ts';

export interface BambooSimulatorOptions {
  /** 0 (default) picks a free port; the CLI uses 47002. */
  readonly port?: number;
  readonly seed?: number;
  /** Employees at the start. */
  readonly rows?: number;
  readonly companyDomain?: string;
  readonly apiKeys?: readonly string[];
  readonly app?: BambooOAuthApp;
  readonly faults?: string | readonly FaultRule[];
  readonly retryAfterSeconds?: number;
  readonly throttle?: 'retry-after-429' | 'legacy-503';
  /** Access token lifetime; §2: the SDK's example is 3600 s. */
  readonly accessTokenSeconds?: number;
  /** Clock for token expiry (tests pass a fake one; data has its own clock that moves in `advance`). */
  readonly now?: () => number;
  /** Serve HTTPS with a certificate signed by a CA made at start (what a TLS-inspecting proxy shows). */
  readonly tls?: boolean;
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly auth: 'basic' | 'bearer' | 'none';
  readonly status: number;
}

export interface BambooSimulator {
  readonly url: string;
  /** PEM of the CA that signed the certificate, when serving HTTPS (a client names it in caCertFile). */
  readonly caCert?: string;
  readonly port: number;
  readonly companyDomain: string;
  /** The base a client uses for the API: the gateway shape, which works on a loopback address. */
  readonly apiBase: string;
  readonly tokenUrl: string;
  readonly credentials: { readonly apiKey: string; readonly app: BambooOAuthApp };
  readonly store: BambooStore;
  readonly auth: BambooAuth;
  readonly stats: { readonly requests: number; readonly faults: FaultCounts; readonly seen: readonly SeenRequest[] };
  advance(n: number): StoreChange[];
  close(): Promise<void>;
}

export const DEMO_API_KEY = 'sim-bamboohr-api-key-0001';
/** The demo OAuth app; its one registered redirect URI is where `connect` and the studio listen by default. */
export const DEMO_APP: BambooOAuthApp = {
  clientId: 'sim-bamboohr-client',
  clientSecret: 'sim-bamboohr-client-secret',
  redirectUris: [SIGN_IN_REDIRECT_URI],
};

export async function startBambooSimulator(options: BambooSimulatorOptions = {}): Promise<BambooSimulator> {
  const seed = options.seed ?? 1;
  const companyDomain = options.companyDomain ?? 'acme';
  const apiKeys = options.apiKeys ?? [DEMO_API_KEY];
  const app = options.app ?? DEMO_APP;
  const store = new BambooStore(seed, options.rows ?? 100);
  const auth = new BambooAuth(apiKeys, app, options.now ?? Date.now, seed, options.accessTokenSeconds ?? 3600);
  const legacy = options.throttle === 'legacy-503';
  const injector = createFaultInjector({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    seed,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    send: (response, status, message, headers) =>
      sendError(response, legacy && status === 429 ? 503 : status, message, headers),
  });
  let requests = 0;
  const seen: SeenRequest[] = [];

  const { server, scheme, caCert } = createSimulatorServer('bamboohr', options.tls, (raw, response) => {
    requests += 1;
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(raw.url ?? '/', 'http://sim.invalid');
      if (url.pathname === '/__sim/control-totals') return sendJson(response, 200, store.controlTotals());
      void injector
        .inject(raw, response, () => auth.issuer.expire({ headers: raw.headers }))
        .then((answered) => {
          if (answered) return;
          const reply = route(raw, url, body);
          const scheme = /^(\w+)/.exec(raw.headers.authorization ?? '')?.[1]?.toLowerCase();
          seen.push({
            method: raw.method ?? 'GET',
            path: url.pathname,
            auth: scheme === 'basic' ? 'basic' : scheme === 'bearer' ? 'bearer' : 'none',
            status: reply.status,
          });
          if ('message' in reply && typeof reply.message === 'string')
            return sendError(response, reply.status, reply.message);
          sendJson(response, reply.status, reply.body, reply.headers);
        })
        .catch((error: unknown) =>
          response.headersSent
            ? response.destroy()
            : sendError(response, 500, error instanceof Error ? error.message : String(error)),
        );
    });
  });

  function route(raw: IncomingMessage, url: URL, body: string): Reply {
    if (url.pathname === '/authorize.php' && raw.method === 'GET') {
      const answer = auth.authorize(url.searchParams);
      return answer.message === undefined
        ? { status: answer.status, ...(answer.headers === undefined ? {} : { headers: answer.headers }) }
        : fail(answer.status, answer.message);
    }
    if (url.pathname === '/token.php') {
      if (raw.method !== 'POST') return fail(405, 'Use POST.');
      if (!/application\/x-www-form-urlencoded/i.test(raw.headers['content-type'] ?? ''))
        return { status: 400, body: { error: 'invalid_request', error_description: 'Send the form url-encoded.' } };
      return auth.token(new URLSearchParams(body));
    }
    const rest = apiPath(url.pathname, raw.headers.host ?? '');
    if (rest === undefined) return fail(404, `No route for ${url.pathname}; the company domain is ${companyDomain}.`);
    if (auth.subject(raw.headers) === undefined) return fail(401, 'Invalid API key or access token.');
    const parts = rest
      .split('/')
      .filter((part) => part !== '')
      .map(decodeURIComponent);
    const method = raw.method ?? 'GET';
    if (method === 'POST' && parts[0] === 'reports' && parts[1] === 'custom')
      return customReport(store, body, url.searchParams, raw.headers['content-type']);
    if (method !== 'GET' || parts[0] !== 'employees') return fail(404, `No route for ${method} ${rest}.`);
    if (parts[1] === 'directory' && parts.length === 2) return directory(store);
    if (parts[1] === 'changed' && parts.length === 2) return changed(store, url.searchParams);
    if (parts[1] === 'changed' && parts[2] === 'tables' && parts[3] !== undefined)
      return changedTable(store, parts[3], url.searchParams);
    if (parts[1] !== undefined && parts[2] === 'tables' && parts[3] !== undefined)
      return tableRows(store, parts[1], parts[3]);
    if (parts[1] !== undefined && parts.length === 2) return employee(store, parts[1], url.searchParams.get('fields'));
    return fail(404, `No route for GET ${rest}.`);
  }

  /** The part after `/v1`, when the URL names this company (§1: gateway path or subdomain). */
  function apiPath(pathname: string, host: string): string | undefined {
    const gateway = /^\/api\/gateway\.php\/([^/]+)\/v1(\/.*)$/.exec(pathname);
    if (gateway !== null)
      return decodeURIComponent(gateway[1] ?? '').toLowerCase() === companyDomain ? gateway[2] : undefined;
    const current = /^\/api\/v1(\/.*)$/.exec(pathname);
    return current !== null && host.split('.')[0]?.toLowerCase() === companyDomain ? current[1] : undefined;
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
    companyDomain,
    apiBase: `${url}/api/gateway.php/${companyDomain}/v1`,
    tokenUrl: `${url}/token.php?request=token`,
    credentials: { apiKey: apiKeys[0] ?? '', app },
    store,
    auth,
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

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId(),
    ...headers,
  });
  response.end(text);
}

let nextRequestId = 0;
function requestId(): string {
  return `sim-${(++nextRequestId).toString(36)}`;
}

/** §7: the error text in a header (both spellings the sources name), the body empty. */
export function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const text = message.replace(/[^\x20-\x7e]/g, '?');
  response.writeHead(status, {
    'x-bamboohr-error-message': text,
    'x-bamboohr-message': text,
    'content-length': 0,
    'x-request-id': requestId(),
    ...headers,
  });
  response.end();
}
