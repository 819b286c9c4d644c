/**
 * The simulators behind `ml-connector simulate`, `demo`, the e2e tests and the bench, started by name
 * with one option set. Each handle says where it listens, the demo credentials it accepts (also as
 * secrets by the reference names the example pipelines use), the address parts a pipeline connection
 * needs, and counts of what it served (HTTP requests, SQL statements) so batch sizes can be tuned.
 */
import { KitError } from './kit/errors.ts';
import { describeProxy, proxyFor, proxySettingsFromEnv } from './kit/http/network.ts';
import { faultPlan, parseFaultSpec, type FaultRule } from './kit/simulator/faults.ts';

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

export const SIMULATOR_SYSTEMS = ['gp', 'bamboohr', 'databricks'] as const;
const DEFAULT_PORTS: Readonly<Record<string, number>> = { gp: 47001, bamboohr: 47002, databricks: 47007 };

export async function startSimulatorOf(system: string, options: SimulatorStartOptions): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  const port = options.port ?? DEFAULT_PORTS[system] ?? 0;
  switch (system) {
    case 'gp':
      return withProxyNote(await startGp({ ...options, port }, rules));
    case 'bamboohr':
      return withProxyNote(await startBamboo({ ...options, port }, rules));
    case 'databricks':
      return withProxyNote(await startDatabricks({ ...options, port }, rules));
    default:
      throw new KitError('CONFIG_INVALID', `there is no simulator for "${system}"; available: ${SIMULATOR_SYSTEMS.join(', ')} (the other systems come later)`);
  }
}

/** A proxy in this environment would also be asked for the simulator's loopback address (as curl does): say so. */
function withProxyNote(handle: SimulatorHandle): SimulatorHandle {
  const proxy = proxyFor(handle.url, proxySettingsFromEnv());
  if (proxy === undefined) return handle;
  const note = `  note: clients started with this environment reach ${new URL(handle.url).host} through the proxy ${describeProxy(proxy)}; add 127.0.0.1 to NO_PROXY to reach the simulator directly`;
  return { ...handle, banner: [...handle.banner, note] };
}

