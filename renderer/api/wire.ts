/**
 * What travels between the studio and its host, in JSON terms only: values are JSON (exact decimals
 * and dates arrive as their canonical text), errors are a code and a sentence, and no shape here has
 * room for a secret value. Environment-neutral: the Electron preload and the browser read the same.
 */
import type { FieldTypeName, LookupRow, Problem } from '../../engine/model/index.ts';
import type { RunEvent, StreamPlan, StreamResult, StreamStatus } from '../../engine/model/run-events.ts';
import type { JsonValue } from '../../engine/model/values/index.ts';

export type { JsonValue, Problem };

/** A mapped or source row as JSON: decimals and dates as their canonical text. */
export type JsonRow = Readonly<Record<string, JsonValue>>;

/**
 * Which pipeline a request is about: the file (its folder anchors relative paths, its name keys the
 * run state) and, while the analyst edits, the unsaved text to use instead of what is on disk.
 */
export interface PipelineRef {
  readonly path: string;
  readonly text?: string;
}

/** The one error shape every channel answers with: a stable code, plain words, and the field at fault. */
export interface ApiError {
  readonly code: string;
  readonly message: string;
  /** For a payload that failed validation: the dotted path of the first field at fault. */
  readonly field?: string;
}

export interface PipelineText {
  readonly path: string;
  /** Canonical text (schema key order, 2-space indent); what was sent when it cannot be canonicalised. */
  readonly text: string;
  readonly problems: readonly Problem[];
  readonly migrations: readonly string[];
}

export interface SaveResult extends PipelineText {
  /** False when the text was refused (not JSON, or a secret written in it); `problems` say why. */
  readonly saved: boolean;
  /** Relative paths rewritten because the file went to another folder (Save as): `text` holds them. */
  readonly rewrittenPaths: ExportResult['rewrittenPaths'];
}

export interface ExportResult {
  readonly path: string;
  /** The command line IT schedules. */
  readonly command: string;
  /** The state folder that command uses (watermarks, held rows, history): the one the studio used for this pipeline. */
  readonly stateDir: string;
  /** The environment variables that carry each secret where there is no keychain (names only). */
  readonly secrets: readonly { readonly name: string; readonly environmentVariable: string }[];
  readonly rewrittenPaths: readonly { readonly where: string; readonly from: string; readonly to: string }[];
  /** The pipeline's suggested schedule in words and its next runs, as the studio's schedule editor says them. */
  readonly schedule?: {
    readonly cron: string;
    readonly timeZone: string;
    readonly words: string;
    readonly next: readonly { readonly at: string; readonly local: string }[];
  };
}

export interface ExampleInfo {
  readonly path: string;
  readonly name: string;
  readonly notes?: string;
}

export interface SecretRefState {
  readonly name: string;
  /** Whether the reference resolves (keychain or environment); never the value. */
  readonly stored: boolean;
}

export interface ConnectionSummary {
  readonly name: string;
  readonly system: string;
  readonly address: Readonly<Record<string, string | number | boolean>>;
  readonly authMethod: string;
  readonly secrets: readonly SecretRefState[];
  readonly notes?: string;
}

export interface PingResult {
  readonly ok: boolean;
  /** What was tried, in the connector's words. */
  readonly test: string;
  /** The system's own answer (scrubbed), e.g. "401 Unauthorized: the user name or password is wrong". */
  readonly message: string;
  readonly code?: string;
}

export interface SecretWriteResult {
  readonly name: string;
  /** Where it went, in words, e.g. 'the OS keychain (service "ml-connector")'. */
  readonly where: string;
  readonly changed: boolean;
}

export interface FieldInfo {
  readonly name: string;
  readonly type: FieldTypeName;
  readonly description?: string;
  readonly isList?: boolean;
  readonly fields?: readonly FieldInfo[];
  /** Distinct values from the first records read, for the analyst to recognise the field. */
  readonly samples: readonly JsonValue[];
}

export interface EntityInfo {
  readonly entity: string;
  readonly label: string;
  readonly key: readonly string[];
  readonly cursorField?: string;
  readonly fields: readonly FieldInfo[];
}

