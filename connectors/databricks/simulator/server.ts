/**
 * A local Databricks workspace for tests and the `simulate databricks` command: HTTPS with a
 * certificate its own CA signs at start, the SQL warehouse's Thrift endpoint the unmodified `@databricks/sql`
 * driver talks to, OAuth M2M, Jobs, and `GET /__sim/control-totals` (databricks.md section 9).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeSimulatorTls } from '../../kit/simulator/certificate.ts';
import { closeServer } from '../../kit/simulator/server.ts';
import { JobsService, type JobsOptions } from './jobs.ts';
import { OAuthIssuer, type TokenOptions } from './oauth.ts';
import { PARAMETER_LIMIT, readThriftCall, tooManyParameters } from './parameter-limit.ts';
import { concurrentAppend, SimSqlError } from './sql-errors.ts';
import { coldPhase, takeOne, temporarilyUnavailable, throttledTokenRequest, type WorkspaceFaults } from './faults.ts';
import { filesApi, isFilesApi, isPresignedUpload, presignedUpload, type HttpAnswer } from './files-api.ts';
import { demoVendorStatements } from './demo-vendors.ts';
import { createTcliHandler } from './thrift-service.ts';
import { TCLIService, thrift } from './thrift-runtime.ts';
import type { CopyCounters } from './volume-statements.ts';
import type { SimVolumes, VolumeCounters } from './volumes.ts';
import { SimWarehouse, type TableTotals } from './warehouse.ts';

/** Faults to inject; the object stays live, so a test may change it while the simulator runs. */
export interface DatabricksFaults extends WorkspaceFaults {
  /** The next N Thrift calls answer 503 TEMPORARILY_UNAVAILABLE, as a warehouse that is starting (section 6). */
  coldStartRpcs?: number;
  /** The next N MERGE statements fail with DELTA_CONCURRENT_APPEND (SQLSTATE 2D521). */
  mergeConflicts?: number;
  /** The next N REST calls (Jobs, token) answer 429 with this Retry-After in seconds. */
  throttleRest?: { count: number; retryAfterSeconds: number };
  /**
   * The next `count` statements whose text matches fail for good (an error no retry mends), as if the
   * process stopped there: for crash tests of the steps of a write.
   */
  failStatements?: { match: RegExp; count: number };
  /** The next N Files API deletions are refused (403). */
  failDeletes?: number;
}

export interface DatabricksCounters {
  /** SQL statements that reached the warehouse (ExecuteStatement calls not turned away by a cold start), refused ones included. */
  statements: number;
  /** The most parameters one statement carried. */
  maxParameters: number;
  /** Statements refused for carrying more than 256 parameters. */
  refusedForParameters: number;
  /** COPY INTO statements and the files they loaded or skipped. */
  readonly copy: CopyCounters;
  /** Staging PUTs, uploads (presigned or Files API) and deletions in Volumes. */
  readonly volumes: VolumeCounters;
}

export interface DatabricksSimulatorOptions {
  readonly port?: number;
  readonly faults?: DatabricksFaults;
  readonly tokens?: TokenOptions;
  readonly jobs?: JobsOptions['jobs'];
  readonly jobsEndedWhenFirstRead?: JobsOptions['endedWhenFirstRead'];
  /** Unity Catalog catalogs that exist at start (each with a `default` schema). */
  readonly catalogs?: readonly string[];
  /** Vendors to hold at start in `main.finance.vendor_attributes` (demo-vendors.ts), for reading from it. */
  readonly vendors?: number;
}

export interface DatabricksSimulator {
  readonly host: string;
  readonly port: number;
  readonly httpPath: string;
  /** `https://host:port`, for REST calls. */
  readonly baseUrl: string;
  /** PEM: trust it as the CA (`customCaCert` for the driver, `ca` for Node HTTPS clients). */
  readonly caCert: string;
  readonly credentials: { readonly token: string; readonly clientId: string; readonly clientSecret: string };
  readonly faults: DatabricksFaults;
  readonly jobs: JobsService;
  /** Thrift method names in the order received, for tests. */
  readonly rpcLog: string[];
  /** What the warehouse was asked to do, for tests and the benchmark. */
  readonly counters: DatabricksCounters;
  /** Unity Catalog Volumes; `volumes.presignedUrls = false` makes PUT refuse as a workspace without presigned URLs does. */
  readonly volumes: SimVolumes;
  /** OAuth access tokens issued by `/oidc/v1/token` so far. */
  readonly oauthTokensIssued: number;
  controlTotals(): Promise<Record<string, TableTotals>>;
  close(): Promise<void>;
}

