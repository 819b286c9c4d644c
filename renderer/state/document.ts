/**
 * The open pipeline: the file it came from, the pipeline as edited, and undo/redo. Every edit is a
 * command (a pure function Pipeline -> Pipeline, see renderer/commands) applied through `apply`, so
 * undo, redo and "unsaved changes" work the same for the canvas, the grids and the forms.
 * "Unsaved" compares canonical text, so an edit undone by hand is not a change.
 */
import { formatPipeline, parsePipelineDocument, type Pipeline, type Problem } from '../../engine/model/index.ts';
import type { StateCreator } from 'zustand/vanilla';

/** Deep enough for a working session; old steps fall off the bottom. */
const HISTORY_LIMIT = 200;

export type Command = (pipeline: Pipeline) => Pipeline;

export interface DocumentSlice {
  /** Where the pipeline is saved; null for a new pipeline never saved. */
  readonly path: string | null;
  readonly pipeline: Pipeline | null;
  /** Canonical text as last opened or saved, to tell whether there are unsaved changes. */
  readonly savedText: string | null;
  /** The text of a file that could not be read as a pipeline: shown with its problems, never rewritten. */
  readonly brokenText: string | null;
  readonly problems: readonly Problem[];
  readonly migrations: readonly string[];
  readonly dirty: boolean;
  readonly past: readonly { readonly label: string; readonly pipeline: Pipeline }[];
  readonly future: readonly { readonly label: string; readonly pipeline: Pipeline }[];
  load(file: { path: string | null; pipeline: Pipeline | null; text: string; problems: readonly Problem[]; migrations?: readonly string[] }): void;
  apply(label: string, command: Command): void;
  undo(): void;
  redo(): void;
  setProblems(problems: readonly Problem[]): void;
  markSaved(path: string, text: string): void;
  close(): void;
}

function isDirty(pipeline: Pipeline | null, savedText: string | null): boolean {
  return pipeline !== null && formatPipeline(pipeline) !== savedText;
}

/** The same checks the host makes on open and save (schema, references, lookups), run on every edit. */
function problemsOf(pipeline: Pipeline): readonly Problem[] {
  return parsePipelineDocument(pipeline).problems;
}

export const createDocumentSlice: StateCreator<DocumentSlice, [], [], DocumentSlice> = (set, get) => ({
  path: null,
  pipeline: null,
  savedText: null,
  brokenText: null,
  problems: [],
  migrations: [],
  dirty: false,
  past: [],
  future: [],

  load(file) {
    set({
      path: file.path,
      pipeline: file.pipeline,
      savedText: file.pipeline && file.path !== null ? file.text : null,
      brokenText: file.pipeline ? null : file.text,
      problems: file.problems,
      migrations: file.migrations ?? [],
      dirty: file.pipeline !== null && (file.path === null || (file.migrations?.length ?? 0) > 0),
      past: [],
      future: [],
    });
  },

  apply(label, command) {
    const { pipeline, past, savedText } = get();
    if (pipeline === null) return;
    const next = command(pipeline);
    if (next === pipeline) return;
    set({ pipeline: next, past: [...past, { label, pipeline }].slice(-HISTORY_LIMIT), future: [], dirty: isDirty(next, savedText), problems: problemsOf(next) });
  },

  undo() {
    const { pipeline, past, future, savedText } = get();
    const step = past.at(-1);
    if (pipeline === null || step === undefined) return;
    set({ pipeline: step.pipeline, past: past.slice(0, -1), future: [{ label: step.label, pipeline }, ...future], dirty: isDirty(step.pipeline, savedText), problems: problemsOf(step.pipeline) });
  },

  redo() {
    const { pipeline, past, future, savedText } = get();
    const step = future[0];
    if (pipeline === null || step === undefined) return;
    set({ pipeline: step.pipeline, past: [...past, { label: step.label, pipeline }], future: future.slice(1), dirty: isDirty(step.pipeline, savedText), problems: problemsOf(step.pipeline) });
  },

  setProblems(problems) {
    set({ problems });
  },

  markSaved(path, text) {
    set({ path, savedText: text, dirty: isDirty(get().pipeline, text) });
  },

  close() {
    set({ path: null, pipeline: null, savedText: null, brokenText: null, problems: [], migrations: [], dirty: false, past: [], future: [] });
  },
});
