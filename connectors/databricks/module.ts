/**
 * Databricks as the registry sees it: Unity Catalog tables written through a SQL warehouse, optionally
 * starting a job after a load, and tables or queries read from it (a stream names its own in
 * `source.options`: source-config.ts). The `@databricks/sql` driver loads only when a source or
 * destination is opened or a connection tested, never for listing.
 */
import { ping } from '../kit/descriptor.ts';
import { CA_CERT_FILE_PART } from '../kit/descriptor.ts';
import { KitError } from '../kit/errors.ts';
import type { ConnectorModule } from '../kit/module/module.ts';
import {
  addressPort,
  addressText,
  caCertPart,
  optionalText,
  UnsupportedConnectionError,
  type ConnectionContext,
} from '../kit/module/connection-parts.ts';
import { describeFaultRules, type SimulatorHandle } from '../kit/module/simulator-handle.ts';
import { faultPlan, parseFaultSpec, type FaultRule } from '../kit/simulator/faults.ts';
import type { DatabricksDestinationOptions } from './destination.ts';
import type { DatabricksConnectionOptions } from './sql-client.ts';
import { databricksStreams } from './source-config.ts';

/** The CA file `simulate databricks` writes and the examples name in `caCertFile`. */
export const DATABRICKS_SIMULATOR_CA_FILE = 'databricks-simulator-ca.pem';

/**
 * Databricks: host, port, httpPath; a personal access token or OAuth M2M; `address.caCertFile` for a
 * workspace reached through a proxy that re-signs HTTPS (or the simulator); `address.warehouseStartMinutes`,
 * how long a stopped SQL warehouse is given to start (default 10); `address.stagingVolume`, the Unity
 * Catalog Volume batches are staged in (catalog.schema.volume, or none); `address.jobPollSeconds`, the pause
 * between two polls of an after-load job's run (default 10).
 */
export async function databricksOptions(context: ConnectionContext): Promise<DatabricksDestinationOptions> {
  const { auth } = context.connection;
  const trust = caCertPart(context);
  let credentials: DatabricksConnectionOptions['auth'];
  if (auth.method === 'personal-access-token')
    credentials = { kind: 'pat', token: await context.resolveSecret(auth.secret), secretName: auth.secret };
  else if (auth.method === 'oauth2-client-credentials') {
    credentials = {
      kind: 'oauth-m2m',
      clientId: auth.clientId,
      clientSecret: await context.resolveSecret(auth.secret),
      secretName: auth.secret,
    };
  } else {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.auth.method: Databricks signs in with personal-access-token or oauth2-client-credentials, not ${auth.method}`,
    );
  }
  const port = addressPort(context, 'port');
  return {
    host: addressText(context, 'host'),
    ...(port === undefined ? {} : { port }),
    httpPath: addressText(context, 'httpPath'),
    auth: credentials,
    ...trust,
    ...warehouseStartPart(context),
    ...stagingVolumePart(context),
    ...jobPollPart(context),
  };
}

/**
 * Seconds between two `runs/get` of a job started after a load (default 10). The simulator's job runs
 * move one life-cycle state per poll, so a workspace pointed at it polls with no pause (0).
 */
function jobPollPart(context: ConnectionContext): { readonly jobs?: { readonly intervalMs: number } } {
  const value = context.connection.address['jobPollSeconds'];
  if (value === undefined || value === '') return {};
  const seconds = Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.jobPollSeconds: seconds between two questions about a job run's state, from 0 to 3600, not ${String(value)}`,
    );
  }
  return { jobs: { intervalMs: Math.round(seconds * 1000) } };
}

/** `catalog.schema.volume`, or `none` (no staging: rows as statement parameters, slow). */
function stagingVolumePart(context: ConnectionContext): { readonly stagingVolume?: string } {
  const value = optionalText(context, 'stagingVolume');
  if (value === undefined) return {};
  if (
    value.toLowerCase() !== 'none' &&
    (value.split('.').length !== 3 || value.split('.').some((part) => part.trim() === ''))
  ) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.stagingVolume: name a Unity Catalog volume as catalog.schema.volume (or none), not ${value}`,
    );
  }
  return { stagingVolume: value };
}

/** Minutes, as the connection gives them; a classic warehouse takes about five to start. */
function warehouseStartPart(context: ConnectionContext): { readonly warehouseStartMs?: number } {
  const value = context.connection.address['warehouseStartMinutes'];
  if (value === undefined || value === '') return {};
  const minutes = Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(minutes) || minutes <= 0 || minutes > 120) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.warehouseStartMinutes: how many minutes a stopped SQL warehouse is given to start, more than 0 and at most 120, not ${String(value)}`,
    );
  }
  return { warehouseStartMs: Math.round(minutes * 60_000) };
}

