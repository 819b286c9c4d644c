/**
 * How a finished run (or replay) is reported: the `--json` summary line other tools parse, and the
 * table a person reads. Shared by `run` and `replay` so both speak the same way.
 */
import { resolve } from 'node:path';
import type { RunEvent, StreamResult } from '../runner/index.ts';
import { chosenStateDir, defaultStateDir, resolveStateDir } from '../store/state-folder.ts';
import type { Output } from './context.ts';
import { EXIT_INVALID, errorMessage, exitCodeFor, oneLine } from './errors.ts';
import { formatCount } from './progress.ts';
import { formatTable } from './table.ts';

export type SummaryStatus = 'ok' | 'held' | 'failed';

/** The last line of `run --json` (PRODUCT.md): type, status and per-stream counts come first and never change. */
export function summaryLine(
  status: SummaryStatus,
  streams: readonly StreamResult[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'summary',
    status,
    streams: streams.map((s) => ({
      name: s.name,
      read: s.read,
      written: s.written,
      held: s.held,
      failed: s.failed,
      // Added after the counts PRODUCT.md names: rows read again that the destination already held (not written twice).
      alreadyLoaded: s.alreadyLoaded,
      status: s.status,
      ...(s.error ? { error: s.error } : {}),
    })),
    ...extra,
  };
}

/**
 * The last line for a run that ended with an error instead of an outcome, so scripts still get it.
 * Invalid input (exit 2) gets none: nothing ran.
 */
export function printFailedSummary(out: Output, error: unknown, streams: readonly StreamResult[]): void {
  if (exitCodeFor(error) === EXIT_INVALID) return;
  const code = (error as { code?: unknown } | null)?.code;
  out.json(
    summaryLine('failed', streams, {
      error: { code: typeof code === 'string' ? code : 'UNEXPECTED', message: oneLine(errorMessage(error)) },
    }),
  );
}

export function printStreamTable(out: Output, streams: readonly StreamResult[]): void {
  const rows = streams.map((s) => [
    s.name,
    s.status,
    formatCount(s.read),
    formatCount(s.written),
    formatCount(s.held),
    formatCount(s.alreadyLoaded),
    formatCount(s.failed),
  ]);
  const right = { align: 'right' } as const;
  for (const line of formatTable(
    [
      { header: 'STREAM' },
      { header: 'STATUS' },
      { header: 'READ', ...right },
      { header: 'WRITTEN', ...right },
      { header: 'HELD', ...right },
      { header: 'ALREADY LOADED', ...right },
      { header: 'FAILED', ...right },
    ],
    rows,
  )) {
    out.line(line);
  }
  for (const s of streams) if (s.error) out.line(`${s.name}: ${s.error.message}`);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** The next command to type, with what finds the same state folder (`stateArguments`). */
export function holdsHint(streams: readonly StreamResult[], stateArgs: string): string | undefined {
  const held = streams.filter((s) => s.held > 0);
  if (held.length === 0) return undefined;
  const stream = held.length === 1 ? ` --stream ${held[0]!.name}` : '';
  return `Review held rows: ml-connector holds${stream}${stateArgs}`;
}

/**
 * What a follow-up command (holds, audit) needs to find the state folder this one used: --state repeated
 * when the user gave one, nothing when the environment or the current folder already leads there,
 * else --pipeline naming the file whose own state folder it is.
 */
export function stateArguments(
  stateOption: string | undefined,
  pipelineFile: string,
  context: { readonly env: Readonly<Record<string, string | undefined>>; readonly cwd: string },
): string {
  if (stateOption !== undefined) return ` --state ${shellWord(stateOption)}`;
  if (chosenStateDir(undefined, context.env, context.cwd) !== undefined) return '';
  if (defaultStateDir(resolve(context.cwd, pipelineFile)) === resolveStateDir(undefined, {}, context.cwd)) return '';
  return ` --pipeline ${shellWord(pipelineFile)}`;
}

/** A word the shell takes as it is: quoted only when it has to be. */
export function shellWord(text: string): string {
  return /^[\w./:@=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Per-stream counts from the events, for the summary of a run that ended with an error instead of an outcome. */
export class StreamsSeen {
  private readonly streams = new Map<string, StreamResult>();

  constructor(names: readonly string[]) {
    for (const name of names)
      this.streams.set(name, { name, read: 0, written: 0, held: 0, alreadyLoaded: 0, failed: 0, status: 'skipped' });
  }

  apply(event: RunEvent): void {
    if (event.type === 'progress' || event.type === 'stream-started') {
      const { read = 0, written = 0, held = 0, alreadyLoaded = 0 } = event.type === 'progress' ? event : {};
      // Read but neither written, held nor already loaded when the error struck: those records failed.
      this.streams.set(event.stream, {
        name: event.stream,
        read,
        written,
        held,
        alreadyLoaded,
        failed: Math.max(0, read - written - held - alreadyLoaded),
        status: 'failed',
      });
    } else if (event.type === 'stream-finished') {
      const { read, written, held, alreadyLoaded, status } = event;
      const failed = status === 'failed' ? Math.max(0, read - written - held - alreadyLoaded) : 0;
      const error = event.error ? { error: { code: 'STREAM_FAILED', message: event.error } } : {};
      this.streams.set(event.stream, {
        name: event.stream,
        read,
        written,
        held,
        alreadyLoaded,
        failed,
        status,
        ...error,
      });
    }
  }

  results(): StreamResult[] {
    return [...this.streams.values()];
  }
}
