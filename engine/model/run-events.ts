/** Progress events a run emits; the CLI prints them and the studio shows them (the same types cross the studio wire). */
export type RunEvent =
  | { readonly type: 'run-started'; readonly runId: string; readonly streams: readonly string[] }
  | { readonly type: 'stream-started'; readonly stream: string; readonly from: string | null }
  | {
      readonly type: 'progress';
      readonly stream: string;
      readonly read: number;
      readonly written: number;
      readonly held: number;
      /** See StreamResult.alreadyLoaded. */
      readonly alreadyLoaded: number;
      /** Rows read per second since the stream started. */
      readonly rate: number;
      /** Rows the whole read will bring, estimated from how much of it is done, when the source can tell. */
      readonly estimatedTotal?: number;
    }
  | {
      readonly type: 'batch-committed';
      readonly stream: string;
      readonly batchId: string;
      readonly written: number;
      readonly held: number;
      readonly alreadyLoaded: number;
      /** The destination's rate-limit use after this batch, when it tells (`Destination.usage`). */
      readonly usage?: string;
    }
  | { readonly type: 'schema-change'; readonly stream: string; readonly detail: string }
  /** The state folder had no watermark for the stream: the run resumes from the one its destination recorded. */
  | { readonly type: 'resumed-from-destination'; readonly stream: string; readonly detail: string }
  | { readonly type: 'after-load'; readonly stream: string; readonly detail: string }
  | {
      readonly type: 'retry';
      readonly stream: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly code: string;
    }
  | {
      readonly type: 'stream-finished';
      readonly stream: string;
      readonly status: StreamStatus;
      readonly read: number;
      readonly written: number;
      readonly held: number;
      readonly alreadyLoaded: number;
      readonly error?: string;
    }
  | {
      readonly type: 'summary';
      readonly runId: string;
      readonly status: 'ok' | 'held' | 'failed';
      readonly streams: readonly StreamResult[];
    };

export type StreamStatus = 'ok' | 'held' | 'failed' | 'cancelled' | 'skipped';

/**
 * A stream's counts. A stream that ends ok, held or failed has each record it read in exactly one of
 * them: read = written + held + alreadyLoaded + failed (a cancelled stream leaves its unsent records
 * to the next run).
 */
export interface StreamResult {
  readonly name: string;
  readonly read: number;
  /** Rows this run inserted or updated in the destination. */
  readonly written: number;
  readonly held: number;
  /**
   * Records read again that an earlier run had already taken, so nothing was written for them: rows the
   * destination already held (append's row version, merge's identical row), and records at the watermark
   * the run store shows committed (written then, or held then and still in the review queue).
   */
  readonly alreadyLoaded: number;
  /** Records read but neither written nor held when the stream failed. */
  readonly failed: number;
  readonly status: StreamStatus;
  readonly error?: { readonly code: string; readonly message: string };
}

/** What a run would do now to one destination table (`plan`): counts only, nothing is written. */
export interface StreamPlan {
  readonly name: string;
  readonly table: string;
  readonly writeMode: string;
  /** Source records the next run would read (from where the last run stopped). */
  readonly read: number;
  readonly inserts: number;
  readonly updates: number;
  readonly unchanged: number;
  /** Records the mapping would hold for review instead of writing. */
  readonly held: number;
}
