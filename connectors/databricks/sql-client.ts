/**
 * The `@databricks/sql` driver wrapped where it falls short (databricks.md sections 6 and 9): it never
 * retries OpenSession, ExecuteStatement or FetchResults and ignores `Retry-After`, so every statement
 * here is retried with backoff on transient failures (a starting warehouse, throttling, a lost session,
 * Delta write conflicts). A failure after the warehouse may have received the statement (its session or
 * connection lost before the answer) re-runs it only when the caller says it is idempotent at that step,
 * which is the default: IF NOT EXISTS DDL, MERGE by key or row version, DELETE by run, reads. A statement
 * that would write twice (a plain INSERT) passes `{ idempotent: false }` and gets DATABRICKS_OUTCOME_UNKNOWN.
 */
import { DBSQLClient, DBSQLLogger, LogLevel } from '@databricks/sql';
import type IDBSQLSession from '@databricks/sql/dist/contracts/IDBSQLSession';
import { TokenSource, type DatabricksAuth } from './auth.ts';
import { driverConnectionProblem, driverNetwork, trustOwnCaThroughProxy } from './driver-network.ts';
import { classify, DatabricksDestinationError, refusedToken } from './errors.ts';
import { RetrySchedule, type RetryPolicy } from '../kit/http/retry-policy.ts';

/**
 * The kit's one retry policy, in two schedules per statement: attempts for a transient failure other than a
 * starting warehouse (throttling, conflicts, resets), and a wall-clock budget for a starting warehouse.
 * `sleep` and `now` are injectable so tests do not wait on a clock.
 */
export type { RetryPolicy } from '../kit/http/retry-policy.ts';

/** How long a stopped warehouse is given to start: a classic one takes about five minutes (estuary/connectors#1173). */
export const DEFAULT_WAREHOUSE_START_MS = 10 * 60 * 1000;

export interface DatabricksConnectionOptions {
  /** Workspace host name, without scheme. */
  readonly host: string;
  readonly port?: number;
  /** SQL warehouse HTTP path, `/sql/1.0/warehouses/<id>`. */
  readonly httpPath: string;
  readonly auth: DatabricksAuth;
  /** Extra CA to trust (a TLS-inspecting proxy, or the simulator's certificate). */
  readonly caCert?: string;
  readonly retry?: RetryPolicy;
  /**
   * Wall-clock budget for a warehouse that answers as a starting one (503, `Couldn't create directory
   * .../_resources`, a session it accepted while stopped), from its first such answer to a statement.
   * The connection's `warehouseStartMinutes`; default 10 minutes.
   */
  readonly warehouseStartMs?: number;
}

export type SqlParameters = Readonly<Record<string, string | null>>;

export interface StatementOptions {
  /** Folders a staging command (`PUT '<local file>' INTO '/Volumes/...'`) may upload from; the driver uploads the file itself. */
  readonly stagingAllowedLocalPath?: readonly string[];
  /**
   * Safe to run again if it may already have run (default true). False: once the warehouse may have
   * received it, a lost answer is DATABRICKS_OUTCOME_UNKNOWN instead of a second run.
   */
  readonly idempotent?: boolean;
}

/**
 * Exponential from 2 s to 30 s; half jitter keeps two writers that conflicted from colliding again;
 * Retry-After is a floor, and however long, waited for (the warehouse said when it will answer).
 */
const DEFAULT_RETRY = {
  maxAttempts: 8,
  baseDelayMs: 2_000,
  maxDelayMs: 30_000,
  jitter: 'half',
  retryAfter: 'floor',
  maxRetryAfterMs: Infinity,
} as const satisfies RetryPolicy;

export class DatabricksSql {
  readonly tokens: TokenSource;
  private readonly retry: RetryPolicy;
  private open: Promise<{ client: DBSQLClient; session: IDBSQLSession }> | undefined;
  /** Delays slept between attempts, for tests and logs. */
  readonly retryDelays: number[] = [];

