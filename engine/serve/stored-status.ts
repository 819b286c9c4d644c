/**
 * What a pipeline's run store says of it, for the status endpoint: its last finished run (by this service,
 * an earlier start of it, `run`, the studio) and the rows held for review still open. Read from the store,
 * not counted in memory, so a restarted service shows them too.
 */
import { openRunStore, RunStoreError, type RunSummary } from '../store/index.ts';
import type { LastRun, StoredStatus } from './serve-status.ts';

/** How many recent runs to look through for one that finished (a run going on, elsewhere, is not "last"). */
const RECENT_RUNS = 20;

export function readStoredStatus(stateDir: string, pipelineId: string): StoredStatus {
  let store;
  try {
    store = openRunStore(stateDir, { readonly: true });
  } catch (error) {
    if (error instanceof RunStoreError && error.code === 'STORE_MISSING') return { openHeldRows: 0 };
    throw error;
  }
  try {
    const last = store.listRuns({ pipelineId, limit: RECENT_RUNS }).find((run) => run.status !== 'running');
    const openHeldRows = store.listHolds({ pipelineId, status: 'open' }).length;
    return { ...(last ? { lastRun: lastRunOf(last) } : {}), openHeldRows };
  } finally {
    store.close();
  }
}

function lastRunOf(run: RunSummary): LastRun {
  const sum = (pick: (s: RunSummary['streams'][number]) => number) => run.streams.reduce((n, s) => n + pick(s), 0);
  return {
    runId: run.runId,
    status: run.status === 'running' ? 'interrupted' : run.status,
    startedAt: run.startedAt,
    // An interrupted run (its process died) has no end time.
    ...(run.finishedAt === null ? {} : { finishedAt: run.finishedAt }),
    read: sum((s) => s.read),
    written: sum((s) => s.written),
    held: sum((s) => s.held),
    ...(run.error ? { error: run.error.message } : {}),
  };
}
