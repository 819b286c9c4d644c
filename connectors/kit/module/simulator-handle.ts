/**
 * What a started simulator hands back, whatever the system: where it listens, the demo credentials it
 * accepts, the address parts of a pipeline connection to it, and counts of what it served.
 */
export interface SimulatorStartOptions {
  /** 0 picks a free port; default: the system's fixed port. */
  readonly port?: number;
  readonly seed?: number;
  /** Records per entity, for systems that start with data. */
  readonly rows?: number;
  /** A `--faults` spec, e.g. `429:0.05,503:0.05` (the share of requests that get each fault). */
  readonly faults?: string;
  /** Retry-After seconds on injected 429/503 (default 1; tests use 0 so they never wait on a clock). */
  readonly retryAfterSeconds?: number;
  /** Serve HTTPS with a certificate signed by a CA made at start (Databricks always does). */
  readonly tls?: boolean;
  /**
   * BambooHR: redirect URIs registered for the demo OAuth app besides https://127.0.0.1:47011/callback
   * (a sign-in on another port, as a test uses so it never waits for 47011).
   */
  readonly redirectUris?: readonly string[];
}

export interface SimulatorStats {
  readonly httpRequests: number;
  /** SQL statements executed (warehouses only). */
  readonly sqlStatements?: number;
  /** Databricks: COPY INTO statements run, files they loaded, the most parameters one statement carried, statements refused for more than 256. */
  readonly copyInto?: number;
  readonly stagedFilesLoaded?: number;
  readonly maxParameters?: number;
  readonly refusedForParameters?: number;
  /** Dynamics 365: `$batch` requests among `httpRequests` (each carries many writes). */
  readonly batchRequests?: number;
  readonly faults: number;
}

export interface SimulatorHandle {
  readonly system: string;
  readonly url: string;
  readonly port: number;
  /** What `simulate` prints: the address, demo credentials, where control totals are. */
  readonly banner: readonly string[];
  /** Demo secrets by the reference names the example pipelines use (e.g. gp_password). */
  readonly secrets: Readonly<Record<string, string>>;
  /** Address parts of a pipeline connection to this simulator. */
  readonly address: Readonly<Record<string, string | number>>;
  /** PEM of the CA a client must trust (HTTPS simulators). */
  readonly caCert?: string;
  stats(): SimulatorStats;
  controlTotals(): Promise<unknown>;
  /** Creates or modifies n records (source systems), so a next incremental run has something to read. */
  advance?(n: number): number;
  close(): Promise<void>;
}

/** Where a running simulator is, as much as a pipeline connection needs (a handle, or a simulator started directly). */
export interface SimulatorAddress {
  readonly url?: string;
  readonly address?: Readonly<Record<string, string | number>>;
  /** PEM of its CA (HTTPS simulators), written beside the pipeline when the connection names it. */
  readonly caCert?: string;
}

/** A `--faults` rule as `simulate` prints it. */
/** A simulator's HTTP figures as its handle reports them: requests served and faults injected, of any kind. */
export function httpSimulatorStats(stats: {
  readonly requests: number;
  readonly faults: Readonly<Record<string, number>>;
}): SimulatorStats {
  return {
    httpRequests: stats.requests,
    faults: Object.values(stats.faults).reduce((sum, n) => sum + n, 0),
  };
}

export function describeFaultRules(rules: readonly { readonly kind: string; readonly rate: number }[]): string {
  return rules.map((rule) => `${rule.kind} on ${Math.round(rule.rate * 1000) / 10}% of requests`).join(', ');
}
