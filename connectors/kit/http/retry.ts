/**
 * Retry with exponential backoff and full jitter, honouring Retry-After, decided by error code
 * (engine/model/errors.ts isTransient). A write that is not idempotent is retried only when the error
 * proves the server did not act on it: the connection never opened, or a 429 (rejected before processing).
 * A reset or timeout mid-write may have been applied, so it is raised rather than sent twice.
 * Sleeps are injectable: tests pass one that records delays instead of waiting.
 */
import { isTransient } from '../../../engine/model/errors.ts';
import { KitError } from '../errors.ts';
import type { Interceptor } from './types.ts';
import { isIdempotent } from './types.ts';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is raised. Default 5 minutes. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: Sleep;
  /** [0, 1); injectable for reproducible delays. */
  readonly random?: () => number;
  /**
   * Codes retried for idempotent requests on top of the transient ones. Default HTTP_500: a 500 on a
   * read is usually a passing server fault, but it is not transient for the engine (a broken write
   * would fail the same way again), so only this interceptor, and only for safe requests, retries it.
   */
  readonly alsoRetry?: readonly string[];
  /** Told before each wait (for progress lines and tests). */
  readonly onRetry?: (event: { readonly attempt: number; readonly delayMs: number; readonly error: KitError | Error }) => void;
}

/** Codes that prove the request never reached the server's handler. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'HTTP_429']);

export function retryDelay(attempt: number, error: unknown, options: RetryOptions): number {
  const retryAfter = error instanceof KitError ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined) return retryAfter;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.round(ceiling * (options.random ?? Math.random)());
}

export function retry(options: RetryOptions = {}): Interceptor {
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? realSleep;
  const maxRetryAfter = options.maxRetryAfterMs ?? 300_000;
  const alsoRetry = new Set(options.alsoRetry ?? ['HTTP_500']);
  return (next) => async (request) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await next(request);
        return { ...response, attempt };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const idempotent = isIdempotent(request);
        const safe = idempotent || (typeof code === 'string' && NOT_SENT_CODES.has(code));
        const retryable = isTransient(error) || (idempotent && typeof code === 'string' && alsoRetry.has(code));
        if (!retryable || !safe || attempt >= maxAttempts || request.signal?.aborted) throw error;
        const delayMs = retryDelay(attempt, error, options);
        if (delayMs > maxRetryAfter) throw error;
        options.onRetry?.({ attempt, delayMs, error: error as Error });
        await sleep(delayMs, request.signal);
      }
    }
  };
}
