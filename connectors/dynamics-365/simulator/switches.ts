/**
 * The simulator's switches for tests and demos: kill-after-send (the next `$batch` requests are applied,
 * then their connection is cut before any answer) and a 429 storm (the next API calls are answered 429
 * `0x80072322` with a chosen Retry-After), pulled in code or over HTTP; and, in code only, the answer to a
 * chosen `$batch` held back after it was applied (for a test that kills the process waiting for it) (`POST /__sim/drop-batch-answers?count=n`,
 * `POST /__sim/throttle?requests=n&retryAfter=s`).
 */
import type { Throttled } from './protection.ts';

export class SimulatorSwitches {
  dropAnswers = 0;
  private held: { readonly matches: (body: string) => boolean; readonly applied: () => void } | undefined;
  storm = 0;
  stormRetryAfterSeconds = 1;

  /** Answers a `/__sim/...` switch; undefined when the path is none of them. */
  pull(url: URL): Record<string, number> | undefined {
    const count = Number(url.searchParams.get('count') ?? url.searchParams.get('requests') ?? 1);
    if (url.pathname === '/__sim/drop-batch-answers') this.dropAnswers += count;
    else if (url.pathname === '/__sim/throttle') this.throttle(count, Number(url.searchParams.get('retryAfter') ?? 1));
    else return undefined;
    return { dropBatchAnswers: this.dropAnswers, throttle: this.storm };
  }

  throttle(requests: number, retryAfterSeconds: number): void {
    this.storm += requests;
    this.stormRetryAfterSeconds = retryAfterSeconds;
  }

  /** This call's 429 when a storm is on. */
  stormed(limit: number, windowSeconds: number): Throttled | undefined {
    if (this.storm <= 0) return undefined;
    this.storm -= 1;
    return {
      code: '0x80072322',
      message: `Number of requests exceeded the limit of ${limit} over time window of ${windowSeconds} seconds.`,
      retryAfterSeconds: this.stormRetryAfterSeconds,
    };
  }

  /**
   * The next `$batch` whose body `matches` is applied and then never answered (its connection left open):
   * the promise settles once it is applied, so a test can kill the client that is waiting for the answer.
   */
  holdNextAnswer(matches: (body: string) => boolean): Promise<void> {
    return new Promise((resolve) => (this.held = { matches, applied: resolve }));
  }

  /** Whether this applied `$batch`'s answer is to be held back (tells the waiting test). */
  holdThisAnswer(body: string): boolean {
    if (this.held === undefined || !this.held.matches(body)) return false;
    this.held.applied();
    this.held = undefined;
    return true;
  }

  /** Whether this `$batch`'s answer is to be dropped (counts it off). */
  dropThisAnswer(): boolean {
    if (this.dropAnswers <= 0) return false;
    this.dropAnswers -= 1;
    return true;
  }
}
