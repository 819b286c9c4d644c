/**
 * The secrets a browser test's studio stores: the real OS keychain when `MLC_TEST_KEYCHAIN=1` (npm test
 * runs the tests inside a private D-Bus session with a throw-away keyring), else an in-memory keychain
 * with the same code in front of it. Environment variables of the machine are never read, so a
 * developer's ML_CONNECTOR_SECRET_* cannot make a test pass. `stored` reads what the keychain holds.
 */
import { createSecretResolver, EnvironmentSecretStore, KeychainSecretStore } from '../../engine/secrets/index.ts';
import { memoryKeytar } from '../../engine/secrets/test-support.ts';
import type { HostSecrets } from '../../engine/host/index.ts';

export const REAL_KEYCHAIN = process.env.MLC_TEST_KEYCHAIN === '1';

export interface TestSecrets {
  readonly host: HostSecrets;
  /** What the keychain holds under the name (undefined when nothing). */
  stored(name: string): Promise<string | undefined>;
  /** Removes the names from the keychain (the real one outlives the test). */
  forget(names: readonly string[]): Promise<void>;
}

export function testSecrets(): TestSecrets {
  const keychain = REAL_KEYCHAIN ? new KeychainSecretStore() : new KeychainSecretStore({ keytar: memoryKeytar() });
  const host = createSecretResolver({ keychain, environment: new EnvironmentSecretStore({ environment: {} }) });
  return {
    host,
    stored: (name) => keychain.get(name),
    forget: async (names) => {
      for (const name of names) await keychain.delete(name).catch(() => false);
    },
  };
}

/** A secret name no other test (or earlier run) uses, for a real keychain shared by all tests. */
export function uniqueSecretName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
