/**
 * The real OS keychain through @napi-rs/keyring. Which variant runs depends on the machine:
 * - MLC_TEST_KEYCHAIN=1 (`npm test` sets it inside a private D-Bus session with a throw-away, unlocked
 *   keyring): a full round trip against the real Secret Service. No fallback: if the keychain cannot
 *   be reached here, the test fails.
 * - otherwise: the session bus is pointed at a socket that does not exist (so a developer's own keyring
 *   is never touched) and the test asserts what a headless machine sees: one plain sentence for
 *   set/list/delete, and reads that fall back to ML_CONNECTOR_SECRET_<NAME>.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeychainSecretStore } from './keychain-store.ts';
import { environmentVariableFor } from './names.ts';
import { SecretRegistry } from './registry.ts';
import { createSecretResolver } from './resolver.ts';
import { UNAVAILABLE_SENTENCE, rejection, uniqueSecretName } from './test-support.ts';

const REAL_KEYCHAIN = process.env.MLC_TEST_KEYCHAIN === '1';

describe('the OS keychain through @napi-rs/keyring', () => {
  const registry = new SecretRegistry();
  const keychain = new KeychainSecretStore({ registry });
  const created: string[] = [];

  afterEach(async () => {
    for (const name of created.splice(0)) await keychain.delete(name).catch(() => false);
    vi.unstubAllEnvs();
  });

  if (REAL_KEYCHAIN) {
    it('stores, reads, lists, replaces and deletes a secret, and the resolver prefers it to the environment', async () => {
      expect(await keychain.availability(), 'MLC_TEST_KEYCHAIN=1 but no Secret Service answers').toEqual({
        available: true,
      });
      const name = uniqueSecretName('mlc-test.keychain');
      const value = `kc-${Math.random().toString(36).slice(2)}-ünïcode`;
      created.push(name);

      expect(await keychain.get(name)).toBeUndefined();
      await keychain.set(name, value);
      expect(await keychain.get(name)).toBe(value);
      const names = await keychain.list();
      expect(names).toContain(name);
      expect(JSON.stringify(names)).not.toContain(value);

      // The keychain wins over the environment variable of the same reference.
      vi.stubEnv(environmentVariableFor(name), 'env-value-that-must-lose');
      const resolver = createSecretResolver({ registry, keychain });
      expect(await resolver.lookup(name)).toEqual({ value, source: 'keychain' });

      await keychain.set(name, `${value}-2`);
      expect(await keychain.get(name)).toBe(`${value}-2`);
      expect(registry.scrub(`sent ${value} then ${value}-2`)).toBe('sent *** then ***');

      expect(await keychain.delete(name)).toBe(true);
      expect(await keychain.delete(name)).toBe(false);
      expect(await keychain.get(name)).toBeUndefined();
      expect(await keychain.list()).not.toContain(name);
      // Deleted from the keychain, the reference now resolves from the environment.
      expect(await resolver.lookup(name)).toEqual({ value: 'env-value-that-must-lose', source: 'environment' });
    });
  } else {
    it('without a keychain says so in one plain sentence, and reads fall back to the environment', async () => {
      vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', `unix:path=${join(tmpdir(), `${uniqueSecretName('mlc-no-bus')}.sock`)}`);
      const name = uniqueSecretName('mlc-test.fallback');
      const value = `env-${Math.random().toString(36).slice(2)}`;
      created.push(name);

      const availability = await keychain.availability();
      expect(availability).toEqual({ available: false, reason: expect.any(String) });
      for (const attempt of [() => keychain.set(name, value), () => keychain.list(), () => keychain.delete(name)]) {
        const error = await rejection(attempt());
        expect(error).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
        expect(error.message).toMatch(UNAVAILABLE_SENTENCE);
        expect(error.message).not.toContain(value);
      }

      const resolver = createSecretResolver({ registry, keychain });
      await expect(resolver.resolve(name)).rejects.toMatchObject({ code: 'SECRET_MISSING' });
      vi.stubEnv(environmentVariableFor(name), value);
      expect(await resolver.lookup(name)).toEqual({ value, source: 'environment' });
      expect(registry.scrub(`token ${value}`)).toBe('token ***');
    });
  }
});
