/**
 * What belongs to the open document and goes with it when New or Open puts another one on screen:
 * the preview, the write plan, the run panels, the connection tests and secret marks, the sign-ins
 * shown, the last export, the notice and every selection. Kept in one place so a slice that gains
 * per-document state has one list to join, and no screen shows the previous pipeline's leftovers.
 * (The document itself, its undo steps and field edits are reset by `load`.)
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionsSlice } from './connections.ts';
import type { FilesSlice } from './files.ts';
import type { PreviewSlice } from './preview.ts';
import { IDLE_HISTORY, IDLE_PLAN, IDLE_REPLAY, type RunsSlice } from './runs.ts';
import type { SignInSlice } from './sign-in.ts';
import type { UiSlice } from './ui.ts';

type Needs = UiSlice & FilesSlice & PreviewSlice & RunsSlice & ConnectionsSlice & SignInSlice;

export function forgetPreviousDocument(set: StoreApi<Needs>['setState'], get: StoreApi<Needs>['getState']): void {
  // The preview keeps request counters of its own: answers still on their way for the old document are dropped.
  get().resetPreview();
  set({
    stream: null,
    column: null,
    notice: null,
    writePlan: IDLE_PLAN,
    // A run under way goes on in the host (its history stays with its file); this document's panel starts empty.
    activeRun: null,
    runHistory: IDLE_HISTORY,
    replayState: IDLE_REPLAY,
    connectionSummaries: [],
    connectionsError: null,
    pings: {},
    selectedConnection: null,
    signIns: {},
    lastExport: null,
    // Screens keyed by it start afresh: what they keep for themselves (a selected table, an open panel) goes too.
    documentNumber: get().documentNumber + 1,
  });
}
