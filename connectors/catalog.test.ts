/** The systems catalog stays in step with the pipeline file's schema and with what the registry reads. */
import { describe, expect, it } from 'vitest';
import { authSchema, installSystemRules, secretAddressParts, SYSTEM_ID_PATTERN } from '../engine/model/index.ts';
import { systemCatalog, systemRules } from './registry.ts';

describe('systems catalog', () => {
  it('names only systems and sign-in methods the pipeline file accepts, each secret labelled', async () => {
    const methods = authSchema.options.map((option) => option.shape.method.value as string);
    const catalog = await systemCatalog();
    expect(catalog.map((entry) => entry.system)).toEqual([
      'file',
      'dynamics-gp',
      'bamboohr',
      'duckdb',
      'databricks',
      'ifs-cloud',
      'sap-ecc',
      'dynamics-365',
      'peoplesoft',
    ]);
    for (const entry of catalog) {
      expect(entry.system).toMatch(SYSTEM_ID_PATTERN);
      expect(entry.authMethods.length).toBeGreaterThan(0);
      for (const auth of entry.authMethods) {
        expect(methods).toContain(auth.method);
        expect(auth.secrets.length).toBe(auth.method === 'none' ? 0 : auth.method === 'oauth2-refresh-token' ? 2 : 1);
      }
    }
  });

  it('lists, as required, the address parts the connectors refuse to open without', async () => {
    const catalog = await systemCatalog();
    const required = (system: string) =>
      (catalog.find((entry) => entry.system === system)?.addressParts ?? [])
        .filter((part) => part.required)
        .map((part) => part.name);
    expect(required('file')).toEqual(['folder']);
    expect(required('duckdb')).toEqual(['path']);
    // GP: each surface's address only where its streams are read (Web Services for the ledger, SBA for the rest).
    expect(required('dynamics-gp')).toEqual(['domain', 'user']);
    expect(catalog.find((entry) => entry.system === 'dynamics-gp')?.addressParts.map((part) => part.name)).toEqual(
      expect.arrayContaining(['webServicesUrl', 'companyKey', 'currencyType', 'baseUrl', 'tenant', 'company']),
    );
    expect(required('databricks')).toEqual(['host', 'httpPath']);
    expect(required('bamboohr')).toEqual(['companyDomain']);
    expect(required('ifs-cloud')).toEqual(['systemUrl', 'realm', 'companies']);
    expect(required('sap-ecc')).toEqual(['baseUrl', 'sapClient', 'companyCode']);
    // SAP ECC is read only; a client certificate is two files and a secret's name, never a value.
    const sap = catalog.find((entry) => entry.system === 'sap-ecc');
    expect(sap?.roles).toEqual(['source']);
    expect(
      sap?.addressParts.filter((part) => part.name.startsWith('client')).map((part) => [part.name, part.kind]),
    ).toEqual([
      ['clientCertFile', 'path'],
      ['clientKeyFile', 'path'],
      ['clientKeyPassphraseSecret', 'secret'],
    ]);
    // The Gateway OData surface is optional per stream: ECC has no standard service, so nothing is required.
    expect(
      sap?.addressParts
        .filter((part) => part.name.startsWith('gateway'))
        .map((part) => [part.name, part.kind, part.required]),
    ).toEqual([
      ['gatewayVendors', 'text', false],
      ['gatewayCustomers', 'text', false],
      ['gatewayPurchaseOrderItems', 'text', false],
    ]);
    expect(required('dynamics-365')).toEqual(['environmentUrl', 'tenant']);
    // Dynamics 365 Sales is written only (accounts, orders), never read.
    expect(catalog.find((entry) => entry.system === 'dynamics-365')?.roles).toEqual(['destination']);
    // PeopleSoft: each site names its node, so it is required; the alias and the saved queries have defaults.
    expect(required('peoplesoft')).toEqual(['baseUrl', 'node']);
    const psft = catalog.find((entry) => entry.system === 'peoplesoft');
    expect(psft?.roles).toEqual(['source', 'destination']);
    expect(psft?.authMethods.map((auth) => auth.method)).toEqual(['basic', 'oauth2-client-credentials']);
    expect(psft?.simulator).toEqual({ system: 'peoplesoft', defaultPort: 47006 });
    // GP is read (GL, vendors, payables) and written (journals, employee and vendor masters).
    expect(catalog.find((entry) => entry.system === 'dynamics-gp')?.roles).toEqual(['source', 'destination']);
    // Databricks is written (Delta tables, after-load jobs) and read (a stream's table or query).
    expect(catalog.find((entry) => entry.system === 'databricks')?.roles).toEqual(['source', 'destination']);
  });

  it('offers BambooHR with an API key or OAuth signed in through the browser, and the address parts its connector and sign-in read', async () => {
    const bamboo = (await systemCatalog()).find((entry) => entry.system === 'bamboohr')!;
    expect(bamboo.roles).toEqual(['source']);
    expect(bamboo.authMethods).toEqual([
      { method: 'api-key', secrets: ['API key'] },
      { method: 'oauth2-refresh-token', secrets: ['OAuth client secret', 'Refresh token'], browserSignIn: true },
    ]);
    // Every part the connector (bambooConfig) or the sign-in (connectOAuth) reads, and nothing the file keeps elsewhere (auth.clientId).
    expect(bamboo.addressParts.map((part) => part.name)).toEqual([
      'companyDomain',
      'apiBase',
      'tokenUrl',
      'authorizeUrl',
      'caCertFile',
    ]);
    expect(bamboo.webhooks).toEqual({ entities: ['employees'] });
    expect(bamboo.simulator).toEqual({ system: 'bamboohr', defaultPort: 47002 });
    // The OAuth method's fields besides secrets (client id, scope) come from the file schema, which the form reads.
    const oauth = authSchema.options.find((option) => option.shape.method.value === 'oauth2-refresh-token')!;
    expect(Object.keys(oauth.shape)).toEqual(
      expect.arrayContaining(['clientId', 'secret', 'refreshTokenSecret', 'scope']),
    );
  });

  it('offers a CA certificate file on every connection that speaks HTTPS, optional, with its help', async () => {
    const catalog = await systemCatalog();
    const withCa = catalog
      .filter((entry) => entry.addressParts.some((part) => part.name === 'caCertFile'))
      .map((entry) => entry.system);
    expect(withCa).toEqual([
      'dynamics-gp',
      'bamboohr',
      'databricks',
      'ifs-cloud',
      'sap-ecc',
      'dynamics-365',
      'peoplesoft',
    ]);
    for (const entry of catalog) {
      const part = entry.addressParts.find((candidate) => candidate.name === 'caCertFile');
      if (part === undefined) continue;
      expect(part).toMatchObject({ kind: 'path', required: false, label: 'CA certificate file' });
      expect(part.description).toContain('PEM');
      expect(part.description).toContain("relative path resolves against the pipeline file's folder");
    }
  });

  it("marks the address parts that hold a stored secret's name, which the pipeline's rules then list", async () => {
    installSystemRules(systemRules());
    const catalog = await systemCatalog();
    const secretParts = catalog.flatMap((entry) =>
      entry.addressParts.filter((part) => part.kind === 'secret').map((part) => `${entry.system}.${part.name}`),
    );
    // GP's SQL login password for the company-database pre-check, SAP's client-certificate key passphrase:
    // Export and the studio list them with the sign-in's.
    expect(secretParts).toEqual(['dynamics-gp.sqlPasswordSecret', 'sap-ecc.clientKeyPassphraseSecret']);
    for (const entry of catalog)
      expect(secretAddressParts(entry.system)).toEqual(
        entry.addressParts.filter((part) => part.kind === 'secret').map((part) => part.name),
      );
  });

  it('describes browser sign-in and webhooks only where the registry can do them', async () => {
    const catalog = await systemCatalog();
    const signIn = catalog.flatMap((entry) =>
      entry.authMethods.filter((auth) => auth.browserSignIn).map((auth) => `${entry.system}:${auth.method}`),
    );
    expect(signIn).toEqual(['bamboohr:oauth2-refresh-token']);
    expect(catalog.filter((entry) => entry.webhooks).map((entry) => entry.system)).toEqual(['bamboohr']);
  });
});
