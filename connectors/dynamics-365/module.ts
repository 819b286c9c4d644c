/**
 * Dynamics 365 Sales as the registry sees it: a destination (accounts, sales orders, opportunities)
 * signed in by OAuth2 client credentials against Microsoft Entra ID. The descriptor is data; the client,
 * destination and simulator load on first use.
 */
import { CA_CERT_FILE_PART } from '../kit/descriptor.ts';
import type { ConnectorModule } from '../kit/module/module.ts';
import {
  addressText,
  caCertPart,
  optionalText,
  UnsupportedConnectionError,
  type ConnectionContext,
} from '../kit/module/connection-parts.ts';
import type { SimulatorHandle } from '../kit/module/simulator-handle.ts';
import type { KeyRequirement } from './client.ts';
import { DEFAULTS, type DynamicsConnectionConfig, readRequestBudget, TUNING_BOUNDS, wholeNumberIn } from './config.ts';

export type DynamicsModuleConfig = DynamicsConnectionConfig & { readonly requiredKeys: readonly KeyRequirement[] };

/** The keys the connection's targets write by: the account key, and each order table's PO-number key. */
function requiredKeys(context: ConnectionContext): KeyRequirement[] {
  const keys = new Map<string, KeyRequirement>([['account', { logicalName: 'account', columns: ['accountnumber'] }]]);
  for (const stream of Object.values(context.pipeline.streams)) {
    if (stream.target.connection !== context.name) continue;
    const logicalName = { salesorders: 'salesorder', opportunities: 'opportunity' }[stream.target.table];
    if (logicalName === undefined) continue;
    const column = String(stream.target.options?.orderKeyColumn ?? 'mlc_ponumber');
    keys.set(`${logicalName}:${column}`, { logicalName, columns: [column] });
  }
  return [...keys.values()];
}

export function dynamicsConfig(context: ConnectionContext): DynamicsModuleConfig {
  const { auth } = context.connection;
  const where = (part: string) => `connections.${context.name}.address.${part}`;
  if (auth.method !== 'oauth2-client-credentials')
    throw new UnsupportedConnectionError(
      `connections.${context.name}.auth.method: Dynamics 365 signs in with oauth2-client-credentials (an Entra app registration), not ${auth.method}`,
    );
  const environmentUrl = addressText(context, 'environmentUrl').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/i.test(environmentUrl))
    throw new UnsupportedConnectionError(
      `${where('environmentUrl')}: give the environment's address alone, e.g. https://contoso.crm.dynamics.com`,
    );
  const tune = (part: keyof typeof TUNING_BOUNDS, fallback: number): number => {
    const [low, high] = TUNING_BOUNDS[part];
    const value = wholeNumberIn(optionalText(context, part), low, high, fallback);
    if (value === undefined)
      throw new UnsupportedConnectionError(`${where(part)}: a whole number from ${low} to ${high}`);
    return value;
  };
  const authorityUrl = optionalText(context, 'authorityUrl');
  if (authorityUrl !== undefined && !/^https?:\/\/[^/]+\/?$/i.test(authorityUrl))
    throw new UnsupportedConnectionError(
      `${where('authorityUrl')}: an address alone, e.g. https://login.microsoftonline.us`,
    );
  const requestBudget = readRequestBudget(optionalText(context, 'requestBudget'));
  if (requestBudget === undefined)
    throw new UnsupportedConnectionError(`${where('requestBudget')}: requests/seconds, e.g. 6000/300`);
  return {
    environmentUrl,
    tenant: addressText(context, 'tenant'),
    clientId: auth.clientId,
    clientSecretSecret: auth.secret,
    ...(auth.tokenUrl === undefined ? {} : { tokenUrl: auth.tokenUrl }),
    ...(authorityUrl === undefined ? {} : { authorityUrl }),
    ...caCertPart(context),
    batchSize: tune('batchSize', DEFAULTS.batchSize),
    maxConcurrency: tune('maxConcurrency', DEFAULTS.maxConcurrency),
    requestBudget,
    resolveSecret: context.resolveSecret,
    requiredKeys: requiredKeys(context),
  };
}

export const dynamics365Module: ConnectorModule<DynamicsModuleConfig> = {
  descriptor: {
    id: 'dynamics-365',
    label: 'Dynamics 365 Sales',
    description:
      'Accounts (vendors and customers), sales orders or opportunities with write-in lines, written into Dynamics 365 Sales (Dataverse Web API) by alternate key, never twice.',
    roles: ['destination'],
    authMethods: [{ method: 'oauth2-client-credentials', secrets: ['Entra app client secret'] }],
    addressParts: [
      {
        name: 'environmentUrl',
        label: 'Environment URL',
        kind: 'url',
        required: true,
        description:
          'Your Dynamics 365 environment, as in Power Platform admin center > Environments: https://<org>.crm.dynamics.com (crm4, crm11… by region).',
        example: 'https://contoso.crm.dynamics.com',
      },
      {
        name: 'tenant',
        label: 'Entra tenant',
        kind: 'text',
        required: true,
        description:
          'The Microsoft Entra tenant the app is registered in: its id (a GUID) or domain (contoso.onmicrosoft.com).',
        example: 'contoso.onmicrosoft.com',
      },
      {
        name: 'authorityUrl',
        label: 'Entra authority',
        kind: 'url',
        required: false,
        description:
          "Where the app signs in: https://login.microsoftonline.com (default), or a national cloud's (https://login.microsoftonline.us). The token endpoint is <authority>/<tenant>/oauth2/v2.0/token.",
      },
      {
        name: 'batchSize',
        label: 'Requests per batch',
        kind: 'text',
        required: false,
        description: `Requests sent together in one $batch (default ${DEFAULTS.batchSize}, as Microsoft advises; at most 1000). A new order with all its lines is one request.`,
      },
      {
        name: 'maxConcurrency',
        label: 'Requests at once',
        kind: 'text',
        required: false,
        description: `Requests in flight at once (default ${DEFAULTS.maxConcurrency}; Dataverse answers 429 at 52, shared by every client of the same application user).`,
      },
      {
        name: 'requestBudget',
        label: 'Request budget',
        kind: 'text',
        required: false,
        description: `Requests per sliding window in seconds, e.g. ${DEFAULTS.requests}/${DEFAULTS.windowSeconds} (Dataverse's service protection per user); set lower when other integrations share the application user.`,
      },
      CA_CERT_FILE_PART,
    ],
    streams: [],
    connectionTest:
      'Sign in to Entra ID, ask Dynamics 365 who the app is (WhoAmI), and check the alternate keys the targets write by are Active',
    simulator: {
      name: 'dynamics365',
      defaultPort: 47005,
      example: 'prints the Entra app (client id and secret), the tenant and the environment URL.',
    },
  },
  config: dynamicsConfig,
  openDestination: async (_context, config) =>
    (await import('./destination/destination.ts')).openDynamicsDestination(config),
  testConnection: async (config) => (await import('./check.ts')).testDynamicsConnection(config),
  startSimulator: async (options): Promise<SimulatorHandle> =>
    (await import('./simulator/handle.ts')).startDynamicsHandle(options),
  pointAtSimulator: (address, simulator) => {
    const { environmentUrl, tenant } = simulator.address ?? {};
    return {
      ...address,
      environmentUrl: String(environmentUrl),
      tenant: String(tenant),
      // The simulator is its own Entra tenant: tokens come from it, never from Microsoft.
      authorityUrl: String(environmentUrl),
    };
  },
};
