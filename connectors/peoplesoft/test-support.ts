/**
 * Wiring for the PeopleSoft tests: a simulator whose node and query names are not the connector's
 * defaults (so nothing passes because both sides invented the same name), and a connection config
 * pointed at it, signed in with Basic (an OPRID) or with the simulated IdP's client credentials.
 */
import { DEFAULT_CIRT_TARGETS } from './cirt-parts.ts';
import { DEFAULTS, type PsftConnectionConfig } from './config.ts';
import {
  type PeopleSoftSimulatorOptions,
  startPeopleSoftSimulator,
  type PeopleSoftSimulator,
} from './simulator/index.ts';

export const TEST_TODAY = '2026-03-31';
export const TEST_NOW = () => Date.parse(`${TEST_TODAY}T15:00:00Z`);
export const TEST_QUERIES = {
  journal_lines: 'ACME_GL_JRNL_LINES',
  vendors: 'ACME_AP_VENDORS',
  customers: 'ACME_AR_CUSTOMERS',
  purchase_order_lines: 'ACME_PO_LINES',
  vouchers: 'ACME_AP_VOUCHERS',
  payroll_cost: 'ACME_HR_JOB_COST',
  purchase_orders: 'ACME_PO_HEADERS',
  purchase_order_schedules: 'ACME_PO_SCHEDULES',
  purchase_order_distributions: 'ACME_PO_DISTRIBS',
  vendor_addresses: 'ACME_AP_VENDOR_ADDRS',
} as const;

export function startTestSimulator(options: Partial<PeopleSoftSimulatorOptions> = {}): Promise<PeopleSoftSimulator> {
  return startPeopleSoftSimulator({
    node: 'PSFT_ACMEPRD',
    queries: TEST_QUERIES,
    today: TEST_TODAY,
    seed: 5,
    rows: 60,
    ...options,
  });
}

const PASSWORD = 'psft-password';
const CLIENT_SECRET = 'psft-client-secret';

export function configFor(
  sim: PeopleSoftSimulator,
  options: {
    readonly signIn?: 'basic' | 'oauth2';
    readonly secret?: string;
    readonly noQas?: boolean;
  } & Partial<PsftConnectionConfig> = {},
): PsftConnectionConfig {
  const { signIn = 'basic', secret, noQas = false, ...rest } = options;
  const user = noQas ? sim.users.noQas : sim.users.sync;
  const client = noQas ? sim.clients.noQas : sim.clients.sync;
  return {
    baseUrl: sim.url,
    node: sim.node,
    executeQueryAlias: sim.alias,
    queries: TEST_QUERIES,
    windowDays: 14,
    maxWindowDays: DEFAULTS.maxWindowDays,
    queryMode: 'execute',
    pollAlias: DEFAULTS.pollAlias,
    queryStatusAlias: DEFAULTS.queryStatusAlias,
    queryResultsAlias: DEFAULTS.queryResultsAlias,
    pollIntervalSeconds: DEFAULTS.pollIntervalSeconds,
    pollTimeoutSeconds: DEFAULTS.pollTimeoutSeconds,
    documents: {},
    documentPageRows: DEFAULTS.documentPageRows,
    maxRows: 25,
    historyStart: '2026-01-01',
    serverTimeZone: 'UTC',
    cirtTargets: DEFAULT_CIRT_TARGETS,
    auth:
      signIn === 'basic'
        ? { kind: 'basic', oprid: user.oprid, passwordSecret: PASSWORD }
        : { kind: 'oauth2', clientId: client.clientId, clientSecretSecret: CLIENT_SECRET, tokenUrl: sim.tokenUrl },
    resolveSecret: (name) =>
      name === PASSWORD
        ? Promise.resolve(secret ?? user.password)
        : name === CLIENT_SECRET
          ? Promise.resolve(secret ?? client.clientSecret)
          : Promise.reject(new Error(`no secret ${name}`)),
    now: TEST_NOW,
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    ...rest,
  };
}
