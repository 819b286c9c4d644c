/**
 * The retry interceptor: the kit's one policy (`retry-policy.ts`: exponential backoff with full jitter,
 * Retry-After honoured) applied to HTTP requests, decided by error code (engine/model/errors.ts
 * isTransient). A write that is not idempotent is retried only when the error proves the server did not
 * act on it: the connection never opened, or a 429 (rejected before processing). A reset or timeout
 * mid-write may have been applied, so it is raised rather than sent twice.
 */
import { isTransient } from '../../../engine/model/errors.ts';
import { KitError } from '../errors.ts';
import { RetrySchedule, type RetryPolicy } from './retry-policy.ts';
import type { Interceptor } from './types.ts';
import { isIdempotent } from './types.ts';

export { realSleep, type Sleep } from './retry-policy.ts';

export interface RetryOptions extends RetryPolicy {
  /**
   * Codes retried for idempotent requests on top of the transient ones. Default HTTP_500: a 500 on a
   * read is usually a passing server fault, but it is not transient for the engine (a broken write
   * would fail the same way again), so only this interceptor, and only for safe requests, retries it.
   */
  readonly alsoRetry?: readonly string[];
  /** Told before each wait (for progress lines and tests). */
  readonly onRetry?: (event: {
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: KitError | Error;
  }) => void;
}

/** Codes that prove the request never reached the server's handler. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'HTTP_429']);

export function retry(options: RetryOptions = {}): Interceptor {
  const alsoRetry = new Set(options.alsoRetry ?? ['HTTP_500']);
  return (next) => async (request) => {
    const schedule = new RetrySchedule(options);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await next(request);
        return { ...response, attempt };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const idempotent = isIdempotent(request);
        const safe = idempotent || (typeof code === 'string' && NOT_SENT_CODES.has(code));
        const retryable = isTransient(error) || (idempotent && typeof code === 'string' && alsoRetry.has(code));
        if (!retryable || !safe || request.signal?.aborted) throw error;
        const delayMs = schedule.next(error instanceof KitError ? error.retryAfterMs : undefined);
        if (delayMs === undefined) throw error;
        options.onRetry?.({ attempt, delayMs, error: error as Error });
        await schedule.sleep(delayMs, request.signal);
      }
    }
  };
}
