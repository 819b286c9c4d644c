/**
 * Dataverse's service protection limits (README "Facts", api-limits): per user, a sliding window of
 * 300 s holding at most 6,000 requests, and at most 52 requests in flight. Over either: 429 with
 * `Retry-After` in seconds and the limit's own code. The concurrency limit trips at once; the request
 * count is checked as each request arrives, so a burst cannot overshoot it here (the real one may: the
 * simulator is the stricter of the two). A `$batch` counts as one request. All limits are options,
 * since Microsoft says they "may vary between environments". Time is injected.
 */

export interface ProtectionLimits {
  /** Requests per user in the window. Default 6000. */
  readonly requests?: number;
  /** Window in seconds. Default 300. */
  readonly windowSeconds?: number;
  /** Requests per user in flight at once. Default 52. */
  readonly concurrent?: number;
}

export interface Throttled {
  readonly retryAfterSeconds: number;
  readonly code: string;
  readonly message: string;
}

export class ServiceProtection {
  readonly #arrivals = new Map<string, number[]>();
  readonly #inFlight = new Map<string, number>();
  readonly requests: number;
  readonly windowMs: number;
  readonly concurrent: number;
  /** 429s answered, by code. */
  readonly refused: Record<string, number> = {};

  constructor(
    limits: ProtectionLimits,
    private readonly now: () => number,
  ) {
    this.requests = limits.requests ?? 6000;
    this.windowMs = (limits.windowSeconds ?? 300) * 1000;
    this.concurrent = limits.concurrent ?? 52;
  }

  /** Admits a request for `user` or says why not; an admitted request must be `finish`ed. */
  admit(user: string): Throttled | undefined {
    const inFlight = this.#inFlight.get(user) ?? 0;
    if (inFlight >= this.concurrent)
      return this.#refuse({
        retryAfterSeconds: 1,
        code: '0x80072326',
        message: `Number of concurrent requests exceeded the limit of ${this.concurrent}.`,
      });
    const now = this.now();
    const arrivals = (this.#arrivals.get(user) ?? []).filter((at) => at > now - this.windowMs);
    this.#arrivals.set(user, arrivals);
    if (arrivals.length >= this.requests) {
      // Retry-After: when the oldest request in the window leaves it.
      const retryAfterSeconds = Math.max(1, Math.ceil((arrivals[0]! + this.windowMs - now) / 1000));
      return this.#refuse({
        retryAfterSeconds,
        code: '0x80072322',
        message: `Number of requests exceeded the limit of ${this.requests} over time window of ${this.windowMs / 1000} seconds.`,
      });
    }
    arrivals.push(now);
    this.#inFlight.set(user, inFlight + 1);
    return undefined;
  }

  finish(user: string): void {
    this.#inFlight.set(user, Math.max(0, (this.#inFlight.get(user) ?? 0) - 1));
  }

  /** Requests of `user` counted in the window now. */
  used(user: string): number {
    const now = this.now();
    return (this.#arrivals.get(user) ?? []).filter((at) => at > now - this.windowMs).length;
  }

  #refuse(throttled: Throttled): Throttled {
    this.refused[throttled.code] = (this.refused[throttled.code] ?? 0) + 1;
    return throttled;
  }
}
