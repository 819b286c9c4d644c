/**
 * A computer without an OS keychain (no Secret Service on D-Bus): storing a secret says so, names
 * the environment variable, and offers to keep it for this session only, in the host's memory, never
 * in a file. The keychain is the real store code over the native library's own "no session bus" error.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSecretResolver,
  EnvironmentSecretStore,
  KeychainSecretStore,
  SecretRegistry,
} from '../../secrets/index.ts';
import { failingKeytar, NO_SESSION_BUS } from '../../secrets/test-support.ts';
import { createStudioServices } from './index.ts';
import { SESSION_ONLY, withSessionSecrets } from './session-secrets.ts';

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples', import.meta.url));
const FROM = 'examples/gp-to-databricks.json';
const VALUE = 'session-only-pass-0427';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-session-secrets-'));
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
  cpSync(join(EXAMPLES, '..', 'schema'), join(dir, 'schema'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function noKeychain() {
  const registry = new SecretRegistry();
  const secrets = createSecretResolver({
    registry,
    keychain: new KeychainSecretStore({ registry, keytar: failingKeytar(NO_SESSION_BUS) }),
    environment: new EnvironmentSecretStore({ registry, environment: {} }),
  });
  const studio = createStudioServices({ cwd: dir, stateDir: join(dir, 'state'), secrets, registry, publish: () => {} });
  return { studio, secrets, registry };
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function gpSecrets(studio: ReturnType<typeof noKeychain>['studio']) {
  const listed = await studio.connections.list({ pipeline: { path: FROM } });
  return listed.find((connection) => connection.name === 'gp')?.secrets;
}

describe('no OS keychain', () => {
  it('refuses to store quietly: says there is no keychain, offers this session only, names the variable', async () => {
    const { studio } = noKeychain();
    const refused = await studio.connections.setSecret({ name: 'gp_password', value: VALUE }).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(refused?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(refused?.message).toMatch(/There is no OS keychain on this computer/);
    expect(refused?.message).toMatch(/this session only/);
    expect(refused?.message).toContain('ML_CONNECTOR_SECRET_GP_PASSWORD');
    expect(refused?.message).not.toContain(VALUE);
    expect(await gpSecrets(studio)).toEqual([{ name: 'gp_password', stored: false }]);
  });

  it('keeps a secret for this session only when asked: found by the services, scrubbed, in no file', async () => {
    const { studio, registry } = noKeychain();
    const kept = await studio.connections.setSecret({ name: 'gp_password', value: VALUE, sessionOnly: true });
    expect(kept).toEqual({ name: 'gp_password', where: SESSION_ONLY, changed: true });
    expect(await gpSecrets(studio)).toEqual([{ name: 'gp_password', stored: true }]);
    expect(registry.scrub(`echo ${VALUE}`)).not.toContain(VALUE);
    await studio.pipelines.save({ path: 'examples/saved.json', text: readFileSync(join(dir, FROM), 'utf8') });
    for (const file of filesUnder(dir)) expect(readFileSync(file, 'utf8')).not.toContain(VALUE);

    expect(await studio.connections.deleteSecret({ name: 'gp_password' })).toMatchObject({ changed: true });
    expect(await gpSecrets(studio)).toEqual([{ name: 'gp_password', stored: false }]);
  });

  it('resolves a kept secret for runs and tests, before the keychain and the environment', async () => {
    const { secrets } = noKeychain();
    const session = withSessionSecrets(secrets);
    await expect(session.resolve('gp_password')).rejects.toThrow(/No secret named "gp_password"/);
    session.keepForSession!('gp_password', VALUE);
    expect(await session.resolve('gp_password')).toBe(VALUE);
    expect(await session.lookup('gp_password')).toEqual({ source: 'session' });
  });
});
