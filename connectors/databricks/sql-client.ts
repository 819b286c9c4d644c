/**
 * The `@databricks/sql` driver wrapped where it falls short (databricks.md sections 6 and 9): it never
 * retries OpenSession, ExecuteStatement or FetchResults and ignores `Retry-After`, so every statement
 * here is retried with backoff on transient failures (a starting warehouse, throttling, a lost session,
 * Delta write conflicts); statements sent here are idempotent (IF NOT EXISTS DDL, MERGE by key).
 */
import { DBSQLClient, DBSQLLogger, LogLevel } from '@databricks/sql';
import type IDBSQLSession from '@databricks/sql/dist/contracts/IDBSQLSession';
import { TokenSource, type DatabricksAuth } from './auth.ts';
import { driverConnectionProblem, driverNetwork, trustOwnCaThroughProxy } from './driver-network.ts';
import { classify, DatabricksDestinationError, refusedToken } from './errors.ts';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Injectable so tests do not wait on a clock. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface DatabricksConnectionOptions {
  /** Workspace host name, without scheme. */
  readonly host: string;
  readonly port?: number;
  /** SQL warehouse HTTP path, `/sql/1.0/warehouses/<id>`. */
  readonly httpPath: string;
  readonly auth: DatabricksAuth;
  /** Extra CA to trust (a TLS-inspecting proxy, or the simulator's certificate). */
  readonly caCert?: string;
  readonly retry?: Partial<RetryPolicy>;
}

export type SqlParameters = Readonly<Record<string, string | null>>;

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 30_000 };

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
  async query(sql: string, parameters: SqlParameters = {}): Promise<Record<string, unknown>[]> {
    let renewedToken = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { session } = await this.session();
        const operation = await session.executeStatement(sql, Object.keys(parameters).length === 0 ? {} : { namedParameters: { ...parameters } as Record<string, string> });
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
        if (c.reopenSession) await this.reset();
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
        if (!c.transient || attempt >= this.retry.maxAttempts) {
          throw new DatabricksDestinationError(c.code, c.message, { transient: c.transient, ...pick(c) });
        }
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        // Jitter keeps two writers that conflicted from colliding again; Retry-After (seconds) is a floor.
        const delay = Math.max(c.retryAfterMs ?? 0, Math.round(backoff * (0.5 + Math.random() / 2)));
        this.retryDelays.push(delay);
        await (this.retry.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms))))(delay);
      }
    }
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
        throw driverConnectionProblem(error, { host, port: port ?? 443, proxy: network.proxy, ownCa: caCert !== undefined }) ?? error;
      }
    })();
    const opening = this.open;
    opening.catch(() => {
      if (this.open === opening) this.open = undefined;
    });
    return opening;
  }

  private async reset(): Promise<void> {
    const opening = this.open;
    this.open = undefined;
    if (opening === undefined) return;
    const opened = await opening.catch(() => undefined);
    await opened?.session.close().catch(() => undefined);
    await opened?.client.close().catch(() => undefined);
  }
}

function pick(c: ReturnType<typeof classify>): { sqlState?: string; errorClass?: string; httpStatus?: number } {
  return {
    ...(c.sqlState === undefined ? {} : { sqlState: c.sqlState }),
    ...(c.errorClass === undefined ? {} : { errorClass: c.errorClass }),
    ...(c.httpStatus === undefined ? {} : { httpStatus: c.httpStatus }),
  };
}
