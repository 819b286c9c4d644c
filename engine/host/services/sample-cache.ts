/**
 * The source sample behind live preview, kept for a short while so that a keystroke in the formula
 * editor costs a compile and an evaluation, not a read of the source system. An entry is keyed by
 * what decides which records come back (see `sampleKey`): change the source, the connection or the
 * settings and the next preview reads again. It also expires after `ttlMs`, and the analyst can ask
 * for a fresh read at any time (the preview's refresh button).
 *
 * Only successful reads are kept. Two previews asking for the same sample at once share one read.
 */
import type { EntitySchema, SourcePage } from '../../model/index.ts';

export interface SourceSample {
  readonly entities: readonly EntitySchema[];
  /** The pages as the source gave them, cut to the records asked for. */
  readonly pages: readonly SourcePage[];
  readonly records: number;
  /** The source had no more records than these: a larger limit would get the same sample. */
  readonly complete: boolean;
  /** When the read finished (ms since the epoch, by the cache's clock). */
  readonly readAt: number;
}

export interface SampleCacheOptions {
  /** How long a sample is reused. A minute: long enough for a session of edits, short enough to notice new source data. */
  readonly ttlMs?: number;
  /** Samples kept at once (one per stream being previewed); the least recently used goes first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export interface CachedSample {
  readonly sample: SourceSample;
  /** True when the sample was already in the cache (no read of the source for this request). */
  readonly reused: boolean;
}

interface Entry {
  readonly pending: Promise<SourceSample>;
  /** Settled sample, once the read has finished. */
  sample?: SourceSample;
}

export const DEFAULT_SAMPLE_TTL_MS = 60_000;

export class SampleCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  readonly now: () => number;

  constructor(options: SampleCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_SAMPLE_TTL_MS;
    this.maxEntries = options.maxEntries ?? 8;
    this.now = options.now ?? Date.now;
  }

  /**
   * The sample for `key` with at least `limit` records (or all the source has), reading it with
   * `read` when there is none, it is too small or too old, or `refresh` asks for a new read.
   */
  async get(
    key: string,
    limit: number,
    read: () => Promise<SourceSample>,
    options: { refresh?: boolean } = {},
  ): Promise<CachedSample> {
    const entry = this.entries.get(key);
    if (entry !== undefined && options.refresh !== true) {
      const usable =
        entry.sample === undefined
          ? await entry.pending.then(fits(limit), () => false)
          : this.fresh(entry.sample) && fits(limit)(entry.sample);
      const sample = entry.sample;
      // Still the same entry (a refresh may have replaced it while we waited) and good for this request.
      if (usable && sample !== undefined && this.entries.get(key) === entry) {
        this.touch(key, entry);
        return { sample, reused: true };
      }
    }
    return { sample: await this.read(key, read), reused: false };
  }

  /** Forgets every sample (e.g. after the analyst changed a connection's secret). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private fresh(sample: SourceSample): boolean {
    return this.now() - sample.readAt < this.ttlMs;
  }

  private read(key: string, read: () => Promise<SourceSample>): Promise<SourceSample> {
    const entry: Entry = {
      pending: read().then(
        (sample) => {
          entry.sample = sample;
          return sample;
        },
        (error: unknown) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw error;
        },
      ),
    };
    this.touch(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry.pending;
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }
}

function fits(limit: number): (sample: SourceSample) => boolean {
  return (sample) => sample.complete || sample.records >= limit;
}
