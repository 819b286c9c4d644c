/**
 * A log entry per request that went on the wire (each retry and each auth leg), with secrets removed
 * twice over: by name (Authorization, cookies, key/token/password fields in headers, query and bodies)
 * and by value (the caller's scrubber, which knows every secret the process resolved).
 */
import { KitError } from '../errors.ts';
import type { HttpRequest, Interceptor, Scrub } from './types.ts';
import { noScrub } from './types.ts';

export const MASK = '***';

export interface RequestLogEntry {
  readonly method: string;
  /** Path and query, scrubbed. */
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody?: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly durationMs: number;
}

export interface RequestLogOptions {
  readonly write: (entry: RequestLogEntry) => void;
  readonly scrub?: Scrub;
  readonly now?: () => number;
  /** Bodies are cut to this many characters. Default 2,000. */
  readonly bodyLimit?: number;
}

const SECRET_NAME = /pass(word|wd)?|secret|token|api[-_]?key|apikey|auth|cookie|signature|credential|^code$|assertion/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function scrubHeaders(
  headers: Readonly<Record<string, string>> | undefined,
  scrub: Scrub,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // Keep the scheme of an Authorization header (Basic, Bearer, NTLM): it says which leg this was.
    const scheme = /^authorization$/i.test(name) ? /^(\w+)\s/.exec(value)?.[1] : undefined;
    result[name] = isSecretName(name) ? (scheme === undefined ? MASK : `${scheme} ${MASK}`) : scrub(value);
  }
  return result;
}

export function scrubUrl(path: string, query: HttpRequest['query'], scrub: Scrub): string {
  const url = new URL(path, 'http://log.invalid/');
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined) url.searchParams.set(name, String(value));
  for (const name of [...url.searchParams.keys()]) if (isSecretName(name)) url.searchParams.set(name, MASK);
  const shown = /^https?:\/\//i.test(path) ? `${url.origin}${url.pathname}` : url.pathname;
  return scrub(`${shown}${url.search.replace(/%2A%2A%2A/g, MASK)}`);
}

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, isSecretName(key) ? MASK : maskJson(item)]),
  );
}

export function scrubBody(
  body: string | Buffer | undefined,
  contentType: string | undefined,
  scrub: Scrub,
  limit: number,
): string | undefined {
  if (body === undefined) return undefined;
  let text = typeof body === 'string' ? body : body.toString('utf8');
  if (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(text)) {
    try {
      text = JSON.stringify(maskJson(JSON.parse(text)));
    } catch {
      // Not JSON after all: the value scrubber below still applies.
    }
  } else if (/x-www-form-urlencoded/i.test(contentType ?? '')) {
    const form = new URLSearchParams(text);
    for (const name of [...form.keys()]) if (isSecretName(name)) form.set(name, MASK);
    text = form.toString().replace(/%2A%2A%2A/g, MASK);
  }
  const scrubbed = scrub(text);
  return scrubbed.length > limit ? `${scrubbed.slice(0, limit)}…` : scrubbed;
}

export function requestLog(options: RequestLogOptions): Interceptor {
  const scrub = options.scrub ?? noScrub;
  const now = options.now ?? Date.now;
  return (next) => async (request) => {
    const started = now();
    const contentType = Object.entries(request.headers ?? {}).find(([name]) => /^content-type$/i.test(name))?.[1];
    const requestBody = scrubBody(request.body, contentType, scrub, options.bodyLimit ?? 2000);
    const base = {
      method: request.method.toUpperCase(),
      url: scrubUrl(request.path, request.query, scrub),
      requestHeaders: scrubHeaders(request.headers, scrub),
      ...(requestBody === undefined ? {} : { requestBody }),
    };
    try {
      const response = await next(request);
      options.write({ ...base, status: response.status, durationMs: now() - started });
      return response;
    } catch (error) {
      const errorCode =
        error instanceof KitError
          ? error.code
          : (((error as { code?: unknown }).code as string | undefined) ?? 'UNEXPECTED');
      options.write({ ...base, errorCode, durationMs: now() - started });
      throw error;
    }
  };
}
