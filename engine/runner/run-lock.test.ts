/**
 * The runner takes the pipeline's run lock itself, so no starter can forget it: a run or a replay of a
 * pipeline already running in the state folder is refused before anything is opened or written, or
 * waits when told to; a lock the caller took is used and left to it; the lock is free after a run.
 */
import { describe, expect, it } from 'vitest';
import { openRunStore, RunLockedError, tryAcquireRunLock, type RunLockHandle } from '../store/index.ts';
import { MemoryDestination } from './testing/memory-destination.ts';
import { replay } from './replay.ts';
import {
  ledgerPipeline,
  ledgerRecord,
  ledgerSource,
  ledgerStream,
  memoryConnectors,
  runWith,
  tempStateDir,
} from './testing/test-support.ts';

const records = [1, 2, 3].map((id) => ledgerRecord(id, id * 60, `${id}.00`));

function lockOf(stateDir: string, pipelineId: string, who: 'studio' | 'serve' = 'serve'): RunLockHandle {
  const lock = tryAcquireRunLock({ stateDir, pipelineId, who });
  if (lock instanceof RunLockedError) throw lock;
  return lock;
}

describe('the runner and the run lock', () => {
  it('refuses a run and a replay of a pipeline that is running, writing nothing', async () => {
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const other = lockOf(stateDir, loaded.id);
    const destination = new MemoryDestination();
    await expect(runWith(loaded, ledgerSource(records, true), destination, stateDir)).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      message: expect.stringContaining('held by `ml-connector serve`'),
    });
    await expect(
      replay(loaded, {
        stateDir,
        id: 'any',
        connectors: memoryConnectors(ledgerSource(records, true), destination),
        resolveSecret: () => Promise.reject(new Error('no secrets in tests')),
      }),
    ).rejects.toBeInstanceOf(RunLockedError);
    // Refused before anything was opened: no table made, not even the run store.
    expect(destination.tables.size).toBe(0);
    expect(() => openRunStore(stateDir, { readonly: true })).toThrow(/no run store/);
    other.release();

    expect((await runWith(loaded, ledgerSource(records, true), destination, stateDir)).status).toBe('ok');
    // Free again after the run: the next starter gets it.
    lockOf(stateDir, loaded.id).release();
  });

  it('waits for the lock when told to, and runs once it is free', async () => {
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const other = lockOf(stateDir, loaded.id, 'studio');
    let waitedFor: string | undefined;
    const outcome = await runWith(loaded, ledgerSource(records, true), new MemoryDestination(), stateDir, {
      startedBy: 'serve',
      waitForLock: {
        onWaiting: (error) => (waitedFor = error.holder?.who),
        sleep: async () => other.release(),
      },
    });
    expect(waitedFor).toBe('studio');
    expect(outcome.status).toBe('ok');
  });

  it('uses a lock the caller took, notes the run id in it, and leaves releasing it to the caller', async () => {
    const loaded = ledgerPipeline(ledgerStream());
    const stateDir = tempStateDir();
    const mine = lockOf(stateDir, loaded.id, 'serve');
    const outcome = await runWith(loaded, ledgerSource(records, true), new MemoryDestination(), stateDir, {
      lock: mine,
    });
    expect(outcome.status).toBe('ok');
    expect(mine.holder.runId).toBe(outcome.runId);
    const refused = tryAcquireRunLock({ stateDir, pipelineId: loaded.id, who: 'run' });
    expect(refused).toBeInstanceOf(RunLockedError);
    expect((refused as RunLockedError).holder?.runId).toBe(outcome.runId);
    mine.release();
  });
});
