/**
 * The kit's request pipeline: a request goes through a chain of interceptors (retry, status errors,
 * auth, log) down to a transport on undici. Bodies are buffered so a retried attempt or an auth leg
 * can send them again. This sits above undici's own dispatcher interceptors on purpose: auth legs and
 * retry decisions need the whole response and the kit's error codes, which a streaming handler does not give.
 */
export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  readonly method: string;
  /** Path (and optionally a query string) relative to the client's base URL, or an absolute URL. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /**
   * Safe to send twice. Default: true for GET, HEAD, PUT, DELETE and OPTIONS, false otherwise. A POST
   * that only reads (an OData $batch of GETs, a token request) or carries an idempotency key may say true.
   */
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie kept as the first). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Every Set-Cookie header as sent (a server may set several cookies; `headers` keeps only the first). */
  readonly setCookies?: readonly string[];
  /** Which attempt this response came from (1 = first); set by the retry interceptor. */
  readonly attempt?: number;
}

export type Send = (request: HttpRequest) => Promise<HttpResponse>;
export type Interceptor = (next: Send) => Send;

/** Interceptors outermost first: compose(transport, [retry, raise, auth]) runs retry, then raise, then auth. */
export function compose(transport: Send, interceptors: readonly Interceptor[]): Send {
  return interceptors.reduceRight<Send>((next, interceptor) => interceptor(next), transport);
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(request: HttpRequest): boolean {
  return request.idempotent ?? IDEMPOTENT_METHODS.has(request.method.toUpperCase());
}

export function withHeaders(request: HttpRequest, headers: Readonly<Record<string, string>>): HttpRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

export function responseText(response: HttpResponse): string {
  return response.body.toString('utf8');
}

export function responseJson<T = unknown>(response: HttpResponse): T {
  return JSON.parse(responseText(response)) as T;
}

/** A scrubber for text that leaves the process (logs, errors). The engine passes its secret registry's. */
export type Scrub = (text: string) => string;
export const noScrub: Scrub = (text) => text;
