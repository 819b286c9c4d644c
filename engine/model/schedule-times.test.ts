import { describe, expect, it } from 'vitest';
import { readPipelineSchedule, readSchedule, scheduleTimeZone, timeZoneProblem } from './schedule-times.ts';

describe('a schedule in words and its next runs', () => {
  it('says a daily run in words with its time zone', () => {
    const reading = readSchedule('30 2 * * *', 'America/Chicago', new Date('2026-01-10T12:00:00Z'));
    expect(reading).toMatchObject({ ok: true, words: 'At 02:30, every day (America/Chicago)' });
  });

  it('lists the next five runs on the wall clock across the spring-forward night in America/Chicago', () => {
    const reading = readSchedule('30 2 * * *', 'America/Chicago', new Date('2026-03-06T12:00:00Z'));
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.next.map((run) => run.at)).toEqual([
      '2026-03-07T08:30:00.000Z',
      // 02:30 does not exist on 8 March 2026 in Chicago (clocks go from 02:00 to 03:00): it runs at 03:00 CDT.
      '2026-03-08T08:00:00.000Z',
      '2026-03-09T07:30:00.000Z',
      '2026-03-10T07:30:00.000Z',
      '2026-03-11T07:30:00.000Z',
    ]);
    expect(reading.next.map((run) => run.local)).toEqual([
      'Sat, Mar 7, 2026, 02:30 CST',
      'Sun, Mar 8, 2026, 03:00 CDT',
      'Mon, Mar 9, 2026, 02:30 CDT',
      'Tue, Mar 10, 2026, 02:30 CDT',
      'Wed, Mar 11, 2026, 02:30 CDT',
    ]);
  });

  it('runs once on the fall-back night, when 01:30 happens twice', () => {
    const reading = readSchedule('30 1 * * *', 'America/Chicago', new Date('2026-10-30T12:00:00Z'));
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.next.map((run) => run.local)).toEqual([
      'Sat, Oct 31, 2026, 01:30 CDT',
      'Sun, Nov 1, 2026, 01:30 CDT',
      'Mon, Nov 2, 2026, 01:30 CST',
      'Tue, Nov 3, 2026, 01:30 CST',
      'Wed, Nov 4, 2026, 01:30 CST',
    ]);
  });

  it('says twice-monthly runs in words', () => {
    const reading = readSchedule('0 6 1,16 * *', 'America/Chicago', new Date('2026-10-30T12:00:00Z'));
    expect(reading).toMatchObject({ ok: true, words: 'At 06:00, on day 1 and 16 of the month (America/Chicago)' });
  });

  it.each([
    ['0 2 * *', /five fields/],
    ['61 2 * * *', /61 is outside the minute field/],
    ['0 0 30 2 *', /never runs/],
  ])('refuses %s with the reason', (cron, reason) => {
    const reading = readSchedule(cron, 'UTC');
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.problem).toMatch(reason);
  });

  it('refuses a time zone this runtime does not know, naming it', () => {
    expect(timeZoneProblem('America/Chicago')).toBeUndefined();
    expect(timeZoneProblem('Mars/Olympus')).toMatch(/"Mars\/Olympus" is not a time zone/);
    expect(readSchedule('0 2 * * *', 'Mars/Olympus')).toMatchObject({ ok: false });
  });

  it("takes the schedule's own zone, else the settings' zone, else UTC", () => {
    expect(scheduleTimeZone({ schedule: { cron: '0 2 * * *', timeZone: 'Europe/London' } })).toBe('Europe/London');
    expect(scheduleTimeZone({ schedule: { cron: '0 2 * * *' }, settings: { timeZone: 'America/Chicago' } })).toBe(
      'America/Chicago',
    );
    expect(scheduleTimeZone({})).toBe('UTC');
    expect(readPipelineSchedule({})).toBeUndefined();
  });
});
