/**
 * The kit's source conformance run against the Databricks simulator, started as `simulate databricks`
 * starts it, through the real @databricks/sql driver: check, wrong token, discover, a full read equal to
 * the warehouse's control totals (DECIMAL(38,6) values a double cannot hold), an incremental read of
 * exactly the rows whose cursor `advance` moved, and the same with 10% of warehouse calls answered 503.
 * The simulator has no 429, 500 or reset on its Thrift path (module.ts), so the faulted run meets 503s.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Source } from '../../engine/model/io.ts';
import type { ConnectorDescriptor } from '../kit/descriptor.ts';
import type { SimulatorHandle } from '../kit/module/simulator-handle.ts';
import { FAULT_KINDS, type FaultKind } from '../kit/simulator/faults.ts';
import { describeSourceConformance, type SourceUnderTest } from '../kit/testing/conformance.ts';
import { databricksModule } from './module.ts';
import { openDatabricksSource } from './source.ts';
import type { DatabricksStreamDefinition } from './source-streams.ts';
import { DatabricksSql, type DatabricksConnectionOptions } from './sql-client.ts';
import { VENDOR_TABLE, VendorEdits } from './test-source-support.ts';

const ROWS = 60;
const STREAM: DatabricksStreamDefinition = {
  entity: 'vendor_attributes',
  table: VENDOR_TABLE,
  key: ['vendor_id'],
  cursor: 'changed_at',
};

/** The module's descriptor as the kit's check reads it, with the stream this pipeline configures. */
const descriptor: ConnectorDescriptor = {
  id: databricksModule.descriptor.id,
  label: databricksModule.descriptor.label,
  description: databricksModule.descriptor.description,
  // The kit's auth kinds have no personal access token: it is a bearer API key.
  authKinds: ['api-key'],
  addressParts: databricksModule.descriptor.addressParts,
  secrets: { 'api-key': [{ name: 'secret', label: 'Personal access token' }] },
  streams: [
    {
      entity: 'vendor_attributes',
      label: VENDOR_TABLE,
      key: STREAM.key,
      cursorField: 'changed_at',
      fields: [
        { name: 'vendor_id', type: 'string' },
        { name: 'vendor_name', type: 'string' },
        { name: 'parent_vendor_id', type: 'string' },
        { name: 'classification', type: 'string' },
        { name: 'payment_terms_days', type: 'integer' },
        { name: 'credit_limit', type: 'decimal' },
        { name: 'valid_from', type: 'date' },
        { name: 'changed_at', type: 'timestamp' },
      ],
    },
  ],
  connectionTest: { label: databricksModule.descriptor.connectionTest },
};

/**
 * The warehouse's control totals under the stream's name, over plain HTTP on loopback: the kit's harness
 * asks without the simulator's CA, and names totals by entity, while the warehouse names them by table.
 */
async function controlTotalsRelay(handle: SimulatorHandle): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    void (async () => {
      const totals = ((await handle.controlTotals?.()) ?? {}) as Record<string, unknown>;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ vendor_attributes: totals[VENDOR_TABLE] }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function start(faults?: string): Promise<SourceUnderTest> {
  const startSimulator = databricksModule.startSimulator;
  if (startSimulator === undefined) throw new Error('databricks has no simulator');
  // Seeded as `simulate databricks --rows 60` seeds it.
  const handle = await startSimulator({ port: 0, seed: 11, rows: ROWS, ...(faults === undefined ? {} : { faults }) });
  const { host, port, httpPath } = handle.address ?? {};
  const connection = (token: string): DatabricksConnectionOptions => ({
    host: String(host),
    port: Number(port),
    httpPath: String(httpPath),
    caCert: String(handle.caCert),
    auth: { kind: 'pat', token, secretName: 'databricks_token' },
  });
  const token = String(handle.secrets?.['databricks_token']);
  const admin = new DatabricksSql({ ...connection(token), retry: { sleep: async () => {} } });
  const edits = new VendorEdits(admin, ROWS);
  const relay = await controlTotalsRelay(handle);
  // Closed with the simulator: a session closed after it stopped would be retried by the driver for minutes.
  const sources: Source[] = [];
  const track = (source: Source): Source => {
    sources.push(source);
    return source;
  };
  return {
    descriptor,
    simulatorUrl: relay.url,
    open: ({ password, retry }) =>
      // The kit's advance() is synchronous; the warehouse's UPDATE is not: every read waits for it first.
      afterEdits(
        track(
          openDatabricksSource({
            ...connection(password ?? token),
            retry: retry === false ? { maxAttempts: 1 } : { ...retry },
            streams: [STREAM],
          }),
        ),
        edits,
      ),
    check: (options) => databricksModule.testConnection(connection(options?.password ?? token)),
    advance: (n) => edits.advance(n),
    requests: () => Number(handle.stats?.().httpRequests ?? 0),
    faults: () => {
      const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
      counts['503'] = Number(handle.stats?.().faults ?? 0);
      return counts;
    },
    close: async () => {
      await Promise.all(sources.map((source) => source.close()));
      await admin.close();
      await new Promise((resolve) => relay.server.close(resolve));
      await handle.close();
    },
  };
}

function afterEdits(source: Source, edits: VendorEdits): Source {
  return {
    orderedByCursor: source.orderedByCursor,
    discover: async () => {
      await edits.settled();
      return source.discover();
    },
    read: async function* (request) {
      await edits.settled();
      yield* source.read(request);
    },
    close: () => source.close(),
  };
}

describeSourceConformance({
  name: 'Databricks',
  start: ({ faults }) => start(faults === undefined ? undefined : '503:0.1'),
  pageSize: 7,
  maxSignInRequests: 1,
  expectFaults: ['503'],
});
