/**
 * The secrets a connection names in its address (a connector's parts of kind "secret"), through the
 * studio host's services on a copy of the shipped GP example: Dynamics GP's company-database pre-check
 * names its SQL login's password by `address.sqlPasswordSecret`. Export must tell IT the environment
 * variable that carries it, and the studio must say whether the keychain holds it, as for the sign-in's.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatPipeline, parsePipelineText } from '../../model/index.ts';
import {
  createSecretResolver,
  EnvironmentSecretStore,
  KeychainSecretStore,
  SecretRegistry,
} from '../../secrets/index.ts';
import { memoryKeytar } from '../../secrets/test-support.ts';
import { createStudioServices } from './index.ts';

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples', import.meta.url));
const FROM = 'examples/gp-to-databricks.json';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-connection-secrets-'));
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
  cpSync(join(EXAMPLES, '..', 'schema'), join(dir, 'schema'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The GP example with the four company-database parts of the fiscal-period pre-check. */
function withCompanyDatabase(): string {
  const pipeline = parsePipelineText(readFileSync(join(dir, FROM), 'utf8')).pipeline!;
  const gp = pipeline.connections.gp!;
  pipeline.connections.gp = {
    ...gp,
    address: {
      ...gp.address,
      companyDatabase: 'TWO',
      sqlServer: 'gpsql.example.com:1433',
      sqlUser: 'mlc_reader',
      sqlPasswordSecret: 'gp_sql_password',
    },
  };
  return formatPipeline(pipeline);
}

/** The host's services with an in-memory keychain holding `stored`, and no secret in the environment. */
function services(stored: Readonly<Record<string, string>>) {
  const registry = new SecretRegistry();
  const keychain = new KeychainSecretStore({ registry, keytar: memoryKeytar() });
  const secrets = createSecretResolver({
    registry,
    keychain,
    environment: new EnvironmentSecretStore({ registry, environment: {} }),
  });
  const studio = createStudioServices({
    cwd: dir,
    stateDir: join(dir, 'state'),
    secrets,
    registry,
    publish: () => {},
  });
  return { studio, ready: Promise.all(Object.entries(stored).map(([name, value]) => keychain.set(name, value))) };
}

describe('secrets named in a connection address', () => {
  it("Export lists the SQL login's password secret and its environment variable beside the sign-in's", async () => {
    const { studio } = services({});
    const exported = await studio.pipelines.export({
      path: FROM,
      text: withCompanyDatabase(),
      to: 'scheduled/gl.json',
    });
    expect(exported.secrets).toContainEqual({
      name: 'gp_sql_password',
      environmentVariable: 'ML_CONNECTOR_SECRET_GP_SQL_PASSWORD',
    });
    expect(exported.secrets).toContainEqual({
      name: 'gp_password',
      environmentVariable: 'ML_CONNECTOR_SECRET_GP_PASSWORD',
    });
  });

  it('the connection list says whether the keychain holds it, as for the sign-in secret', async () => {
    const { studio, ready } = services({ gp_password: 'not-the-sql-one' });
    await ready;
    const text = withCompanyDatabase();
    const listed = await studio.connections.list({ pipeline: { path: FROM, text } });
    expect(listed.find((connection) => connection.name === 'gp')?.secrets).toEqual([
      { name: 'gp_password', stored: true },
      { name: 'gp_sql_password', stored: false },
    ]);

    await studio.connections.setSecret({ name: 'gp_sql_password', value: 'sql-login-pass' });
    const after = await studio.connections.list({ pipeline: { path: FROM, text } });
    expect(after.find((connection) => connection.name === 'gp')?.secrets).toContainEqual({
      name: 'gp_sql_password',
      stored: true,
    });
  });

  it('refuses to export a password typed where the secret name belongs, without repeating it', async () => {
    const { studio } = services({});
    const text = withCompanyDatabase().replace('"gp_sql_password"', '"pa ss w0rd!"');
    const refused = studio.pipelines.export({ path: FROM, text, to: 'scheduled/gl.json' });
    await expect(refused).rejects.toThrow(/Fix the problem in the pipeline/);
    await expect(refused).rejects.not.toThrow(/w0rd/);
    const problems = (await studio.pipelines.validate({ path: FROM, text })).problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'connections.gp.address.sqlPasswordSecret', severity: 'error' }),
    );
    expect(JSON.stringify(problems)).not.toContain('w0rd');
  });
});