async function startGp(options: SimulatorStartOptions & { port: number }, rules: readonly FaultRule[]): Promise<SimulatorHandle> {
  const { startGpSimulator } = await import('./dynamics-gp/simulator/index.ts');
  const sim = await startGpSimulator({
    port: options.port,
    seed: options.seed ?? 1,
    rows: options.rows ?? 1000,
    faults: rules,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const { domain, user, password } = sim.credentials;
  return {
    system: 'gp',
    url: sim.url,
    port: sim.port,
    banner: [
      `Dynamics GP simulator at ${sim.url}/GPService/Tenants(${sim.tenant})/Companies(${sim.company})/`,
      `  user ${domain}\\${user}, password ${password} (NTLM, Negotiate or Basic)`,
      ...(sim.caCert === undefined ? [] : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  control totals: ${sim.url}/__sim/control-totals`,
      ...(rules.length > 0 ? [`  faults: ${describeRules(rules)}`] : []),
    ],
    secrets: { gp_password: password },
    address: { baseUrl: sim.url, tenant: sim.tenant, company: sim.company },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => ({ httpRequests: sim.stats.requests, faults: Object.values(sim.stats.faults).reduce((sum, n) => sum + n, 0) }),
    controlTotals: () => Promise.resolve(sim.controlTotals()),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}

async function startBamboo(options: SimulatorStartOptions & { port: number }, rules: readonly FaultRule[]): Promise<SimulatorHandle> {
  const { startBambooSimulator } = await import('./bamboohr/simulator/index.ts');
  const sim = await startBambooSimulator({
    port: options.port,
    seed: options.seed ?? 1,
    rows: options.rows ?? 1000,
    faults: rules,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  for (const uri of options.redirectUris ?? []) sim.auth.registerRedirectUri(uri);
  // A refresh token as if the demo user had signed in (`ml-connector connect` gets one the real way).
  const refreshToken = sim.auth.issueRefreshToken();
  const { apiKey, app } = sim.credentials;
  return {
    system: 'bamboohr',
    url: sim.url,
    port: sim.port,
    banner: [
      `BambooHR simulator for company "${sim.companyDomain}" at ${sim.apiBase}/`,
      `  API key ${apiKey} (HTTP Basic, password x)`,
      ...(sim.caCert === undefined ? [] : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  OAuth: client id ${app.clientId}, client secret ${app.clientSecret}, token ${sim.tokenUrl}, authorize ${sim.url}/authorize.php`,
      `  a demo refresh token: ${refreshToken}`,
      `  control totals: ${sim.url}/__sim/control-totals`,
      ...(rules.length > 0 ? [`  faults: ${describeRules(rules)}`] : []),
    ],
    secrets: { bamboohr_api_key: apiKey, bamboohr_client_secret: app.clientSecret, bamboohr_refresh_token: refreshToken },
    address: { companyDomain: sim.companyDomain, apiBase: sim.apiBase, tokenUrl: sim.tokenUrl, authorizeUrl: `${sim.url}/authorize.php` },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => ({ httpRequests: sim.stats.requests, faults: Object.values(sim.stats.faults).reduce((sum, n) => sum + n, 0) }),
    controlTotals: () => Promise.resolve(sim.store.controlTotals()),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}

async function startDatabricks(options: SimulatorStartOptions & { port: number }, rules: readonly FaultRule[]): Promise<SimulatorHandle> {
  refuse('databricks', rules, ['500', 'reset', 'slow', 'expire']);
  if (options.rows !== undefined) throw new KitError('CONFIG_INVALID', 'the databricks simulator starts with empty catalogs; --rows is for source systems');
  const decide = faultPlan(rules, options.seed ?? 1);
  const rateFaults = drawnFaults(decide, options.retryAfterSeconds ?? 1);
  const { startDatabricksSimulator } = await import('./databricks/simulator/index.ts');
  const sim = await startDatabricksSimulator({ port: options.port, faults: rateFaults.faults });
  const { token, clientId, clientSecret } = sim.credentials;
  return {
    system: 'databricks',
    url: sim.baseUrl,
    port: sim.port,
    banner: [
      `Databricks simulator at ${sim.baseUrl} (HTTPS; trust its CA certificate, see below)`,
      `  SQL warehouse: host ${sim.host}, port ${sim.port}, http path ${sim.httpPath}`,
      `  personal access token ${token}`,
      `  OAuth M2M client id ${clientId}, client secret ${clientSecret}`,
      `  jobs: job 1 (runs end in SUCCESS); control totals: ${sim.baseUrl}/__sim/control-totals`,
      ...(rules.length > 0 ? [`  faults: ${describeRules(rules)}`] : []),
    ],
    secrets: { databricks_token: token, databricks_client_secret: clientSecret },
    address: { host: sim.host, port: sim.port, httpPath: sim.httpPath },
    caCert: sim.caCert,
    stats: () => ({
      // Every Thrift call is one HTTP POST; REST calls (token, jobs) are few and counted apart by the simulator.
      httpRequests: sim.rpcLog.length,
      // Counted by the warehouse: statements that reached it (not those a cold start turned away).
      sqlStatements: sim.counters.statements,
      copyInto: sim.counters.copy.copyInto,
      stagedFilesLoaded: sim.counters.copy.filesLoaded,
      maxParameters: sim.counters.maxParameters,
      refusedForParameters: sim.counters.refusedForParameters,
      faults: rateFaults.count(),
    }),
    controlTotals: () => sim.controlTotals(),
    close: () => sim.close(),
  };
}

/**
 * The Databricks simulator's faults are counters ("the next N calls fail"); a rate is played on them by
 * drawing once per call: reading a counter draws, and the simulator's decrement consumes the draw.
 */
function drawnFaults(decide: ReturnType<typeof faultPlan>, retryAfterSeconds: number) {
  let rpcPending = 0;
  let restPending = 0;
  let count = 0;
  const draw = (kind: '503' | '429'): number => {
    const fault = decide();
    if (fault.kind !== kind) return 0;
    count += 1;
    return 1;
  };
  const faults = {
    get coldStartRpcs(): number {
      if (rpcPending === 0) rpcPending = draw('503');
      return rpcPending;
    },
    set coldStartRpcs(value: number) {
      rpcPending = Math.max(0, value);
    },
    get throttleRest(): { count: number; retryAfterSeconds: number } | undefined {
      if (restPending === 0) restPending = draw('429');
      const holder = { retryAfterSeconds, get count() { return restPending; }, set count(value: number) { restPending = Math.max(0, value); } };
      return restPending > 0 ? holder : undefined;
    },
  };
  return { faults, count: () => count };
}

function refuse(system: string, rules: readonly FaultRule[], unsupported: readonly string[]): void {
  const bad = rules.filter((rule) => unsupported.includes(rule.kind) && rule.rate > 0);
  if (bad.length > 0) throw new KitError('FAULT_SPEC_INVALID', `faults spec: the ${system} simulator does not inject ${bad.map((rule) => rule.kind).join(', ')} yet`);
}

function describeRules(rules: readonly FaultRule[]): string {
  return rules.map((rule) => `${rule.kind} on ${Math.round(rule.rate * 1000) / 10}% of requests`).join(', ');
}
