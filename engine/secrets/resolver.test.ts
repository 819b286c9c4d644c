import { describe, expect, it } from 'vitest';
import { EnvironmentSecretStore } from './environment-store.ts';
import { KeychainSecretStore } from './keychain-store.ts';
import { SecretRegistry } from './registry.ts';
import { createSecretResolver } from './resolver.ts';
import { NO_PLATFORM_STORAGE, UNAVAILABLE_SENTENCE, failingKeytar, memoryKeytar, rejection } from './test-support.ts';
import type { KeytarApi } from './keychain-store.ts';

const KEYCHAIN_VALUE = 'from-keychain-S3cret';
const ENV_VALUE = 'from-env-S3cret';

function resolverWith(keytar: KeytarApi, environment: Record<string, string>) {
  const registry = new SecretRegistry();
  const resolver = createSecretResolver({
    keychain: new KeychainSecretStore({ keytar, registry }),
    environment: new EnvironmentSecretStore({ environment, registry }),
  });
  return { resolver, registry };
}

describe('resolving a secret reference', () => {
  it('takes the keychain first, else the environment variable', async () => {
    const keytar = memoryKeytar();
    keytar.entries.set('ml-connector\u0000gp_password', KEYCHAIN_VALUE);
    const { resolver } = resolverWith(keytar, {
      ML_CONNECTOR_SECRET_GP_PASSWORD: ENV_VALUE,
      ML_CONNECTOR_SECRET_BAMBOO_KEY: ENV_VALUE,
    });
    expect(await resolver.lookup('gp_password')).toEqual({ value: KEYCHAIN_VALUE, source: 'keychain' });
    expect(await resolver.lookup('bamboo.key')).toEqual({ value: ENV_VALUE, source: 'environment' });
    expect(await resolver.resolve('bamboo.key')).toBe(ENV_VALUE);
    expect(await resolver.get('nothing_here')).toBeUndefined();
  });

  it('falls back to the environment without a word when there is no keychain', async () => {
    const { resolver } = resolverWith(failingKeytar(NO_PLATFORM_STORAGE), {
      ML_CONNECTOR_SECRET_GP_PASSWORD: ENV_VALUE,
    });
    expect(await resolver.lookup('gp_password')).toEqual({ value: ENV_VALUE, source: 'environment' });
  });

  it('gives set, delete and list the plain "no keychain here" sentence', async () => {
    const { resolver } = resolverWith(failingKeytar(NO_PLATFORM_STORAGE), {});
    await expect(resolver.set('gp_password', KEYCHAIN_VALUE)).rejects.toThrow(UNAVAILABLE_SENTENCE);
    await expect(resolver.delete('gp_password')).rejects.toThrow(UNAVAILABLE_SENTENCE);
    await expect(resolver.list()).rejects.toThrow(UNAVAILABLE_SENTENCE);
  });

  it('does not hide a keychain that answers with an error behind the environment', async () => {
    const { resolver } = resolverWith(failingKeytar('Entry is matched by 2 credentials'), {
      ML_CONNECTOR_SECRET_GP_PASSWORD: ENV_VALUE,
    });
    await expect(resolver.resolve('gp_password')).rejects.toMatchObject({ code: 'KEYCHAIN_FAILED' });
  });

  it('names the reference and both ways to provide it when neither has it, and carries no secret', async () => {
    const keytar = memoryKeytar();
    keytar.entries.set('ml-connector\u0000gp_password_old', KEYCHAIN_VALUE);
    const { resolver } = resolverWith(keytar, { ML_CONNECTOR_SECRET_GP_PASSWORD_OLD: ENV_VALUE });
    await resolver.resolve('gp_password_old');
    const error = await rejection(resolver.resolve('gp_password'));
    expect(error).toMatchObject({ code: 'SECRET_MISSING' });
    expect(error.message).toBe(
      'No secret named "gp_password": store it with `ml-connector secrets set gp_password`, ' +
        'or set ML_CONNECTOR_SECRET_GP_PASSWORD for headless runs.',
    );
    expect(error.message).not.toContain(KEYCHAIN_VALUE);
    expect(error.message).not.toContain(ENV_VALUE);
  });

  it('gives the same message when the keychain is unavailable too', async () => {
    const { resolver } = resolverWith(failingKeytar(NO_PLATFORM_STORAGE), {});
    await expect(resolver.resolve('ifs.client-secret')).rejects.toThrow(
      'No secret named "ifs.client-secret": store it with `ml-connector secrets set ifs.client-secret`, ' +
        'or set ML_CONNECTOR_SECRET_IFS_CLIENT_SECRET for headless runs.',
    );
  });

  it('remembers every resolved value, so later logs are scrubbed', async () => {
    const keytar = memoryKeytar();
    keytar.entries.set('ml-connector\u0000a_key', KEYCHAIN_VALUE);
    const { resolver, registry } = resolverWith(keytar, { ML_CONNECTOR_SECRET_B_KEY: ENV_VALUE });
    await resolver.resolve('a_key');
    await resolver.resolve('b_key');
    expect(registry.scrub(`a=${KEYCHAIN_VALUE} b=${ENV_VALUE}`)).toBe('a=*** b=***');
  });

  it('describes both places, keychain first', () => {
    const { resolver } = resolverWith(memoryKeytar(), {});
    expect(resolver.describe()).toBe(
      'the OS keychain (service "ml-connector"), else environment variables ML_CONNECTOR_SECRET_<NAME>',
    );
  });
});
