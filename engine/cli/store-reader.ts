/** Opens the run store for reading, from another process while a run may be writing it. */
import type { RunStoreReader } from '../store/index.ts';
import { loadStore } from './engine.ts';

/** Undefined when nothing has run with this state folder yet: for `audit` and `holds` that is "nothing to show", not an error. */
export async function openStoreForReading(stateDir: string): Promise<RunStoreReader | undefined> {
  const { openRunStore, RunStoreError } = await loadStore();
  try {
    return openRunStore(stateDir, { readonly: true });
  } catch (error) {
    if (error instanceof RunStoreError && error.code === 'STORE_MISSING') return undefined;
    throw error;
  }
}

export async function withStore<T>(
  stateDir: string,
  use: (store: RunStoreReader | undefined) => T | Promise<T>,
): Promise<T> {
  const store = await openStoreForReading(stateDir);
  try {
    return await use(store);
  } finally {
    store?.close();
  }
}
