/**
 * The run store's public shapes: what the runner writes and what the CLI and the studio read.
 * Times are ISO-8601 text as the caller gives them; the store never reads the clock for audit times.
 */
import type { Value } from '../model/values/index.ts';
import type { ControlTotals } from './control-totals.ts';
import type { Row } from './value-codec.ts';

export interface StoreErrorInfo {
  readonly code: string;
  readonly message: string;
}

export interface StreamState {
  readonly cursor: Value;
  /** Keys of the records already committed at exactly `cursor` (closed start + key dedupe). */
  readonly keysAtCursor: string[];
  readonly updatedAt: string;
}

export type RunTrigger = 'run' | 'replay';
export type FinishedRunStatus = 'ok' | 'held' | 'failed' | 'cancelled';
/** 'interrupted': the process writing the run died (kill -9, power loss) before finishing it. */
export type RunStatus = 'running' | FinishedRunStatus | 'interrupted';

export interface StartRunInput {
  readonly runId: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly mappingHash: string;
  readonly trigger: RunTrigger;
  readonly startedAt: string;
}

export interface FinishRunInput {
  readonly status: FinishedRunStatus;
  readonly finishedAt: string;
  readonly error?: StoreErrorInfo;
}

/** Per stream totals of one run, aggregated from its batches. */
export interface StreamTotals {
  readonly stream: string;
  readonly batches: number;
  /** Records read from the source (count in of every batch). */
  readonly read: number;
  /** Rows the destination inserted or updated. */
  readonly written: number;
  readonly held: number;
  /** Rows the destination already held (a record read again), not written again. */
  readonly alreadyLoaded: number;
  /** Records in batches that failed. */
  readonly failed: number;
}

export interface RunSummary {
  readonly runId: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly mappingHash: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: StoreErrorInfo | null;
  readonly streams: StreamTotals[];
}

export interface RunDetail extends RunSummary {
  readonly batches: BatchSummary[];
  readonly notes: RunNote[];
  /** The after-load job runs this run started (or tried to), in order. */
  readonly jobRuns: AfterLoadJobRunRecord[];
}

/** The job a stream's batches wait for: its target table and the job (`target.afterLoad.runJob`). */
export interface AfterLoadTarget {
  readonly table: string;
  readonly jobId: number;
}

/** A job run in the audit trail: what it was given, how it ended, and Databricks' own words for why. */
export interface AfterLoadJobRunRecord {
  readonly runId: string;
  readonly stream: string;
  readonly table: string;
  readonly jobId: number;
  /** Null when the job could not be started at all. */
  readonly jobRunId: number | null;
  readonly lifeCycleState: string | null;
  readonly resultState: string | null;
  /** The state message, or why the job could not be started (scrubbed of secrets). */
  readonly stateMessage: string | null;
  readonly runPageUrl: string | null;
  readonly outcome: 'succeeded' | 'failed' | 'started' | 'not-started';
  /** The batches the job run was given (`_mlc_batch_id` values in the target table). */
  readonly batchIds: string[];
  readonly at: string;
}

export interface RecordJobRunInput {
  readonly runId: string;
  readonly pipelineId: string;
  readonly stream: string;
  readonly table: string;
  readonly jobId: number;
  readonly jobRunId?: number;
  readonly lifeCycleState?: string;
  readonly resultState?: string;
  readonly stateMessage?: string;
  readonly runPageUrl?: string;
  readonly outcome: AfterLoadJobRunRecord['outcome'];
  readonly batchIds: readonly string[];
  readonly at: string;
}

/** Something a run did that the audit should say, in plain words (no secret: it is scrubbed). */
export interface RunNote {
  readonly runId: string;
  readonly stream: string;
  readonly note: string;
  readonly at: string;
}

export interface SourceRange {
  readonly fromCursor: Value | null;
  readonly toCursor: Value | null;
}

export interface RecordBatchInput {
  readonly batchId: string;
  readonly runId: string;
  readonly stream: string;
  readonly sequence: number;
  readonly sourceRange: SourceRange;
  readonly countIn: number;
  /** The typed source records, so the batch can be replayed without reading the source again. */
  readonly payload: readonly Row[];
  readonly startedAt: string;
}

export interface AdvanceStateInput {
  readonly pipelineId: string;
  readonly stream: string;
  readonly cursor: Value;
  readonly keysAtCursor: readonly string[];
}

