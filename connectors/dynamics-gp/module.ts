/**
 * Dynamics GP as the registry sees it: read (GL, vendors, payables) and written (journals created
 * unposted, employee and vendor masters). The descriptor is data; the source, destination, connection
 * test and simulator load on first use.
 */
import type { ConnectorModule } from '../kit/module/module.ts';
import {
  addressText,
  caCertPart,
  optionalText,
  UnsupportedConnectionError,
  type ConnectionContext,
} from '../kit/module/connection-parts.ts';
import { describeFaultRules, type SimulatorHandle } from '../kit/module/simulator-handle.ts';
import { parseFaultSpec } from '../kit/simulator/faults.ts';
import type { GpConnectionConfig } from './client.ts';
import { gpConnectorDescriptor as gp } from './descriptor.ts';

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
  return {
    baseUrl: addressText(context, 'baseUrl'),
    ...(tenant === undefined ? {} : { tenant }),
    company: addressText(context, 'company'),
    auth: { method: auth.method, domain, user, passwordSecret: auth.secret },
    resolveSecret: context.resolveSecret,
    ...caCertPart(context),
  };
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
    simulator: {
      name: gp.simulator!.system,
      defaultPort: gp.simulator!.defaultPort,
      example: '1,000 records per entity; prints the Windows user and password.',
    },
  },
  config: gpConfig,
  openSource: async (_context, config) => (await import('./source.ts')).createGpSource(config),
  openDestination: async (_context, config) => (await import('./destination/destination.ts')).openGpDestination(config),
  testConnection: async (config) => (await import('./check.ts')).testGpConnection(config),
  startSimulator: startGp,
  pointAtSimulator: (address, simulator) => ({
    ...address,
    baseUrl: String(simulator.address?.baseUrl ?? simulator.url),
  }),
};

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
  return {
    system: 'gp',
    url: sim.url,
    port: sim.port,
    banner: [
      `Dynamics GP simulator at ${sim.url}/GPService/Tenants(${sim.tenant})/Companies(${sim.company})/`,
      `  user ${domain}\\${user}, password ${password} (NTLM, Negotiate or Basic)`,
      ...(sim.caCert === undefined
        ? []
        : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  control totals: ${sim.url}/__sim/control-totals`,
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
    ],
    secrets: { gp_password: password },
    address: { baseUrl: sim.url, tenant: sim.tenant, company: sim.company },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => ({
      httpRequests: sim.stats.requests,
      faults: Object.values(sim.stats.faults).reduce((sum, n) => sum + n, 0),
    }),
    controlTotals: () => Promise.resolve(sim.controlTotals()),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}