export async function startDatabricksSimulator(options: DatabricksSimulatorOptions = {}): Promise<DatabricksSimulator> {
  const certificate = makeSimulatorTls('databricks');
  const warehouse = await SimWarehouse.open(options.catalogs ?? ['main']);
  if (options.vendors !== undefined && options.vendors > 0) {
    const seeding = await warehouse.openSession();
    try {
      for (const statement of demoVendorStatements(options.vendors)) await seeding.execute(statement);
    } finally {
      seeding.close();
    }
  }
  const faults: DatabricksFaults = options.faults ?? {};
  const credentials = {
    token: `dapi${randomBytes(16).toString('hex')}`,
    clientId: `sim-sp-${randomBytes(4).toString('hex')}`,
    clientSecret: `dose${randomBytes(16).toString('hex')}`,
  };
  const issuer = new OAuthIssuer(credentials, options.tokens);
  const jobs = new JobsService(
    {
      ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
      ...(options.jobsEndedWhenFirstRead === undefined ? {} : { endedWhenFirstRead: options.jobsEndedWhenFirstRead }),
    },
    () => baseUrl,
  );
  const warehouseId = 'sim0000000000001';
  const httpPath = `/sql/1.0/warehouses/${warehouseId}`;
  const rpcLog: string[] = [];
  const counters: DatabricksCounters = {
    statements: 0,
    maxParameters: 0,
    refusedForParameters: 0,
    copy: warehouse.copyCounters,
    volumes: warehouse.volumes.counters,
  };
  const handler = createTcliHandler(
    warehouse,
    {
      beforeStatement(kind, sql) {
        const failing = faults.failStatements;
        if (failing !== undefined && failing.count > 0 && failing.match.test(sql)) {
          failing.count -= 1;
          throw new SimSqlError('INTERNAL_ERROR', 'XX000', 'Injected failure: the statement did not run.', 'analysis');
        }
        if (kind === 'merge' && (faults.mergeConflicts ?? 0) > 0) {
          faults.mergeConflicts = (faults.mergeConflicts ?? 0) - 1;
          throw concurrentAppend();
        }
      },
    },
    faults,
  );
  const processor = new TCLIService.Processor(handler);
  let baseUrl = '';

  /**
   * Why a call's bearer is refused, as a workspace answers (section 7.2; the words from public reports of
   * real workspaces): no credential 401; a token it does not know (mistyped, revoked) 403 with "Invalid
   * access token." in the body and the `X-Databricks-Reason-Phrase` header. An OAuth token of its own that
   * expired is 401 here (what a workspace answers then is unconfirmed). Undefined: the call may go on.
   */
  const refusal = (req: IncomingMessage): { status: number; message: string } | undefined => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined)
      return { status: 401, message: 'Credential was not sent or was of an unsupported type for this API.' };
    if (bearer === credentials.token || issuer.accepts(bearer)) return undefined;
    if (issuer.issuedExpired(bearer)) return { status: 401, message: 'Token is expired.' };
    return { status: 403, message: 'Invalid access token.' };
  };

  const thriftCall = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const call = readThriftCall(body);
    rpcLog.push(call.method);
    if ((faults.coldStartRpcs ?? 0) > 0) {
      faults.coldStartRpcs = (faults.coldStartRpcs ?? 0) - 1;
      res.writeHead(503, {
        'x-thriftserver-error-message': `TEMPORARILY_UNAVAILABLE: Cluster ${warehouseId} is temporarily unavailable`,
      });
      res.end();
      return;
    }
    if (coldPhase(faults) === 'unavailable') {
      const answer = temporarilyUnavailable(warehouseId);
      res.writeHead(answer.status, answer.headers);
      res.end();
      return;
    }
    if (call.parameters !== undefined) {
      counters.statements += 1;
      counters.maxParameters = Math.max(counters.maxParameters, call.parameters);
      if (call.parameters > PARAMETER_LIMIT) {
        // Refused before it runs, as an HTTP status with the reason in a header (parameter-limit.ts).
        counters.refusedForParameters += 1;
        const message = tooManyParameters(call.parameters);
        res.writeHead(400, { 'content-type': 'text/plain', 'x-thriftserver-error-message': message });
        res.end(message);
        return;
      }
    }
    res.writeHead(200, { 'content-type': 'application/x-thrift' });
    thrift.TBufferedTransport.receiver((transport) => {
      const output = new thrift.TBinaryProtocol(new thrift.TBufferedTransport(undefined, (buffer) => res.end(buffer)));
      processor.process(new thrift.TBinaryProtocol(transport), output);
    })(body);
  };

  const route = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'GET' && url.pathname === '/__sim/control-totals')
      return json(200, await warehouse.controlTotals());
    if (req.method === 'GET' && url.pathname === '/oidc/.well-known/oauth-authorization-server')
      return json(200, issuer.discovery(baseUrl));
    const throttle = faults.throttleRest;
    if (url.pathname.startsWith('/api/') || url.pathname === '/oidc/v1/token') {
      if (throttle !== undefined && throttle.count > 0) {
        throttle.count -= 1;
        return json(
          429,
          { error_code: 'TOO_MANY_REQUESTS', message: 'Too many requests.' },
          { 'retry-after': String(throttle.retryAfterSeconds) },
        );
      }
    }
    if (req.method === 'POST' && url.pathname === '/oidc/v1/token') {
      if (takeOne(faults, 'throttleTokenRequests')) {
        const throttled = throttledTokenRequest();
        return json(throttled.status, throttled.body);
      }
      const reply = issuer.token(req.headers.authorization, new URLSearchParams(body.toString('utf8')));
      return json(reply.status, reply.body);
    }
    if (req.method === 'POST' && url.pathname === httpPath) {
      // Auth failures are plain HTTP statuses on the Thrift path (section 7.2).
      const refused = refusal(req);
      if (refused !== undefined)
        return json(
          refused.status,
          { error_code: refused.status, message: refused.message },
          { 'x-databricks-reason-phrase': refused.message },
        );
      return thriftCall(req, res, body);
    }
    const answer = (reply: HttpAnswer): void => {
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    };
    if (isPresignedUpload(warehouse.volumes, req, url))
      return answer(presignedUpload(warehouse.volumes, req, url, body));
    if (isFilesApi(url)) {
      const refused = refusal(req);
      if (refused !== undefined)
        return json(
          refused.status,
          { error_code: refused.status, message: refused.message },
          { 'x-databricks-reason-phrase': refused.message },
        );
      return answer(filesApi(warehouse.volumes, req, url, body, faults));
    }
    if (url.pathname.startsWith('/api/2.1/jobs/')) {
      const refused = refusal(req);
      if (refused !== undefined)
        return json(
          refused.status,
          { error_code: refused.status, message: refused.message },
          { 'x-databricks-reason-phrase': refused.message },
        );
      if (req.method === 'POST' && url.pathname === '/api/2.1/jobs/run-now') {
        const reply = jobs.runNow(parseJson(body));
        return json(reply.status, reply.body);
      }
      if (req.method === 'GET' && url.pathname === '/api/2.1/jobs/runs/get') {
        const reply = jobs.getRun(url.searchParams.get('run_id'));
        return json(reply.status, reply.body);
      }
    }
    // Telemetry and feature-flag calls included: the simulator has nothing there (section 7.16).
    return json(404, {
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `No API found for '${req.method ?? ''} ${url.pathname}'`,
    });
  };

  const server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      route(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error_code: 'INTERNAL_ERROR',
            message: error instanceof Error ? error.message : String(error),
          }),
        );
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // An IP, not `localhost`, which may resolve to ::1 first while the server listens on IPv4 loopback.
  const host = '127.0.0.1';
  baseUrl = `https://${host}:${port}`;
  warehouse.volumes.baseUrl = baseUrl;

  return {
    host,
    port,
    httpPath,
    baseUrl,
    caCert: certificate.caCert,
    credentials,
    faults,
    jobs,
    rpcLog,
    counters,
    volumes: warehouse.volumes,
    get oauthTokensIssued() {
      return issuer.issued;
    },
    controlTotals: () => warehouse.controlTotals(),
    async close() {
      await closeServer(server);
      (handler as { closeAll(): void }).closeAll();
      warehouse.close();
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
