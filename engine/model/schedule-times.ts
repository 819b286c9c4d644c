/**
 * A pipeline's schedule in words and its next run times, in the schedule's time zone. One place, so the
 * studio's schedule editor and Export's instructions for IT say the same thing. croner computes the
 * times (it knows daylight saving: a 02:30 run on the night clocks spring forward runs at 03:00);
 * cronstrue says the pattern in words. Both are plain JavaScript with no Node or browser needs.
 */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';
import { cronProblem } from './schema/cron.ts';
import type { Pipeline } from './schema/pipeline.ts';

export type ScheduleReading =
  | {
      readonly ok: true;
      /** E.g. "At 02:30, every day (America/Chicago)". */
      readonly words: string;
      readonly timeZone: string;
      /** The next runs, as instants and as the time zone's wall clock (e.g. "Sun, Mar 8, 2026, 03:00 CDT"). */
      readonly next: readonly { readonly at: string; readonly local: string }[];
    }
  | { readonly ok: false; readonly problem: string };

/** The zone a schedule's times are in: its own, else the pipeline's settings, else UTC (the file's defaults). */
export function scheduleTimeZone(pipeline: Pick<Pipeline, 'schedule' | 'settings'>): string {
  return pipeline.schedule?.timeZone ?? pipeline.settings?.timeZone ?? 'UTC';
}

/** A plain-words problem with an IANA time zone name, or undefined when this runtime knows it. */
export function timeZoneProblem(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return `"${timeZone}" is not a time zone this computer knows; use an IANA name such as America/Chicago, Europe/London or UTC`;
  }
}

/** The wall-clock text of an instant in a zone, with the zone's short name so a daylight-saving change shows. */
export function localTimeText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
}

/** The schedule in words and its next `count` run times after `from`; or the problem, in plain words. */
export function readSchedule(cron: string, timeZone: string, from: Date = new Date(), count = 5): ScheduleReading {
  const zoneProblem = timeZoneProblem(timeZone);
  if (zoneProblem !== undefined) return { ok: false, problem: zoneProblem };
  const pattern = cron.trim();
  const problem = cronProblem(pattern);
  if (problem !== undefined) return { ok: false, problem };
  let times: Date[];
  let words: string;
  try {
    times = new Cron(pattern, { timezone: timeZone, paused: true }).nextRuns(count, from);
    words = cronstrue.toString(pattern, { use24HourTimeFormat: true, verbose: true, throwExceptionOnParseError: true });
  } catch (error) {
    return { ok: false, problem: `the schedule "${pattern}" cannot be read: ${(error as Error).message}` };
  }
  if (times.length === 0) return { ok: false, problem: `the schedule "${pattern}" never runs (no such date)` };
  return {
    ok: true,
    words: `${words} (${timeZone})`,
    timeZone,
    next: times.map((at) => ({ at: at.toISOString(), local: localTimeText(at, timeZone) })),
  };
}

/** The pipeline's own schedule read, or undefined when it has none. */
export function readPipelineSchedule(
  pipeline: Pick<Pipeline, 'schedule' | 'settings'>,
  from?: Date,
): ScheduleReading | undefined {
  if (pipeline.schedule === undefined) return undefined;
  return readSchedule(pipeline.schedule.cron, scheduleTimeZone(pipeline), from);
}
