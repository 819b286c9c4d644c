/**
 * Secrets kept for this session only: where no OS keychain is reachable (a Linux box without a Secret
 * Service), the analyst may keep a secret in this host process's memory instead. Never written to a
 * file; gone when the host stops. Such a secret is found before the keychain and the environment, as
 * the analyst's latest word on it; the scrub registry knows its value (the caller remembers it).
 */
import { environmentVariableFor, isSecretError, SecretError } from '../../secrets/index.ts';
import type { HostSecrets } from './context.ts';

export const SESSION_ONLY = "this session only (the studio host's memory, never a file)";

/** The store's own refusal, reworded to say both ways out: this session only, or the environment variable. */
export function noKeychainError(name: string, error: SecretError): SecretError {
  return new SecretError(
    'KEYCHAIN_UNAVAILABLE',
    `There is no OS keychain on this computer (${error.reason ?? 'no Secret Service'}), so the secret "${name}" was not stored. ` +
      `Keep it for this session only (in the studio's memory, never written to a file, gone when the studio closes), ` +
      `or set the environment variable ${environmentVariableFor(name)} before starting the studio (headless runs read it too).`,
    error.reason,
  );
}

export function withSessionSecrets(secrets: HostSecrets): HostSecrets {
  const kept = new Map<string, string>();
  return {
    async resolve(name) {
      return kept.get(name) ?? secrets.resolve(name);
    },
    async lookup(name) {
      return kept.has(name) ? { source: 'session' } : secrets.lookup(name);
    },
    async set(name, value) {
      try {
        await secrets.set(name, value);
      } catch (error) {
        if (isSecretError(error, 'KEYCHAIN_UNAVAILABLE')) throw noKeychainError(name, error);
        throw error;
      }
      // Stored for good: a value kept for the session before is not the latest any more.
      kept.delete(name);
    },
    async delete(name) {
      const wasKept = kept.delete(name);
      try {
        return (await secrets.delete(name)) || wasKept;
      } catch (error) {
        if (wasKept && isSecretError(error, 'KEYCHAIN_UNAVAILABLE')) return true;
        throw error;
      }
    },
    ...(secrets.list ? { list: () => secrets.list!() } : {}),
    describe: () => (kept.size > 0 ? `${secrets.describe()}; some kept for ${SESSION_ONLY}` : secrets.describe()),
    keepForSession(name, value) {
      kept.set(name, value);
    },
  };
}
