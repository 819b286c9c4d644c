/**
 * The status endpoint: `GET /status` (JSON) and `GET /` (a small plain HTML page of the same figures),
 * read by `ml-connector status`. Loopback by default. Bound to any other address it needs a token
 * (refused at start without one), and a token, once set, is required on every request, loopback or not,
 * as `Authorization: Bearer <token>`, compared in constant time. With no token, the Host header must name
 * the loopback address, so a web page reaching 127.0.0.1 under its own name (DNS rebinding) is refused.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statusPage } from './status-page.ts';
import type { ServeStatus } from './serve-status.ts';

export const DEFAULT_STATUS_PORT = 47080;
export const DEFAULT_STATUS_HOST = '127.0.0.1';

/** A setup the user must change (the CLI exits 2 on it). */
export class StatusSetupError extends Error {
  override readonly name = 'StatusSetupError';
}

export interface StatusServerOptions {
  readonly status: () => ServeStatus;
  readonly host?: string;
  readonly port?: number;
  readonly token?: string;
}

export interface StatusServer {
  readonly url: string;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first, then compared. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const host = options.host ?? DEFAULT_STATUS_HOST;
  const token = options.token === '' ? undefined : options.token;
  if (!isLoopbackHost(host) && token === undefined) {
    throw new StatusSetupError(
      `the status endpoint listens on ${host}, beyond this machine, only with a token (--status-token-secret NAME); or leave --status-host at 127.0.0.1.`,
    );
  }
  const server = createServer((request, response) => answer(request, response, options, token));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_STATUS_PORT, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  options: StatusServerOptions,
  token: string | undefined,
): void {
  const refuse = (code: number, message: string) => send(response, code, 'application/json', { error: message });
  if (token !== undefined) {
    const authorization = request.headers.authorization ?? '';
    const given = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    if (!sameSecret(given, token)) return refuse(401, 'a valid token is required (Authorization: Bearer TOKEN)');
  } else if (!isLoopbackHost(hostName(request.headers.host))) {
    return refuse(403, 'this endpoint answers requests for the loopback address only');
  }
  if (request.method !== 'GET') return refuse(405, 'only GET');
  const path = new URL(request.url ?? '/', 'http://status').pathname;
  if (path === '/status') return send(response, 200, 'application/json', options.status());
  if (path === '/') return send(response, 200, 'text/html; charset=utf-8', statusPage(options.status()));
  return refuse(404, 'not found; try /status or /');
}

function hostName(header: string | undefined): string {
  if (header === undefined) return '';
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0]!;
}

function send(response: ServerResponse, code: number, type: string, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(code, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  response.end(text);
}
