/**
 * Dynamics GP as the registry sees it: read (GL, vendors, payables) and written (journals created
 * unposted, employee and vendor masters). The descriptor is data; the source, destination, connection
 * test and simulator load on first use. A connection names up to two surfaces of one GP: GP Web Services
 * (`webServicesUrl`, `companyKey`: the general ledger) and SBA (`baseUrl`, `company`: vendors, payables,
 * purchasing); each is needed only by the streams and targets it serves.
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
import type { GpConnectionConfig, GpWebServicesAddress } from './client.ts';
import { companyDbPart } from './company-db/config.ts';
import { gpConnectorDescriptor as gp } from './descriptor.ts';
import { GP_WS_PATH } from './web-services/wire.ts';

/** GP signs in with a Windows account: `DOMAIN\user` in auth.username, or the domain and user address parts. */
export function gpConfig(context: ConnectionContext): GpConnectionConfig {
  const { auth } = context.connection;
  if (auth.method !== 'ntlm' && auth.method !== 'negotiate' && auth.method !== 'basic') {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.auth.method: Dynamics GP signs in with ntlm, negotiate or basic, not ${auth.method}`,
    );
  }
  const [first, second] = auth.username.split('\\');
  const domain = second === undefined ? optionalText(context, 'domain') : first;
  const user = second ?? first ?? '';
  if (domain === undefined || domain === '') {
    throw new UnsupportedConnectionError(
      `connections.${context.name}: give the Windows domain, as auth.username "DOMAIN\\user" or address.domain`,
    );
  }
  const tenant = optionalText(context, 'tenant');
  const sba = sbaParts(context);
  const webServices = webServicesParts(context);
  if (sba === undefined && auth.method === 'basic') {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.auth.method: GP Web Services sign in with ntlm or negotiate only; basic serves SBA (baseUrl) alone`,
    );
  }
  if (sba === undefined && webServices === undefined) {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.address.webServicesUrl: give GP Web Services' address for the general ledger, or baseUrl (SBA) for vendors, payables and purchase orders, or both`,
    );
  }
  return {
    ...sba,
    ...(tenant === undefined ? {} : { tenant }),
    ...(webServices === undefined ? {} : { webServices }),
    addressPath: `connections.${context.name}.address`,
    auth: { method: auth.method, domain, user, passwordSecret: auth.secret },
    resolveSecret: context.resolveSecret,
    ...caCertPart(context),
    ...companyDbPart(context),
  };
}

/** SBA's parts: both or neither of baseUrl and company. */
function sbaParts(context: ConnectionContext): { baseUrl: string; company: string } | undefined {
  const baseUrl = optionalText(context, 'baseUrl');
  const company = optionalText(context, 'company');
  if (baseUrl === undefined && company === undefined) return undefined;
  return { baseUrl: addressText(context, 'baseUrl'), company: addressText(context, 'company') };
}

/** More connections than this would weigh on the customer's GP web server more than the read gains. */
const MAX_PARALLEL_READS = 8;

/** GP Web Services' parts: the endpoint with a whole-number company key, or neither. */
function webServicesParts(context: ConnectionContext): GpWebServicesAddress | undefined {
  const url = optionalText(context, 'webServicesUrl');
  const key = context.connection.address.companyKey;
  const where = `connections.${context.name}.address`;
  if (url === undefined && key === undefined) return undefined;
  if (url === undefined)
    throw new UnsupportedConnectionError(
      `${where}.webServicesUrl: a companyKey is given, so give the GP Web Services address too`,
    );
  const companyKey =
    typeof key === 'number' ? key : typeof key === 'string' && /^-?\d+$/.test(key.trim()) ? Number(key) : NaN;
  if (!Number.isSafeInteger(companyKey))
    throw new UnsupportedConnectionError(
      `${where}.companyKey: give GP's numeric company id (CMPANYID, -1 for the sample company), not ${key === undefined ? 'nothing' : String(key)}`,
    );
  const currencyType = optionalText(context, 'currencyType') ?? 'Transactional';
  if (currencyType !== 'Transactional' && currencyType !== 'Local')
    throw new UnsupportedConnectionError(`${where}.currencyType: Transactional or Local, not ${currencyType}`);
  const parallel = context.connection.address.parallelReads;
  if (parallel === undefined) return { url, companyKey, currencyType };
  const parallelReads = typeof parallel === 'number' ? parallel : Number(String(parallel).trim());
  if (!Number.isInteger(parallelReads) || parallelReads < 1 || parallelReads > MAX_PARALLEL_READS)
    throw new UnsupportedConnectionError(
      `${where}.parallelReads: a whole number from 1 to ${MAX_PARALLEL_READS} (GP Web Services calls at once), not ${String(parallel)}`,
    );
  return { url, companyKey, currencyType, parallelReads };
}

