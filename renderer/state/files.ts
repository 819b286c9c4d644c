/**
 * File work: new, open, save, save as, export for headless use, recent files and the examples.
 * The host does the disk work and canonicalises; this slice keeps the document in step and never
 * throws at the screen: a failure becomes a notice in plain words.
 */
import { formatPipeline, parsePipelineText } from '../../engine/model/index.ts';
import type { StateCreator } from 'zustand/vanilla';
import type { StudioClient } from '../api/client.ts';
import type { ExampleInfo, ExportResult, SaveResult } from '../api/wire.ts';
import { newPipeline } from '../commands/new-pipeline.ts';
import type { DocumentSlice } from './document.ts';
import { formulaProblems, type FormulaChecksSlice, type FormulaProblem } from './formula-checks.ts';
import type { UiSlice } from './ui.ts';

export interface FilesSlice {
  readonly recent: readonly string[];
  readonly examples: readonly ExampleInfo[];
  readonly lastExport: ExportResult | null;
  /** Runs the action now, or after the analyst agrees to discard unsaved changes. */
  readonly pendingDiscard: (() => void) | null;
  /** Save (or Save as) waits for the analyst: the pipeline has formula errors, named here. */
  readonly pendingFormulaSave: { readonly path: string; readonly errors: readonly FormulaProblem[] } | null;
  /** Saves with the formula errors (confirmed), or leaves the file as it was. */
  confirmFormulaSave(confirmed: boolean): void;
  /** Counts the documents put on screen (New, Open), so screens can start afresh with each. */
  readonly documentNumber: number;
  guardUnsaved(action: () => void): void;
  confirmDiscard(confirmed: boolean): void;
  refreshFileLists(): Promise<void>;
  newFile(): void;
  openFile(path: string): Promise<boolean>;
  save(): Promise<boolean>;
  /** `formulaErrorsAccepted`: the analyst has been told of the pipeline's formula errors and saves anyway. */
  saveAs(path: string, options?: { readonly formulaErrorsAccepted?: boolean }): Promise<boolean>;
  exportTo(to: string): Promise<boolean>;
}

/** What New and Open call once the new document is loaded (`per-document.ts`, joined in the store). */
interface ForgetsPreviousDocument {
  forgetPreviousDocument(): void;
}

type Needs = FilesSlice & DocumentSlice & UiSlice & FormulaChecksSlice & ForgetsPreviousDocument;

/** What Save as did to relative paths, in a sentence: "./data now reads ../examples/data". */
function pathsRebased(paths: SaveResult['rewrittenPaths']): string {
  const shown = paths.slice(0, 3).map((path) => `${path.from} is now ${path.to}`);
  const more = paths.length > 3 ? ` and ${paths.length - 3} more` : '';
  return `relative paths point from its folder to the same files (${shown.join(', ')}${more}).`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createFilesSlice(client: StudioClient): StateCreator<Needs, [], [], FilesSlice> {
  return (set, get) => ({
    recent: [],
    examples: [],
    lastExport: null,
    pendingDiscard: null,
    documentNumber: 0,
    pendingFormulaSave: null,

    guardUnsaved(action) {
      if (get().dirty) set({ pendingDiscard: action, dialog: 'discard' });
      else action();
    },

    confirmDiscard(confirmed) {
      const action = get().pendingDiscard;
      set({ pendingDiscard: null, dialog: null });
      if (confirmed && action) action();
    },

    async refreshFileLists() {
      try {
        const [recent, examples] = await Promise.all([client.pipelines.recent({}), client.pipelines.examples({})]);
        set({ recent, examples });
      } catch (error) {
        get().notify({ kind: 'error', text: `The recent files could not be listed: ${messageOf(error)}` });
      }
    },

    newFile() {
      const pipeline = newPipeline();
      get().load({ path: null, pipeline, text: formatPipeline(pipeline), problems: [] });
      get().forgetPreviousDocument();
      set({ screen: 'connections' });
    },

    async openFile(path) {
      try {
        const opened = await client.pipelines.open({ path });
        const load = parsePipelineText(opened.text);
        // A key written twice would be lost by editing: show the file as written until it is fixed.
        const editable =
          load.pipeline !== undefined && !load.problems.some((problem) => problem.code === 'duplicate-key');
        get().load({
          path: opened.path,
          pipeline: editable ? load.pipeline! : null,
          text: opened.text,
          problems: opened.problems,
          migrations: opened.migrations,
        });
        get().forgetPreviousDocument();
        const first = editable ? (Object.keys(load.pipeline!.streams)[0] ?? null) : null;
        set({ stream: first, dialog: null, screen: 'mapping' });
        void get().refreshFileLists();
        return true;
      } catch (error) {
        get().notify({ kind: 'error', text: messageOf(error) });
        return false;
      }
    },

    async save() {
      // What the analyst is typing is part of what they save (and "Saved" must not be said without it).
      get().commitEdits();
      const { path } = get();
      if (path === null) {
        set({ dialog: 'save-as' });
        return false;
      }
      return get().saveAs(path);
    },

    confirmFormulaSave(confirmed) {
      const pending = get().pendingFormulaSave;
      set({ pendingFormulaSave: null });
      if (confirmed && pending !== null) void get().saveAs(pending.path, { formulaErrorsAccepted: true });
    },

    async saveAs(path, options = {}) {
      get().commitEdits();
      const { pipeline, path: from, sourceEntities } = get();
      if (pipeline === null) return false;
      // A file with a formula that cannot run is written only once the analyst has read which ones.
      const errors = formulaProblems(pipeline, sourceEntities).filter((problem) => problem.severity === 'error');
      if (errors.length > 0 && options.formulaErrorsAccepted !== true) {
        set({ pendingFormulaSave: { path, errors }, dialog: null });
        return false;
      }
      try {
        // The file it came from anchors its relative paths: saved into another folder, the host rebases them.
        const result = await client.pipelines.save({
          path,
          text: formatPipeline(pipeline),
          ...(from !== null ? { from } : {}),
        });
        get().setProblems(result.problems);
        if (!result.saved) {
          get().notify({
            kind: 'error',
            text: `Not saved: ${result.problems[0]?.message ?? 'the pipeline was refused'}`,
          });
          return false;
        }
        const rebased = result.rewrittenPaths.length > 0 ? parsePipelineText(result.text).pipeline : undefined;
        // One undo step, so the paths as they were (for the old folder) are one Undo away, and visible as a change.
        if (rebased !== undefined) get().apply(`Relative paths for ${result.path}`, () => rebased);
        get().markSaved(result.path, result.text);
        set({ dialog: null });
        get().notify({
          kind: 'info',
          text:
            rebased === undefined
              ? `Saved ${result.path}`
              : `Saved ${result.path}; ${pathsRebased(result.rewrittenPaths)}`,
        });
        void get().refreshFileLists();
        return true;
      } catch (error) {
        get().notify({ kind: 'error', text: `Not saved: ${messageOf(error)}` });
        return false;
      }
    },

    async exportTo(to) {
      get().commitEdits();
      const { pipeline, path } = get();
      if (pipeline === null) return false;
      try {
        const result = await client.pipelines.export({ path: path ?? to, text: formatPipeline(pipeline), to });
        set({ lastExport: result });
        get().notify({ kind: 'info', text: `Exported for headless runs to ${result.path}` });
        return true;
      } catch (error) {
        get().notify({ kind: 'error', text: `Not exported: ${messageOf(error)}` });
        return false;
      }
    },
  });
}
