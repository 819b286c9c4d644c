/**
 * Where a credential goes that the system replaces while we use it: an OAuth refresh token that
 * rotates (BambooHR's is single-use: each renewal returns the next one and the old one stops working).
 * The new value must be stored before it is used, and only the keychain can store it: environment
 * variables are read-only. The writer says beforehand when it cannot store, so a sign-in is refused
 * before its first request instead of spending a token whose successor would then be lost.
 */
import { isSecretError } from './errors.ts';
import { environmentVariableFor } from './names.ts';

export interface SecretWriter {
  (name: string, value: string): Promise<void>;
  /** Why a new value for `name` could not be stored here, in words for a message; undefined when it can. */
  readonly unavailable: (name: string) => Promise<string | undefined>;
}

/** What the writer needs of a store: `set`, and `list` to ask whether the keychain answers at all. */
export interface WritableStore {
  set(name: string, value: string): Promise<void>;
  list?(): Promise<string[]>;
}

export function keychainWriter(store: WritableStore, remember?: (value: string) => void): SecretWriter {
  const write = async (name: string, value: string): Promise<void> => {
    // Remembered first: an error that echoes the value is masked too.
    remember?.(value);
    await store.set(name, value);
  };
  return Object.assign(write, { unavailable: (name: string) => storageProblem(store, name) });
}

async function storageProblem(store: WritableStore, name: string): Promise<string | undefined> {
  try {
    await store.list?.();
    return undefined;
  } catch (error) {
    if (!isSecretError(error, 'KEYCHAIN_UNAVAILABLE')) throw error;
    const why = error.reason === undefined ? '' : ` (${error.reason})`;
    return `there is no OS keychain here to keep the new one${why}, so using the token from ${environmentVariableFor(name)} would spend it`;
  }
}