export interface CommitBatchInput {
  /** Rows the destination inserted or updated. */
  readonly countOut: number;
  readonly countHeld: number;
  /** Rows the destination already held and did not write again: countIn = countOut + countHeld + countAlreadyLoaded. */
  readonly countAlreadyLoaded: number;
  readonly sourceTotals: ControlTotals;
  readonly destinationTotals: ControlTotals;
  readonly finishedAt: string;
  /** Advanced in the same transaction that marks the batch committed, never separately. */
  readonly advanceState?: AdvanceStateInput;
  /**
   * The target's after-load job: a batch that wrote rows waits for it from this same transaction on,
   * so a crash between the load and the job leaves it waiting, never forgotten.
   */
  readonly awaitsJob?: AfterLoadTarget;
}

export interface FailBatchInput extends StoreErrorInfo {
  readonly finishedAt: string;
}

export type BatchState = 'pending' | 'committed' | 'failed';

export interface BatchSummary {
  readonly batchId: string;
  readonly runId: string;
  readonly pipelineId: string;
  readonly stream: string;
  readonly sequence: number;
  readonly state: BatchState;
  readonly sourceRange: SourceRange;
  readonly countIn: number;
  readonly countOut: number | null;
  readonly countHeld: number | null;
  /** Null until committed, and for batches recorded before this count was kept (their countOut includes such rows). */
  readonly countAlreadyLoaded: number | null;
  readonly sourceTotals: ControlTotals | null;
  readonly destinationTotals: ControlTotals | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: StoreErrorInfo | null;
}

export interface BatchRecord extends BatchSummary {
  readonly payload: Row[];
}

export interface HoldReason {
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

export interface AddHoldInput {
  readonly batchId: string;
  readonly stream: string;
  readonly rowIndex: number;
  readonly sourceRecord: Row;
  readonly reasons: readonly HoldReason[];
}

export type HoldStatus = 'open' | 'resolved';

export interface HoldRecord {
  readonly id: number;
  readonly batchId: string;
  readonly runId: string;
  readonly pipelineId: string;
  readonly stream: string;
  readonly rowIndex: number;
  readonly sourceRecord: Row;
  readonly reasons: HoldReason[];
  readonly status: HoldStatus;
  readonly resolvedAt: string | null;
  readonly resolvedByRunId: string | null;
}

export interface HoldFilter {
  readonly pipelineId?: string;
  readonly stream?: string;
  readonly status?: HoldStatus;
  readonly batchId?: string;
  readonly runId?: string;
}

export interface ResolveHoldsInput {
  readonly resolvedByRunId: string;
  readonly resolvedAt: string;
}

export interface ListRunsFilter {
  readonly pipelineId?: string;
  readonly limit: number;
}

/** What the CLI (`audit`, `holds`) and the studio call, also from another process while a run writes. */
export interface RunStoreReader {
  getStreamState(pipelineId: string, stream: string): StreamState | undefined;
  listRuns(filter: ListRunsFilter): RunSummary[];
  getRun(runId: string): RunDetail | undefined;
  getBatch(batchId: string): BatchRecord | undefined;
  listBatches(runId: string): BatchSummary[];
  pendingBatches(pipelineId: string, stream: string): BatchRecord[];
  /** Batches loaded into the target since its job last succeeded, in commit order. */
  batchesAwaitingJob(pipelineId: string, stream: string, job: AfterLoadTarget): string[];
  listHolds(filter?: HoldFilter): HoldRecord[];
  close(): void;
}

export interface RunStore extends RunStoreReader {
  startRun(input: StartRunInput): void;
  finishRun(runId: string, input: FinishRunInput): void;
  recordBatch(input: RecordBatchInput): void;
  commitBatch(batchId: string, input: CommitBatchInput): void;
  failBatch(batchId: string, input: FailBatchInput): void;
  resetStreamState(pipelineId: string, stream: string): void;
  addRunNote(note: RunNote): void;
  /**
   * A job run in the audit trail; one that succeeded also ends the wait of the batches it was given,
   * in the same transaction (batches committed since stay waiting for the next run).
   */
  recordJobRun(input: RecordJobRunInput): void;
  /** Returns the hold ids in input order; an open hold for the same (batch, row) is updated in place. */
  addHolds(holds: readonly AddHoldInput[]): number[];
  /** Returns how many open holds were resolved. */
  resolveHolds(ids: readonly number[], input: ResolveHoldsInput): number;
  /**
   * Deletes runs started before `before` (an ISO instant) with their batches, replay payloads and resolved
   * holds; keeps every run with an open hold, an unfinished batch or a batch awaiting its after-load job
   * (`retention.ts`). Watermarks are never touched.
   */
  pruneHistory(before: string): PruneResult;
}

export interface PruneResult {
  readonly runs: number;
  readonly batches: number;
  readonly holds: number;
}

export interface OpenRunStoreOptions {
  readonly readonly?: boolean;
  /** Known secret values (from the secret store) to mask as `***` in anything written. */
  readonly secretValues?: () => readonly string[];
}
