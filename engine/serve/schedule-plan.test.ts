/** The scheduler's core, with instants given by hand: no timer, no wall clock. */
import { describe, expect, it } from 'vitest';
import { firstDue, nextDueAfter } from './schedule-plan.ts';
import { Scheduler } from './scheduler.ts';

const at = (iso: string) => new Date(iso);
const nightly = { cron: '0 2 * * *', timeZone: 'America/Chicago' };
const halfHourly = { cron: '*/30 * * * *', timeZone: 'UTC' };

describe('next due time', () => {
  it("reads the cron in the pipeline's time zone", () => {
    // 02:00 in Chicago (CST, UTC-6) is 08:00 UTC.
    expect(nextDueAfter(nightly, at('2026-01-10T12:00:00Z'))?.toISOString()).toBe('2026-01-11T08:00:00.000Z');
  });

  it('two pipelines on different crons are each due at their own times', () => {
    const scheduler = new Scheduler('skip');
    const now = at('2026-01-10T07:10:00Z');
    scheduler.set('nightly', nightly, undefined, now);
    scheduler.set('half-hourly', halfHourly, undefined, now);
    expect(scheduler.nextWake()?.toISOString()).toBe('2026-01-10T07:30:00.000Z');
    expect(scheduler.takeDue(at('2026-01-10T07:29:59Z'))).toEqual([]);
    expect(scheduler.takeDue(at('2026-01-10T07:30:00Z')).map((d) => d.id)).toEqual(['half-hourly']);
    expect(scheduler.takeDue(at('2026-01-10T08:00:00Z')).map((d) => d.id)).toEqual(['nightly', 'half-hourly']);
    expect(scheduler.nextDue('nightly')?.toISOString()).toBe('2026-01-11T08:00:00.000Z');
  });

  it('a tick that comes late runs a pipeline once, not once per time that passed', () => {
    const scheduler = new Scheduler('skip');
    scheduler.set('half-hourly', halfHourly, undefined, at('2026-01-10T07:10:00Z'));
    const due = scheduler.takeDue(at('2026-01-10T09:05:00Z'));
    expect(due).toEqual([{ id: 'half-hourly', dueAt: at('2026-01-10T07:30:00Z') }]);
    expect(scheduler.nextDue('half-hourly')?.toISOString()).toBe('2026-01-10T09:30:00.000Z');
  });

  it('an unchanged schedule given again keeps its next due time; a changed one is read afresh', () => {
    const scheduler = new Scheduler('skip');
    scheduler.set('p', halfHourly, undefined, at('2026-01-10T07:10:00Z'));
    scheduler.set('p', halfHourly, undefined, at('2026-01-10T07:40:00Z'));
    expect(scheduler.nextDue('p')?.toISOString()).toBe('2026-01-10T07:30:00.000Z');
    scheduler.set('p', { cron: '0 * * * *', timeZone: 'UTC' }, undefined, at('2026-01-10T07:40:00Z'));
    expect(scheduler.nextDue('p')?.toISOString()).toBe('2026-01-10T08:00:00.000Z');
  });
});

describe('missed runs after downtime', () => {
  const lastDue = at('2026-01-09T08:00:00Z');
  const backAt = at('2026-01-10T15:00:00Z'); // the 2026-01-10 08:00 UTC run was missed

  it('skip: waits for the next scheduled time', () => {
    expect(firstDue(nightly, lastDue, backAt, 'skip')).toEqual({ dueAt: at('2026-01-11T08:00:00Z'), missed: true });
  });

  it('run-once: runs once now, then keeps the schedule', () => {
    expect(firstDue(nightly, lastDue, backAt, 'run-once')).toEqual({ dueAt: backAt, missed: true });
    const scheduler = new Scheduler('run-once');
    scheduler.set('nightly', nightly, lastDue, backAt);
    expect(scheduler.takeDue(backAt)).toEqual([{ id: 'nightly', dueAt: backAt }]);
    expect(scheduler.nextDue('nightly')?.toISOString()).toBe('2026-01-11T08:00:00.000Z');
  });

  it('nothing missed when the service was back before the next time', () => {
    expect(firstDue(nightly, lastDue, at('2026-01-10T07:00:00Z'), 'run-once')).toEqual({
      dueAt: at('2026-01-10T08:00:00Z'),
      missed: false,
    });
  });

  it('a pipeline never run before waits for its first time instead of running on install', () => {
    expect(firstDue(nightly, undefined, backAt, 'run-once').dueAt?.toISOString()).toBe('2026-01-11T08:00:00.000Z');
  });
});
