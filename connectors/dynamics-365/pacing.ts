/**
 * Keeps the connector inside Dataverse's service protection limits (README "Facts", api-limits) instead
 * of running into them: at most `maxConcurrency` requests in flight (Dataverse trips at 52 at once, so
 * the bound is refused at 52 or more), and at most `requests` per sliding `windowMs` (6,000 / 300 s per
 * user), a request over the budget waiting until the oldest one leaves the window. A `$batch` is one
 * request. A 429 that still comes (other clients of the same user) is the kit's retry's, by Retry-After.
 * Clock and sleep are injected, so no test waits on a wall clock.
 */
import type { Sleep } from '../kit/http/retry.ts';
import type { Interceptor } from '../kit/http/types.ts';

/** Dataverse's concurrency limit: 52 in flight is already over it. */
export const DATAVERSE_CONCURRENCY_LIMIT = 52;

export interface PacingOptions {
  readonly maxConcurrency: number;
  readonly requests: number;
  readonly windowMs: number;
  readonly now: () => number;
  readonly sleep: Sleep;
}

/** What the budget looks like now, for a progress line or the run log. */
export interface BudgetStatus {
  readonly used: number;
  readonly limit: number;
  readonly windowSeconds: number;
  /** Time spent waiting for the window to move on, in all. */
  readonly waitedMs: number;
  /** The most requests that were in flight at once. */
  readonly peakInFlight: number;
}

export class Pacer {
  #inFlight = 0;
  #peak = 0;
  #waitedMs = 0;
  readonly #waiters: (() => void)[] = [];
  #arrivals: number[] = [];

  constructor(readonly options: PacingOptions) {
    if (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1)
      throw new RangeError(`maxConcurrency must be a whole number from 1, not ${options.maxConcurrency}`);
    if (options.maxConcurrency >= DATAVERSE_CONCURRENCY_LIMIT)
      throw new RangeError(
        `maxConcurrency must stay below Dataverse's limit of ${DATAVERSE_CONCURRENCY_LIMIT} requests at once, not ${options.maxConcurrency}`,
      );
  }

  readonly interceptor: Interceptor = (next) => async (request) => {
    await this.#acquire(request.signal);
    try {
      return await next(request);
    } finally {
      this.#release();
    }
  };

  status(): BudgetStatus {
    return {
      used: this.#inWindow().length,
      limit: this.options.requests,
      windowSeconds: this.options.windowMs / 1000,
      waitedMs: this.#waitedMs,
      peakInFlight: this.#peak,
    };
  }

  #inWindow(): number[] {
    const since = this.options.now() - this.options.windowMs;
    this.#arrivals = this.#arrivals.filter((at) => at > since);
    return this.#arrivals;
  }

  async #acquire(signal: AbortSignal | undefined): Promise<void> {
    while (this.#inFlight >= this.options.maxConcurrency)
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#inFlight += 1;
    this.#peak = Math.max(this.#peak, this.#inFlight);
    try {
      for (;;) {
        const arrivals = this.#inWindow();
        if (arrivals.length < this.options.requests) break;
        const waitMs = Math.max(1, arrivals[0]! + this.options.windowMs - this.options.now());
        this.#waitedMs += waitMs;
        await this.options.sleep(waitMs, signal);
      }
      this.#arrivals.push(this.options.now());
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  #release(): void {
    this.#inFlight -= 1;
    this.#waiters.shift()?.();
  }
}
