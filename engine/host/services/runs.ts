/**
 * Runs from the studio: `start` answers at once with a job id and the run's events follow as studio
 * events; `cancel` aborts it between batches (the engine's own cancellation). Every call uses the
 * pipeline's state folder the CLI finds for the same file (`stateDirFor`), so both faces see the same
 * history and carry on from the same watermarks; `plan` is the CLI's `plan`.
 */
import { randomUUID } from 'node:crypto';
import { errorCode, MlcError } from '../../model/errors.ts';
import { planRun, replay, runPipeline, RunLockedError, tryAcquireRunLock } from '../../runner/index.ts';
import { openRunStore, RunStoreError, type RunStoreReader } from '../../store/index.ts';
import {
  hostStateDir,
  secretAccess,
  jsonRow,
  loadRef,
  stateDirFor,
  type HostContext,
  type PipelineRefInput,
} from './context.ts';
import { connectors } from './connectors.ts';
import { auditRun } from '../../reconcile/run-audit.ts';

function withReader<T>(stateDir: string, use: (store: RunStoreReader) => T, empty: T): T {
  let store: RunStoreReader;
  try {
    store = openRunStore(stateDir, { readonly: true });
  } catch (error) {
    // Nothing has run with this state folder yet: nothing to show, not an error.
    if (error instanceof RunStoreError && error.code === 'STORE_MISSING') return empty;
    throw error;
  }
  try {
    return use(store);
  } finally {
    store.close();
  }
}

export function runsService(context: HostContext) {
  const jobs = new Map<string, AbortController>();
  const secretValues = () => context.registry.secretValues();
  const { resolveSecret, storeSecret } = secretAccess(context);

  return {
    async start(request: {
      pipeline: PipelineRefInput;
      streams?: string[] | undefined;
      fullRefresh?: boolean | undefined;
    }) {
      // Loaded before answering: a pipeline with problems is refused now, not as a later event.
      const loaded = loadRef(context, request.pipeline);
      const stateDir = stateDirFor(context, loaded.path);
      // The run lock is taken before answering: a pipeline already running here (a CLI run, `serve`, this
      // studio) is refused now with RUN_LOCKED, naming who holds it, rather than as a later event.
      const lock = tryAcquireRunLock({ stateDir, pipelineId: loaded.id, who: 'studio' });
      if (lock instanceof RunLockedError) throw lock;
      const job = randomUUID();
      const controller = new AbortController();
      jobs.set(job, controller);
      void runPipeline({
        loaded,
        stateDir,
        lock,
        ...(request.streams ? { streams: request.streams } : {}),
        ...(request.fullRefresh !== undefined ? { fullRefresh: request.fullRefresh } : {}),
        signal: controller.signal,
        onEvent: (event) => context.publish({ type: 'run-progress', job, event }),
        connectors,
        resolveSecret,
        storeSecret,
        secretValues,
      })
        // Released before the run's last event, so a studio that starts again on "finished" is not refused.
        .finally(() => {
          jobs.delete(job);
          lock.release();
        })
        .then((outcome) => context.publish({ type: 'run-finished', job, outcome }))
        .catch((error: unknown) =>
          context.publish({
            type: 'run-failed',
            job,
            error: { code: errorCode(error), message: error instanceof Error ? error.message : String(error) },
          }),
        );
      return { job };
    },

    async cancel(request: { job: string }) {
      const controller = jobs.get(request.job);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },

    async audit(request: { limit?: number | undefined; pipeline?: PipelineRefInput | undefined }) {
      const loaded = request.pipeline ? loadRef(context, request.pipeline) : undefined;
      const pipelineId = loaded?.id;
      return withReader(
        loaded ? stateDirFor(context, loaded.path) : hostStateDir(context),
        (store) =>
          store
            .listRuns({ limit: request.limit ?? 50, ...(pipelineId !== undefined ? { pipelineId } : {}) })
            .map(({ mappingHash: _, ...run }) => ({ ...run, ...auditRun(store, run) })),
        [],
      );
    },

    async holds(request: {
      pipeline?: PipelineRefInput | undefined;
      stream?: string | undefined;
      status?: 'open' | 'resolved' | undefined;
    }) {
      const loaded = request.pipeline ? loadRef(context, request.pipeline) : undefined;
      const pipelineId = loaded?.id;
      return withReader(
        loaded ? stateDirFor(context, loaded.path) : hostStateDir(context),
        (store) =>
          store
            .listHolds({
              ...(pipelineId !== undefined ? { pipelineId } : {}),
              ...(request.stream !== undefined ? { stream: request.stream } : {}),
              status: request.status ?? 'open',
            })
            .map((hold) => ({
              id: hold.id,
              batchId: hold.batchId,
              runId: hold.runId,
              stream: hold.stream,
              sourceRecord: jsonRow(hold.sourceRecord),
              reasons: hold.reasons,
              status: hold.status,
              resolvedAt: hold.resolvedAt,
              resolvedByRunId: hold.resolvedByRunId,
            })),
        [],
      );
    },

    async replay(request: { pipeline: PipelineRefInput; id: string }) {
      const loaded = loadRef(context, request.pipeline);
      const job = `replay-${randomUUID()}`;
      const outcome = await replay(loaded, {
        stateDir: stateDirFor(context, loaded.path),
        // Refused at once (RUN_LOCKED) while the pipeline runs anywhere on this state folder.
        startedBy: 'studio',
        id: request.id,
        connectors,
        resolveSecret,
        storeSecret,
        secretValues,
        onEvent: (event) => context.publish({ type: 'run-progress', job, event }),
      });
      if (!outcome) throw new MlcError('NOT_FOUND', `Nothing to replay for "${request.id}".`);
      const { runId, status, replayed, resolved, stillHeld } = outcome;
      return { runId, status, replayed, resolved, stillHeld };
    },

    async plan(request: { pipeline: PipelineRefInput; streams?: string[] | undefined }) {
      const loaded = loadRef(context, request.pipeline);
      return planRun(loaded, {
        stateDir: stateDirFor(context, loaded.path),
        ...(request.streams ? { streams: request.streams } : {}),
        connectors,
        resolveSecret,
        storeSecret,
      });
    },
  };
}
