/**
 * The systems a pipeline can connect to, described as data for the studio's connection form: address
 * parts, sign-in methods (pipeline `auth.method` names) with the label of each secret they refer to,
 * and what the connection test does. GP comes from its connector descriptor; the file, DuckDB and
 * Databricks connectors have no kit descriptor, so theirs are written here from what the registry and
 * `connection-config.ts` read. A system is listed once the registry can open it.
 */
import { CA_CERT_FILE_PART, type AddressPart } from './kit/descriptor.ts';

export interface SystemAuthMethod {
  /** The pipeline file's `auth.method`. */
  readonly method: string;
  /** Labels of the secrets it refers to, in the order `secret`, `refreshTokenSecret`. */
  readonly secrets: readonly string[];
  /** The refresh token is obtained by signing in through the browser (the registry's `connectOAuth`). */
  readonly browserSignIn?: boolean;
}

export interface SystemInfo {
  readonly system: string;
  readonly label: string;
  readonly description: string;
  /** What a stream may use it for. */
  readonly roles: readonly ('source' | 'destination')[];
  readonly addressParts: readonly AddressPart[];
  readonly authMethods: readonly SystemAuthMethod[];
  /** What Test does, in the connector's words. */
  readonly connectionTest: string;
  readonly simulator?: { readonly system: string; readonly defaultPort: number };
  /** The source entities whose changes the system pushes by webhook (the registry's `openWebhookIntake`). */
  readonly webhooks?: { readonly entities: readonly string[] };
}

const DUCKDB: SystemInfo = {
  system: 'duckdb',
  label: 'Local warehouse (DuckDB file)',
  description: 'The embedded warehouse: one DuckDB file on this machine; tables are created and evolved as the mappings say.',
  roles: ['destination'],
  addressParts: [
    { name: 'path', label: 'Warehouse file', kind: 'path', required: true, description: "The .duckdb file; a relative path resolves against the pipeline file's folder. The first run creates it.", example: './warehouse.duckdb' },
  ],
  authMethods: [{ method: 'none', secrets: [] }],
  connectionTest: 'Find the warehouse file or its folder',
};

const DATABRICKS: SystemInfo = {
  system: 'databricks',
  label: 'Databricks SQL warehouse',
  description: 'Unity Catalog tables written through a Databricks SQL warehouse (merge, append or replace), optionally starting a job after a load.',
  roles: ['destination'],
  addressParts: [
    { name: 'host', label: 'Workspace host', kind: 'host', required: true, description: 'The workspace host name, e.g. adb-1234567890123456.7.azuredatabricks.net.', example: '127.0.0.1' },
    { name: 'port', label: 'Port', kind: 'port', required: false, description: '443 unless your workspace says otherwise.', example: '47007' },
    { name: 'httpPath', label: 'HTTP path', kind: 'text', required: true, description: "The SQL warehouse's HTTP path, from its Connection details tab.", example: '/sql/1.0/warehouses/sim0000000000001' },
    {
      name: 'warehouseStartMinutes',
      label: 'Warehouse start wait (minutes)',
      kind: 'text',
      required: false,
      description: 'How long a stopped SQL warehouse is given to start before the run gives up; 10 unless set. A classic warehouse takes about five minutes, a serverless one under a minute.',
      example: '10',
    },
    {
      name: 'stagingVolume',
      label: 'Staging volume',
      kind: 'text',
      required: false,
      description:
        'The Unity Catalog volume each batch is uploaded to as a Parquet file before COPY INTO, as catalog.schema.volume (needs READ VOLUME and WRITE VOLUME). Unless set, ml_connector_staging in each target table\'s schema, created on the first load (needs CREATE VOLUME there). "none" sends rows in SQL statements instead: slow, for workspaces without volumes.',
      example: 'main.finance.ml_connector_staging',
    },
    CA_CERT_FILE_PART,
  ],
  authMethods: [
    { method: 'personal-access-token', secrets: ['Personal access token'] },
    { method: 'oauth2-client-credentials', secrets: ['OAuth client secret'] },
  ],
  connectionTest: 'Sign in and run SELECT 1 on the SQL warehouse',
  simulator: { system: 'databricks', defaultPort: 47007 },
};

export async function systemCatalog(): Promise<SystemInfo[]> {
  const [{ gpConnectorDescriptor: gp }, { fileConnectorDescriptor: file }, { bambooConnectorDescriptor: bamboo }] = await Promise.all([
    import('./dynamics-gp/descriptor.ts'),
    import('./file/descriptor.ts'),
    import('./bamboohr/descriptor.ts'),
  ]);
  return [
    {
      system: file.id,
      label: file.label,
      description: file.description,
      roles: ['source'],
      addressParts: file.addressParts,
      authMethods: [{ method: 'none', secrets: [] }],
      connectionTest: file.connectionTest.label,
    },
    {
      system: gp.id,
      label: gp.label,
      description: gp.description,
      // Read (GL, vendors, payables) and written (journals created unposted, employee and vendor masters).
      roles: ['source', 'destination'],
      addressParts: gp.addressParts,
      authMethods: gp.authKinds.map((kind) => ({ method: kind, secrets: (gp.secrets[kind] ?? []).map((secret) => secret.label) })),
      connectionTest: gp.connectionTest.label,
      ...(gp.simulator ? { simulator: gp.simulator } : {}),
    },
    {
      system: bamboo.id,
      label: bamboo.label,
      description: bamboo.description,
      roles: ['source'],
      addressParts: bamboo.addressParts,
      authMethods: bamboo.authKinds.map((kind) => ({
        method: kind,
        secrets: (bamboo.secrets[kind] ?? []).map((secret) => secret.label),
        // connectOAuth obtains the first refresh token; the connector then renews and rotates it.
        ...(kind === 'oauth2-refresh-token' ? { browserSignIn: true } : {}),
      })),
      connectionTest: bamboo.connectionTest.label,
      ...(bamboo.simulator ? { simulator: bamboo.simulator } : {}),
      // The webhook intake turns deliveries into follow-up fetches of employees only (bamboohr.md §8).
      webhooks: { entities: ['employees'] },
    },
    DUCKDB,
    DATABRICKS,
  ];
}
