/**
 * The two ports every connector plugs into: a Source that reads records in pages from a watermark,
 * and a Destination that writes batches in transactions and reports what it committed.
 * Environment-neutral types only; implementations live in connectors/ (and the engine's file source).
 */
import type { ColumnType, FieldTypeName } from './column-type.ts';
import type { Value } from './values/index.ts';

export type DataRow = Readonly<Record<string, Value>>;

/**
 * The part of AbortSignal a source needs. Declared here because common code has neither the DOM
 * nor Node's types; a real AbortSignal satisfies it.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface FieldSchema {
  readonly name: string;
  readonly type: FieldTypeName;
  readonly description?: string;
  /** Nested fields for a record-typed field, or the element fields of an array of records. */
  readonly fields?: readonly FieldSchema[];
  readonly isList?: boolean;
}

export interface EntitySchema {
  readonly entity: string;
  readonly label: string;
  readonly key: readonly string[];
  readonly cursorField?: string;
  readonly fields: readonly FieldSchema[];
}

/** Where an incremental read starts: records with cursor >= `cursor` (closed start). */
export interface ReadFrom {
  readonly cursor: Value;
}

export interface ReadRequest {
  readonly entity: string;
  readonly key: readonly string[];
  readonly cursorField?: string;
  /** Omitted: a full read. */
  readonly from?: ReadFrom;
  /** Exclusive upper bound for backfills. */
  readonly end?: Value;
  readonly filters?: Readonly<Record<string, Value>>;
  /**
   * The fields the stream's mappings read, with its key and cursor: a source that fetches fields one by
   * one (a follow-up fetch per record) may fetch only these. Left out: every field.
   */
  readonly fields?: readonly string[];
  readonly pageSize: number;
  readonly signal?: CancelSignal;
}

/** A value the source could not read as its field's type: the record is held with this reason, never dropped. */
export interface RecordProblem {
  /** Index of the record in its page's `records`. */
  readonly recordIndex: number;
  readonly field: string;
  /** Plain words naming where, e.g. `gl-1.csv line 42, column DEBITAMT: "12,50" is not a decimal`. */
  readonly message: string;
}

export interface SourcePage {
  /** Typed records (coerced to the entity schema). */
  readonly records: readonly DataRow[];
  readonly problems?: readonly RecordProblem[];
  /** How much of the whole read is done (0 to 1), when the source can tell: feeds progress and ETA. */
  readonly progress?: { readonly done: number };
}

export interface Source {
  /** The entities this source offers, with their fields and types. */
  discover(): Promise<readonly EntitySchema[]>;
  /**
   * Pages of records with cursor >= from.cursor (and < end). A source that returns records in
   * ascending cursor order says so, which lets the runner advance the watermark page by page;
   * otherwise the watermark advances only when the whole read has been committed.
   */
  read(request: ReadRequest): AsyncIterable<SourcePage>;
  readonly orderedByCursor: boolean;
  close(): Promise<void>;
}

export type WriteMode = 'append' | 'merge' | 'replace';

export interface TargetColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
}

export interface TargetTable {
  readonly table: string;
  readonly columns: readonly TargetColumn[];
  readonly writeMode: WriteMode;
  /** Natural key columns for merge (and for dedupe inside one batch). */
  readonly mergeKey: readonly string[];
  /** Allow narrowing a column type or dropping a column; refused otherwise. */
  readonly allowDestructiveChanges: boolean;
  /** The target's `afterLoad`, for destinations that implement `finishRun`. */
  readonly afterLoad?: AfterLoad;
  /**
   * Columns whose equal values make one unit (a journal's lines). The runner holds a whole unit when one
   * of its rows is held; a destination that rejects a row of a unit rejects every row of that unit.
   */
  readonly holdTogether?: readonly string[];
  /** Destination-specific settings from the pipeline file (`target.options`). */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
}

/** Work a destination does once a stream has loaded (the pipeline file's `target.afterLoad`). */
export interface AfterLoad {
  /** Job to start (Databricks job id). */
  readonly runJob: number;
  /** Wait for the job run and fail when it does not succeed; default true. */
  readonly wait?: boolean;
}

/** Identifies the sync run to `finishRun`, so a retried call can be recognised as the same one. */
export interface FinishRunContext {
  readonly runId: string;
  /**
   * The batches loaded into the target since the after-load job last succeeded for it (this run's and
   * any an earlier failed or interrupted job run left), in commit order: what the job is given. Empty:
   * nothing new to consume, so no job is started. Absent (a caller that does not track them): start it.
   */
  readonly batchIds?: readonly string[];
}

/** What `finishRun` did, in one line for the run log (e.g. which job run it started and how it ended). */
export interface FinishRunResult {
  readonly detail: string;
  /** The job runs it started (more than one when the batches were given in parts), for the audit trail. */
  readonly jobRuns?: readonly AfterLoadJobRun[];
}

/**
 * One run of an after-load job as the system reported it, for the audit trail: what it was given, its
 * ids, states and error text (the system's own words, scrubbed of secrets before they are stored).
 */
export interface AfterLoadJobRun {
  readonly jobId: number;
  readonly jobRunId: number;
  /** The batches it was given (their `_mlc_batch_id`). */
  readonly batchIds: readonly string[];
  /** e.g. TERMINATED, INTERNAL_ERROR; QUEUED for a run not waited for. */
  readonly lifeCycleState: string;
  /** e.g. SUCCESS, FAILED; absent until the run ends. */
  readonly resultState?: string;
  /** Why it ended so: the run's and its failed task's messages. */
  readonly stateMessage?: string;
  /** Where a person sees the run in the workspace. */
  readonly runPageUrl?: string;
  /** succeeded: the batches were consumed; failed: they are offered again; started: not waited for. */
  readonly outcome: 'succeeded' | 'failed' | 'started';
}

