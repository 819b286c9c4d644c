/**
 * SAP ECC as the registry sees it: a source over RFC over SOAP, signed in with HTTP Basic (user and stored
 * password) for one SAP client, optionally with a client certificate. The descriptor is data; the client,
 * source and simulator load on first use.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
import type { ClientCertificateConfig, SapConnectionConfig } from './config.ts';
import { sapConnectorDescriptor as sap, SAP_DEFAULT_PORT } from './descriptor.ts';
import { gatewayPart } from './gateway-parts.ts';

export function sapConfig(context: ConnectionContext): SapConnectionConfig {
  const { auth } = context.connection;
  const where = `connections.${context.name}`;
  if (auth.method !== 'basic')
    throw new UnsupportedConnectionError(
      `${where}.auth.method: SAP ECC signs in with basic (an SAP user and its password), not ${auth.method}`,
    );
  const baseUrl = addressText(context, 'baseUrl').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/i.test(baseUrl))
    throw new UnsupportedConnectionError(
      `${where}.address.baseUrl: give scheme, host and port of the SAP web server (ICM), e.g. https://ecc.example.com:44300, without a path`,
    );
  const sapClient = addressText(context, 'sapClient');
  if (!/^\d{3}$/.test(sapClient))
    throw new UnsupportedConnectionError(
      `${where}.address.sapClient: the SAP client is three digits, e.g. 100, not ${sapClient}`,
    );
  const companyCode = addressText(context, 'companyCode');
  if (!/^[A-Z0-9]{1,4}$/i.test(companyCode))
    throw new UnsupportedConnectionError(
      `${where}.address.companyCode: a company code (BUKRS) is up to 4 letters or digits, not ${companyCode}`,
    );
  const language = optionalText(context, 'language') ?? 'EN';
  const clientCertificate = clientCertificatePart(context);
  const gateway = gatewayPart(context);
  return {
    baseUrl,
    sapClient,
    companyCode: companyCode.toUpperCase(),
    language: language.toUpperCase(),
    user: auth.username,
    passwordSecret: auth.secret,
    resolveSecret: context.resolveSecret,
    ...(context.remember === undefined ? {} : { remember: context.remember }),
    ...caCertPart(context),
    ...(clientCertificate === undefined ? {} : { clientCertificate }),
    ...(gateway === undefined ? {} : { gateway }),
  };
}

/** The client certificate and key files (both or neither), read now; the passphrase stays a secret's name. */
function clientCertificatePart(context: ConnectionContext): ClientCertificateConfig | undefined {
  const certFile = optionalText(context, 'clientCertFile');
  const keyFile = optionalText(context, 'clientKeyFile');
  const passphraseSecret = optionalText(context, 'clientKeyPassphraseSecret');
  if (certFile === undefined && keyFile === undefined) return undefined;
  const where = `connections.${context.name}.address`;
  if (certFile === undefined || keyFile === undefined)
    throw new UnsupportedConnectionError(
      `${where}.${certFile === undefined ? 'clientCertFile' : 'clientKeyFile'}: a client certificate needs both its certificate file and its key file`,
    );
  const read = (part: string, file: string, marker: RegExp): string => {
    const fullPath = resolve(context.pipelineDir, file);
    let text: string;
    try {
      text = readFileSync(fullPath, 'utf8');
    } catch {
      throw new UnsupportedConnectionError(
        `${where}.${part}: cannot read ${file} (looked for as ${fullPath}); a relative path resolves against the pipeline file's folder`,
      );
    }
    if (!marker.test(text))
      throw new UnsupportedConnectionError(`${where}.${part}: ${file} is not a PEM file of the right kind`);
    return text;
  };
  return {
    cert: read('clientCertFile', certFile, /-----BEGIN CERTIFICATE-----/),
    key: read('clientKeyFile', keyFile, /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
    ...(passphraseSecret === undefined ? {} : { passphraseSecret }),
  };
}

export const sapModule: ConnectorModule<SapConnectionConfig> = {
  descriptor: {
    id: sap.id,
    label: sap.label,
    description: sap.description,
    roles: ['source'],
    authMethods: [{ method: 'basic', secrets: ['SAP user password'] }],
    addressParts: sap.addressParts,
    streams: sap.streams.map((stream) => ({
      ...stream,
      options: [
        {
          name: 'bapiDetails',
          description:
            "true: also ask each record's BAPI (BAPI_VENDOR_GETDETAIL, BAPI_CUSTOMER_GETDETAIL2, BAPI_PO_GETDETAIL); a record SAP refuses there (RETURN type E or A) is held with SAP's message",
        },
      ],
    })),
    connectionTest: sap.connectionTest.label,
    simulator: {
      name: 'sap-ecc',
      defaultPort: SAP_DEFAULT_PORT,
      example:
        'prints the SAP user, its password, the client and the company code (the service /sap/bc/soap/rfc is active).',
    },
  },
  config: sapConfig,
  openSource: async (context, config) => {
    const bapiDetails = streamsReadingFrom(context)
      .filter((stream) => stream.source.options?.bapiDetails === true || stream.source.options?.bapiDetails === 'true')
      .map((stream) => stream.source.entity);
    return (await import('./source.ts')).createSapSource(
      bapiDetails.length === 0 ? config : { ...config, bapiDetails },
    );
  },
  testConnection: async (config) => (await import('./check.ts')).testSapConnection(config),
  startSimulator: startSap,
  pointAtSimulator: (address, simulator, caCertFile) => ({
    ...address,
    baseUrl: String(simulator.address?.baseUrl ?? simulator.url),
    sapClient: String(simulator.address?.sapClient ?? '100'),
    companyCode: String(simulator.address?.companyCode ?? '1000'),
    // An HTTPS simulator's certificate is signed by its own CA, written where the connection names it.
    ...(simulator.caCert === undefined ? {} : { caCertFile }),
  }),
};

const DEMO_USER = 'RFC_SYNC';
const DEMO_PASSWORD = 'ecc-demo-pass';

async function startSap(
  options: Parameters<NonNullable<ConnectorModule['startSimulator']>>[0],
): Promise<SimulatorHandle> {
  const rules = parseFaultSpec(options.faults ?? '');
  const { startSapSimulator } = await import('./simulator/index.ts');
  const { controlTotals } = await import('./simulator/changes.ts');
  const sim = await startSapSimulator({
    user: DEMO_USER,
    password: DEMO_PASSWORD,
    // The demo is a system an administrator has already prepared: the service is active.
    rfcServiceActive: true,
    port: options.port,
    seed: options.seed ?? 1,
    ...(options.rows === undefined ? {} : { vendors: options.rows }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  return {
    system: 'sap-ecc',
    url: sim.url,
    port: sim.port,
    banner: [
      `SAP ECC simulator at ${sim.url} (RFC over SOAP at ${sim.url}/sap/bc/soap/rfc, release profile ECC 7.31-7.50)`,
      `  user ${DEMO_USER}, password ${DEMO_PASSWORD}, client ${sim.client}, company code ${sim.companyCode}`,
      ...(sim.caCert === undefined
        ? []
        : ['  HTTPS with a certificate signed by its own CA: trust that CA (see below)']),
      `  control totals: ${sim.url}/__sim/control-totals (NETWR per PO: ${sim.url}/__sim/po-totals; changes: POST ${sim.url}/__sim/change)`,
      ...(rules.length > 0 ? [`  faults: ${describeFaultRules(rules)}`] : []),
    ],
    secrets: { sap_password: DEMO_PASSWORD },
    address: { baseUrl: sim.url, sapClient: sim.client, companyCode: sim.companyCode },
    ...(sim.caCert === undefined ? {} : { caCert: sim.caCert }),
    stats: () => httpSimulatorStats(sim.stats),
    controlTotals: () => Promise.resolve(controlTotals(sim.fixture)),
    advance: (n) => sim.advance(n).length,
    close: () => sim.close(),
  };
}