export const databricksModule: ConnectorModule<DatabricksDestinationOptions> = {
  descriptor: {
    id: 'databricks',
    label: 'Databricks SQL warehouse',
    description:
      'Unity Catalog tables written through a Databricks SQL warehouse (merge, append or replace), optionally starting a job after a load; ' +
      'and, as a source, tables or SELECT queries read incrementally by a cursor column (each stream names its own in source.options: table or query).',
    roles: ['source', 'destination'],
    addressParts: [
      {
        name: 'host',
        label: 'Workspace host',
        kind: 'host',
        required: true,
        description: 'The workspace host name, e.g. adb-1234567890123456.7.azuredatabricks.net.',
        example: '127.0.0.1',
      },
      {
        name: 'port',
        label: 'Port',
        kind: 'port',
        required: false,
        description: '443 unless your workspace says otherwise.',
        example: '47007',
      },
      {
        name: 'httpPath',
        label: 'HTTP path',
        kind: 'text',
        required: true,
        description: "The SQL warehouse's HTTP path, from its Connection details tab.",
        example: '/sql/1.0/warehouses/sim0000000000001',
      },
      {
        name: 'warehouseStartMinutes',
        label: 'Warehouse start wait (minutes)',
        kind: 'text',
        required: false,
        description:
          'How long a stopped SQL warehouse is given to start before the run gives up; 10 unless set. A classic warehouse takes about five minutes, a serverless one under a minute.',
        example: '10',
      },
      {
        name: 'stagingVolume',
        label: 'Staging volume',
        kind: 'text',
        required: false,
        description:
          'The Unity Catalog volume each batch is uploaded to as a Parquet file before COPY INTO, as catalog.schema.volume (needs READ VOLUME and WRITE VOLUME). Unless set, ml_connector_staging in each target table\'s schema, created on the first load (needs CREATE VOLUME there). "none" sends rows in SQL statements instead: slow, for workspaces without volumes.',
        example: 'main.finance.ml_connector_staging',
      },
      {
        name: 'jobPollSeconds',
        label: 'Job poll interval (seconds)',
        kind: 'text',
        required: false,
        description:
          'How often a job started after a load (afterLoad with wait) is asked for its state; 10 unless set.',
        example: '10',
      },
      CA_CERT_FILE_PART,
    ],
    authMethods: [
      { method: 'personal-access-token', secrets: ['Personal access token'] },
      { method: 'oauth2-client-credentials', secrets: ['OAuth client secret'] },
    ],
    streams: [],
    connectionTest: 'Sign in and run SELECT 1 on the SQL warehouse',
    simulator: {
      name: 'databricks',
      defaultPort: 47007,
      example: 'HTTPS from a CA made at start; prints the access token and the OAuth client.',
    },
    afterLoad: 'Databricks',
  },
  config: databricksOptions,
  openSource: async (context, options) =>
    (await import('./source.ts')).openDatabricksSource({ ...options, streams: databricksStreams(context) }),
  openDestination: async (_context, options) => (await import('./destination.ts')).openDatabricksDestination(options),
  testConnection: (options) =>
    ping(async () => {
      const { DatabricksSql } = await import('./sql-client.ts');
      const { asSourceError } = await import('./source.ts');
      const sql = new DatabricksSql({ ...options, retry: { maxAttempts: 1 } });
      try {
        // A refused token is AUTH_FAILED, the word every connection test uses for it (sign-in shows "refused").
        await sql.query('SELECT 1 AS ok').catch((error: unknown) => Promise.reject(asSourceError(error)));
        return `signed in to ${options.host}:${options.port ?? 443}${options.httpPath}; SELECT 1 answered`;
      } finally {
        await sql.close();
      }
    }),
  startSimulator: startDatabricks,
  pointAtSimulator: (address, simulator, caCertFile) => {
    const { host, port, httpPath } = simulator.address ?? {};
    return {
      ...address,
      host: String(host),
      port: Number(port),
      httpPath: String(httpPath),
      caCertFile: `./${caCertFile}`,
      // Its job runs move one state per poll: no pause between polls, so a run into it never sleeps.
      jobPollSeconds: 0,
    };
  },
};

async function startDatabricks(
  options: Parameters<NonNullable<ConnectorModule['startSimulator']>>[0],
): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  refuse(rules, ['500', 'reset', 'slow', 'expire']);
  const decide = faultPlan(rules, options.seed ?? 1);
  const rateFaults = drawnFaults(decide, options.retryAfterSeconds ?? 1);
  const { startDatabricksSimulator, DEMO_VENDOR_TABLE } = await import('./simulator/index.ts');
  // --rows: vendors to read from (the source's demo table); without it the catalogs start empty.
  const sim = await startDatabricksSimulator({
    port: options.port,
    faults: rateFaults.faults,
    ...(options.rows === undefined ? {} : { vendors: options.rows }),
  });
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
      ...(options.rows === undefined ? [] : [`  ${options.rows} vendors to read in ${DEMO_VENDOR_TABLE}`]),
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
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
      const holder = {
        retryAfterSeconds,
        get count() {
          return restPending;
        },
        set count(value: number) {
          restPending = Math.max(0, value);
        },
      };
      return restPending > 0 ? holder : undefined;
    },
  };
  return { faults, count: () => count };
}

function refuse(rules: readonly FaultRule[], unsupported: readonly string[]): void {
  const bad = rules.filter((rule) => unsupported.includes(rule.kind) && rule.rate > 0);
  if (bad.length > 0)
    throw new KitError(
      'FAULT_SPEC_INVALID',
      `faults spec: the databricks simulator does not inject ${bad.map((rule) => rule.kind).join(', ')} yet`,
    );
}
