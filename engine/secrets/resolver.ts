/**
 * Resolving a secret reference (PRODUCT.md): the OS keychain first, else `ML_CONNECTOR_SECRET_<NAME>`.
 * Where no keychain is reachable (a server without a D-Bus session) reads fall back to the
 * environment without a word; storing, deleting and listing say in one sentence that there is no
 * keychain here.
 */
import { EnvironmentSecretStore } from './environment-store.ts';
import { SecretError, isSecretError } from './errors.ts';
import { KeychainSecretStore } from './keychain-store.ts';
import { environmentVariableFor } from './names.ts';
import { secretRegistry, type SecretRegistry } from './registry.ts';
import type { SecretStore } from './types.ts';

export type SecretSource = 'keychain' | 'environment';

export interface ResolvedSecret {
  readonly value: string;
  readonly source: SecretSource;
}

/** A SecretStore whose reads follow the resolution order and whose writes go to the keychain. */
export interface SecretResolver extends SecretStore {
  /** The value, or a SECRET_MISSING error naming the reference and both ways to provide it. */
  resolve(name: string): Promise<string>;
  /** The value and where it was found, or undefined. */
  lookup(name: string): Promise<ResolvedSecret | undefined>;
}

export interface SecretResolverOptions {
  readonly keychain?: SecretStore;
  readonly environment?: SecretStore;
  /** Used by the default stores only; stores handed in remember into their own registry. */
  readonly registry?: SecretRegistry;
}

export function missingSecretError(name: string): SecretError {
  return new SecretError(
    'SECRET_MISSING',
    `No secret named "${name}": store it with \`ml-connector secrets set ${name}\`, ` +
      `or set ${environmentVariableFor(name)} for headless runs.`,
  );
}

export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  const registry = options.registry ?? secretRegistry;
  const keychain = options.keychain ?? new KeychainSecretStore({ registry });
  const environment = options.environment ?? new EnvironmentSecretStore({ registry });

  const lookup = async (name: string): Promise<ResolvedSecret | undefined> => {
    try {
      const value = await keychain.get(name);
      if (value !== undefined) return { value, source: 'keychain' };
    } catch (error) {
      // Only "no keychain here" falls through; a keychain that answers with an error is a real problem.
      if (!isSecretError(error, 'KEYCHAIN_UNAVAILABLE')) throw error;
    }
    const value = await environment.get(name);
    return value === undefined ? undefined : { value, source: 'environment' };
  };

  return {
    lookup,
    async resolve(name) {
      const found = await lookup(name);
      if (found === undefined) throw missingSecretError(name);
      return found.value;
    },
    async get(name) {
      return (await lookup(name))?.value;
    },
    set: (name, value) => keychain.set(name, value),
    delete: (name) => keychain.delete(name),
    list: () => keychain.list(),
    describe: () => `${keychain.describe()}, else ${environment.describe()}`,
  };
}

let defaultResolver: SecretResolver | undefined;

/** The process-wide resolver: real keychain, process.env, the process-wide scrub registry. */
export function defaultSecretResolver(): SecretResolver {
  defaultResolver ??= createSecretResolver();
  return defaultResolver;
}

export function resolveSecret(name: string): Promise<string> {
  return defaultSecretResolver().resolve(name);
}