export const gpModule: ConnectorModule<GpConnectionConfig> = {
  descriptor: {
    id: gp.id,
    label: gp.label,
    description: gp.description,
    roles: ['source', 'destination'],
    authMethods: gp.authKinds.map((kind) => ({
      method: kind,
      secrets: (gp.secrets[kind] ?? []).map((secret) => secret.label),
    })),
    addressParts: gp.addressParts,
    streams: gp.streams,
    connectionTest: gp.connectionTest.label,
    // SBA lists take $top up to 1,000 (its simulator refuses more); GP Web Services' lists return at most
    // 1,000 items and have no paging (dynamics-gp-web-services.md §5), so 1,000 is the most one page can be.
    maxPageSize: 1000,
    simulator: {
      name: gp.simulator!.system,
      defaultPort: gp.simulator!.defaultPort,
      example: '1,000 records per entity; prints the Windows user and password.',
    },
  },
  config: gpConfig,
  openSource: async (_context, config) => (await import('./gp-source.ts')).openGpSource(config),
  openDestination: async (_context, config) => (await import('./destination/destination.ts')).openGpDestination(config),
  testConnection: async (config) => (await import('./check.ts')).testGpConnection(config),
  startSimulator: startGp,
  // One simulator serves both surfaces on one port, as one GP server does; a simulator started directly
  // (not through its handle) is reached at its URL, with the sample company's key.
  pointAtSimulator: (address, simulator) => ({
    ...address,
    baseUrl: String(simulator.address?.baseUrl ?? simulator.url),
    company: address.company ?? simulator.address?.company ?? 'Fabrikam, Inc.',
    webServicesUrl: String(simulator.address?.webServicesUrl ?? `${String(simulator.url)}${GP_WS_PATH}`),
    companyKey: Number(simulator.address?.companyKey ?? SIMULATOR_COMPANY_KEY),
  }),
};

/** The sample company's id (dynamics-gp.md §2), the simulator's company. */
const SIMULATOR_COMPANY_KEY = -1;

async function startGp(
  options: Parameters<NonNullable<ConnectorModule['startSimulator']>>[0],
): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  const { startGpSimulator } = await import('./simulator/index.ts');
  const sim = await startGpSimulator({
    port: options.port,
    seed: options.seed ?? 1,
    rows: options.rows ?? 1000,
    faults: rules,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const { domain, user, password } = sim.credentials;
  const { webServicesUrl, companyKey } = sim;
  return {
    system: 'gp',
    url: sim.url,
    port: sim.port,
    banner: [
      `Dynamics GP simulator at ${sim.url}/GPService/Tenants(${sim.tenant})/Companies(${sim.company})/`,
      `  GP Web Services (general ledger) at ${webServicesUrl}, company key ${companyKey}`,
      `  user ${domain}\\${user}, password ${password} (NTLM or Negotiate; Basic for SBA only)`,
      ...(sim.caCert === undefined
        ? []
        : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  control totals: ${sim.url}/__sim/control-totals`,
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
    ],
    secrets: { gp_password: password },
    address: {
      baseUrl: sim.url,
      tenant: sim.tenant,
      company: sim.company,
      webServicesUrl,
      companyKey,
    },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => httpSimulatorStats(sim.stats),
    controlTotals: () => Promise.resolve(sim.controlTotals()),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}
