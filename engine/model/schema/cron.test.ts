import { describe, expect, it } from 'vitest';
import { cronProblem } from './cron.ts';

describe('cron schedules', () => {
  it.each(['0 2 * * *', '*/15 * * * *', '30 1 * * 1-5', '0 0 1 jan,jul *', '0 6 * * mon-fri', '0 0 28 * *'])(
    'accepts %s',
    (cron) => {
      expect(cronProblem(cron)).toBeUndefined();
    },
  );

  it.each([
    ['0 2 * *', /five fields/],
    ['60 2 * * *', /60 is outside the minute field/],
    ['0 25 * * *', /hour/],
    ['0 0 0 * *', /day of month/],
    ['0 0 * 13 *', /month/],
    ['0 0 * * 5-1', /runs backwards/],
    ['*/0 * * * *', /step/],
    ['x * * * *', /"x" in the minute field is not a number/],
  ])('refuses %s', (cron, message) => {
    expect(cronProblem(cron)).toMatch(message);
  });
});
