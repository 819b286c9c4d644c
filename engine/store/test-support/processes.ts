/**
 * Real child processes for the store's crash and concurrency tests, and bounded polling: tests wait
 * for a condition they can observe, never for a fixed time.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunStoreError, openRunStore } from '../index.ts';
import { LEDGER_PIPELINE, LEDGER_STREAM, batchNumberOfKeys } from './ledger-batches.ts';

const WRITER_SCRIPT = fileURLToPath(new URL('./batch-writer.ts', import.meta.url));
// The package root, so `--import tsx` resolves from the project's own dependencies.
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function tempStateDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'run-store-')), 'state');
}

export interface WriterProcess {
  readonly child: ChildProcess;
  /** What the child wrote to stderr so far, for failure messages. */
  stderr(): string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnBatchWriter(
  stateDir: string,
  options: { rowsPerBatch: number; lastBatch?: number; memoLength?: number },
): WriterProcess {
  const args = [String(options.rowsPerBatch)];
  if (options.lastBatch !== undefined || options.memoLength !== undefined)
    args.push(String(options.lastBatch ?? 'Infinity'));
  if (options.memoLength !== undefined) args.push(String(options.memoLength));
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER_SCRIPT, stateDir, ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited: () => exit };
}

export async function killHard(writer: WriterProcess): Promise<void> {
  writer.child.kill('SIGKILL');
  // Waiting for 'exit' also reaps the process, so its pid reads as dead afterwards.
  await writer.exited();
}

/**
 * The number of the last batch a writer committed, read the way the CLI reads: a read-only store
 * opened from this process while the writer works. 0 while the store is not created yet.
 */
export function lastCommittedBatch(stateDir: string): number {
  let store;
  try {
    store = openRunStore(stateDir, { readonly: true });
  } catch (error) {
    // The writer has not created or migrated the file yet.
    if (error instanceof RunStoreError && (error.code === 'STORE_MISSING' || error.code === 'STORE_VERSION')) return 0;
    throw error;
  }
  try {
    return batchNumberOfKeys(store.getStreamState(LEDGER_PIPELINE, LEDGER_STREAM)?.keysAtCursor);
  } finally {
    store.close();
  }
}

/** Polls `probe` until it returns a value; fails after `timeoutMs`, or at once if the writer died. */
export async function pollUntil<T>(
  what: string,
  probe: () => T | undefined,
  options: { timeoutMs: number; writer?: WriterProcess },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    const writer = options.writer;
    if (writer !== undefined && writer.child.exitCode !== null) {
      throw new Error(`writer exited (${writer.child.exitCode}) while waiting for ${what}: ${writer.stderr()}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${options.writer?.stderr() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
