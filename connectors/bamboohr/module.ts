/**
 * BambooHR as the registry sees it: a source (employees, their tables, the payroll register) signed in
 * with an API key or OAuth (a refresh token obtained through the browser), which also pushes employee
 * changes by webhook. The descriptor is data; the rest loads on first use.
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
import type { BambooConnectionConfig } from './client.ts';
import { bambooConnectorDescriptor as bamboo } from './descriptor.ts';
import type { WebhookIntake, WebhookIntakeOptions } from './webhooks/intake.ts';

/**
 * BambooHR: the company domain, and an API key or OAuth with a refresh token (bamboohr.md §2). The API and
 * token addresses default to https://<company domain>.bamboohr.com; a connection may name others (the
 * simulator, the legacy gateway). A rotated refresh token is written back through `storeSecret`.
 */
export function bambooConfig(context: ConnectionContext): BambooConnectionConfig {
  const { auth } = context.connection;
  const apiBase = optionalText(context, 'apiBase');
  const common = {
    companyDomain: addressText(context, 'companyDomain'),
    ...(apiBase === undefined ? {} : { apiBase }),
    ...caCertPart(context),
    resolveSecret: context.resolveSecret,
    ...(context.storeSecret === undefined ? {} : { storeSecret: context.storeSecret }),
    ...(context.remember === undefined ? {} : { remember: context.remember }),
  };
  if (auth.method === 'api-key') return { ...common, auth: { method: 'api-key', apiKeySecret: auth.secret } };
  if (auth.method !== 'oauth2-refresh-token') {
    throw new UnsupportedConnectionError(
      `connections.${context.name}.auth.method: BambooHR signs in with api-key or oauth2-refresh-token, not ${auth.method}`,
    );
  }
  const tokenUrl = auth.tokenUrl ?? optionalText(context, 'tokenUrl');
  return {
    ...common,
    ...(tokenUrl === undefined ? {} : { tokenUrl }),
    auth: {
      method: 'oauth2-refresh-token',
      clientId: auth.clientId,
      clientSecretSecret: auth.secret,
      refreshTokenSecret: auth.refreshTokenSecret,
      ...(auth.scope === undefined ? {} : { scope: auth.scope }),
    },
  };
}

export const bambooModule: ConnectorModule<
  BambooConnectionConfig,
  Omit<WebhookIntakeOptions, 'config'>,
  WebhookIntake
> = {
  descriptor: {
    id: bamboo.id,
    label: bamboo.label,
    description: bamboo.description,
    roles: ['source'],
    authMethods: bamboo.authKinds.map((kind) => ({
      method: kind,
      secrets: (bamboo.secrets[kind] ?? []).map((secret) => secret.label),
      // oauthSignIn obtains the first refresh token; the connector then renews and rotates it.
      ...(kind === 'oauth2-refresh-token' ? { browserSignIn: true } : {}),
    })),
    addressParts: bamboo.addressParts,
    streams: bamboo.streams,
    connectionTest: bamboo.connectionTest.label,
    simulator: {
      name: bamboo.simulator!.system,
      defaultPort: bamboo.simulator!.defaultPort,
      example: 'prints the API key, the OAuth client and a demo refresh token.',
    },
    // The webhook intake turns deliveries into follow-up fetches of employees only (bamboohr.md §8).
    webhooks: { entities: ['employees'] },
  },
  config: bambooConfig,
  openSource: async (context, config) => {
    // The payroll stream's window of pay periods lives in its source.options.
    const options = Object.fromEntries(
      streamsReadingFrom(context)
        .filter((stream) => stream.source.options !== undefined)
        .map((stream) => [stream.source.entity, stream.source.options!]),
    );
    return (await import('./source.ts')).createBambooSource(config, options);
  },
  testConnection: async (config) => (await import('./check.ts')).testBambooConnection(config),
  startSimulator: startBamboo,
  pointAtSimulator: (address, simulator) => {
    const { companyDomain, apiBase, tokenUrl } = simulator.address ?? {};
    return { ...address, companyDomain: String(companyDomain), apiBase: String(apiBase), tokenUrl: String(tokenUrl) };
  },
  oauthSignIn: async (context, config, options) => {
    const { auth, address } = context.connection;
    if (auth.method !== 'oauth2-refresh-token')
      throw new UnsupportedConnectionError(
        `connections.${context.name}.auth.method is ${auth.method}; connecting is for OAuth sign-ins with a refresh token (oauth2-refresh-token)`,
      );
    if (context.storeSecret === undefined)
      throw new UnsupportedConnectionError('connecting needs somewhere to store the refresh token (the keychain)');
    const authorizeUrl = typeof address.authorizeUrl === 'string' ? address.authorizeUrl : undefined;
    const { connectBambooHr } = await import('./connect.ts');
    const result = await connectBambooHr({
      companyDomain: config.companyDomain,
      ...(authorizeUrl === undefined ? {} : { authorizeUrl }),
      ...(config.tokenUrl === undefined ? {} : { tokenUrl: config.tokenUrl }),
      clientId: auth.clientId,
      clientSecretSecret: auth.secret,
      refreshTokenSecret: auth.refreshTokenSecret,
      ...(auth.scope === undefined ? {} : { scope: auth.scope }),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.tlsFiles === undefined ? {} : { tlsFiles: options.tlsFiles }),
      ...(options.redirectCertificate === undefined ? {} : { redirectCertificate: options.redirectCertificate }),
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
      resolveSecret: context.resolveSecret,
      storeSecret: context.storeSecret,
      ...(context.remember === undefined ? {} : { remember: context.remember }),
      onAuthorizeUrl: options.onAuthorizeUrl,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { storedAs: result.refreshTokenSecret, redirectUri: result.redirectUri };
  },
  webhooks: async (config, options) =>
    (await import('./webhooks/intake.ts')).createWebhookIntake({ ...options, config }),
};

async function startBamboo(
  options: Parameters<NonNullable<ConnectorModule['startSimulator']>>[0],
): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  const { startBambooSimulator } = await import('./simulator/index.ts');
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
      ...(sim.caCert === undefined
        ? []
        : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  OAuth: client id ${app.clientId}, client secret ${app.clientSecret}, token ${sim.tokenUrl}, authorize ${sim.url}/authorize.php`,
      `  a demo refresh token: ${refreshToken}`,
      `  control totals: ${sim.url}/__sim/control-totals`,
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
    ],
    secrets: {
      bamboohr_api_key: apiKey,
      bamboohr_client_secret: app.clientSecret,
      bamboohr_refresh_token: refreshToken,
    },
    address: {
      companyDomain: sim.companyDomain,
      apiBase: sim.apiBase,
      tokenUrl: sim.tokenUrl,
      authorizeUrl: `${sim.url}/authorize.php`,
    },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => httpSimulatorStats(sim.stats),
    controlTotals: () => Promise.resolve(sim.store.controlTotals()),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}
