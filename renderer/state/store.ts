/**
 * The studio's state: one zustand store made of slices, each in its own file. Slices that talk to
 * the host get the client when the store is made, so tests build a store over any host they like.
 * Screens read it with `useStudio(selector)`.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StudioClient } from '../api/client.ts';
import { createConnectionsSlice, type ConnectionsSlice } from './connections.ts';
import { createDocumentSlice, type DocumentSlice } from './document.ts';
import { createFilesSlice, type FilesSlice } from './files.ts';
import { createFormulaChecksSlice, type FormulaChecksSlice } from './formula-checks.ts';
import { createKeychainFallbackSlice, type KeychainFallbackSlice } from './keychain-fallback.ts';
import { createPerDocumentSlice, type PerDocumentSlice } from './per-document.ts';
import { createPreviewSlice, type PreviewSlice, type Scheduler } from './preview.ts';
import { createRunsSlice, type RunsSlice } from './runs.ts';
import { createSignInSlice, type SignInSlice } from './sign-in.ts';
import { createUiSlice, type UiSlice } from './ui.ts';
import { createWebhooksSlice, type WebhooksSlice } from './webhooks.ts';

export type StudioState = DocumentSlice &
  UiSlice &
  FilesSlice &
  RunsSlice &
  PreviewSlice &
  ConnectionsSlice &
  SignInSlice &
  WebhooksSlice &
  FormulaChecksSlice &
  PerDocumentSlice &
  KeychainFallbackSlice;
export type StudioStore = StoreApi<StudioState>;

/** `scheduler`: the timers of paced work (preview, formula undo steps); tests pass a hand-driven one. */
export function createStudioStore(client: StudioClient, options: { scheduler?: Scheduler } = {}): StudioStore {
  const store = createStore<StudioState>()((...parts) => ({
    ...createDocumentSlice(...(parts as Parameters<typeof createDocumentSlice>)),
    ...createUiSlice(...(parts as Parameters<typeof createUiSlice>)),
    ...createFilesSlice(client)(...parts),
    ...createConnectionsSlice(client)(...parts),
    ...createPreviewSlice(client, options.scheduler)(...parts),
    ...createRunsSlice(client)(...parts),
    ...createSignInSlice(client)(...parts),
    ...createWebhooksSlice(client)(...parts),
    ...createFormulaChecksSlice(...(parts as Parameters<typeof createFormulaChecksSlice>)),
    ...createPerDocumentSlice(...parts),
    ...createKeychainFallbackSlice(client)(...parts),
  }));
  // One subscription to the host's pushed events, handed to each slice that follows work of the host.
  client.onEvent((event) => {
    const state = store.getState();
    state.receiveStudioEvent(event);
    state.receiveSignInEvent(event);
    state.receiveWebhookEvent(event);
  });
  return store;
}

let current: { store: StudioStore; client: StudioClient } | undefined;

/** Called once by main.tsx (and by component tests) before anything renders. */
export function installStudio(client: StudioClient): StudioStore {
  current = { store: createStudioStore(client), client };
  return current.store;
}

function installed(): { store: StudioStore; client: StudioClient } {
  if (!current) throw new Error('The studio store is used before installStudio() was called.');
  return current;
}

export function studioStore(): StudioStore {
  return installed().store;
}

/** The host API, for screens that ask the host something (ping, preview, runs). */
export function studioClient(): StudioClient {
  return installed().client;
}

export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(installed().store, selector);
}
