import { describe, expect, it } from 'vitest';
import { backoffDelay, RetrySchedule } from './retry-policy.ts';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with full or half jitter', () => {
    const top = { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999_999 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(top, attempt, undefined))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect(backoffDelay({ ...top, random: () => 0 }, 3, undefined)).toBe(0);
    // Half jitter never retries at once: at least half the backoff.
    expect(backoffDelay({ ...top, random: () => 0, jitter: 'half' }, 3, undefined)).toBe(200);
  });

  it('takes Retry-After as the delay, or as its floor', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999_999 };
    expect(backoffDelay(policy, 3, 50)).toBe(50);
    expect(backoffDelay({ ...policy, retryAfter: 'floor' }, 3, 50)).toBe(400);
    expect(backoffDelay({ ...policy, retryAfter: 'floor' }, 3, 5_000)).toBe(5_000);
  });
});

describe('RetrySchedule', () => {
  it('stops when the attempts are spent, the first attempt counted', () => {
    const schedule = new RetrySchedule({ maxAttempts: 3, random: () => 0 });
    expect([schedule.next(), schedule.next(), schedule.next()]).toEqual([0, 0, undefined]);
  });

  it('stops before a Retry-After longer than the policy waits for', () => {
    expect(new RetrySchedule({ maxRetryAfterMs: 1_000 }).next(2_000)).toBeUndefined();
  });

  it('waits within a wall-clock budget from the first failure, however many attempts that takes', async () => {
    const clock = { now: 0 };
    const schedule = new RetrySchedule({
      maxAttempts: Infinity,
      baseDelayMs: 1_000,
      maxDelayMs: 1_000,
      jitter: 'half',
      random: () => 0.999_999,
      budgetMs: 3_500,
      now: () => clock.now,
      sleep: async (ms) => void (clock.now += ms),
    });
    const delays: number[] = [];
    for (let delay = schedule.next(); delay !== undefined; delay = schedule.next()) {
      delays.push(delay);
      await schedule.sleep(delay);
    }
    expect(delays).toEqual([1_000, 1_000, 1_000]);
    expect(clock.now).toBe(3_000);
  });
});
