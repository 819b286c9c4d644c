/**
 * What belongs to the open document and goes with it when New or Open puts another one on screen:
 * the preview, the write plan, the run panels, the connection tests and secret marks, the sign-ins
 * shown, the last export, the notice and every selection. Kept in one place so a slice that gains
 * per-document state has one list to join, and no screen shows the previous pipeline's leftovers.
 * (The document itself, its undo steps and field edits are reset by `load`.)
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ConnectionsSlice } from './connections.ts';
import type { FilesSlice } from './files.ts';
import type { FormulaChecksSlice } from './formula-checks.ts';
import type { PreviewSlice } from './preview.ts';
import { IDLE_HISTORY, IDLE_PLAN, IDLE_REPLAY, type RunsSlice } from './runs.ts';
import type { SignInSlice } from './sign-in.ts';
import type { UiSlice } from './ui.ts';

export interface PerDocumentSlice {
  /** Called by New and Open once the new document is loaded. */
  forgetPreviousDocument(): void;
}

type Needs = PerDocumentSlice &
  UiSlice &
  FilesSlice &
  PreviewSlice &
  RunsSlice &
  ConnectionsSlice &
  SignInSlice &
  FormulaChecksSlice;

export const createPerDocumentSlice: StateCreator<Needs, [], [], PerDocumentSlice> = (set, get) => ({
  forgetPreviousDocument() {
    // The preview keeps request counters of its own: answers still on their way for the old document are dropped.
    get().resetPreview();
    set({
      stream: null,
      column: null,
      autoMapOffer: null,
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
      sourceEntities: {},
      pendingFormulaSave: null,
      // Screens keyed by it start afresh: what they keep for themselves (a selected table, an open panel) goes too.
      documentNumber: get().documentNumber + 1,
    });
  },
});
