/**
 * Progress on a terminal: one line per stream with counts, rate and (when the total is known) an
 * ETA. The formatting is pure and tested; `TtyProgress` only redraws the lines in place. Nothing is
 * drawn when stderr is not a terminal, so logs of scheduled runs stay free of control characters.
 */
import type { RunEvent, StreamStatus } from '../runner/index.ts';

export interface StreamProgress {
  readonly stream: string;
  readonly phase: 'waiting' | 'running' | 'finished';
  readonly read: number;
  readonly written: number;
  readonly held: number;
  /** Rows read again that the destination already held: not written twice. */
  readonly alreadyLoaded: number;
  /** Rows read per second since the stream started. */
  readonly rate: number;
  /** Rows the source will deliver, when it can say; the ETA needs it. */
  readonly total?: number;
  readonly status?: StreamStatus;
  readonly elapsedMs?: number;
  /** The destination's rate-limit use, as it last told it (e.g. Dataverse's request budget). */
  readonly usage?: string;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(count: number): string {
  return COUNT.format(count);
}

export function formatRate(rowsPerSecond: number): string {
  if (!Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) return '0 rows/s';
  // Below 10 rows/s (a throttled API) a decimal says more than a rounded 0 or 1.
  const text = rowsPerSecond < 10 ? rowsPerSecond.toFixed(1) : formatCount(Math.round(rowsPerSecond));
  return `${text} rows/s`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 0.1) return `${Math.max(0, Math.round(seconds * 1000))}ms`;
  if (seconds < 9.95) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Seconds left at the current rate, or undefined when the total or a rate is not known yet. */
export function estimateSeconds(read: number, total: number | undefined, rowsPerSecond: number): number | undefined {
  if (total === undefined || !Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) return undefined;
  return Math.max(0, total - read) / rowsPerSecond;
}

export function formatProgressLine(progress: StreamProgress, nameWidth = progress.stream.length): string {
  const name = progress.stream.padEnd(nameWidth);
  if (progress.phase === 'waiting') return `${name}  waiting`;
  // Shown once there are some: a re-read row is neither written nor lost, and says so.
  const already = progress.alreadyLoaded > 0 ? `  already loaded ${formatCount(progress.alreadyLoaded)}` : '';
  const counts = `written ${formatCount(progress.written)}  held ${formatCount(progress.held)}${already}`;
  if (progress.phase === 'finished') {
    const took = progress.elapsedMs === undefined ? '' : `  in ${formatDuration(progress.elapsedMs / 1000)}`;
    return `${name}  ${progress.status ?? 'done'}  read ${formatCount(progress.read)}  ${counts}${took}`;
  }
  const read =
    progress.total === undefined
      ? `read ${formatCount(progress.read)}`
      : `read ${formatCount(progress.read)}/${formatCount(progress.total)} (${progress.total === 0 ? 100 : Math.floor((100 * progress.read) / progress.total)}%)`;
  const eta = estimateSeconds(progress.read, progress.total, progress.rate);
  const usage = progress.usage === undefined ? '' : `  ${progress.usage}`;
  return `${name}  ${read}  ${counts}  ${formatRate(progress.rate)}${eta === undefined ? '' : `  ETA ${formatDuration(eta)}`}${usage}`;
}

/** Cuts a line to the terminal width: a wrapped line would break the in-place redraw. */
export function fitToWidth(line: string, width: number | undefined): string {
  if (width === undefined || width <= 1 || line.length < width) return line;
  return `${line.slice(0, Math.max(0, width - 2))}…`;
}

/** The state of every stream of a run, built from its events. */
export class ProgressBoard {
  private readonly streams = new Map<string, StreamProgress & { startedAt?: number }>();

  apply(event: RunEvent, now: number): void {
    switch (event.type) {
      case 'run-started':
        for (const stream of event.streams)
          this.streams.set(stream, {
            stream,
            phase: 'waiting',
            read: 0,
            written: 0,
            held: 0,
            alreadyLoaded: 0,
            rate: 0,
          });
        return;
      case 'stream-started':
        this.streams.set(event.stream, {
          stream: event.stream,
          phase: 'running',
          read: 0,
          written: 0,
          held: 0,
          alreadyLoaded: 0,
          rate: 0,
          startedAt: now,
        });
        return;
      case 'progress': {
        const current = this.streams.get(event.stream);
        const { read, written, held, alreadyLoaded, rate, estimatedTotal } = event;
        this.streams.set(event.stream, {
          ...current,
          stream: event.stream,
          phase: 'running',
          read,
          written,
          held,
          alreadyLoaded,
          rate,
          ...(estimatedTotal === undefined ? {} : { total: estimatedTotal }),
        });
        return;
      }
      case 'stream-finished': {
        const startedAt = this.streams.get(event.stream)?.startedAt;
        const { read, written, held, alreadyLoaded, status } = event;
        this.streams.set(event.stream, {
          stream: event.stream,
          phase: 'finished',
          read,
          written,
          held,
          alreadyLoaded,
          rate: 0,
          status,
          ...(startedAt === undefined ? {} : { elapsedMs: now - startedAt }),
        });
        return;
      }
      case 'batch-committed': {
        const current = this.streams.get(event.stream);
        if (event.usage !== undefined && current !== undefined)
          this.streams.set(event.stream, { ...current, usage: event.usage });
        return;
      }
      case 'schema-change':
      case 'after-load':
      case 'resumed-from-destination':
      case 'retry':
      case 'summary':
        return;
    }
  }

  lines(): string[] {
    const all = [...this.streams.values()];
    const width = Math.max(0, ...all.map((s) => s.stream.length));
    return all.map((progress) => formatProgressLine(progress, width));
  }
}

export interface ProgressTerminal {
  write(text: string): unknown;
  readonly columns?: number;
}

/** Redraws the board's lines in place, at most every `intervalMs`, and at once when a stream ends. */
export class TtyProgress {
  private readonly board = new ProgressBoard();
  private drawn = 0;
  private lastDraw = -Infinity;

  constructor(
    private readonly terminal: ProgressTerminal,
    private readonly clock: () => number = Date.now,
    private readonly intervalMs = 100,
  ) {}

  onEvent(event: RunEvent): void {
    const now = this.clock();
    this.board.apply(event, now);
    const important =
      event.type === 'run-started' || event.type === 'stream-started' || event.type === 'stream-finished';
    if (important || now - this.lastDraw >= this.intervalMs) this.draw(now);
  }

  /** A message above the progress lines (a retry, a schema change) without tearing them. */
  note(line: string): void {
    this.clear();
    this.terminal.write(`${line}\n`);
    this.draw(this.clock());
  }

  /** The last state stays on screen as the record of what happened. */
  finish(): void {
    this.draw(this.clock());
  }

  private clear(): void {
    if (this.drawn === 0) return;
    this.terminal.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private draw(now: number): void {
    const lines = this.board.lines();
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const line of lines) text += `\r\x1b[2K${fitToWidth(line, this.terminal.columns)}\n`;
    this.terminal.write(text);
    this.drawn = lines.length;
    this.lastDraw = now;
  }
}
