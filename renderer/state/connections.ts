/**
 * Connections as the host sees them: the systems a connection can name, whether each secret a
 * connection refers to is stored, connection tests (pings) and the selected connection (shared by
 * the Connections and Source fields screens). The connections themselves live in the pipeline
 * (document slice) and are edited by commands; this slice only asks the host about them.
 *
 * Secret values pass through `storeSecret` on their way to the host and are kept nowhere here.
 */
import { formatPipeline, installSystemRules, type Connection } from '../../engine/model/index.ts';
import type { StateCreator } from 'zustand/vanilla';
import { ApiCallError, type StudioClient } from '../api/client.ts';
import type { ConnectionSummary, PingResult, PipelineRef, SystemInfo } from '../api/wire.ts';
import type { DocumentSlice } from './document.ts';
import { messageOf } from './files.ts';
import { sessionNotice, type KeychainFallbackSlice } from './keychain-fallback.ts';
import type { UiSlice } from './ui.ts';

/** What a request about the open pipeline sends: its file (or a name for a new one) and the unsaved text. */
export function pipelineRef(state: Pick<DocumentSlice, 'path' | 'pipeline'>): PipelineRef | null {
  if (state.pipeline === null) return null;
  // A pipeline never saved has no file yet; relative paths in it resolve where the studio was started.
  return { path: state.path ?? 'untitled.json', text: formatPipeline(state.pipeline) };
}

export type PingState =
  | { readonly status: 'testing'; readonly tested: string }
  | { readonly status: 'done'; readonly tested: string; readonly result: PingResult }
  | { readonly status: 'failed'; readonly tested: string; readonly message: string };

/** Identifies what a test ran against (file and settings), so a result is not shown for a connection edited since. */
export function connectionFingerprint(path: string | null, connection: Connection | undefined): string {
  return JSON.stringify([path, connection ?? null]);
}

export interface ConnectionsSlice {
  readonly systems: readonly SystemInfo[];
  /** Per connection, its secrets and whether each is stored (from the host); empty until asked. */
  readonly connectionSummaries: readonly ConnectionSummary[];
  /** Why the host could not list the connections (e.g. the pipeline has a problem to fix first). */
  readonly connectionsError: string | null;
  readonly pings: Readonly<Record<string, PingState>>;
  readonly selectedConnection: string | null;
  selectConnection(name: string | null): void;
  loadSystems(): Promise<void>;
  refreshConnections(): Promise<void>;
  testConnection(name: string): Promise<void>;
  /** Sends the value to the host's keychain; true when stored. The caller clears its field either way. */
  storeSecret(name: string, value: string): Promise<boolean>;
  forgetSecret(name: string): Promise<boolean>;
}

type Needs = ConnectionsSlice & DocumentSlice & UiSlice & KeychainFallbackSlice;

export function createConnectionsSlice(client: StudioClient): StateCreator<Needs, [], [], ConnectionsSlice> {
  return (set, get) => ({
    systems: [],
    connectionSummaries: [],
    connectionsError: null,
    pings: {},
    selectedConnection: null,

    selectConnection(name) {
      set({ selectedConnection: name });
    },

    async loadSystems() {
      if (get().systems.length > 0) return;
      try {
        const systems = await client.connections.systems({});
        // The pipeline checks run on every edit here know the systems' roles only from the host's list.
        installSystemRules(
          Object.fromEntries(
            // Every system the host lists is known; one described without roles (an older host) is not checked for direction.
            systems.map((system) => [
              system.system,
              {
                ...(system.roles === undefined ? {} : { roles: system.roles }),
                ...(system.afterLoad === undefined ? {} : { afterLoad: system.afterLoad }),
                ...(system.maxPageSize === undefined ? {} : { maxPageSize: system.maxPageSize }),
                pathParts: (system.addressParts ?? []).filter((part) => part.kind === 'path').map((part) => part.name),
                secretParts: (system.addressParts ?? [])
                  .filter((part) => part.kind === 'secret')
                  .map((part) => part.name),
              },
            ]),
          ),
        );
        set({ systems });
      } catch (error) {
        get().notify({ kind: 'error', text: `The list of systems could not be loaded: ${messageOf(error)}` });
      }
    },

    async refreshConnections() {
      const pipeline = pipelineRef(get());
      if (pipeline === null) return;
      try {
        set({ connectionSummaries: await client.connections.list({ pipeline }), connectionsError: null });
      } catch (error) {
        set({ connectionsError: messageOf(error) });
      }
    },

    async testConnection(name) {
      // A test tries the settings as typed, the box still being typed in included.
      get().commitEdits();
      const state = get();
      const pipeline = pipelineRef(state);
      if (pipeline === null) return;
      const tested = connectionFingerprint(state.path, state.pipeline?.connections[name]);
      const put = (ping: PingState) => set({ pings: { ...get().pings, [name]: ping } });
      put({ status: 'testing', tested });
      try {
        put({ status: 'done', tested, result: await client.connections.test({ pipeline, connection: name }) });
      } catch (error) {
        put({ status: 'failed', tested, message: messageOf(error) });
      }
    },

    async storeSecret(name, value) {
      if (value === '') return false;
      // No keychain here, and the analyst chose to keep secrets for this session (keychain-fallback.ts).
      const forSession = get().secretsForSession;
      try {
        await client.connections.setSecret({ name, value, ...(forSession ? { sessionOnly: true as const } : {}) });
        get().notify({
          kind: 'info',
          text: forSession
            ? sessionNotice(name)
            : `Saved the secret "${name}" in the keychain. The pipeline file keeps only its name.`,
        });
        await get().refreshConnections();
        return true;
      } catch (error) {
        // Said once, with a choice: this session only, or the environment variable the host names.
        if (error instanceof ApiCallError && error.code === 'KEYCHAIN_UNAVAILABLE')
          get().offerSessionSecret(name, value, messageOf(error));
        else get().notify({ kind: 'error', text: `The secret "${name}" was not saved: ${messageOf(error)}` });
        return false;
      }
    },

    async forgetSecret(name) {
      try {
        const result = await client.connections.deleteSecret({ name });
        get().notify({
          kind: 'info',
          text: result.changed
            ? `Deleted the secret "${name}" from the keychain.`
            : `There was no secret "${name}" in the keychain to delete.`,
        });
        await get().refreshConnections();
        return true;
      } catch (error) {
        get().notify({ kind: 'error', text: `The secret "${name}" was not deleted: ${messageOf(error)}` });
        return false;
      }
    },
  });
}
