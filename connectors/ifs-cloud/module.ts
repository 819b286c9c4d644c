/**
 * IFS Cloud as the registry sees it: a source signed in by OAuth2 client credentials against the
 * tenant's IFS IAM. The descriptor is data; the client, source and simulator load on first use.
 */
import type { ConnectorModule } from '../kit/module/module.ts';
import {
  addressText,
  caCertPart,
  optionalText,
  streamsReadingFrom,
  UnsupportedConnectionError,
  type ConnectionContext,
} from '../kit/module/connection-parts.ts';
import { describeFaultRules, httpSimulatorStats, type SimulatorHandle } from '../kit/module/simulator-handle.ts';
import { parseFaultSpec } from '../kit/simulator/faults.ts';
import { type IfsConnectionConfig, SET_PARTS, type SetName } from './config.ts';
import { ifsConnectorDescriptor as ifs } from './descriptor.ts';

export function ifsConfig(context: ConnectionContext): IfsConnectionConfig {
  const { auth } = context.connection;
  if (auth.method !== 'oauth2-client-credentials')
    throw new UnsupportedConnectionError(
      `connections.${context.name}.auth.method: IFS Cloud signs in with oauth2-client-credentials (an IAM client), not ${auth.method}`,
    );
  const systemUrl = addressText(context, 'systemUrl');
  if (!/^https?:\/\/[^/]+/i.test(systemUrl))
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.systemUrl: give the IFS Cloud address with its scheme, e.g. https://acme.ifs.cloud`,
    );
  const endpoint = optionalText(context, 'endpoint') ?? 'main';
  if (endpoint !== 'main' && endpoint !== 'int')
    throw new UnsupportedConnectionError(`connections.${context.name}.address.endpoint: main or int, not ${endpoint}`);
  const companies = addressText(context, 'companies')
    .split(',')
    .map((company) => company.trim())
    .filter((company) => company !== '');
  const sets: Partial<Record<SetName, string>> = {};
  for (const [name, part] of Object.entries(SET_PARTS) as [SetName, string][]) {
    const value = optionalText(context, part);
    if (value === undefined) continue;
    if (!/^\/?[^?#\s]*[A-Za-z0-9_{}]+\.svc\/[A-Za-z0-9_{}]+$/.test(value))
      throw new UnsupportedConnectionError(
        `connections.${context.name}.address.${part}: give <Projection>.svc/<EntitySet>, e.g. ManualSupplierInvoicesHandling.svc/ManSuppInvoiceSet, not ${value}`,
      );
    sets[name] = value;
  }
  const serverTimeZone = optionalText(context, 'serverTimeZone');
  return {
    systemUrl,
    realm: addressText(context, 'realm'),
    endpoint,
    companies,
    sets,
    clientId: auth.clientId,
    clientSecretSecret: auth.secret,
    ...(auth.tokenUrl === undefined ? {} : { tokenUrl: auth.tokenUrl }),
    ...(serverTimeZone === undefined ? {} : { serverTimeZone }),
    ...caCertPart(context),
    resolveSecret: context.resolveSecret,
    ...(context.remember === undefined ? {} : { remember: context.remember }),
  };
}

export const ifsModule: ConnectorModule<IfsConnectionConfig> = {
  descriptor: {
    id: ifs.id,
    label: ifs.label,
    description: ifs.description,
    // A source, and a destination for reference data (supplier attributes) under IFS's ETag concurrency.
    roles: ['source', 'destination'],
    authMethods: [{ method: 'oauth2-client-credentials', secrets: ['IAM client secret'] }],
    addressParts: ifs.addressParts,
    streams: ifs.streams.map((stream) =>
      stream.entity === 'suppliers'
        ? {
            ...stream,
            options: [
              {
                name: 'changeFeed',
                description:
                  'history-log: where History Log is switched on for suppliers in IFS, incremental reads ask the log for what changed instead of reading every supplier',
              },
            ],
          }
        : stream,
    ),
    connectionTest: ifs.connectionTest.label,
    simulator: {
      name: 'ifs',
      defaultPort: 47003,
      example: 'prints the IAM client, its secret, the realm and the company.',
    },
    // One request never asks for more rows than this (README "Paging").
    maxPageSize: 5000,
  },
  config: ifsConfig,
  openSource: async (context, config) => {
    // A stream whose table has History Log switched on says so in source.options.changeFeed.
    const historyLog = streamsReadingFrom(context)
      .filter((stream) => stream.source.options?.changeFeed === 'history-log')
      .map((stream) => stream.source.entity);
    return (await import('./source.ts')).createIfsSource(historyLog.length === 0 ? config : { ...config, historyLog });
  },
  openDestination: async (_context, config) =>
    (await import('./destination/destination.ts')).openIfsDestination(config),
  testConnection: async (config) => (await import('./check.ts')).testIfsConnection(config),
  startSimulator: startIfs,
  pointAtSimulator: (address, simulator) => {
    const { systemUrl, realm, companies } = simulator.address ?? {};
    return { ...address, systemUrl: String(systemUrl), realm: String(realm), companies: String(companies) };
  },
};

async function startIfs(
  options: Parameters<NonNullable<ConnectorModule['startSimulator']>>[0],
): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  const { startIfsSimulator, DEMO_SETS } = await import('./simulator/index.ts');
  // The sets no public source names are served under the connector's documented defaults.
  const sim = await startIfsSimulator({
    sets: DEMO_SETS,
    port: options.port,
    seed: options.seed ?? 1,
    rows: options.rows ?? 200,
    faults: rules,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const { clientId, clientSecret } = sim.credentials;
  return {
    system: 'ifs-cloud',
    url: sim.url,
    port: sim.port,
    banner: [
      `IFS Cloud simulator at ${sim.url} (realm ${sim.realm}, company ${sim.company})`,
      `  IAM client ${clientId}, secret ${clientSecret}; token ${sim.tokenUrl} (tokens live 180 s)`,
      ...(sim.caCert === undefined
        ? []
        : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  control totals: ${sim.url}/__sim/control-totals (debit/credit per period: ${sim.url}/__sim/period-totals)`,
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
    ],
    secrets: { ifs_client_secret: clientSecret },
    address: {
      systemUrl: sim.url,
      realm: sim.realm,
      companies: sim.company,
      supplierInvoiceSet: DEMO_SETS.supplierInvoices,
      postedVoucherSet: DEMO_SETS.postedVouchers,
      postedVoucherRowSet: DEMO_SETS.postedVoucherRows,
    },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => httpSimulatorStats(sim.stats),
    controlTotals: () => Promise.resolve(sim.store.controlTotals()),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}
