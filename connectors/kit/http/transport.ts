/**
 * The bottom of the chain: one undici request per call on a keep-alive dispatcher, network failures
 * turned into KitErrors with stable codes (ECONNRESET, UND_ERR_HEADERS_TIMEOUT, ...), statuses returned
 * as they are (raiseForStatus decides which are errors, after auth has had its turn).
 */
import { type Dispatcher, request as undiciRequest } from 'undici';
import { KitError, type KitErrorCode } from '../errors.ts';
import type { HttpRequest, HttpResponse, QueryValue, Scrub, Send } from './types.ts';
import { noScrub } from './types.ts';
import { describeProxy, proxyFor, type ProxySettings } from './network.ts';
import { connectionProblem } from './connection-problems.ts';

/** Connection and request timeouts (defined with the dispatcher that applies most of them). */
export type { TimeoutOptions } from './network.ts';

export function buildUrl(baseUrl: string, request: HttpRequest): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = /^https?:\/\//i.test(request.path)
    ? new URL(request.path)
    : new URL(request.path.replace(/^\//, ''), base);
  for (const [name, value] of Object.entries(request.query ?? {}) as [string, QueryValue][]) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

const NETWORK_CODES = new Set<string>([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The stable code of a network failure; undici's own codes where they say more than the socket's. */
export function networkErrorCode(error: unknown): KitErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (code === 'UND_ERR_ABORTED' || (error as { name?: unknown } | null)?.name === 'AbortError')
    return 'REQUEST_ABORTED';
  // A socket closed before the response (RST or FIN) is reported by undici as UND_ERR_SOCKET.
  if (code === 'UND_ERR_SOCKET' || causeCode === 'ECONNRESET') return 'ECONNRESET';
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code as KitErrorCode;
  if (typeof causeCode === 'string' && NETWORK_CODES.has(causeCode)) return causeCode as KitErrorCode;
  return 'NETWORK_ERROR';
}

export interface TransportOptions {
  readonly baseUrl: string;
  readonly dispatcher: Dispatcher;
  readonly scrub?: Scrub;
  readonly requestMs?: number;
  /** The proxy settings the dispatcher was built with, so a failure can say which proxy it went through. */
  readonly proxy?: ProxySettings;
  /** The dispatcher trusts the connection's own CA certificate (caCertFile) as well. */
  readonly ownCa?: boolean;
}

export function undiciTransport(options: TransportOptions): Send {
  const scrub = options.scrub ?? noScrub;
  return async (request) => {
    const url = buildUrl(options.baseUrl, request);
    const where = scrub(`${url.pathname}${url.search}`);
    const deadline = options.requestMs === undefined ? undefined : AbortSignal.timeout(options.requestMs);
    const signals = [request.signal, deadline].filter((signal): signal is AbortSignal => signal !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    try {
      const response = await undiciRequest(url, {
        method: request.method.toUpperCase() as Dispatcher.HttpMethod,
        headers: { ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(signal === undefined ? {} : { signal }),
        dispatcher: options.dispatcher,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      const setCookie = response.headers['set-cookie'];
      const setCookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body,
        ...(setCookies.length === 0 ? {} : { setCookies }),
      } satisfies HttpResponse;
    } catch (error) {
      const proxy = options.proxy === undefined ? undefined : proxyFor(url, options.proxy);
      const via = proxy === undefined ? '' : ` through the proxy ${describeProxy(proxy)}`;
      const details = { method: request.method.toUpperCase(), url: where, cause: error };
      // An untrusted certificate or a proxy's refusal: said in words, with what to change.
      const problem = connectionProblem(error, { url, proxy, ownCa: options.ownCa === true });
      if (problem !== undefined)
        throw new KitError(problem.code, `${request.method.toUpperCase()} ${where} failed${via}: ${problem.message}`, {
          ...details,
          help: problem.help,
        });
      const code =
        deadline?.aborted === true && request.signal?.aborted !== true ? 'ETIMEDOUT' : networkErrorCode(error);
      const detail = error instanceof Error ? scrub(error.message) : 'unknown error';
      throw new KitError(code, `${request.method.toUpperCase()} ${where} failed${via}: ${detail} (${code})`, details);
    }
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value)
      ? name.toLowerCase() === 'set-cookie'
        ? (value[0] ?? '')
        : value.join(', ')
      : value;
  }
  return flat;
}
