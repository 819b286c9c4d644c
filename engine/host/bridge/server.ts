/**
 * The web bridge: the studio API over loopback HTTP for browsers, where the Electron binary cannot be
 * had. `POST /api/<domain>/<method>` with a JSON body answers `{ result }` or `{ error }`;
 * `GET /api/events` streams studio events (events.ts); every other GET serves the studio (static.ts).
 * Every request passes the Host, Origin and token checks first (security.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SecretRegistry } from '../../secrets/index.ts';
import { dispatch, type Validation } from '../dispatch.ts';
import { scrubbedJson, sendError, sendJson } from './answers.ts';
import { EventHub } from './events.ts';
import { checkRequest, newToken, tokenCookie } from './security.ts';
import { serveStatic } from './static.ts';

export type { Validation };

export interface BridgeOptions {
  /** The contract's request schemas, applied to untrusted domain, method and payload. */
  readonly validate: (domain: string, method: string, payload: unknown) => Validation;
  /** The services, one object per domain (the ChannelMap); called only for channels `validate` knows. */
  readonly services: object;
  readonly registry: SecretRegistry;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built renderer; absent or empty: a placeholder page. */
  readonly staticDir?: string;
  readonly token?: string;
  /** Where unexpected errors are logged (scrubbed). */
  readonly log?: (line: string) => void;
}

export interface Bridge {
  readonly port: number;
  readonly token: string;
  /** The address to open: it carries the token once, then the cookie takes over. */
  readonly url: string;
  publish(event: unknown): void;
  close(): Promise<void>;
}

/** Generous for a pipeline file, small enough that a stray upload cannot fill memory. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newToken();
  const { registry } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const hub = new EventHub((event) => scrubbedJson(registry, event));
  let port = 0;

  async function callApi(
    request: IncomingMessage,
    response: ServerResponse,
    domain: string,
    method: string,
  ): Promise<void> {
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      // Also makes any cross-site attempt a CORS preflight, which this host never grants.
      return sendError(response, registry, 415, {
        code: 'JSON_REQUIRED',
        message: 'Send the payload as application/json.',
      });
    }
    const text = await readBody(request);
    if (text === undefined)
      return sendError(response, registry, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'The payload is too large.' });
    let payload: unknown;
    try {
      payload = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return sendError(response, registry, 400, { code: 'INVALID_JSON', message: 'The payload is not valid JSON.' });
    }
    const answer = await dispatch({ ...options, log }, domain, method, payload);
    sendJson(
      response,
      registry,
      answer.status,
      'result' in answer ? { result: answer.result } : { error: answer.error },
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const queryToken = request.method === 'GET' ? (url.searchParams.get('token') ?? undefined) : undefined;
    const verdict = checkRequest(request, port, token, queryToken);
    if (!verdict.ok)
      return sendError(response, registry, verdict.status, { code: verdict.code, message: verdict.message });
    if (queryToken !== undefined) {
      // Trade the token in the address for the cookie, and take it out of the address bar and history.
      url.searchParams.delete('token');
      response.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        'set-cookie': tokenCookie(port, token),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      return void response.end();
    }
    const api = /^\/api\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (api && request.method === 'POST')
      return callApi(request, response, decodeURIComponent(api[1]!), decodeURIComponent(api[2]!));
    if (url.pathname === '/api/events' && request.method === 'GET')
      return hub.attach(response, headerValue(request.headers['last-event-id']));
    if (url.pathname.startsWith('/api/'))
      return sendError(response, registry, 405, {
        code: 'METHOD_NOT_ALLOWED',
        message: 'The studio API takes POST /api/<domain>/<method>.',
      });
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendError(response, registry, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Only GET serves the studio.' });
    return serveStatic(options.staticDir, url.pathname, response);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(registry.scrub(`studio host: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
      if (!response.headersSent)
        sendError(response, registry, 500, { code: 'UNEXPECTED', message: 'The studio host hit an unexpected error.' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: no other machine can reach the studio, whatever the firewall says.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    publish: (event) => hub.publish(event),
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
