/**
 * The scheduler's core: when each pipeline is next due, and what to do about times missed while the
 * service was down. Pure and clock-free: every function is given "now", so tests move time by hand
 * and no timer is involved (the process wrapper owns the one timer, `serve-process.ts`).
 */
import { Cron } from 'croner';

export interface PipelineSchedule {
  readonly cron: string;
  /** IANA zone the cron's wall-clock times are in (the pipeline's; `scheduleTimeZone`). */
  readonly timeZone: string;
}

/**
 * After downtime: `skip` waits for the next time the schedule names (a nightly load missed at 02:00 runs
 * the next night); `run-once` runs once at start-up however many times were missed, then keeps the schedule.
 */
export type MissedRunPolicy = 'skip' | 'run-once';
export const MISSED_RUN_POLICIES: readonly MissedRunPolicy[] = ['skip', 'run-once'];

/** The first time strictly after `after` that the schedule names, or undefined when it names none. */
export function nextDueAfter(schedule: PipelineSchedule, after: Date): Date | undefined {
  const next = new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true }).nextRun(after);
  return next ?? undefined;
}

export interface FirstDue {
  readonly dueAt: Date | undefined;
  /** A scheduled time passed since `lastDueAt` while nothing ran it. */
  readonly missed: boolean;
}

/**
 * When a pipeline the service (re)starts with is first due. `lastDueAt` is the last scheduled time a run
 * was started for (kept in the service's state folder); a pipeline never run before waits for its next
 * time rather than running at once on install.
 */
export function firstDue(
  schedule: PipelineSchedule,
  lastDueAt: Date | undefined,
  now: Date,
  policy: MissedRunPolicy,
): FirstDue {
  const upcoming = nextDueAfter(schedule, now);
  if (lastDueAt === undefined) return { dueAt: upcoming, missed: false };
  const afterLast = nextDueAfter(schedule, lastDueAt);
  const missed = afterLast !== undefined && afterLast.getTime() <= now.getTime();
  if (missed && policy === 'run-once') return { dueAt: now, missed };
  return { dueAt: upcoming, missed };
}

/** Whether two schedules name the same times (a reload that changed only mappings keeps the next due time). */
export function sameSchedule(a: PipelineSchedule, b: PipelineSchedule): boolean {
  return a.cron.trim() === b.cron.trim() && a.timeZone === b.timeZone;
}
