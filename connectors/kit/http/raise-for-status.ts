/**
 * Statuses become errors here, after auth has had its chance at a 401: HTTP_<status> with the server's
 * Retry-After, the vendor's message (scrubbed) kept for support, 401 as AUTH_FAILED (one clear error,
 * never retried, so a wrong password cannot set off a retry storm or lock the account).
 */
import { KitError, type KitErrorCode } from '../errors.ts';
import type { HttpResponse, Interceptor, Scrub } from './types.ts';
import { noScrub } from './types.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface RaiseForStatusOptions {
  readonly scrub?: Scrub;
  /** Clock for Retry-After given as an HTTP date. */
  readonly now?: () => number;
}

const VENDOR_MESSAGE_LIMIT = 500;

/** The message a vendor put in an error body: OData v2/v4, OAuth2, or a plain `message`. */
export function vendorMessage(response: HttpResponse): string | undefined {
  const text = response.body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | string | undefined;
    const candidates: unknown[] = [
      typeof error === 'object' && error !== null
        ? (error.message as { value?: unknown } | undefined)?.value
        : undefined,
      typeof error === 'object' && error !== null ? error.message : undefined,
      body.error_description,
      typeof error === 'string' ? error : undefined,
      body.message,
      body.Message,
    ];
    const found = candidates.find(
      (candidate): candidate is string => typeof candidate === 'string' && candidate !== '',
    );
    if (found !== undefined) return found.slice(0, VENDOR_MESSAGE_LIMIT);
  } catch {
    // Not JSON: the first part of the text (an HTML error page or a plain message) is still useful.
  }
  return text.slice(0, VENDOR_MESSAGE_LIMIT);
}

export function statusCode(status: number): KitErrorCode {
  return status === 401 ? 'AUTH_FAILED' : `HTTP_${status}`;
}

export function statusError(
  response: HttpResponse,
  method: string,
  url: string,
  options: RaiseForStatusOptions = {},
): KitError {
  const scrub = options.scrub ?? noScrub;
  const code = statusCode(response.status);
  const vendor = vendorMessage(response);
  const scrubbed = vendor === undefined ? undefined : scrub(vendor);
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], options.now ?? Date.now);
  const what = code === 'AUTH_FAILED' ? 'the server refused the credentials' : `the server answered ${response.status}`;
  return new KitError(code, `${method} ${url}: ${what}${scrubbed === undefined ? '' : `: ${scrubbed}`}`, {
    status: response.status,
    method,
    url,
    ...(scrubbed === undefined ? {} : { vendorMessage: scrubbed }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(code === 'AUTH_FAILED'
      ? { help: 'Check the user name and the stored password or key for this connection.' }
      : {}),
  });
}

export function raiseForStatus(options: RaiseForStatusOptions = {}): Interceptor {
  const scrub = options.scrub ?? noScrub;
  return (next) => async (request) => {
    const response = await next(request);
    if (response.status < 400) return response;
    throw statusError(
      response,
      request.method.toUpperCase(),
      scrub(request.path.split('?')[0] ?? request.path),
      options,
    );
  };
}
