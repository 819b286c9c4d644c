/**
 * One run at a time per pipeline and state folder. `run`, `replay`, the studio and `serve` all take
 * this lock before they write, so two writers never interleave batches, watermarks or holds of one
 * pipeline. Two different pipelines in one state folder each have their own lock and run at once.
 *
 * Why an OS-held lock and not a lock file with a pid in it: a file created with O_EXCL outlives a
 * process killed with kill -9, and telling a dead owner from a live one needs the pid to be alive
 * *and* to be the same process (pids are reused; the start time of a process is not portable to read
 * on Windows), and two recoverers can both decide the owner is dead and both take the lock. An
 * SQLite `BEGIN EXCLUSIVE` on a small per-pipeline lock database is a byte-range lock the OS holds for
 * the process (fcntl on Linux and macOS, LockFileEx on Windows): the OS drops it when the process
 * dies however it dies, so no stale lock can remain and exactly one of any number of starters gets it.
 * SQLite also keeps two connections of one process apart (the studio's second run of a pipeline).
 * With a busy timeout of 0 a taken lock answers SQLITE_BUSY at once: the event loop is never blocked;
 * waiting is a loop of tries with an injected sleep. (Network file systems may not honour these locks:
 * keep a state folder on a local disk, as SQLite's WAL store needs anyway.)
 *
 * Who holds the lock (command, pid, host, since when, run id) is written beside it, in
 * `<name>.holder.json`, only for the message a second starter shows: the OS lock alone decides.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MlcError } from '../model/errors.ts';
import { currentWriter, isWriterAlive } from './writer-liveness.ts';

export const RUN_LOCK_FOLDER = 'locks';

/** What started the run that holds (or wants) the lock. */
export type RunStarter = 'run' | 'replay' | 'studio' | 'serve';

export interface RunLockHolder {
  readonly pipelineId: string;
  readonly who: RunStarter;
  readonly pid: number;
  readonly host: string;
  /** When the lock was taken, ISO 8601 in UTC. */
  readonly since: string;
  readonly runId?: string;
}

/** The lock is taken: `holder` says by whom when that is known (it is written just after the lock is taken). */
export class RunLockedError extends MlcError {
  override readonly code = 'RUN_LOCKED' as const;

  constructor(
    readonly pipelineId: string,
    readonly holder: RunLockHolder | undefined,
  ) {
    super('RUN_LOCKED', lockedMessage(pipelineId, holder));
    this.name = 'RunLockedError';
  }
}

export function describeHolder(holder: RunLockHolder): string {
  const command = holder.who === 'studio' ? 'the studio' : `\`ml-connector ${holder.who}\``;
  const run = holder.runId === undefined ? '' : `, run ${holder.runId}`;
  return `${command} (pid ${holder.pid} on ${holder.host}, since ${holder.since}${run})`;
}

function lockedMessage(pipelineId: string, holder: RunLockHolder | undefined): string {
  const by = holder === undefined ? 'another process that is just starting' : describeHolder(holder);
  return `Pipeline "${pipelineId}" is already running in this state folder: held by ${by}. One run at a time per pipeline.`;
}

export interface RunLockHandle {
  readonly holder: RunLockHolder;
  /** Records the run id in what a second starter is told (the id is made after the lock is taken). */
  noteRun(runId: string): void;
  /** Gives the lock back; calling it again does nothing. */
  release(): void;
}

export interface RunLockRequest {
  readonly stateDir: string;
  readonly pipelineId: string;
  readonly who: RunStarter;
  readonly runId?: string;
  readonly clock?: () => number;
}

export interface RunLockWait {
  /** Give up after this long (milliseconds); undefined waits until the lock is free or `signal` aborts. */
  readonly timeoutMs?: number;
  /** Between tries; default 500 ms. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  /** Injected in tests: no test waits on a wall clock. Rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called once, at the first refusal, with who holds the lock: "waiting for …". */
  readonly onWaiting?: (error: RunLockedError) => void;
}

/** Where a pipeline's lock lives: a readable part of its id and a hash, so ids differing only in case or in characters a file name cannot hold never share one. */
export function runLockPath(stateDir: string, pipelineId: string): string {
  const readable = pipelineId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(pipelineId).digest('hex').slice(0, 12);
  return join(stateDir, RUN_LOCK_FOLDER, `${readable}-${hash}.lock`);
}

/** Takes the lock now, or returns why not (who holds it). Never waits. */
export function tryAcquireRunLock(request: RunLockRequest): RunLockHandle | RunLockedError {
  const path = runLockPath(request.stateDir, request.pipelineId);
  mkdirSync(join(request.stateDir, RUN_LOCK_FOLDER), { recursive: true });
  // timeout 0: a taken lock answers SQLITE_BUSY at once instead of blocking the thread.
  const db = new Database(path, { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY')
      return new RunLockedError(request.pipelineId, readHolder(path, request.pipelineId));
    throw error;
  }
  const clock = request.clock ?? Date.now;
  let holder: RunLockHolder = {
    pipelineId: request.pipelineId,
    who: request.who,
    ...currentWriter(),
    since: new Date(clock()).toISOString(),
    ...(request.runId === undefined ? {} : { runId: request.runId }),
  };
  writeHolder(path, holder);
  let released = false;
  return {
    get holder() {
      return holder;
    },
    noteRun(runId) {
      if (released) return;
      holder = { ...holder, runId };
      writeHolder(path, holder);
    },
    release() {
      if (released) return;
      released = true;
      // The note goes first, while the lock is still ours: removed after, it could be the next holder's.
      rmSync(holderPath(path), { force: true });
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}

/** Takes the lock, waiting for it if `wait` is given; else refuses at once with RunLockedError. */
export async function acquireRunLock(request: RunLockRequest, wait?: RunLockWait): Promise<RunLockHandle> {
  const first = tryAcquireRunLock(request);
  if (!(first instanceof RunLockedError)) return first;
  if (wait === undefined) throw first;
  wait.onWaiting?.(first);
  const clock = request.clock ?? Date.now;
  const sleep = wait.sleep ?? defaultSleep;
  const pollMs = wait.pollMs ?? 500;
  const deadline = wait.timeoutMs === undefined ? undefined : clock() + wait.timeoutMs;
  let refused = first;
  for (;;) {
    const left = deadline === undefined ? pollMs : deadline - clock();
    if (left <= 0) throw refused;
    await sleep(Math.min(pollMs, left), wait.signal);
    const next = tryAcquireRunLock(request);
    if (!(next instanceof RunLockedError)) return next;
    refused = next;
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleepFor(ms, undefined, signal === undefined ? {} : { signal });
}

function holderPath(lockPath: string): string {
  return `${lockPath.replace(/\.lock$/, '')}.holder.json`;
}

function writeHolder(lockPath: string, holder: RunLockHolder): void {
  const path = holderPath(lockPath);
  const temporary = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    // Written whole and renamed into place, so a reader never sees half a note.
    writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
    renameSync(temporary, path);
  } catch {
    // The note only improves a message; the lock is held either way.
    rmSync(temporary, { force: true });
  }
}

function readHolder(lockPath: string, pipelineId: string): RunLockHolder | undefined {
  let holder: RunLockHolder;
  try {
    holder = JSON.parse(readFileSync(holderPath(lockPath), 'utf8')) as RunLockHolder;
  } catch {
    return undefined;
  }
  if (holder.pipelineId !== pipelineId || typeof holder.pid !== 'number') return undefined;
  // A note left by a process that is gone names the previous holder, not the one starting now.
  return isWriterAlive(holder.pid, holder.host) ? holder : undefined;
}
