/**
 * The client a connector builds: retry (outermost) -> status errors -> auth -> request log -> undici.
 * One keep-alive pool per client; an auth strategy may bring its own dispatcher (NTLM pins one connection).
 */
import type { Dispatcher } from 'undici';
import { raiseForStatus } from './raise-for-status.ts';
import { requestLog, type RequestLogEntry } from './request-log.ts';
import { retry, type RetryOptions } from './retry.ts';
import { createAgent, undiciTransport, type TimeoutOptions } from './transport.ts';
import type { HttpRequest, HttpResponse, Interceptor, Scrub } from './types.ts';
import { compose, noScrub, responseJson } from './types.ts';

/** What an auth strategy contributes: an interceptor, and optionally the dispatcher it needs. */
export interface AuthPart {
  readonly kind: string;
  readonly interceptor: Interceptor;
  readonly createDispatcher?: (origin: string, timeouts: TimeoutOptions) => Dispatcher;
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
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
  getJson<T = unknown>(path: string, query?: HttpRequest['query'], headers?: Readonly<Record<string, string>>): Promise<T>;
  close(): Promise<void>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const scrub = options.scrub ?? noScrub;
  const timeouts = options.timeouts ?? {};
  const origin = new URL(options.baseUrl).origin;
  const dispatcher = options.auth?.createDispatcher?.(origin, timeouts) ?? createAgent(timeouts, options.connections);
  const chain: Interceptor[] = [];
  if (options.retry !== false) chain.push(retry(options.retry ?? {}));
  chain.push(raiseForStatus({ scrub }));
  if (options.auth !== undefined) chain.push(options.auth.interceptor);
  chain.push(...(options.interceptors ?? []));
  if (options.log !== undefined) chain.push(requestLog({ write: options.log, scrub }));
  const send = compose(undiciTransport({ baseUrl: options.baseUrl, dispatcher, scrub, ...(timeouts.requestMs === undefined ? {} : { requestMs: timeouts.requestMs }) }), chain);
  return {
    send,
    async getJson<T>(path: string, query?: HttpRequest['query'], headers?: Readonly<Record<string, string>>): Promise<T> {
      const response = await send({ method: 'GET', path, ...(query === undefined ? {} : { query }), headers: { accept: 'application/json', ...headers } });
      return responseJson<T>(response);
    },
    close: async () => {
      await Promise.all([dispatcher.close(), options.auth?.close?.()]);
    },
  };
}
