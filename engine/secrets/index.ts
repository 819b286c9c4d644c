/**
 * Secrets: where they live (OS keychain, else environment variables), how a pipeline's references
 * resolve, and the scrubbing that keeps resolved values out of logs, audit payloads and errors.
 */
export type { SecretStore } from './types.ts';
export { KEYCHAIN_SERVICE } from './types.ts';
export { SecretError, isSecretError, keychainUnavailableError } from './errors.ts';
export type { SecretErrorCode } from './errors.ts';
export { ENVIRONMENT_PREFIX, assertSecretName, environmentVariableFor, isSecretName } from './names.ts';
export { KeychainSecretStore } from './keychain-store.ts';
export type { KeychainAvailability, KeychainSecretStoreOptions, KeytarApi } from './keychain-store.ts';
export { EnvironmentSecretStore } from './environment-store.ts';
export type { Environment, EnvironmentSecretStoreOptions } from './environment-store.ts';
export { createSecretResolver, defaultSecretResolver, missingSecretError, resolveSecret } from './resolver.ts';
export type { ResolvedSecret, SecretResolver, SecretResolverOptions, SecretSource } from './resolver.ts';
export {
  SECRET_MASK,
  SecretRegistry,
  rememberSecret,
  scrub,
  scrubValue,
  secretRegistry,
  secretValues,
} from './registry.ts';
export { MIN_SECRET_LENGTH, secretForms } from './secret-forms.ts';
export { keychainWriter } from './rotation.ts';
export type { SecretWriter, WritableStore } from './rotation.ts';