export interface HoldReasonInfo {
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

/** "Where from": the source fields and lookup tables a column's expression reads. */
export interface ColumnOrigin {
  readonly name: string;
  readonly expression: string;
  readonly fields: readonly string[];
  readonly lookups: readonly string[];
}

export interface PreviewResult {
  readonly stream: string;
  readonly columns: readonly ColumnOrigin[];
  readonly rows: readonly JsonRow[];
  /** For each row (same order): its position in the sample and the source values its columns read. */
  readonly rowSources: readonly PreviewRowSource[];
  /** `position`: where the held record is in the sample, to show it among the rows. */
  readonly held: readonly {
    readonly sourceRecord: JsonRow;
    readonly reasons: readonly HoldReasonInfo[];
    readonly position: number;
  }[];
  readonly read: number;
  readonly sample: PreviewSampleInfo;
}

export interface PreviewRowSource {
  readonly position: number;
  /** The source record's values of the fields any column reads. */
  readonly values: JsonRow;
  /** The lookup tables that did not have this record's key, so their LOOKUP gave its default. */
  readonly lookupDefaults: readonly string[];
}

/**
 * What the destination holds now for the preview's keys, read back through it (a DuckDB table, say),
 * or why that cannot be done ("no run has written it yet", "Dynamics GP cannot be read back").
 */
export type LastWrittenResult =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly table: string;
      /** The merge key's columns. */
      readonly key: readonly string[];
      readonly lastRun: { readonly runId: string; readonly startedAt: string; readonly finishedAt: string | null };
      /** One per key the table holds: its columns' values, and the run that last wrote the row and when. */
      readonly rows: readonly {
        readonly values: JsonRow;
        readonly runId: string | null;
        readonly syncedAt: string | null;
      }[];
    };

/** The source sample a preview mapped: the host keeps it a short while so edits do not re-read the source. */
export interface PreviewSampleInfo {
  /** When the source was read (ISO 8601). */
  readonly readAt: string;
  /** True when this preview reused a sample read earlier. */
  readonly reused: boolean;
  readonly records: number;
}

/** A run's progress, as the engine reports it (the CLI prints the same events). */
export type RunProgress = RunEvent;
export type { StreamPlan, StreamResult, StreamStatus };

export interface RunOutcome {
  readonly runId: string;
  readonly status: 'ok' | 'held' | 'failed' | 'cancelled';
  readonly streams: readonly StreamResult[];
}

/**
 * Pushed by the host (IPC event or the bridge's event stream); `job` is what `runs.start` answered,
 * `signIn` what `connections.signIn` answered, `listener` what `webhooks.start` answered.
 */
export type StudioEvent =
  | { readonly type: 'run-progress'; readonly job: string; readonly event: RunProgress }
  | { readonly type: 'run-finished'; readonly job: string; readonly outcome: RunOutcome }
  | { readonly type: 'run-failed'; readonly job: string; readonly error: ApiError }
  | {
      readonly type: 'sign-in-finished';
      readonly signIn: string;
      readonly connection: string;
      readonly outcome: SignInOutcome;
    }
  | { readonly type: 'webhook-log'; readonly listener: string; readonly entry: WebhookLogEntry }
  | { readonly type: 'webhook-stopped'; readonly listener: string };

/** A browser sign-in under way (`connections.signIn`): the page to open; how it ends comes as `sign-in-finished`. */
export interface SignInStarted {
  readonly signIn: string;
  readonly authorizeUrl: string;
  /** True when the host opened the page in the system browser itself (the desktop app). */
  readonly opened: boolean;
  /**
   * The HTTPS redirect's certificate: the CA file the browser must trust (once), and whether the host
   * made it for this sign-in (so it is not trusted anywhere yet). Left out by a sign-in that needs none.
   */
  readonly certificate?: { readonly caFile: string; readonly madeNow: boolean };
}

/** How a browser sign-in ended; the refresh token itself never leaves the host. */
export type SignInOutcome =
  | { readonly status: 'signed-in'; readonly storedAs: string }
  | { readonly status: 'refused' | 'cancelled' | 'timed-out' | 'failed'; readonly message: string };

