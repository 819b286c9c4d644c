/**
 * The client a connector builds: retry (outermost) -> status errors -> auth -> request log -> undici.
 * One keep-alive pool per client, through the environment's proxy and trusting the connection's own CA
 * (network.ts); an auth strategy that signs in a connection (NTLM) pins it to one.
 */
import {
  createDispatcher,
  proxySettingsFromEnv,
  type ClientCertificate,
  type ConnectionEvents,
  type ProxySettings,
} from './network.ts';
import { raiseForStatus } from './raise-for-status.ts';
import { requestLog, type RequestLogEntry } from './request-log.ts';
import { retry, type RetryOptions } from './retry.ts';
import { undiciTransport, type TimeoutOptions } from './transport.ts';
import type { HttpRequest, HttpResponse, Interceptor, Scrub } from './types.ts';
import { compose, noScrub, responseJson } from './types.ts';

/** What an auth strategy contributes: an interceptor, and whether it signs in the connection itself. */
export interface AuthPart {
  readonly kind: string;
  readonly interceptor: Interceptor;
  /** One connection, one request at a time, its connects and disconnects reported (NTLM). */
  readonly pinnedConnection?: ConnectionEvents;
  /** Releases what the part holds (a token endpoint's connections). */
  readonly close?: () => Promise<void>;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly auth?: AuthPart;
  readonly retry?: RetryOptions | false;
  readonly timeouts?: TimeoutOptions;
  readonly connections?: number;
  readonly scrub?: Scrub;
  readonly log?: (entry: RequestLogEntry) => void;
  /** Extra interceptors run inside auth (closest to the wire), e.g. a header every request needs. */
  readonly interceptors?: readonly Interceptor[];
  /** PEM of the connection's own CA (caCertFile), trusted besides the system's for this client only. */
  readonly caCert?: string;
  /** Default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the environment when the client is made. */
  readonly proxy?: ProxySettings;
  /** A certificate this client shows the server (mutual TLS). */
  readonly clientCertificate?: ClientCertificate;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
  getJson<T = unknown>(
    path: string,
    query?: HttpRequest['query'],
    headers?: Readonly<Record<string, string>>,
  ): Promise<T>;
  close(): Promise<void>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const scrub = options.scrub ?? noScrub;
  const timeouts = options.timeouts ?? {};
  const proxy = options.proxy ?? proxySettingsFromEnv();
  const pinned = options.auth?.pinnedConnection;
  const dispatcher = createDispatcher({
    timeouts,
    proxy,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
    ...(options.clientCertificate === undefined ? {} : { clientCertificate: options.clientCertificate }),
    ...(pinned === undefined ? {} : { pinned }),
  });
  const chain: Interceptor[] = [];
  if (options.retry !== false) chain.push(retry(options.retry ?? {}));
  chain.push(raiseForStatus({ scrub }));
  if (options.auth !== undefined) chain.push(options.auth.interceptor);
  chain.push(...(options.interceptors ?? []));
  if (options.log !== undefined) chain.push(requestLog({ write: options.log, scrub }));
  const transport = undiciTransport({
    baseUrl: options.baseUrl,
    dispatcher,
    scrub,
    proxy,
    ownCa: options.caCert !== undefined,
    ...(timeouts.requestMs === undefined ? {} : { requestMs: timeouts.requestMs }),
  });
  const send = compose(transport, chain);
  return {
    send,
    async getJson<T>(
      path: string,
      query?: HttpRequest['query'],
      headers?: Readonly<Record<string, string>>,
    ): Promise<T> {
      const response = await send({
        method: 'GET',
        path,
        ...(query === undefined ? {} : { query }),
        headers: { accept: 'application/json', ...headers },
      });
      return responseJson<T>(response);
    },
    close: async () => {
      await Promise.all([dispatcher.close(), options.auth?.close?.()]);
    },
  };
}
