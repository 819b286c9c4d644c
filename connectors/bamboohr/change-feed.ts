/**
 * Employees kept current by webhooks with polling as the fallback, never applying one change twice.
 * A webhook event is only a hint (§8: lightweight, no data): it becomes a follow-up fetch of the
 * employee's fields. Polling asks `/employees/changed?since=<latest of the last poll>` (§5). Both paths
 * yield rows stamped with the employee's lastChanged, and a ledger of the lastChanged already applied
 * per employee drops a row that is not newer, whichever path saw it first (and also covers `since` being
 * inclusive or exclusive, which is unconfirmed). A deletion is applied once. The ledger and the
 * watermark move only in `commit()`, which the caller runs after the destination committed the rows.
 */
import type { DataRow } from '../../engine/model/io.ts';
import { Timestamp, compareValues } from '../../engine/model/values/index.ts';
import type { BambooClient } from './client.ts';
import { type ChangedEmployee, changedSince, employeeRecords } from './fetch.ts';
import { toPage } from './source.ts';
import { EMPLOYEES, employeeFieldsFor } from './streams.ts';
import type { EmployeeWebhookEvent } from './webhooks/events.ts';

export interface AppliedState {
  /** The `latest` of the last committed poll. */
  readonly since: string;
  /** Per employee id: the lastChanged applied (ISO), or "deleted". */
  readonly applied: Readonly<Record<string, string>>;
}

export interface FeedBatch {
  readonly rows: readonly DataRow[];
  /** Rows dropped because that change was applied already. */
  readonly alreadyApplied: number;
  /** Call once the rows are committed downstream. */
  commit(): void;
}

export class BambooChangeFeed {
  private since: string;
  private readonly applied: Map<string, string>;

  constructor(
    private readonly client: BambooClient,
    state: AppliedState,
    /** The employee fields the mapping reads (default: all): what the follow-up fetch asks for. */
    private readonly fields?: readonly string[],
  ) {
    this.since = state.since;
    this.applied = new Map(Object.entries(state.applied));
  }

  get state(): AppliedState {
    return { since: this.since, applied: Object.fromEntries(this.applied) };
  }

  /** Webhook events -> follow-up fetch of those employees (deletions need none). */
  async fromWebhook(events: readonly EmployeeWebhookEvent[]): Promise<FeedBatch> {
    const wanted = new Map<string, ChangedEmployee>();
    for (const event of events) {
      const occurred = event.occurredAt === undefined ? null : (Timestamp.tryParse(event.occurredAt, 'UTC') ?? null);
      wanted.set(event.employeeId, {
        id: event.employeeId,
        action: event.action === 'deleted' ? 'Deleted' : 'Updated',
        lastChanged: occurred,
      });
    }
    return this.batch([...wanted.values()], undefined);
  }

  /** The fallback: everything changed since the last committed poll. */
  async poll(): Promise<FeedBatch> {
    const changed = await changedSince(this.client, this.since);
    return this.batch(changed.employees, changed.latest);
  }

  private async batch(wanted: readonly ChangedEmployee[], latest: string | undefined): Promise<FeedBatch> {
    const records = await employeeRecords(this.client, wanted, employeeFieldsFor(this.fields));
    const page = toPage(EMPLOYEES, records);
    const rows: DataRow[] = [];
    const marks = new Map<string, string>();
    let alreadyApplied = 0;
    for (const row of page.records) {
      const id = String(row.id);
      const mark =
        row.deleted === true
          ? 'deleted'
          : row.lastChanged instanceof Timestamp
            ? row.lastChanged.toString()
            : undefined;
      if (mark !== undefined && !this.isNewer(id, mark)) {
        alreadyApplied += 1;
        continue;
      }
      rows.push(row);
      if (mark !== undefined) marks.set(id, mark);
    }
    return {
      rows,
      alreadyApplied,
      commit: () => {
        for (const [id, mark] of marks) if (this.isNewer(id, mark)) this.applied.set(id, mark);
        if (latest !== undefined) this.since = latest;
      },
    };
  }

  private isNewer(id: string, mark: string): boolean {
    const before = this.applied.get(id);
    if (before === undefined) return true;
    if (before === 'deleted') return false;
    if (mark === 'deleted') return true;
    return compareValues(Timestamp.parse(mark), Timestamp.parse(before)) > 0;
  }
}