/** One thing the webhook listener did, as `ml-connector webhooks serve --json` prints it. */
export type WebhookActivity =
  | {
      readonly type: 'delivery';
      readonly status: number;
      readonly outcome: string;
      readonly employees: readonly string[];
    }
  | {
      readonly type: 'applied';
      readonly via: 'webhook' | 'poll';
      readonly runId: string;
      readonly status: 'ok' | 'held' | 'failed' | 'cancelled';
      readonly read: number;
      readonly written: number;
      readonly held: number;
      readonly alreadyApplied: number;
    }
  | { readonly type: 'nothing-new'; readonly via: 'webhook' | 'poll'; readonly alreadyApplied: number }
  | { readonly type: 'poll-failed'; readonly message: string };

export interface WebhookLogEntry {
  /** Increasing across the host's listeners: an entry in both `webhooks.status` and an event is one entry. */
  readonly seq: number;
  /** When the host logged it (ISO 8601). */
  readonly at: string;
  readonly event: WebhookActivity;
}

/** A webhook listener the host runs (`webhooks.start`, `webhooks.status`): the address to give BambooHR and its latest log. */
export interface WebhookListenerInfo {
  readonly listener: string;
  readonly pipelinePath: string;
  readonly connection: string;
  readonly stream: string;
  readonly url: string;
  readonly keySecret: string;
  /** 0: no polling fallback. */
  readonly pollEverySeconds: number;
  readonly startedAt: string;
  readonly log: readonly WebhookLogEntry[];
}

export interface StartedRun {
  readonly job: string;
}

export interface RunInfo {
  readonly runId: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly trigger: 'run' | 'replay';
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** `written`: rows inserted or updated; `alreadyLoaded`: rows read again that the destination already held (not written twice). */
  readonly streams: readonly {
    readonly stream: string;
    readonly batches: number;
    readonly read: number;
    readonly written: number;
    readonly held: number;
    readonly alreadyLoaded: number;
    readonly failed: number;
  }[];
}

export interface HoldInfo {
  readonly id: number;
  readonly batchId: string;
  readonly runId: string;
  readonly stream: string;
  readonly sourceRecord: JsonRow;
  readonly reasons: readonly HoldReasonInfo[];
  readonly status: 'open' | 'resolved';
  /** When a replay wrote the row, and which replay run did. */
  readonly resolvedAt: string | null;
  readonly resolvedByRunId: string | null;
}

export interface ReplayResult {
  readonly runId: string;
  readonly status: 'ok' | 'held' | 'failed';
  readonly replayed: number;
  readonly resolved: number;
  readonly stillHeld: number;
}

export interface WritePlan {
  readonly streams: readonly StreamPlan[];
}

/** One side's control totals: row count, exact sums as decimal text, debit/credit/amount per period (YYYY-MM). */
export interface ControlTotalsInfo {
  readonly rows: number;
  readonly sums: Readonly<Record<string, string>>;
  readonly byPeriod?: Readonly<
    Record<string, { readonly debit: string; readonly credit: string; readonly amount: string }>
  >;
}

/** 'held': the sides differ only where rows were held for review; 'mismatch': a difference nothing explains. */
export type TotalsVerdict = 'match' | 'held' | 'mismatch';

export interface TotalsComparisonInfo {
  /** `destination` includes the `alreadyLoaded` rows (in the destination before this run, read again). */
  readonly rows: {
    readonly source: number;
    readonly destination: number;
    readonly held: number;
    readonly alreadyLoaded: number;
    readonly verdict: TotalsVerdict;
  };
  readonly periods: readonly {
    readonly period: string;
    readonly measure: 'debit' | 'credit' | 'amount';
    readonly source: string;
    readonly destination: string;
    /** Source minus destination, exact decimal text. */
    readonly difference: string;
    readonly verdict: TotalsVerdict;
  }[];
  readonly verdict: TotalsVerdict;
}

/** A stream's control totals over a run's committed batches, source beside destination. */
export interface StreamReconciliation {
  readonly stream: string;
  readonly source: ControlTotalsInfo;
  readonly destination: ControlTotalsInfo;
  readonly comparison: TotalsComparisonInfo;
  /** Batches with nothing to compare (failed, or never committed). */
  readonly unreconciledBatches: number;
}

/** A run as the audit history shows it: counts, held rows, and its control totals reconciled. */
export interface AuditedRun extends RunInfo {
  readonly openHolds: number;
  readonly resolvedHolds: number;
  readonly reconciliation: readonly StreamReconciliation[];
  /** When replays have since written some of this run's held rows: its source beside its destination plus theirs. */
  readonly afterReplays: {
    readonly replayRunIds: readonly string[];
    readonly streams: readonly StreamReconciliation[];
  } | null;
  /** The after-load job runs this run started (or tried to), in order. */
  readonly jobRuns: readonly AfterLoadJobRunInfo[];
}

