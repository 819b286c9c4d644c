/**
 * A run's control totals for the studio's audit history: per stream, the source totals of its
 * committed batches beside their destination totals, compared the way `ml-connector audit RUN` does
 * (held rows explain a difference; anything else is a mismatch). When replays have since written
 * some of the run's held rows, a second comparison adds their destination totals, so the analyst
 * sees the ledger reconcile once the held rows have gone through. The run's after-load job runs come
 * with it, each with how many of the batches it was given still wait for a job run that succeeds.
 */
import { compareTotals } from './compare-totals.ts';
import { sumTotals } from '../runner/control-totals.ts';
import type {
  AfterLoadJobRunRecord,
  BatchSummary,
  ControlTotals,
  RunDetail,
  RunStoreReader,
  RunSummary,
} from '../store/index.ts';

export interface StreamReconciliation {
  readonly stream: string;
  readonly source: ControlTotals;
  readonly destination: ControlTotals;
  readonly comparison: ReturnType<typeof compareTotals>;
  readonly unreconciledBatches: number;
}

export interface RunAudit {
  readonly openHolds: number;
  readonly resolvedHolds: number;
  readonly reconciliation: StreamReconciliation[];
  readonly afterReplays: { readonly replayRunIds: string[]; readonly streams: StreamReconciliation[] } | null;
  readonly jobRuns: AuditedJobRun[];
}

export interface AuditedJobRun extends Omit<AfterLoadJobRunRecord, 'runId'> {
  /** Of the batches it was given, those still waiting for a job run that succeeds (now, not when it ran). */
  readonly batchesStillWaiting: number;
}

function auditJobRuns(store: RunStoreReader, run: RunDetail | undefined): AuditedJobRun[] {
  if (run === undefined) return [];
  return run.jobRuns.map(({ runId: _, ...job }) => {
    const waiting = new Set(
      store.batchesAwaitingJob(run.pipelineId, job.stream, { table: job.table, jobId: job.jobId }),
    );
    return { ...job, batchesStillWaiting: job.batchIds.filter((id) => waiting.has(id)).length };
  });
}

const committed = (batch: BatchSummary): batch is CommittedBatch =>
  batch.state === 'committed' && batch.sourceTotals !== null && batch.destinationTotals !== null;

function streamsOf(batches: readonly BatchSummary[]): string[] {
  return [...new Set(batches.map((b) => b.stream))];
}

type CommittedBatch = BatchSummary & { sourceTotals: ControlTotals; destinationTotals: ControlTotals };

/** `replays`: committed batches of replays whose destination side counts beside this stream's. */
function reconcileStream(
  stream: string,
  own: readonly BatchSummary[],
  replays: readonly CommittedBatch[],
  held: number,
): StreamReconciliation {
  const mine = own.filter((b) => b.stream === stream);
  const done = mine.filter(committed);
  const source = sumTotals(done.map((b) => b.sourceTotals));
  const destination = sumTotals([...done, ...replays].map((b) => b.destinationTotals));
  // Rows read again that the destination already held are in its totals (see compare-totals.ts): named, never an excuse.
  const alreadyLoaded = [...done, ...replays].reduce((sum, b) => sum + (b.countAlreadyLoaded ?? 0), 0);
  return {
    stream,
    source,
    destination,
    comparison: compareTotals(source, destination, held, alreadyLoaded),
    unreconciledBatches: mine.length - done.length,
  };
}

export function auditRun(store: RunStoreReader, summary: Pick<RunSummary, 'runId'>): RunAudit {
  const run: RunDetail | undefined = store.getRun(summary.runId);
  const batches = run?.batches ?? [];
  const holds = store.listHolds({ runId: summary.runId });
  const open = holds.filter((h) => h.status === 'open');
  const reconciliation = streamsOf(batches).map((stream) => {
    const held = batches
      .filter((b) => b.stream === stream && committed(b))
      .reduce((sum, b) => sum + (b.countHeld ?? 0), 0);
    return reconcileStream(stream, batches, [], held);
  });

  // A replay carries the held rows of one run only (by run or batch id), so every row a replay that
  // resolved one of ours wrote is one of ours: its destination totals belong beside our source.
  const replayRunIds = [
    ...new Set(holds.flatMap((h) => (h.status === 'resolved' && h.resolvedByRunId ? [h.resolvedByRunId] : []))),
  ];
  let afterReplays: RunAudit['afterReplays'] = null;
  if (replayRunIds.length > 0) {
    const replayBatches = replayRunIds.flatMap((id) => store.getRun(id)?.batches ?? []).filter(committed);
    afterReplays = {
      replayRunIds,
      streams: streamsOf(batches).map((stream) =>
        reconcileStream(
          stream,
          batches,
          replayBatches.filter((b) => b.stream === stream),
          open.filter((h) => h.stream === stream).length,
        ),
      ),
    };
  }
  return {
    openHolds: open.length,
    resolvedHolds: holds.length - open.length,
    reconciliation,
    afterReplays,
    jobRuns: auditJobRuns(store, run),
  };
}
