/**
 * Open holds of a stream by the natural key of their source record. When a later read brings the same
 * record again (a lookback window, a re-sent batch, or the source fixing the record), the newer read
 * supersedes the older hold: it is resolved, and the record is either written or held once, anew.
 * Without this, one GL line could sit in the review queue twice.
 */
import type { DataRow } from '../model/io.ts';
import type { RunStore } from '../store/index.ts';
import { recordKey } from './incremental.ts';

export class OpenHoldIndex {
  private constructor(
    private readonly keyFields: readonly string[],
    private readonly byKey: Map<string, number[]>,
  ) {}

  static load(store: RunStore, pipelineId: string, stream: string, keyFields: readonly string[]): OpenHoldIndex {
    const byKey = new Map<string, number[]>();
    for (const hold of store.listHolds({ pipelineId, stream, status: 'open' })) {
      const key = recordKey(hold.sourceRecord, keyFields);
      byKey.set(key, [...(byKey.get(key) ?? []), hold.id]);
    }
    return new OpenHoldIndex(keyFields, byKey);
  }

  /** Removes and returns the open holds of the given records. */
  takeFor(records: readonly DataRow[]): number[] {
    if (this.byKey.size === 0) return [];
    const taken: number[] = [];
    for (const record of records) {
      const key = recordKey(record, this.keyFields);
      const ids = this.byKey.get(key);
      if (ids) {
        taken.push(...ids);
        this.byKey.delete(key);
      }
    }
    return taken;
  }

  remember(record: DataRow, holdId: number): void {
    const key = recordKey(record, this.keyFields);
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), holdId]);
  }
}