  constructor(private readonly options: DatabricksConnectionOptions) {
    this.tokens = new TokenSource({
      baseUrl: `https://${options.host}:${options.port ?? 443}`,
      auth: options.auth,
      ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
      ...(options.retry?.sleep === undefined ? {} : { retry: { sleep: options.retry.sleep } }),
    });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** Runs one statement (named `:name` parameters, all sent as STRING) and returns its rows. */
  async query(
    sql: string,
    parameters: SqlParameters = {},
    options: StatementOptions = {},
  ): Promise<Record<string, unknown>[]> {
    let renewedToken = false;
    const throttled = new RetrySchedule(this.retry);
    // A starting warehouse is waited for by the clock, however many answers that takes.
    const starting = new RetrySchedule({ ...this.retry, maxAttempts: Infinity, budgetMs: this.warehouseStartMs });
    for (;;) {
      // Where this attempt failed: before the statement was sent, while sending it, or after it was accepted.
      let stage: 'session' | 'sending' | 'accepted' = 'session';
      try {
        const { session } = await this.session();
        stage = 'sending';
        const operation = await session.executeStatement(sql, {
          ...(Object.keys(parameters).length === 0
            ? {}
            : { namedParameters: { ...parameters } as Record<string, string> }),
          ...(options.stagingAllowedLocalPath === undefined
            ? {}
            : { stagingAllowedLocalPath: [...options.stagingAllowedLocalPath] }),
        });
        stage = 'accepted';
        try {
          // A statement that fails fast has its ERROR_STATE inside the direct results and no result set:
          // fetchAll then returns [] without a word. Waiting for the final state first raises that error.
          await operation.finished();
          return (await operation.fetchAll()) as Record<string, unknown>[];
        } finally {
          await operation.close().catch(() => undefined);
        }
      } catch (error) {
        // Raised by this connector (the token endpoint refused the client): already in words, never retried.
        if (error instanceof DatabricksDestinationError && error.code === 'DATABRICKS_AUTH_FAILED') throw error;
        const c = classify(error);
        if (c.reopenSession) await this.reset({ sessionGone: c.starting === true || c.sessionLost === true });
        if (c.code === 'DATABRICKS_AUTH_FAILED') {
          // An expired OAuth token is not a busy warehouse: one retry at once, with a new token. A refused
          // personal access token, or a fresh OAuth token refused again, stays refused.
          if (this.options.auth.kind === 'oauth-m2m' && !renewedToken) {
            this.tokens.invalidate();
            renewedToken = true;
            continue;
          }
          throw refusedToken(this.options.auth, c);
        }
        if (!c.transient) throw new DatabricksDestinationError(c.code, c.message, { transient: false, ...pick(c) });
        // Accepted, or lost on the wire while being sent: the warehouse may have run it (and committed).
        const mayHaveRun = stage === 'accepted' || (stage === 'sending' && c.connectionLost === true);
        if (mayHaveRun && options.idempotent === false) throw outcomeUnknown(c);
        const delay = (c.starting === true ? starting : throttled).next(c.retryAfterMs);
        if (delay === undefined)
          throw c.starting === true
            ? this.notStarted(c)
            : new DatabricksDestinationError(c.code, c.message, { transient: true, ...pick(c) });
        this.retryDelays.push(delay);
        await throttled.sleep(delay);
      }
    }
  }

  private get warehouseStartMs(): number {
    return this.options.warehouseStartMs ?? DEFAULT_WAREHOUSE_START_MS;
  }

  private notStarted(c: ReturnType<typeof classify>): DatabricksDestinationError {
    const minutes = Math.round((this.warehouseStartMs / 60_000) * 10) / 10;
    return new DatabricksDestinationError(
      'DATABRICKS_UNAVAILABLE',
      `The SQL warehouse at ${this.options.httpPath} was still starting after ${minutes} minutes (its last answer: ${c.message}). ` +
        "Start it in the workspace and run again, or give it longer with the connection's warehouseStartMinutes.",
      // Not transient for the runner: the wall-clock budget the user set is spent; retrying the batch would spend it again.
      { transient: false, ...pick(c) },
    );
  }

  async close(): Promise<void> {
    await this.reset();
    await this.tokens.close();
  }

  private session(): Promise<{ client: DBSQLClient; session: IDBSQLSession }> {
    this.open ??= (async () => {
      const client = new DBSQLClient({ logger: new DBSQLLogger({ level: LogLevel.error }) });
      const { host, port, httpPath, caCert } = this.options;
      // The environment's proxy, and the connection's own CA inside its tunnel too (driver-network.ts).
      const network = driverNetwork(host, port ?? 443);
      if (network.proxy !== undefined && caCert !== undefined) trustOwnCaThroughProxy(client);
      await client.connect({
        host,
        ...(port === undefined ? {} : { port }),
        path: httpPath,
        ...(this.options.auth.kind === 'pat'
          ? { token: this.options.auth.token }
          : { authType: 'external-token' as const, getToken: () => this.tokens.token() }),
        telemetryEnabled: false,
        ...(caCert === undefined ? {} : { customCaCert: caCert }),
        ...network.option,
      });
      try {
        return { client, session: await client.openSession() };
      } catch (error) {
        throw (
          driverConnectionProblem(error, {
            host,
            port: port ?? 443,
            proxy: network.proxy,
            ownCa: caCert !== undefined,
          }) ?? error
        );
      }
    })();
    const opening = this.open;
    opening.catch(() => {
      if (this.open === opening) this.open = undefined;
    });
    return opening;
  }

  /**
   * Drops the session (and its client). `sessionGone`: the warehouse no longer holds it (it restarted, or
   * is still starting), so it is not asked to close it: the refusal would come back as a 503, which the
   * driver retries on its own clock for half a minute per call.
   */
  private async reset(options: { sessionGone?: boolean } = {}): Promise<void> {
    const opening = this.open;
    this.open = undefined;
    if (opening === undefined) return;
    const opened = await opening.catch(() => undefined);
    if (opened === undefined) return;
    if (options.sessionGone === true) (opened.session as unknown as { isOpen: boolean }).isOpen = false;
    await opened.session.close().catch(() => undefined);
    await opened.client.close().catch(() => undefined);
  }
}

function outcomeUnknown(c: ReturnType<typeof classify>): DatabricksDestinationError {
  return new DatabricksDestinationError(
    'DATABRICKS_OUTCOME_UNKNOWN',
    `Databricks may have run a statement whose answer was lost (${c.message}); it would write twice if run again, so it was not. ` +
      'Check the target table before loading this batch again.',
    { transient: false, ...pick(c) },
  );
}

function pick(c: ReturnType<typeof classify>): { sqlState?: string; errorClass?: string; httpStatus?: number } {
  return {
    ...(c.sqlState === undefined ? {} : { sqlState: c.sqlState }),
    ...(c.errorClass === undefined ? {} : { errorClass: c.errorClass }),
    ...(c.httpStatus === undefined ? {} : { httpStatus: c.httpStatus }),
  };
}
