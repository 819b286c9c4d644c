/**
 * A computer without an OS keychain (a Linux box with no Secret Service): the host refuses to store a
 * secret and says why. The studio then asks once what to do: keep the secret for this session only
 * (in the host's memory, never written to a file) or set its environment variable. Once the analyst
 * chose "this session only", later secrets go there at once, each with a notice saying so.
 *
 * The value waiting for that choice is held in this slice's closure, not in the store's state, and
 * is dropped as soon as the analyst answers.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { StudioClient } from '../api/client.ts';
import { messageOf } from './files.ts';
import type { UiSlice } from './ui.ts';

export interface KeychainFallbackSlice {
  /** The host has no keychain: its words, and the secret waiting for the analyst's choice. */
  readonly noKeychain: { readonly name: string; readonly message: string } | null;
  /** The analyst chose "this session only" for this studio session. */
  readonly secretsForSession: boolean;
  /** Called by `storeSecret` when the host says there is no keychain. */
  offerSessionSecret(name: string, value: string, message: string): void;
  /** true: keep it for this session only; false: the analyst will set the environment variable. */
  answerNoKeychain(keepForSession: boolean): Promise<boolean>;
}

/** From the connections slice (named here, not imported: that slice imports this one). */
interface RefreshesConnections {
  refreshConnections(): Promise<void>;
}

type Needs = KeychainFallbackSlice & RefreshesConnections & UiSlice;

export function sessionNotice(name: string): string {
  return `Kept the secret "${name}" for this session only: the studio's memory, never a file. It is gone when the studio closes.`;
}

export function createKeychainFallbackSlice(client: StudioClient): StateCreator<Needs, [], [], KeychainFallbackSlice> {
  return (set, get) => {
    let waiting: { name: string; value: string } | undefined;
    return {
      noKeychain: null,
      secretsForSession: false,

      offerSessionSecret(name, value, message) {
        waiting = { name, value };
        set({ noKeychain: { name, message } });
      },

      async answerNoKeychain(keepForSession) {
        const secret = waiting;
        waiting = undefined;
        set({ noKeychain: null });
        if (!keepForSession || secret === undefined) return false;
        try {
          await client.connections.setSecret({ name: secret.name, value: secret.value, sessionOnly: true });
          set({ secretsForSession: true });
          get().notify({ kind: 'info', text: sessionNotice(secret.name) });
          await get().refreshConnections();
          return true;
        } catch (error) {
          get().notify({ kind: 'error', text: `The secret "${secret.name}" was not kept: ${messageOf(error)}` });
          return false;
        }
      },
    };
  };
}
