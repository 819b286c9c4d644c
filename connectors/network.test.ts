/**
 * Every HTTP connector behind a corporate proxy and against servers signed by a private CA, through the
 * registry's connection test (what `check` and the studio's Test run) and the clients every run uses:
 * a real CONNECT proxy on loopback named by HTTPS_PROXY / HTTP_PROXY in the environment; GP, BambooHR,
 * Databricks, IFS Cloud, SAP ECC, Dynamics 365 and PeopleSoft (with its identity provider's token endpoint) simulators serving HTTPS with a CA made at start, trusted
 * through `caCertFile`; SAP's ICM also asking for a client certificate (mutual TLS).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connection, Pipeline } from '../engine/model/index.ts';
import type { TargetTable, WriteBatch } from '../engine/model/io.ts';
import { startBambooSimulator, type BambooSimulator } from './bamboohr/simulator/index.ts';
import { gpConfig } from './dynamics-gp/module.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './databricks/simulator/index.ts';
import { webServicesClient } from './dynamics-gp/ledger/source.ts';
import { startGpSimulator, type GpSimulator } from './dynamics-gp/simulator/index.ts';
import { startIfsSimulator, type IfsSimulator } from './ifs-cloud/simulator/index.ts';
import { startDynamicsSimulator, type DynamicsSimulator } from './dynamics-365/simulator/index.ts';
import { makeSimulatorTls } from './kit/simulator/certificate.ts';
import { startSapSimulator, type RunningSapSimulator } from './sap-ecc/simulator/index.ts';
import { DEMO_QUERIES, startPeopleSoftSimulator, type PeopleSoftSimulator } from './peoplesoft/simulator/index.ts';
import { makeClientCertificate } from './kit/testing/client-certificate.ts';
import { startTestProxy, type TestProxy } from './kit/testing/proxy.ts';
import { connectOAuth, openDestination, pingConnection, type ConnectionContext } from './registry.ts';

let gp: GpSimulator;
let bamboo: BambooSimulator;
let databricks: DatabricksSimulator;
let ifs: IfsSimulator;
let sap: RunningSapSimulator;
let sapMutual: RunningSapSimulator;
const sapClientCert = makeClientCertificate('RFC_SYNC', 'k3y-Passphr4se');
let d365: DynamicsSimulator;
let psft: PeopleSoftSimulator;
let dir: string;
let proxy: TestProxy;
const savedEnv = { ...process.env };

beforeAll(async () => {
  const sapOptions = {
    user: 'RFC_SYNC',
    password: 'sap-net-pw',
    rfcServiceActive: true,
    vendors: 6,
    bigPoItems: 3,
    tls: true,
  };
  [gp, bamboo, databricks, ifs, sap, sapMutual, d365, psft] = await Promise.all([
    startGpSimulator({ port: 0, seed: 5, rows: 30, tls: true }),
    startBambooSimulator({ port: 0, seed: 5, rows: 10, tls: true }),
    startDatabricksSimulator({ port: 0 }),
    startIfsSimulator({ port: 0, seed: 5, rows: 10, tls: true }),
    startSapSimulator(sapOptions),
    startSapSimulator({ ...sapOptions, clientCa: sapClientCert.caCert }),
    startDynamicsSimulator({ port: 0, seed: 5, tls: true }),
    startPeopleSoftSimulator({ port: 0, seed: 5, rows: 10, tls: true, queries: DEMO_QUERIES, node: 'PSFT_HRPRD' }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'mlc-network-'));
  writeFileSync(join(dir, 'gp-ca.pem'), gp.caCert ?? '');
  writeFileSync(join(dir, 'bamboohr-ca.pem'), bamboo.caCert ?? '');
  writeFileSync(join(dir, 'databricks-ca.pem'), databricks.caCert);
  writeFileSync(join(dir, 'ifs-ca.pem'), ifs.caCert ?? '');
  writeFileSync(join(dir, 'd365-ca.pem'), d365.caCert ?? '');
  writeFileSync(join(dir, 'psft-ca.pem'), psft.caCert ?? '');
  writeFileSync(join(dir, 'sap-ca.pem'), sap.caCert ?? '');
  writeFileSync(join(dir, 'sap-mutual-ca.pem'), sapMutual.caCert ?? '');
  writeFileSync(join(dir, 'sap-client.pem'), sapClientCert.cert);
  writeFileSync(join(dir, 'sap-client-key.pem'), sapClientCert.key);
});

afterAll(async () => {
  await Promise.all([
    gp?.close(),
    bamboo?.close(),
    databricks?.close(),
    ifs?.close(),
    sap?.close(),
    sapMutual?.close(),
    d365?.close(),
    psft?.close(),
  ]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  // Whatever the machine's shell has, each test says which proxy it wants.
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'])
    delete process.env[name];
});

afterEach(async () => {
  process.env = { ...savedEnv };
  await proxy?.close();
});

async function proxyInEnvironment(
  options: Parameters<typeof startTestProxy>[0] = {},
  url?: (started: TestProxy) => string,
): Promise<TestProxy> {
  proxy = await startTestProxy(options);
  process.env.HTTPS_PROXY = url?.(proxy) ?? proxy.url;
  process.env.HTTP_PROXY = url?.(proxy) ?? proxy.url;
  return proxy;
}

const SECRETS: Record<string, () => string> = {
  gp_password: () => gp.credentials.password,
  bamboohr_api_key: () => bamboo.credentials.apiKey,
  bamboohr_client_secret: () => bamboo.credentials.app.clientSecret,
  databricks_token: () => databricks.credentials.token,
  ifs_client_secret: () => ifs.credentials.clientSecret,
  sap_password: () => 'sap-net-pw',
  sap_key_passphrase: () => sapClientCert.passphrase,
  d365_client_secret: () => d365.credentials.clientSecret,
  psft_client_secret: () => psft.clients.sync.clientSecret,
};
/** What a sign-in stores (the keychain, in the product). */
const stored = new Map<string, string>();

