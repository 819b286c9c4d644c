/**
 * The one retry policy every client's retry loop follows: the kit's HTTP interceptor (`retry.ts`) and the
 * loops of clients whose driver makes its own calls (the Databricks SQL client). A policy says how many
 * attempts, the backoff between them, its jitter, how a server's Retry-After counts, and an optional
 * wall-clock budget; a `RetrySchedule` walks one failing call through it. Which errors are retried, and
 * whether a request is safe to send again, stay with each loop (they depend on what was sent).
 * Sleep, clock and randomness are injectable: tests record delays and move a fake clock instead of waiting.
 */
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

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * `full` (default): a delay anywhere in [0, backoff). `half`: in [backoff/2, backoff], for writers that
   * conflicted with each other: apart, but never straight back at once.
   */
  readonly jitter?: 'full' | 'half';
  /**
   * `exact` (default): a server's Retry-After is the delay. `floor`: the delay is at least Retry-After,
   * and the backoff when that is longer.
   */
  readonly retryAfter?: 'exact' | 'floor';
  /** A delay longer than this is not waited for: the error is raised. Default 5 minutes. */
  readonly maxRetryAfterMs?: number;
  /**
   * Wall-clock budget from the first failure: a wait that would end past it is not started. Absent: the
   * attempts alone bound the waiting. With a budget, `maxAttempts` may be Infinity.
   */
  readonly budgetMs?: number;
  readonly sleep?: Sleep;
  /** The clock the budget is measured on; injectable with `sleep`. */
  readonly now?: () => number;
  /** [0, 1); injectable for reproducible delays. */
  readonly random?: () => number;
}

/** The wait after failed attempt `attempt` (1-based), before any budget or cap is applied. */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number {
  const base = policy.baseDelayMs ?? 200;
  const cap = policy.maxDelayMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  const random = (policy.random ?? Math.random)();
  const backoff = Math.round(policy.jitter === 'half' ? ceiling * (0.5 + random / 2) : ceiling * random);
  if (retryAfterMs === undefined) return backoff;
  return policy.retryAfter === 'floor' ? Math.max(retryAfterMs, backoff) : retryAfterMs;
}

/** One failing call's way through a policy: counts its failures and the time since the first. */
export class RetrySchedule {
  private failures = 0;
  private since: number | undefined;

  constructor(readonly policy: RetryPolicy) {}

  /** Failures counted so far. */
  get attempts(): number {
    return this.failures;
  }

  /**
   * After a failure that may be retried: the delay to wait before the next attempt, or undefined when
   * the policy says to stop (attempts spent, a Retry-After too long, or the budget would be passed).
   */
  next(retryAfterMs?: number): number | undefined {
    this.failures += 1;
    if (this.failures >= (this.policy.maxAttempts ?? 5)) return undefined;
    const delay = backoffDelay(this.policy, this.failures, retryAfterMs);
    if (delay > (this.policy.maxRetryAfterMs ?? 300_000)) return undefined;
    if (this.policy.budgetMs !== undefined) {
      const now = this.policy.now ?? Date.now;
      this.since ??= now();
      if (now() - this.since + delay > this.policy.budgetMs) return undefined;
    }
    return delay;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return (this.policy.sleep ?? realSleep)(ms, signal);
  }
}
