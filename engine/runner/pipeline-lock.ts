/**
 * The run lock as the runner takes it: every writer of a pipeline's state (`runPipeline`, `replay`)
 * passes here, whoever started it, so no starter can forget the lock.
 */
import { acquireRunLock, type RunLockHandle, type RunLockWait, type RunStarter } from '../store/index.ts';

export interface LockOptions {
  /** Who starts the run, named to a second starter. Default: 'run' for a run, 'replay' for a replay. */
  readonly startedBy?: RunStarter;
  /**
   * The lock already taken by the caller for this pipeline and state folder (the studio takes it
   * before it answers; `serve` may): the run notes its id in it and leaves releasing it to the caller.
   */
  readonly lock?: RunLockHandle;
  /** Without it a held lock refuses the run at once (RUN_LOCKED); with it the run waits as it says. */
  readonly waitForLock?: RunLockWait;
}

export interface HeldLock {
  /** Releases the lock if the run took it itself. */
  readonly done: () => void;
}

export async function holdPipelineLock(
  options: LockOptions & { readonly clock?: () => number },
  target: { readonly stateDir: string; readonly pipelineId: string; readonly runId: string },
  defaultStarter: RunStarter,
): Promise<HeldLock> {
  if (options.lock) {
    if (options.lock.holder.pipelineId !== target.pipelineId)
      throw new Error(`the lock given is pipeline "${options.lock.holder.pipelineId}"'s, not "${target.pipelineId}"'s`);
    options.lock.noteRun(target.runId);
    return { done: () => {} };
  }
  const handle = await acquireRunLock(
    {
      stateDir: target.stateDir,
      pipelineId: target.pipelineId,
      who: options.startedBy ?? defaultStarter,
      runId: target.runId,
      ...(options.clock ? { clock: options.clock } : {}),
    },
    options.waitForLock,
  );
  return { done: () => handle.release() };
}
