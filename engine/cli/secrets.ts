/**
 * The secrets the CLI needs, behind one small interface: resolving references for a run, the values
 * to mask in everything the CLI prints or the run store writes, and the stores `secrets` manages.
 * Commands see only this, so a test or another host can hand in its own.
 */
import type { SecretAccess } from '../model/index.ts';
import {
  EnvironmentSecretStore,
  defaultSecretResolver,
  keychainWriter,
  rememberSecret,
  scrub,
  secretValues,
  type SecretStore,
  type SecretWriter,
} from '../secrets/index.ts';

export interface CliSecrets {
  /** Keychain first, else ML_CONNECTOR_SECRET_<NAME>; throws SECRET_MISSING with how to provide it. */
  resolve(name: string): Promise<string>;
  /** Every secret value (and encoded spelling) this process has seen, for the run store's mask. */
  values(): readonly string[];
  /** Removes every known secret value from text before it is printed. */
  scrub(text: string): string;
  /** Where `secrets set|delete` write and what `secrets list` reads first: the OS keychain. */
  readonly keychain: SecretStore;
  /** Read-only: the ML_CONNECTOR_SECRET_<NAME> variables, listed beside the keychain. */
  readonly environment: SecretStore;
}

export function defaultCliSecrets(): CliSecrets {
  const resolver = defaultSecretResolver();
  return {
    resolve: (name) => resolver.resolve(name),
    values: secretValues,
    scrub,
    // The resolver's writes and listing go to the keychain; its reads fall back to the environment.
    keychain: resolver,
    environment: new EnvironmentSecretStore(),
  };
}

/**
 * Where a credential the system rotates during a command goes (a BambooHR refresh token): the keychain.
 * Where there is none, a sign-in that rotates is refused before its first request.
 */
export function rotatedSecretStore(secrets: CliSecrets): SecretWriter {
  return keychainWriter(secrets.keychain);
}

/**
 * How a command's connections reach secrets, the same for every command: resolved by name, a rotated
 * credential stored in the keychain, and whatever a sign-in obtains (access tokens, the next refresh
 * token) masked in everything printed, as the studio does.
 */
export function cliSecretAccess(secrets: CliSecrets): SecretAccess {
  return {
    resolveSecret: (name) => secrets.resolve(name),
    storeSecret: keychainWriter(secrets.keychain, rememberSecret),
    remember: rememberSecret,
  };
}
