/**
 * PeopleSoft as the registry sees it: a source over Query Access Services and a destination for vendor and
 * customer reference data through the site's CIRT operations (README "Destination"), both signed in with HTTP Basic
 * (an OPRID) or OAuth2 client credentials against the customer's identity provider. The descriptor is
 * data; the client, source and simulator load on first use.
 */
import type { ConnectorModule } from '../kit/module/module.ts';
import {
  addressText,
  caCertPart,
  optionalText,
  UnsupportedConnectionError,
  type ConnectionContext,
} from '../kit/module/connection-parts.ts';
import { describeFaultRules, httpSimulatorStats, type SimulatorHandle } from '../kit/module/simulator-handle.ts';
import { parseFaultSpec } from '../kit/simulator/faults.ts';
import {
  DEFAULTS,
  documentParts,
  QUERY_PARTS,
  STREAM_NAMES,
  type PsftAuth,
  type PsftConnectionConfig,
  type PsftStreamName,
} from './config.ts';
import { cirtTargets } from './cirt-parts.ts';
import { type DocumentOperation, documentTemplateProblem } from './document.ts';
import { PSFT_DEFAULT_PORT, psftConnectorDescriptor as psft } from './descriptor.ts';

function whole(context: ConnectionContext, part: string, fallback: number, max: number): number {
  const text = optionalText(context, part);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.${part}: a whole number from 1 to ${max}, not ${text}`,
    );
  return value;
}

export function psftConfig(context: ConnectionContext): PsftConnectionConfig {
  const { auth: given } = context.connection;
  const where = `connections.${context.name}`;
  let auth: PsftAuth;
  if (given.method === 'basic') auth = { kind: 'basic', oprid: given.username, passwordSecret: given.secret };
  else if (given.method === 'oauth2-client-credentials') {
    if (given.tokenUrl === undefined)
      throw new UnsupportedConnectionError(
        `${where}.auth.tokenUrl: give your identity provider's token endpoint (PeopleSoft does not issue tokens; it only checks them)`,
      );
    auth = {
      kind: 'oauth2',
      clientId: given.clientId,
      clientSecretSecret: given.secret,
      tokenUrl: given.tokenUrl,
      ...(given.scope === undefined ? {} : { scope: given.scope }),
    };
  } else
    throw new UnsupportedConnectionError(
      `${where}.auth.method: PeopleSoft signs in with basic (an OPRID and its password) or oauth2-client-credentials (PeopleTools 8.58+), not ${given.method}`,
    );
  const baseUrl = addressText(context, 'baseUrl').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/i.test(baseUrl))
    throw new UnsupportedConnectionError(
      `${where}.address.baseUrl: give scheme, host and port of the PeopleSoft web server, e.g. https://psft.example.com:8443, without a path`,
    );
  const node = addressText(context, 'node');
  if (!/^[A-Za-z0-9_]+$/.test(node))
    throw new UnsupportedConnectionError(
      `${where}.address.node: a node name is letters, digits and underscores (e.g. PSFT_EP), not ${node}`,
    );
  const historyStart = optionalText(context, 'historyStart') ?? DEFAULTS.historyStart;
  if (!/^\d{4}-\d\d-\d\d$/.test(historyStart) || historyStart < '1900-01-02')
    throw new UnsupportedConnectionError(
      `${where}.address.historyStart: a day after 1900-01-01 as YYYY-MM-DD, not ${historyStart}`,
    );
  const keyPrompt = optionalText(context, 'keyPrompt');
  if (keyPrompt !== undefined && !/^[A-Za-z0-9_]+$/.test(keyPrompt))
    throw new UnsupportedConnectionError(
      `${where}.address.keyPrompt: a prompt's unique name is letters, digits and underscores, not ${keyPrompt}`,
    );
  const queryMode = optionalText(context, 'queryMode') ?? DEFAULTS.queryMode;
  if (queryMode !== 'execute' && queryMode !== 'poll')
    throw new UnsupportedConnectionError(
      `${where}.address.queryMode: execute (one ExecuteQuery per window) or poll (the poll variant for long queries: Process Scheduler, status, result blocks), not ${queryMode}`,
    );
  const documents: Partial<Record<PsftStreamName, DocumentOperation>> = {};
  for (const stream of STREAM_NAMES) {
    const parts = documentParts(stream);
    const template = optionalText(context, parts.template);
    const root = optionalText(context, parts.root);
    if (template === undefined && root === undefined) continue;
    if (template === undefined || root === undefined)
      throw new UnsupportedConnectionError(
        `${where}.address.${template === undefined ? parts.template : parts.root}: a document operation needs both its URL template (${parts.template}) and its document's name (${parts.root})`,
      );
    const problem = documentTemplateProblem(template);
    if (problem !== undefined)
      throw new UnsupportedConnectionError(`${where}.address.${parts.template}: the template ${problem}`);
    documents[stream] = { template, root };
  }
  const queries = Object.fromEntries(
    STREAM_NAMES.map((stream) => [
      stream,
      optionalText(context, QUERY_PARTS[stream].part) ?? QUERY_PARTS[stream].default,
    ]),
  ) as Record<PsftStreamName, string>;
  return {
    baseUrl,
    node,
    executeQueryAlias: optionalText(context, 'executeQueryAlias') ?? DEFAULTS.executeQueryAlias,
    queries,
    windowDays: whole(context, 'windowDays', DEFAULTS.windowDays, 3660),
    maxWindowDays: whole(context, 'maxWindowDays', DEFAULTS.maxWindowDays, 36_600),
    queryMode,
    pollAlias: optionalText(context, 'pollAlias') ?? DEFAULTS.pollAlias,
    queryStatusAlias: optionalText(context, 'queryStatusAlias') ?? DEFAULTS.queryStatusAlias,
    queryResultsAlias: optionalText(context, 'queryResultsAlias') ?? DEFAULTS.queryResultsAlias,
    pollIntervalSeconds: whole(context, 'pollIntervalSeconds', DEFAULTS.pollIntervalSeconds, 3600),
    pollTimeoutSeconds: whole(context, 'pollTimeoutSeconds', DEFAULTS.pollTimeoutSeconds, 86_400),
    documents,
    documentPageRows: whole(context, 'documentPageRows', DEFAULTS.documentPageRows, 100_000),
    maxRows: whole(context, 'maxRows', DEFAULTS.maxRows, 100_000),
    historyStart,
    serverTimeZone: optionalText(context, 'serverTimeZone') ?? 'UTC',
    cirtTargets: cirtTargets(context),
    ...(keyPrompt === undefined ? {} : { keyPrompt }),
    auth,
    resolveSecret: context.resolveSecret,
    ...(context.remember === undefined ? {} : { remember: context.remember }),
    ...caCertPart(context),
  };
}

