import { describe, expect, it } from 'vitest';
import { KeychainSecretStore } from './keychain-store.ts';
import { SecretRegistry } from './registry.ts';
import {
  NO_PLATFORM_STORAGE,
  NO_SESSION_BUS,
  UNAVAILABLE_SENTENCE,
  failingKeytar,
  memoryKeytar,
  rejection,
} from './test-support.ts';

const VALUE = 'kc-S3cret-value';

describe('KeychainSecretStore (keytar API, faked)', () => {
  it('files secrets under service "ml-connector" with the name as account, and lists names only', async () => {
    const keytar = memoryKeytar();
    const store = new KeychainSecretStore({ keytar, registry: new SecretRegistry() });
    await store.set('gp.password', VALUE);
    expect([...keytar.entries.keys()]).toEqual(['ml-connector\u0000gp.password']);
    expect(await store.get('gp.password')).toBe(VALUE);
    expect(await store.list()).toEqual(['gp.password']);
    expect(await store.delete('gp.password')).toBe(true);
    expect(await store.delete('gp.password')).toBe(false);
    expect(await store.get('gp.password')).toBeUndefined();
    expect(store.describe()).toContain('"ml-connector"');
  });

  it('refuses an empty value instead of storing a secret that resolves to nothing', async () => {
    const store = new KeychainSecretStore({ keytar: memoryKeytar(), registry: new SecretRegistry() });
    await expect(store.set('gp_password', '')).rejects.toMatchObject({ code: 'SECRET_VALUE_INVALID' });
  });

  it('remembers values it stores and reads, for scrubbing', async () => {
    const registry = new SecretRegistry();
    const keytar = memoryKeytar();
    keytar.entries.set('ml-connector\u0000read_me', 'read-S3cret');
    const store = new KeychainSecretStore({ keytar, registry });
    await store.set('stored', VALUE);
    await store.get('read_me');
    expect(registry.scrub(`${VALUE} / read-S3cret`)).toBe('*** / ***');
  });

  it('says in one plain sentence that there is no keychain when the platform storage is unreachable', async () => {
    for (const native of [NO_PLATFORM_STORAGE, NO_SESSION_BUS]) {
      const store = new KeychainSecretStore({ keytar: failingKeytar(native), registry: new SecretRegistry() });
      const attempts = [
        () => store.set('gp_password', VALUE),
        () => store.delete('gp_password'),
        () => store.list(),
        () => store.get('gp_password'),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toMatchObject({
          code: 'KEYCHAIN_UNAVAILABLE',
          message: expect.stringMatching(UNAVAILABLE_SENTENCE),
        });
      }
      expect(await store.availability()).toEqual({ available: false, reason: expect.any(String) });
    }
  });

  it('gives the missing session bus as the reason, not the raw D-Bus text', async () => {
    const store = new KeychainSecretStore({ keytar: failingKeytar(NO_SESSION_BUS), registry: new SecretRegistry() });
    await expect(store.list()).rejects.toMatchObject({ reason: 'no D-Bus session bus to reach the Secret Service' });
  });

  it('never lets native error text carry the value it was given', async () => {
    // A native layer that echoes its arguments, plain and URL-encoded, in its error.
    const echo = failingKeytar(
      (args) => `Couldn't access platform storage: refused ${args.join(' ')} (${encodeURIComponent(args[2] ?? '')})`,
    );
    const store = new KeychainSecretStore({ keytar: echo, registry: new SecretRegistry() });
    const value = 'echo me/please S3cret';
    const error = await rejection(store.set('gp_password', value));
    expect(error.message).toMatch(UNAVAILABLE_SENTENCE);
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain(encodeURIComponent(value));
    expect(error.cause).toBeUndefined();
  });

  it('reports other keychain refusals as a failure of that operation, scrubbed', async () => {
    const registry = new SecretRegistry();
    registry.remember(VALUE);
    const store = new KeychainSecretStore({
      keytar: failingKeytar(`Entry is matched by 2 credentials: ${VALUE}`),
      registry,
    });
    const error = await rejection(store.get('gp_password'));
    expect(error).toMatchObject({ code: 'KEYCHAIN_FAILED' });
    expect(error.message).toBe(
      'The OS keychain could not read the secret "gp_password": Entry is matched by 2 credentials: ***.',
    );
  });

  it('treats a native library that cannot load as no keychain, so headless runs still work', async () => {
    const store = new KeychainSecretStore({
      keytar: async () => {
        throw new Error('Cannot find native binding');
      },
      registry: new SecretRegistry(),
    });
    await expect(store.get('gp_password')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringContaining('the keychain library could not load: Cannot find native binding'),
    });
    expect(await store.availability()).toMatchObject({ available: false });
  });
});