function context(name: string, connection: Connection): ConnectionContext {
  return {
    name,
    connection,
    pipeline: { connections: { [name]: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: dir,
    resolveSecret: (secret) => Promise.resolve(stored.get(secret) ?? SECRETS[secret]?.() ?? ''),
    storeSecret: (secret, value) => {
      stored.set(secret, value);
      return Promise.resolve();
    },
  };
}

function gpConnection(caCertFile?: string): ConnectionContext {
  return context('erp', {
    system: 'dynamics-gp',
    address: {
      webServicesUrl: gp.webServicesUrl,
      companyKey: -1,
      baseUrl: gp.url,
      tenant: gp.tenant,
      company: gp.company,
      ...(caCertFile === undefined ? {} : { caCertFile }),
    },
    auth: { method: 'ntlm', username: `${gp.credentials.domain}\\${gp.credentials.user}`, secret: 'gp_password' },
  } as Connection);
}

function bambooConnection(caCertFile?: string): ConnectionContext {
  return context('hr', {
    system: 'bamboohr',
    address: {
      companyDomain: bamboo.companyDomain,
      apiBase: bamboo.apiBase,
      ...(caCertFile === undefined ? {} : { caCertFile }),
    },
    auth: { method: 'api-key', secret: 'bamboohr_api_key' },
  } as Connection);
}

function bambooOAuthConnection(caCertFile?: string): ConnectionContext {
  return context('hr', {
    system: 'bamboohr',
    address: {
      companyDomain: bamboo.companyDomain,
      apiBase: bamboo.apiBase,
      tokenUrl: bamboo.tokenUrl,
      authorizeUrl: `${bamboo.url}/authorize.php`,
      ...(caCertFile === undefined ? {} : { caCertFile }),
    },
    auth: {
      method: 'oauth2-refresh-token',
      clientId: bamboo.credentials.app.clientId,
      secret: 'bamboohr_client_secret',
      refreshTokenSecret: 'bamboohr_refresh_token',
    },
  } as Connection);
}

function databricksConnection(caCertFile?: string): ConnectionContext {
  return context('lakehouse', {
    system: 'databricks',
    address: {
      host: databricks.host,
      port: databricks.port,
      httpPath: databricks.httpPath,
      ...(caCertFile === undefined ? {} : { caCertFile }),
    },
    auth: { method: 'personal-access-token', secret: 'databricks_token' },
  } as Connection);
}

/** IFS Cloud: the token endpoint (IFS IAM) and the projections on the same tenant host, both through the proxy. */
function ifsConnection(caCertFile?: string): ConnectionContext {
  return context('ifs', {
    system: 'ifs-cloud',
    address: {
      systemUrl: ifs.url,
      realm: ifs.realm,
      companies: ifs.company,
      ...(caCertFile === undefined ? {} : { caCertFile }),
    },
    auth: { method: 'oauth2-client-credentials', clientId: ifs.credentials.clientId, secret: 'ifs_client_secret' },
  } as Connection);
}

/** SAP ECC: RFC over SOAP with Basic for one SAP client; `mutual`: the ICM that asks for a client certificate. */
function sapConnection(caCertFile?: string, mutual?: { readonly withCertificate: boolean }): ConnectionContext {
  const sim = mutual === undefined ? sap : sapMutual;
  return context('ecc', {
    system: 'sap-ecc',
    address: {
      baseUrl: sim.url,
      sapClient: sim.client,
      companyCode: sim.companyCode,
      ...(caCertFile === undefined ? {} : { caCertFile }),
      ...(mutual?.withCertificate === true
        ? {
            clientCertFile: './sap-client.pem',
            clientKeyFile: './sap-client-key.pem',
            clientKeyPassphraseSecret: 'sap_key_passphrase',
          }
        : {}),
    },
    auth: { method: 'basic', username: 'RFC_SYNC', secret: 'sap_password' },
  } as Connection);
}

/** Dynamics 365: the Entra token endpoint (the simulator's own authority) and the Web API, both through the proxy. */
function d365Connection(caCertFile?: string): ConnectionContext {
  return context('crm', {
    system: 'dynamics-365',
    address: {
      environmentUrl: d365.url,
      tenant: d365.tenant,
      authorityUrl: d365.url,
      ...(caCertFile === undefined ? {} : { caCertFile }),
    },
    auth: { method: 'oauth2-client-credentials', clientId: d365.credentials.clientId, secret: 'd365_client_secret' },
  } as Connection);
}

/** PeopleSoft: the identity provider's token endpoint and the REST listening connector, both through the proxy. */
function psftConnection(caCertFile?: string): ConnectionContext {
  return context('psft', {
    system: 'peoplesoft',
    address: { baseUrl: psft.url, node: psft.node, ...(caCertFile === undefined ? {} : { caCertFile }) },
    auth: {
      method: 'oauth2-client-credentials',
      clientId: psft.clients.sync.clientId,
      secret: 'psft_client_secret',
      tokenUrl: psft.tokenUrl,
    },
  } as Connection);
}

const hostOf = (url: string) => new URL(url).host;

describe('private certificate authorities: caCertFile', () => {
  it.each([
    ['Dynamics GP', () => gpConnection(), () => hostOf(gp.url)],
    ['BambooHR', () => bambooConnection(), () => hostOf(bamboo.url)],
    ['Databricks', () => databricksConnection(), () => `${databricks.host}:${databricks.port}`],
    ['IFS Cloud', () => ifsConnection(), () => hostOf(ifs.url)],
    ['SAP ECC', () => sapConnection(), () => hostOf(sap.url)],
    ['PeopleSoft', () => psftConnection(), () => hostOf(psft.url)],
    ['Dynamics 365', () => d365Connection(), () => hostOf(d365.url)],
  ])(
    '%s: a server signed by a CA this computer does not trust is refused in words naming the host and caCertFile',
    async (_, connection, host) => {
      const answer = await pingConnection(connection());
      expect(answer).toMatchObject({ ok: false, code: 'TLS_UNTRUSTED' });
      expect(answer.message).toContain(
        `the certificate of ${host()} is not signed by a certificate authority this computer trusts`,
      );
      expect(answer.message).toContain("name that CA's certificate in the connection's caCertFile address part");
    },
  );

  it.each([
    [
      'Dynamics GP',
      () => gpConnection('./gp-ca.pem'),
      /^signed in to GP Web Services at https:\/\/127\.0\.0\.1:\d+\/DynamicsGPWebServices\/DynamicsGPService\.asmx as CONTOSO\\gp\.sync \(company key -1\); read GL account \d{3}-\d{4}-\d\d; signed in to SBA at https:\/\/127\.0\.0\.1:\d+ as CONTOSO\\gp\.sync: it serves vendors, payables_invoices, purchase_orders$/,
    ],
    ['BambooHR', () => bambooConnection('./bamboohr-ca.pem'), /signed in to BambooHR company "acme" with an API key/],
    ['Databricks', () => databricksConnection('./databricks-ca.pem'), /SELECT 1 answered/],
    ['IFS Cloud', () => ifsConnection('./ifs-ca.pem'), /signed in to IFS Cloud as IAM client "ML_CONNECTOR"/],
    ['SAP ECC', () => sapConnection('./sap-ca.pem'), /signed in to SAP client 100 as RFC_SYNC/],
    [
      'PeopleSoft',
      () => psftConnection('./psft-ca.pem'),
      /signed in to PeopleSoft node PSFT_HRPRD as IdP client mlc-sync-client/,
    ],
    [
      'Dynamics 365',
      () => d365Connection('./d365-ca.pem'),
      /signed in to Dynamics 365 at https:\/\/127\.0\.0\.1:\d+ as application user /,
    ],
  ])('%s: trusted with its CA named in caCertFile (relative to the pipeline file)', async (_, connection, said) => {
    const answer = await pingConnection(connection());
    expect(answer.message).toMatch(said);
    expect(answer.ok).toBe(true);
  });

  it('says which file is missing or is not a PEM certificate', async () => {
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');
    expect(await pingConnection(gpConnection('./nowhere.pem'))).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        `connections.erp.address.caCertFile: cannot read the CA certificate file ./nowhere.pem, looked for as ${join(dir, 'nowhere.pem')} (there is no such file)`,
      ),
    });
    expect(await pingConnection(bambooConnection('./not-a-cert.pem'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('connections.hr.address.caCertFile: ./not-a-cert.pem is not a PEM certificate'),
    });
  });
});

