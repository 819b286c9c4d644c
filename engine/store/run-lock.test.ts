/**
 * The run lock: one holder per pipeline and state folder, across connections and real processes, and
 * a holder killed with SIGKILL leaves nothing behind (the OS drops the lock with the process).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock, RunLockedError, tryAcquireRunLock, type RunLockHandle } from './run-lock.ts';
import { tempStateDir } from './test-support/processes.ts';

const HOLDER_SCRIPT = fileURLToPath(new URL('./test-support/lock-holder.child.ts', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const at = Date.parse('2026-03-01T02:00:00Z');
const clock = () => at;

const held: RunLockHandle[] = [];
afterEach(() => {
  for (const handle of held.splice(0)) handle.release();
});

function take(stateDir: string, pipelineId: string, who: 'run' | 'replay' | 'studio' | 'serve' = 'run') {
  const result = tryAcquireRunLock({ stateDir, pipelineId, who, clock, runId: `${who}-1` });
  if (!(result instanceof RunLockedError)) held.push(result);
  return result;
}

/** Spawns a holder process and resolves once it says it holds the lock. */
function spawnHolder(stateDir: string, pipelineId: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER_SCRIPT, stateDir, pipelineId], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', () => reject(new Error(`the holder ended before it said anything: ${err}`)));
  });
  return { child, ready, exited };
}

describe('the run lock', () => {
  it('refuses a second starter, naming the holder, until the first releases', () => {
    const stateDir = tempStateDir();
    const first = take(stateDir, 'gl', 'studio');
    expect(first).not.toBeInstanceOf(RunLockedError);
    const second = take(stateDir, 'gl', 'run');
    expect(second).toBeInstanceOf(RunLockedError);
    const refused = second as RunLockedError;
    expect(refused.code).toBe('RUN_LOCKED');
    expect(refused.holder).toMatchObject({
      pipelineId: 'gl',
      who: 'studio',
      pid: process.pid,
      since: '2026-03-01T02:00:00.000Z',
      runId: 'studio-1',
    });
    expect(refused.message).toContain('the studio (pid');
    expect(refused.message).toContain('run studio-1');

    (first as RunLockHandle).release();
    (first as RunLockHandle).release(); // a second release does nothing
    expect(take(stateDir, 'gl', 'replay')).not.toBeInstanceOf(RunLockedError);
  });

  it('names the run id noted after the lock was taken', () => {
    const stateDir = tempStateDir();
    const first = tryAcquireRunLock({ stateDir, pipelineId: 'gl', who: 'serve', clock });
    if (first instanceof RunLockedError) throw first;
    held.push(first);
    first.noteRun('20260301T020000-abcd1234');
    const refused = take(stateDir, 'gl') as RunLockedError;
    expect(refused.message).toContain('`ml-connector serve`');
    expect(refused.holder?.runId).toBe('20260301T020000-abcd1234');
  });

  it('lets two pipelines of one state folder run at once, and keeps ids apart that differ only in case', () => {
    const stateDir = tempStateDir();
    expect(take(stateDir, 'gl')).not.toBeInstanceOf(RunLockedError);
    expect(take(stateDir, 'vendors')).not.toBeInstanceOf(RunLockedError);
    expect(take(stateDir, 'GL')).not.toBeInstanceOf(RunLockedError);
    expect(take(stateDir, 'gl')).toBeInstanceOf(RunLockedError);
    // The same pipeline in another state folder is another state: not locked.
    expect(take(tempStateDir(), 'gl')).not.toBeInstanceOf(RunLockedError);
  });

  it('waits with an injected sleep, and takes the lock once it is released', async () => {
    const stateDir = tempStateDir();
    const first = take(stateDir, 'gl') as RunLockHandle;
    const waited: number[] = [];
    let told: RunLockedError | undefined;
    const handle = await acquireRunLock(
      { stateDir, pipelineId: 'gl', who: 'serve', clock },
      {
        pollMs: 250,
        onWaiting: (error) => (told = error),
        sleep: async (ms) => {
          waited.push(ms);
          if (waited.length === 3) first.release();
        },
      },
    );
    held.push(handle);
    expect(told?.holder?.who).toBe('run');
    expect(waited).toEqual([250, 250, 250]);
    expect(handle.holder.who).toBe('serve');
  });

  it('gives up after the timeout on the injected clock, naming the holder', async () => {
    const stateDir = tempStateDir();
    take(stateDir, 'gl', 'replay');
    let now = at;
    const sleeps: number[] = [];
    const attempt = acquireRunLock(
      { stateDir, pipelineId: 'gl', who: 'run', clock: () => now },
      {
        timeoutMs: 1_000,
        pollMs: 400,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    );
    await expect(attempt).rejects.toThrow(/held by `ml-connector replay`/);
    expect(sleeps).toEqual([400, 400, 200]);
  });

  it('stops waiting when the signal aborts', async () => {
    const stateDir = tempStateDir();
    take(stateDir, 'gl');
    const controller = new AbortController();
    const attempt = acquireRunLock(
      { stateDir, pipelineId: 'gl', who: 'serve' },
      {
        signal: controller.signal,
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
      },
    );
    controller.abort(new Error('service stopping'));
    await expect(attempt).rejects.toThrow('service stopping');
  });

  it('is held against another process, and recovered at once when that process is killed with SIGKILL', async () => {
    const stateDir = tempStateDir();
    const holder = spawnHolder(stateDir, 'gl');
    expect(await holder.ready).toBe('held');
    const refused = take(stateDir, 'gl') as RunLockedError;
    expect(refused).toBeInstanceOf(RunLockedError);
    expect(refused.holder).toMatchObject({ pid: holder.child.pid, who: 'run', runId: 'child-run' });

    holder.child.kill('SIGKILL');
    expect(await holder.exited).toBe('SIGKILL');
    const recovered = take(stateDir, 'gl', 'serve');
    expect(recovered).not.toBeInstanceOf(RunLockedError);
    // A refused try in this process closes its own connection to the lock file; with POSIX locks a close
    // can drop every lock the process holds on the file, which SQLite guards against. Checked here.
    expect(take(stateDir, 'gl')).toBeInstanceOf(RunLockedError);
    // Now that this process holds it, another process is refused in turn.
    const second = spawnHolder(stateDir, 'gl');
    expect(await second.ready).toBe('refused');
    await second.exited;
  }, 30_000);
});