/** A Databricks job run started after a stream loaded: its states in Databricks' words, and what it was given. */
export interface AfterLoadJobRunInfo {
  readonly stream: string;
  readonly table: string;
  readonly jobId: number;
  /** Null when the job could not be started at all. */
  readonly jobRunId: number | null;
  readonly lifeCycleState: string | null;
  readonly resultState: string | null;
  /** Databricks' state message, or why the job could not be started. */
  readonly stateMessage: string | null;
  readonly runPageUrl: string | null;
  readonly outcome: 'succeeded' | 'failed' | 'started' | 'not-started';
  readonly batchIds: readonly string[];
  /** Of those batches, how many still wait for a job run that succeeds. */
  readonly batchesStillWaiting: number;
  readonly at: string;
}

/** A system a connection can name (`connections.systems`): the connection form's fields, as data. */
export interface SystemInfo {
  readonly system: string;
  readonly label: string;
  readonly description: string;
  /** What a stream may use it for. */
  readonly roles: readonly ('source' | 'destination')[];
  readonly addressParts: readonly {
    readonly name: string;
    readonly label: string;
    /** `path`: a file or folder on this machine; `secret`: the name of a stored secret, never its value. */
    readonly kind: 'url' | 'host' | 'port' | 'text' | 'path' | 'secret';
    readonly required: boolean;
    readonly description: string;
    readonly example?: string;
  }[];
  /**
   * Sign-in methods (the file's `auth.method`) with the label of each secret, in the order `secret`,
   * `refreshTokenSecret`; `browserSignIn` when the refresh token is obtained by signing in through the browser.
   */
  readonly authMethods: readonly {
    readonly method: string;
    readonly secrets: readonly string[];
    readonly browserSignIn?: boolean;
  }[];
  /** What Test does, in the connector's words. */
  readonly connectionTest: string;
  readonly simulator?: { readonly system: string; readonly defaultPort: number };
  /** The source entities the system pushes changes of by webhook, which the studio can listen for. */
  readonly webhooks?: { readonly entities: readonly string[] };
  /** The system runs a job after a load (`target.afterLoad`): its name as messages say it. */
  readonly afterLoad?: string;
  /** The most records the system serves in one page (a stream's largest `source.pageSize`), when it has a limit. */
  readonly maxPageSize?: number;
}

/** A lookup table's rows read from CSV text (`lookups.parseCsv`): typed rows, and each line that could not be used. */
export interface LookupCsv {
  readonly columns: readonly string[];
  /** The columns read: those asked for, else the ones guessed from the header (for ranges, the first keys'). */
  readonly keyColumn: string;
  /** A file table of ranges: the column of the last keys. */
  readonly toColumn?: string;
  readonly valueColumn: string;
  readonly effectiveFromColumn?: string;
  readonly rows: readonly LookupRow[];
  readonly badLines: readonly { readonly line: number; readonly message: string }[];
}

/** A file-based lookup table's rows as the runner reads them (`lookups.fileRows`). */
export interface LookupFileRows extends LookupCsv {
  /** The file as the pipeline names it. */
  readonly path: string;
}

/** Source keys in a stream's sample that a LOOKUP does not find (`lookups.coverage`). */
export interface LookupCoverage {
  readonly stream: string;
  /** Source records the keys were computed from. */
  readonly read: number;
  readonly tables: readonly LookupTableCoverage[];
}

export interface LookupTableCoverage {
  readonly table: string;
  /** Target columns whose formulas look the table up. */
  readonly columns: readonly string[];
  /** Distinct keys the sample looks up. */
  readonly keys: number;
  /**
   * Keys with no row (for an as-of lookup: no row in force on the record's date), with how many sample
   * records carry each; `noValue` when the row is there but its value is empty (the run gets no value).
   */
  readonly missing: readonly {
    readonly key: JsonValue;
    readonly records: number;
    readonly asOf?: string;
    readonly noValue?: boolean;
  }[];
  /** Why coverage could not be computed for this table (a formula error, an unreadable file), in plain words. */
  readonly problem?: string;
}