export const psftModule: ConnectorModule<PsftConnectionConfig> = {
  descriptor: {
    id: psft.id,
    label: psft.label,
    description: psft.description,
    roles: ['source', 'destination'],
    authMethods: [
      { method: 'basic', secrets: ['PeopleSoft user (OPRID) password'] },
      { method: 'oauth2-client-credentials', secrets: ['Identity provider client secret'] },
    ],
    addressParts: psft.addressParts,
    streams: psft.streams,
    connectionTest: psft.connectionTest.label,
    simulator: {
      name: 'peoplesoft',
      defaultPort: PSFT_DEFAULT_PORT,
      example:
        'prints the node, the OPRID and its password, the IdP client and its token URL, and the saved query names.',
    },
  },
  config: psftConfig,
  openSource: async (_context, config) => (await import('./source.ts')).createPsftSource(config),
  // The same sign-in as the source (client.ts), with CIRT refusals recognised before the retry sees them.
  openDestination: async (_context, config) => (await import('./destination-open.ts')).openPsftDestination(config),
  testConnection: async (config) => (await import('./check.ts')).testPsftConnection(config),
  startSimulator: startPsft,
  pointAtSimulator: (address, simulator, caCertFile) => ({
    ...address,
    baseUrl: String(simulator.address?.baseUrl ?? simulator.url),
    node: String(simulator.address?.node ?? 'PSFT_EP'),
    ...(simulator.caCert === undefined ? {} : { caCertFile }),
  }),
};

async function startPsft(
  options: Parameters<NonNullable<ConnectorModule['startSimulator']>>[0],
): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  const { startPeopleSoftSimulator, DEMO_QUERIES } = await import('./simulator/index.ts');
  const { DOCUMENT_NAME, DOCUMENT_TEMPLATE } = await import('./simulator/document.ts');
  const sim = await startPeopleSoftSimulator({
    queries: DEMO_QUERIES,
    port: options.port,
    seed: options.seed ?? 1,
    rows: options.rows ?? 200,
    faults: rules,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const { sync } = sim.users;
  const client = sim.clients.sync;
  return {
    system: 'peoplesoft',
    url: sim.url,
    port: sim.port,
    banner: [
      `PeopleSoft simulator at ${sim.url}/PSIGW/RESTListeningConnector/${sim.node}/${sim.alias} (Production mode: errors are bare HTTP 500)`,
      `  Basic: OPRID ${sync.oprid}, password ${sync.password} (user ${sim.users.noQas.oprid} lacks the QAS permission list)`,
      `  OAuth2: IdP client ${client.clientId}, secret ${client.clientSecret}, token URL ${sim.tokenUrl}`,
      `  saved queries: ${Object.values(DEMO_QUERIES).join(', ')} (prompts FROM_DT, TO_DT)`,
      `  poll variant (queryMode poll): ExecuteQueryPoll.v1, QueryStatus.v1, QueryResults.v1; a vendors document operation (vendorsDocument ${DOCUMENT_TEMPLATE}, vendorsDocumentRoot ${DOCUMENT_NAME})`,
      `  CIRT (destination): the vendor and customer get/update/find operations under their default names, same records as the queries; counters: ${sim.url}/__sim/cirt`,
      ...(sim.caCert === undefined
        ? []
        : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  control totals: ${sim.url}/__sim/control-totals (journal lines by ledger and period included); changes: POST ${sim.url}/__sim/change {"n": 6}`,
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
    ],
    secrets: { psft_password: sync.password, psft_client_secret: client.clientSecret },
    address: { baseUrl: sim.url, node: sim.node },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => httpSimulatorStats(sim.stats),
    controlTotals: () => Promise.resolve(sim.controlTotals()),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}
