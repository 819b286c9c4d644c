/**
 * A run's live progress as the Runs screen shows it, folded from the engine's run events (the same
 * events the CLI prints). Pure: no store, no host, so the folding is tested on its own.
 */
import type { RunOutcome, RunProgress, StreamStatus } from '../api/wire.ts';

export interface StreamProgress {
  readonly stream: string;
  /** 'waiting': not started yet (streams run one after another, reference data first). */
  readonly status: 'waiting' | 'running' | StreamStatus;
  readonly read: number;
  readonly written: number;
  readonly held: number;
  /** Rows read again that the destination already held: not written twice. */
  readonly alreadyLoaded: number;
  /** Rows read per second since the stream started, once the engine has said. */
  readonly rate: number | null;
  /** Rows the whole read will bring, when the source can tell. */
  readonly estimatedTotal: number | null;
  readonly error: string | null;
  /** The last transient fault being retried, in the engine's words (code and wait). */
  readonly retrying: string | null;
}

function waiting(stream: string): StreamProgress {
  return {
    stream,
    status: 'waiting',
    read: 0,
    written: 0,
    held: 0,
    alreadyLoaded: 0,
    rate: null,
    estimatedTotal: null,
    error: null,
    retrying: null,
  };
}

export function initialProgress(streams: readonly string[]): StreamProgress[] {
  return streams.map(waiting);
}

function update(
  streams: readonly StreamProgress[],
  stream: string,
  change: (s: StreamProgress) => StreamProgress,
): StreamProgress[] {
  const found = streams.some((s) => s.stream === stream);
  const all = found ? streams : [...streams, waiting(stream)];
  return all.map((s) => (s.stream === stream ? change(s) : s));
}

export function applyRunEvent(streams: readonly StreamProgress[], event: RunProgress): readonly StreamProgress[] {
  switch (event.type) {
    case 'run-started':
      // The engine's order (dependencies first) replaces the order the studio guessed.
      return event.streams.map((name) => streams.find((s) => s.stream === name) ?? waiting(name));
    case 'stream-started':
      return update(streams, event.stream, (s) => ({ ...s, status: 'running' }));
    case 'progress':
      return update(streams, event.stream, (s) => ({
        ...s,
        status: 'running',
        read: event.read,
        written: event.written,
        held: event.held,
        alreadyLoaded: event.alreadyLoaded,
        rate: event.rate,
        estimatedTotal: event.estimatedTotal ?? null,
        retrying: null,
      }));
    case 'retry':
      return update(streams, event.stream, (s) => ({
        ...s,
        retrying: `${event.code}, trying again in ${Math.ceil(event.delayMs / 1000)} s (attempt ${event.attempt})`,
      }));
    case 'stream-finished':
      return update(streams, event.stream, (s) => ({
        ...s,
        status: event.status,
        read: event.read,
        written: event.written,
        held: event.held,
        alreadyLoaded: event.alreadyLoaded,
        error: event.error ?? null,
        retrying: null,
      }));
    case 'summary':
      return finalProgress(streams, event.streams);
    case 'batch-committed':
    case 'schema-change':
    case 'after-load':
    case 'resumed-from-destination':
      return streams;
  }
}

/** The outcome's figures are final: they replace whatever the events said last. */
export function finalProgress(streams: readonly StreamProgress[], results: RunOutcome['streams']): StreamProgress[] {
  let next = [...streams];
  for (const result of results) {
    next = update(next, result.name, (s) => ({
      ...s,
      status: result.status,
      read: result.read,
      written: result.written,
      held: result.held,
      alreadyLoaded: result.alreadyLoaded,
      error: result.error?.message ?? null,
      retrying: null,
    }));
  }
  return next;
}

/** Seconds left for a running stream, when the source has told how much there is; null otherwise. */
export function secondsLeft(progress: StreamProgress): number | null {
  if (progress.status !== 'running' || progress.estimatedTotal === null || !progress.rate) return null;
  return Math.max(0, Math.ceil((progress.estimatedTotal - progress.read) / progress.rate));
}

export function durationText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
