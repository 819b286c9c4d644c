/**
 * Errors the kit raises. Each carries a stable code from the shared MlcError base, so the runner and
 * the retry interceptor decide by code (engine/model/errors.ts TRANSIENT_CODES), never by reading text.
 * A vendor's own message is kept (scrubbed by the caller's scrubber) because it is what support asks for.
 */
import { MlcError, TRANSIENT_CODES } from '../../engine/model/errors.ts';

export type KitErrorCode =
  | `HTTP_${number}`
  | 'AUTH_FAILED'
  | 'TOKEN_EXPIRED'
  | 'NTLM_PROTOCOL'
  | 'ECONNRESET'
  | 'ECONNREFUSED'
  | 'ETIMEDOUT'
  | 'EPIPE'
  | 'UND_ERR_SOCKET'
  | 'UND_ERR_CONNECT_TIMEOUT'
  | 'UND_ERR_HEADERS_TIMEOUT'
  | 'UND_ERR_BODY_TIMEOUT'
  | 'NETWORK_ERROR'
  | 'TLS_UNTRUSTED'
  | 'TLS_CERT_EXPIRED'
  | 'TLS_NAME_MISMATCH'
  | 'PROXY_REFUSED'
  | 'REQUEST_ABORTED'
  | 'RESPONSE_INVALID'
  | 'FAULT_SPEC_INVALID'
  | 'TOKEN_STORE_FAILED'
  | 'CONFIG_INVALID';

export interface KitErrorDetails {
  readonly status?: number;
  readonly method?: string;
  /** Path and query as sent, already scrubbed. */
  readonly url?: string;
  /** The vendor's own message (scrubbed). */
  readonly vendorMessage?: string;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
  readonly help?: string;
}

export class KitError extends MlcError {
  override readonly name = 'KitError';
  declare readonly code: KitErrorCode;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly vendorMessage: string | undefined;

  constructor(code: KitErrorCode, message: string, details: KitErrorDetails = {}) {
    super(code, message, {
      transient: TRANSIENT_CODES.has(code),
      ...(details.cause === undefined ? {} : { cause: details.cause }),
      ...(details.retryAfterMs === undefined ? {} : { retryAfterMs: details.retryAfterMs }),
      ...(details.help === undefined ? {} : { help: details.help }),
    });
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.vendorMessage = details.vendorMessage;
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
}

export function isKitError(error: unknown): error is KitError {
  return error instanceof KitError;
}