/**
 * The job runs an error from `finishRun` reports (those that succeeded before it, and the one that did
 * not succeed), so the runner can record them and end the wait of what was consumed.
 */
export function jobRunsOfError(error: unknown): readonly AfterLoadJobRun[] {
  const runs = (error as { jobRuns?: unknown } | null)?.jobRuns;
  return Array.isArray(runs) ? (runs as AfterLoadJobRun[]) : [];
}

export interface SchemaChange {
  readonly kind: 'create-table' | 'add-column' | 'widen-column' | 'narrow-column' | 'drop-column';
  readonly column?: string;
  readonly detail: string;
}

/** Lineage written beside every row so each warehouse number traces back to its source posting. */
export interface BatchLineage {
  readonly runId: string;
  readonly batchId: string;
  /** When the batch was synced (an instant with zone). */
  readonly syncedAt: string;
}

/** Where a stream stopped, for a destination to record beside its rows (see `Destination.readCheckpoint`). */
export interface StreamCheckpoint {
  /** The pipeline's identity (the run store's pipeline id). */
  readonly pipelineId: string;
  readonly stream: string;
  /** The committed watermark as the engine writes it: stored and given back unchanged. */
  readonly watermark: string;
}

/** A checkpoint as the destination recorded it, with the batch that carried it. */
export interface RecordedCheckpoint extends StreamCheckpoint {
  readonly runId: string;
  readonly batchId: string;
  readonly recordedAt: string;
}

export interface WriteBatch {
  readonly lineage: BatchLineage;
  readonly rows: readonly DataRow[];
  /** Source modified time per row (same order as rows), for the lineage column; null where unknown. */
  readonly sourceModified: readonly (Value | null)[];
  /**
   * Append and replace: each row's version (a hash of its source record's key, cursor value and content;
   * same order as rows). The destination inserts only versions it does not hold yet, so a record read
   * twice (lookback, closed start, a lost state folder) is never appended twice. Absent: no such check.
   */
  readonly rowVersions?: readonly string[];
  /** For replace mode: true on the first batch of a run (the table is emptied in the same transaction). */
  readonly replaceStarts?: boolean;
  /** The watermark this batch commits its stream to: recorded in the same transaction by a destination that can. */
  readonly checkpoint?: StreamCheckpoint;
}

/** A row the destination would not take (a value that does not fit its column, a constraint): held by the runner. */
export interface RejectedRow {
  /** Index of the row in the batch's `rows`. */
  readonly index: number;
  readonly code: string;
  readonly message: string;
}

export interface WriteResult {
  readonly inserted: number;
  readonly updated: number;
  /** Rows whose batch id was already present (a retried batch): nothing written twice. */
  readonly alreadyCommitted: number;
  /** Append and replace: rows whose version the table already held (or an earlier row of the batch carried): not written again. */
  readonly alreadyPresent?: number;
  /** Merge: rows whose key the table held with identical values: not written again. */
  readonly unchanged?: number;
  /** Rows not written; the rest of the batch was. */
  readonly rejected?: readonly RejectedRow[];
}

export interface WritePlan {
  readonly inserts: number;
  readonly updates: number;
  readonly unchanged: number;
}

/** A row as the destination holds it, read back by key: the target's columns the table has, and its lineage. */
export interface WrittenRow {
  readonly row: DataRow;
  /** The run that last wrote the row, and when (an instant with zone), where the table records it. */
  readonly runId: string | null;
  readonly syncedAt: string | null;
}

export interface Destination {
  ensureTable(target: TargetTable): Promise<readonly SchemaChange[]>;
  /** One transaction per batch; idempotent per batch id. */
  writeBatch(target: TargetTable, batch: WriteBatch): Promise<WriteResult>;
  plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan>;
  /**
   * Optional: called once after a stream's last batch was committed (nothing held back by a failure),
   * e.g. to start a downstream job. Safe to call again for the same run id: it must not repeat the work.
   */
  finishRun?(target: TargetTable, context: FinishRunContext): Promise<FinishRunResult | void>;
  /**
   * Optional: the destination records each stream's committed watermark beside its rows (from the
   * `checkpoint` of the batch that committed it, in that batch's transaction where it has one), as dlt
   * keeps its pipeline state in the destination. The runner asks for it when its own state folder has
   * none for the stream, so a new or lost state folder resumes where the warehouse stopped.
   */
  readCheckpoint?(target: TargetTable, pipelineId: string, stream: string): Promise<RecordedCheckpoint | undefined>;
  /**
   * Optional: the rows the table holds now for these merge-key values (each key's values in `mergeKey`
   * order), with the run that last wrote each, so the studio can show what a change would do to what is
   * really there. Undefined when the table does not exist. A destination that cannot read back (an
   * accounting system's API) leaves it out.
   */
  readByKeys?(target: TargetTable, keys: readonly (readonly Value[])[]): Promise<readonly WrittenRow[] | undefined>;
  /**
   * Optional: how much of a rate limit the system allows this destination it has used, in a few words for
   * the progress line (e.g. Dataverse's service-protection budget: `512 of 6,000 requests in 300 s`).
   * Asked after each batch; undefined when there is nothing to tell.
   */
  usage?(): string | undefined;
  close(): Promise<void>;
}
