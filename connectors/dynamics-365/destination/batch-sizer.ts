/**
 * How many requests the next `$batch` holds, by measurement: Dataverse gives one request 2 minutes and
 * counts a batch's whole execution time against the user's 1,200,000 ms per 5 minutes (README "Facts",
 * api-limits), and Microsoft advises starting at 10 and measuring. The sizer keeps each batch near
 * `targetMs` of Dataverse's time (measured on the wire, without pacing or retry waits): the next batch
 * holds as many requests as the time per request measured so far fits in the target, never more than the
 * configured `batchSize` (at most 1,000) and never fewer than one. A change set still goes whole.
 */
export const TARGET_BATCH_MS = 20_000;

export class BatchSizer {
  #requests = 0;
  #elapsedMs = 0;

  constructor(
    readonly max: number,
    readonly targetMs = TARGET_BATCH_MS,
  ) {}

  size(): number {
    if (this.#requests === 0 || this.#elapsedMs <= 0) return this.max;
    const perRequest = this.#elapsedMs / this.#requests;
    return Math.max(1, Math.min(this.max, Math.floor(this.targetMs / perRequest)));
  }

  /** A batch of `requests` took `elapsedMs` of Dataverse's time; recent batches weigh as much as old ones. */
  record(requests: number, elapsedMs: number): void {
    this.#requests += requests;
    this.#elapsedMs += Math.max(0, elapsedMs);
  }
}
