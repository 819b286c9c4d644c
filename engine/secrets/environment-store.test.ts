import { describe, expect, it } from 'vitest';
import { EnvironmentSecretStore } from './environment-store.ts';
import { SecretRegistry } from './registry.ts';

const VALUE = 'env-S3cret-value';

function storeWith(environment: Record<string, string | undefined>) {
  const registry = new SecretRegistry();
  return { registry, store: new EnvironmentSecretStore({ environment, registry }) };
}

describe('EnvironmentSecretStore', () => {
  it('reads ML_CONNECTOR_SECRET_<NAME> for a dotted, dashed reference', async () => {
    const { store } = storeWith({ ML_CONNECTOR_SECRET_GP_PASSWORD_2: VALUE });
    expect(await store.get('gp.password-2')).toBe(VALUE);
    expect(await store.get('gp_password')).toBeUndefined();
  });

  it('treats an empty variable as unset', async () => {
    const { store } = storeWith({ ML_CONNECTOR_SECRET_GP_PASSWORD: '' });
    expect(await store.get('gp_password')).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('remembers what it reads so it can be scrubbed later', async () => {
    const { store, registry } = storeWith({ ML_CONNECTOR_SECRET_TOKEN: VALUE });
    await store.get('token');
    expect(registry.scrub(`server said: bad token ${VALUE}`)).toBe('server said: bad token ***');
  });

  it('lists names only, never values, and only for the prefix', async () => {
    const { store } = storeWith({
      ML_CONNECTOR_SECRET_B_KEY: VALUE,
      ML_CONNECTOR_SECRET_A: 'x1234',
      PATH: 'nope',
      ML_CONNECTOR_SECRET_: 'y',
    });
    const names = await store.list();
    expect(names).toEqual(['A', 'B_KEY']);
    expect(JSON.stringify(names)).not.toContain(VALUE);
    // A listed name maps back to the same variable.
    expect(await store.get('B_KEY')).toBe(VALUE);
  });

  it('sees a variable set after it was created', async () => {
    const environment: Record<string, string | undefined> = {};
    const store = new EnvironmentSecretStore({ environment: () => environment, registry: new SecretRegistry() });
    expect(await store.get('late')).toBeUndefined();
    environment.ML_CONNECTOR_SECRET_LATE = VALUE;
    expect(await store.get('late')).toBe(VALUE);
  });

  it('is read-only: set and delete say to use the keychain or set the variable', async () => {
    const { store } = storeWith({});
    await expect(store.set('gp.password', VALUE)).rejects.toMatchObject({
      code: 'SECRET_STORE_READ_ONLY',
      message: expect.stringMatching(/`ml-connector secrets set gp\.password`.*ML_CONNECTOR_SECRET_GP_PASSWORD/),
    });
    await expect(store.set('gp.password', VALUE)).rejects.not.toMatchObject({
      message: expect.stringContaining(VALUE),
    });
    await expect(store.delete('gp.password')).rejects.toMatchObject({ code: 'SECRET_STORE_READ_ONLY' });
    expect(store.describe()).toMatch(/ML_CONNECTOR_SECRET_<NAME>/);
  });
});
