/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on
 * Linux) through @napi-rs/keyring's keytar-compatible API: service "ml-connector", account = the
 * secret's name.
 */
import { keychainFailure } from './keychain-failure.ts';
import { SecretError, keychainUnavailableError } from './errors.ts';
import { assertSecretName, isSecretName } from './names.ts';
import { secretRegistry, type SecretRegistry } from './registry.ts';
import { KEYCHAIN_SERVICE, type SecretStore } from './types.ts';

/** The part of keytar's API used here; tests hand in a fake to reproduce native failures. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeychainAvailability =
  { readonly available: true } | { readonly available: false; readonly reason: string };

export interface KeychainSecretStoreOptions {
  /** Defaults to @napi-rs/keyring's keytar module, loaded on first use. */
  readonly keytar?: KeytarApi | (() => Promise<KeytarApi>);
  /** Where values read or stored are remembered for scrubbing; the process-wide one by default. */
  readonly registry?: SecretRegistry;
}

/**
 * Loaded lazily, so that a machine where the native library cannot load still runs headless from
 * environment variables instead of failing at import. The `.js` suffix: the package has no exports
 * map, and Node's ESM resolver needs the file name.
 */
async function loadKeytar(): Promise<KeytarApi> {
  return await import('@napi-rs/keyring/keytar.js');
}

export class KeychainSecretStore implements SecretStore {
  readonly #registry: SecretRegistry;
  readonly #load: () => Promise<KeytarApi>;
  #keytar: Promise<KeytarApi> | undefined;

  constructor(options: KeychainSecretStoreOptions = {}) {
    this.#registry = options.registry ?? secretRegistry;
    const given = options.keytar;
    this.#load = given === undefined ? loadKeytar : typeof given === 'function' ? given : async () => given;
  }

  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    const value = await this.#call(`read the secret "${name}"`, (keytar) => keytar.getPassword(KEYCHAIN_SERVICE, name));
    if (value === null || value === undefined) return undefined;
    this.#registry.remember(value);
    return value;
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    if (typeof value !== 'string' || value === '') {
      throw new SecretError('SECRET_VALUE_INVALID', `The secret "${name}" cannot be empty.`);
    }
    // Remembered before the call, so a native error that echoes the value is scrubbed.
    this.#registry.remember(value);
    await this.#call(`store the secret "${name}"`, (keytar) => keytar.setPassword(KEYCHAIN_SERVICE, name, value));
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return await this.#call(`delete the secret "${name}"`, (keytar) => keytar.deletePassword(KEYCHAIN_SERVICE, name));
  }

  /** findCredentials returns passwords too; they are dropped here and never leave this method. */
  async list(): Promise<string[]> {
    const credentials = await this.#call('list the secrets', (keytar) => keytar.findCredentials(KEYCHAIN_SERVICE));
    const names = new Set(credentials.map((credential) => credential.account).filter(isSecretName));
    return [...names].sort();
  }

  /** Whether a keychain answers here, and if not why, for the studio and `ml-connector secrets`. */
  async availability(): Promise<KeychainAvailability> {
    try {
      await this.list();
      return { available: true };
    } catch (error) {
      if (error instanceof SecretError && error.code === 'KEYCHAIN_UNAVAILABLE') {
        return { available: false, reason: error.reason ?? error.message };
      }
      throw error;
    }
  }

  describe(): string {
    return `the OS keychain (service "${KEYCHAIN_SERVICE}")`;
  }

  async #call<T>(task: string, operation: (keytar: KeytarApi) => Promise<T>): Promise<T> {
    const keytar = await this.#keytarApi();
    try {
      return await operation(keytar);
    } catch (error) {
      throw keychainFailure(error, task, this.#registry);
    }
  }

  async #keytarApi(): Promise<KeytarApi> {
    this.#keytar ??= this.#load();
    try {
      return await this.#keytar;
    } catch (error) {
      // Kept rejected: the library does not appear later in the same process.
      const reason = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : '';
      throw keychainUnavailableError(`the keychain library could not load${reason === '' ? '' : `: ${reason}`}`);
    }
  }
}