describe('client certificates: SAP ECC behind an ICM that asks for one (mutual TLS)', () => {
  it('is refused without the certificate and signs in with it (its key passphrase a stored secret), through the proxy', async () => {
    const without = await pingConnection(sapConnection('./sap-mutual-ca.pem', { withCertificate: false }));
    expect(without).toMatchObject({ ok: false, code: 'ECONNRESET' });
    expect(without.message).toContain(
      'icm/HTTPS/verify_client = 2), give the connection clientCertFile and clientKeyFile',
    );
    const tunnel = await proxyInEnvironment();
    const answer = await pingConnection(sapConnection('./sap-mutual-ca.pem', { withCertificate: true }));
    expect(answer.ok, answer.message).toBe(true);
    expect(tunnel.tunnels.map((seen) => seen.target)).toContain(hostOf(sapMutual.url));
    expect(JSON.stringify([without, answer])).not.toContain(sapClientCert.passphrase);
  });
});

describe('corporate proxies: HTTPS_PROXY / HTTP_PROXY from the environment', () => {
  it('Dynamics GP: the NTLM handshake and the GP Web Services calls after it share one kept-alive tunnel', async () => {
    const tunnel = await proxyInEnvironment();
    const accepted = gp.stats.ntlm.accepted;
    const client = webServicesClient({ ...gpConfig(gpConnection('./gp-ca.pem')), retry: false }, 'this test');
    try {
      for (const isActive of [true, false, true])
        expect((await client.getGLAccountList({ isActive })).length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    expect(tunnel.tunnels.map((seen) => seen.target)).toEqual([hostOf(gp.url)]);
    expect(gp.stats.ntlm.accepted - accepted).toBe(1);
    expect(tunnel.plainRequests).toBe(0);
  });

  it.each([
    ['Dynamics GP', () => gpConnection('./gp-ca.pem'), () => hostOf(gp.url)],
    ['BambooHR', () => bambooConnection('./bamboohr-ca.pem'), () => hostOf(bamboo.url)],
    ['Databricks', () => databricksConnection('./databricks-ca.pem'), () => `${databricks.host}:${databricks.port}`],
    ['IFS Cloud', () => ifsConnection('./ifs-ca.pem'), () => hostOf(ifs.url)],
    ['SAP ECC', () => sapConnection('./sap-ca.pem'), () => hostOf(sap.url)],
    ['PeopleSoft', () => psftConnection('./psft-ca.pem'), () => hostOf(psft.url)],
    ['Dynamics 365', () => d365Connection('./d365-ca.pem'), () => hostOf(d365.url)],
  ])(
    "%s: the connection test goes through the proxy, the connection's CA trusted inside the tunnel",
    async (_, connection, host) => {
      const tunnel = await proxyInEnvironment();
      const answer = await pingConnection(connection());
      expect(answer.ok, answer.message).toBe(true);
      expect(tunnel.tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnel.tunnels.map((seen) => seen.target))).toEqual(new Set([host()]));
    },
  );

  it.each([
    ['Dynamics GP', () => gpConnection('./gp-ca.pem')],
    ['BambooHR', () => bambooConnection('./bamboohr-ca.pem')],
    ['Databricks', () => databricksConnection('./databricks-ca.pem')],
    ['IFS Cloud', () => ifsConnection('./ifs-ca.pem')],
    ['SAP ECC', () => sapConnection('./sap-ca.pem')],
    ['PeopleSoft', () => psftConnection('./psft-ca.pem')],
    ['Dynamics 365', () => d365Connection('./d365-ca.pem')],
  ])('%s: NO_PROXY reaches a listed host directly', async (_, connection) => {
    const tunnel = await proxyInEnvironment();
    process.env.NO_PROXY = '127.0.0.1,localhost';
    expect((await pingConnection(connection())).ok).toBe(true);
    expect(tunnel.tunnels).toHaveLength(0);
  });

  it.each([
    ['Dynamics GP', () => gpConnection('./gp-ca.pem')],
    ['BambooHR', () => bambooConnection('./bamboohr-ca.pem')],
    ['Databricks', () => databricksConnection('./databricks-ca.pem')],
    ['IFS Cloud', () => ifsConnection('./ifs-ca.pem')],
    ['SAP ECC', () => sapConnection('./sap-ca.pem')],
    ['PeopleSoft', () => psftConnection('./psft-ca.pem')],
    ['Dynamics 365', () => d365Connection('./d365-ca.pem')],
  ])(
    '%s: a proxy that wants a sign-in gets the one in its URL, and a refusal never shows the password',
    async (_, connection) => {
      const tunnel = await proxyInEnvironment(
        { credentials: { user: 'svc-sync', password: 'Pr0xy:p@ss' } },
        (started) => started.urlWith('svc-sync', 'Pr0xy:p@ss'),
      );
      const answer = await pingConnection(connection());
      expect(answer.ok, answer.message).toBe(true);
      expect(tunnel.tunnels.every((seen) => seen.accepted)).toBe(true);

      process.env.HTTPS_PROXY = tunnel.urlWith('svc-sync', 'wr0ng-s3cret');
      process.env.HTTP_PROXY = process.env.HTTPS_PROXY;
      const refused = await pingConnection(connection());
      expect(refused).toMatchObject({ ok: false, code: 'PROXY_REFUSED' });
      expect(refused.message).toContain(`the proxy http://127.0.0.1:${tunnel.port} refused the connection`);
      expect(refused.message).toContain('HTTP 407');
      expect(refused.message).not.toMatch(/wr0ng|s3cret|Pr0xy/);
    },
  );
});

describe('PeopleSoft destination: the CIRT write behind the proxy and the CA, signed in as the source is', () => {
  it("updates one vendor's class through the tunnel with the IdP's token", async () => {
    const tunnel = await proxyInEnvironment();
    const destination = await openDestination(psftConnection('./psft-ca.pem'));
    const target = {
      table: 'vendors',
      columns: ['SETID', 'VENDOR_ID', 'VENDOR_CLASS'].map((name) => ({
        name,
        type: { kind: 'string' },
        required: true,
      })),
      writeMode: 'merge',
      mergeKey: ['SETID', 'VENDOR_ID'],
      allowDestructiveChanges: false,
    } as unknown as TargetTable;
    const row = { SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'H' };
    try {
      const batch = { batchId: 'run-1.vendors.000001', rows: [row] } as unknown as WriteBatch;
      expect(await destination.writeBatch(target, batch)).toMatchObject({ updated: 1 });
    } finally {
      await destination.close();
    }
    expect(psft.cirt.sentUpdates).toEqual([{ key: 'SHARE/0000000001', fields: ['VENDOR_CLASS'] }]);
    expect(new Set(tunnel.tunnels.map((seen) => seen.target))).toEqual(new Set([hostOf(psft.url)]));
  });
});

describe('BambooHR OAuth: the token endpoint behind the same proxy and CA', () => {
  it('signs in through the browser, then renews its token through the proxy, trusting the CA in caCertFile', async () => {
    // The redirect's own certificate (the user's, trusted by their browser) and a browser that trusts it and BambooHR's CA.
    const redirect = makeSimulatorTls('sign-in redirect');
    const tlsFiles = { cert: join(dir, 'redirect-cert.pem'), key: join(dir, 'redirect-key.pem') };
    writeFileSync(tlsFiles.cert, redirect.cert);
    writeFileSync(tlsFiles.key, redirect.key);
    const browser = new Agent({ connect: { ca: [redirect.caCert, bamboo.caCert ?? ''] } });
    try {
      const tunnel = await proxyInEnvironment();
      const connection = bambooOAuthConnection('./bamboohr-ca.pem');
      const signedIn = await connectOAuth(connection, {
        port: 0,
        tlsFiles,
        onAuthorizeUrl: (url) => {
          void (async () => {
            bamboo.auth.registerRedirectUri(new URL(url).searchParams.get('redirect_uri') ?? '');
            const consent = await request(url, { dispatcher: browser });
            await consent.body.dump();
            const back = await request(String(consent.headers.location), { dispatcher: browser });
            await back.body.dump();
          })();
        },
      });
      expect(signedIn.storedAs).toBe('bamboohr_refresh_token');
      expect(stored.get('bamboohr_refresh_token')).toMatch(/^rt-/);
      // The code went to the token endpoint through the proxy, over HTTPS signed by the CA in caCertFile.
      expect(tunnel.tunnels.map((seen) => seen.target)).toContain(hostOf(bamboo.url));

      const before = tunnel.tunnels.length;
      const answer = await pingConnection(connection);
      expect(answer.ok, answer.message).toBe(true);
      expect(answer.message).toContain('with OAuth');
      expect(tunnel.tunnels.length).toBeGreaterThan(before);
    } finally {
      await browser.close();
    }
  });
});
