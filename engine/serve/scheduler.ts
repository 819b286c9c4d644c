/**
 * Which pipelines are due at a given instant. Holds only the next due time of each pipeline; it starts
 * nothing and reads no clock (the service asks `takeDue(now)` when the process timer fires, or a test does).
 */
import { firstDue, nextDueAfter, sameSchedule, type MissedRunPolicy, type PipelineSchedule } from './schedule-plan.ts';

interface Entry {
  readonly schedule: PipelineSchedule;
  nextDue: Date | undefined;
}

export interface Due {
  readonly id: string;
  /** The scheduled time this run is for (`now` itself for a missed run run once at start-up). */
  readonly dueAt: Date;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policy: MissedRunPolicy) {}

  /**
   * Adds a pipeline, or replaces its schedule. An unchanged schedule keeps its next due time, so a reload
   * for a mapping edit neither skips nor repeats a run. Returns whether a missed time was found.
   */
  set(id: string, schedule: PipelineSchedule, lastDueAt: Date | undefined, now: Date): { missed: boolean } {
    const existing = this.entries.get(id);
    if (existing && sameSchedule(existing.schedule, schedule)) return { missed: false };
    if (existing) {
      this.entries.set(id, { schedule, nextDue: nextDueAfter(schedule, now) });
      return { missed: false };
    }
    const first = firstDue(schedule, lastDueAt, now, this.policy);
    this.entries.set(id, { schedule, nextDue: first.dueAt });
    return { missed: first.missed };
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  nextDue(id: string): Date | undefined {
    return this.entries.get(id)?.nextDue;
  }

  /**
   * The pipelines due at `now`, each once, with its next time moved past `now`: times that passed while
   * the process was busy or asleep are not run one after another (one run catches up on all of them).
   */
  takeDue(now: Date): Due[] {
    const due: Due[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.nextDue === undefined || entry.nextDue.getTime() > now.getTime()) continue;
      due.push({ id, dueAt: entry.nextDue });
      entry.nextDue = nextDueAfter(entry.schedule, now);
    }
    return due;
  }

  /** The earliest next due time over every pipeline: when the process timer should wake next. */
  nextWake(): Date | undefined {
    let earliest: Date | undefined;
    for (const entry of this.entries.values()) {
      if (entry.nextDue && (!earliest || entry.nextDue.getTime() < earliest.getTime())) earliest = entry.nextDue;
    }
    return earliest;
  }
}
