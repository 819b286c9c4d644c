/**
 * Secrets from environment variables, for headless runs where no keychain is reachable (a scheduler,
 * a container): `ML_CONNECTOR_SECRET_<NAME>`. Read-only: a process cannot set its parent's environment.
 */
import { SecretError } from './errors.ts';
import { ENVIRONMENT_PREFIX, assertSecretName, environmentVariableFor, isSecretName } from './names.ts';
import { secretRegistry, type SecretRegistry } from './registry.ts';
import type { SecretStore } from './types.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface EnvironmentSecretStoreOptions {
  /** Read at every call (not copied), so a changed environment is seen. Defaults to process.env. */
  readonly environment?: Environment | (() => Environment);
  readonly registry?: SecretRegistry;
}

export class EnvironmentSecretStore implements SecretStore {
  readonly #environment: () => Environment;
  readonly #registry: SecretRegistry;

  constructor(options: EnvironmentSecretStoreOptions = {}) {
    const given = options.environment;
    this.#environment = given === undefined ? () => process.env : typeof given === 'function' ? given : () => given;
    this.#registry = options.registry ?? secretRegistry;
  }

  /** An empty variable counts as unset: schedulers often export unset template variables as ''. */
  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    const value = this.#environment()[environmentVariableFor(name)];
    if (value === undefined || value === '') return undefined;
    this.#registry.remember(value);
    return value;
  }

  async set(name: string, _value: string): Promise<void> {
    throw this.#readOnly(name);
  }

  async delete(name: string): Promise<boolean> {
    throw this.#readOnly(name);
  }

  /**
   * The part after the prefix, as written (e.g. `GP_PASSWORD`): the mapping to a variable is not
   * reversible, and this spelling maps back to the same variable.
   */
  async list(): Promise<string[]> {
    const environment = this.#environment();
    return Object.keys(environment)
      .filter((key) => key.startsWith(ENVIRONMENT_PREFIX) && environment[key] !== undefined && environment[key] !== '')
      .map((key) => key.slice(ENVIRONMENT_PREFIX.length))
      .filter(isSecretName)
      .sort();
  }

  describe(): string {
    return `environment variables ${ENVIRONMENT_PREFIX}<NAME>`;
  }

  #readOnly(name: string): SecretError {
    assertSecretName(name);
    return new SecretError(
      'SECRET_STORE_READ_ONLY',
      `Environment variables are read-only here: store "${name}" in the OS keychain with ` +
        `\`ml-connector secrets set ${name}\`, or set ${environmentVariableFor(name)} in the environment that runs ml-connector.`,
    );
  }
}
