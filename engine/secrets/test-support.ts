/** Fakes for the secret tests: an in-memory keytar and one that fails the way the native library does. */
import type { KeytarApi } from './keychain-store.ts';

export function memoryKeytar(): KeytarApi & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const key = (service: string, account: string) => `${service}\u0000${account}`;
  return {
    entries,
    async getPassword(service, account) {
      return entries.get(key(service, account)) ?? null;
    },
    async setPassword(service, account, password) {
      entries.set(key(service, account), password);
    },
    async deletePassword(service, account) {
      return entries.delete(key(service, account));
    },
    async findCredentials(service) {
      return [...entries]
        .filter(([k]) => k.startsWith(`${service}\u0000`))
        .map(([k, password]) => ({ account: k.slice(service.length + 1), password }));
    },
  };
}

/** Every call rejects with `message`, or with what `message(...)` builds from the arguments. */
export function failingKeytar(message: string | ((args: string[]) => string)): KeytarApi {
  const fail = async (...args: string[]): Promise<never> => {
    throw Object.assign(new Error(typeof message === 'string' ? message : message(args)), { code: 'GenericFailure' });
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail };
}

/** The texts @napi-rs/keyring gives on Linux without a D-Bus session (seen on a headless machine). */
export const NO_PLATFORM_STORAGE = "Couldn't access platform storage: AccessDenied";
export const NO_SESSION_BUS =
  'zbus error: Failed to connect to address `unix:path=/nonexistent/bus`: No such file or directory (os error 2)';

export const UNAVAILABLE_SENTENCE =
  /^The OS keychain is not available here \(.+\); headless runs can use ML_CONNECTOR_SECRET_<NAME> environment variables\.$/;

/** A name no one else uses, so tests against a real keychain never meet each other's entries. */
export function uniqueSecretName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The error a promise rejects with; a promise that resolves fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}
