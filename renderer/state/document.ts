/**
 * The open pipeline: the file it came from, the pipeline as edited, and undo/redo. Every edit is a
 * command (a pure function Pipeline -> Pipeline, see renderer/commands) applied through `apply`, so
 * undo, redo and "unsaved changes" work the same for the canvas, the grids and the forms.
 * "Unsaved" compares canonical text, so an edit undone by hand is not a change.
 *
 * A field being typed in (a grid cell, a connection box, the formula) holds text that is not in the
 * pipeline until the analyst presses Enter or leaves it. Such a field registers itself here while its
 * text differs: it counts as an unsaved change (closing or opening another file asks first), and
 * `commitEdits` puts its text into the pipeline, as Enter would, before anything reads the pipeline to
 * save, export, plan or run it. Without that, Ctrl+S would write the file without the edit and say "Saved".
 */
import { formatPipeline, parsePipelineDocument, type Pipeline, type Problem } from '../../engine/model/index.ts';
import type { StateCreator } from 'zustand/vanilla';

/** Deep enough for a working session; old steps fall off the bottom. */
const HISTORY_LIMIT = 200;

export type Command = (pipeline: Pipeline) => Pipeline;

/** A field whose typed text is not in the pipeline yet. */
export interface FieldEdit {
  /** Puts the typed text into the pipeline (one undo step), as Enter would; a field may refuse text it cannot take and say why. */
  commit(): void;
  /** Drops the typed text: the pipeline it belonged to is closed or replaced. */
  discard(): void;
}

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
  /** The pipeline differs from the file, or a field holds typed text not in the pipeline yet. */
  readonly dirty: boolean;
  /** Fields holding typed text, by an id each field picks. */
  readonly fieldEdits: Readonly<Record<string, FieldEdit>>;
  readonly past: readonly { readonly label: string; readonly pipeline: Pipeline }[];
  readonly future: readonly { readonly label: string; readonly pipeline: Pipeline }[];
  load(file: {
    path: string | null;
    pipeline: Pipeline | null;
    text: string;
    problems: readonly Problem[];
    migrations?: readonly string[];
  }): void;
  apply(label: string, command: Command): void;
  undo(): void;
  redo(): void;
  setProblems(problems: readonly Problem[]): void;
  markSaved(path: string, text: string): void;
  close(): void;
  /** A field's text now differs from the pipeline (called again with the same id, it replaces the entry). */
  beginEdit(id: string, edit: FieldEdit): void;
  /** The field's text is the pipeline's again (committed, put back, or the field is gone). */
  endEdit(id: string): void;
  /** Every field's typed text goes into the pipeline now: called before the pipeline is saved, exported, planned or run. */
  commitEdits(): void;
}

function isDirty(
  pipeline: Pipeline | null,
  savedText: string | null,
  fieldEdits: DocumentSlice['fieldEdits'],
): boolean {
  return pipeline !== null && (formatPipeline(pipeline) !== savedText || Object.keys(fieldEdits).length > 0);
}

/** A new pipeline on screen: what was typed into the old one's fields goes with it. */
function discardEdits(fieldEdits: DocumentSlice['fieldEdits']): void {
  for (const edit of Object.values(fieldEdits)) edit.discard();
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
  fieldEdits: {},
  past: [],
  future: [],

  load(file) {
    discardEdits(get().fieldEdits);
    set({
      path: file.path,
      pipeline: file.pipeline,
      savedText: file.pipeline && file.path !== null ? file.text : null,
      brokenText: file.pipeline ? null : file.text,
      problems: file.problems,
      migrations: file.migrations ?? [],
      dirty: file.pipeline !== null && (file.path === null || (file.migrations?.length ?? 0) > 0),
      fieldEdits: {},
      past: [],
      future: [],
    });
  },

  apply(label, command) {
    const { pipeline, past, savedText, fieldEdits } = get();
    if (pipeline === null) return;
    const next = command(pipeline);
    if (next === pipeline) return;
    set({
      pipeline: next,
      past: [...past, { label, pipeline }].slice(-HISTORY_LIMIT),
      future: [],
      dirty: isDirty(next, savedText, fieldEdits),
      problems: problemsOf(next),
    });
  },

  undo() {
    const { pipeline, past, future, savedText, fieldEdits } = get();
    const step = past.at(-1);
    if (pipeline === null || step === undefined) return;
    set({
      pipeline: step.pipeline,
      past: past.slice(0, -1),
      future: [{ label: step.label, pipeline }, ...future],
      dirty: isDirty(step.pipeline, savedText, fieldEdits),
      problems: problemsOf(step.pipeline),
    });
  },

  redo() {
    const { pipeline, past, future, savedText, fieldEdits } = get();
    const step = future[0];
    if (pipeline === null || step === undefined) return;
    set({
      pipeline: step.pipeline,
      past: [...past, { label: step.label, pipeline }],
      future: future.slice(1),
      dirty: isDirty(step.pipeline, savedText, fieldEdits),
      problems: problemsOf(step.pipeline),
    });
  },

  setProblems(problems) {
    set({ problems });
  },

  markSaved(path, text) {
    set({ path, savedText: text, dirty: isDirty(get().pipeline, text, get().fieldEdits) });
  },

  close() {
    discardEdits(get().fieldEdits);
    set({
      path: null,
      pipeline: null,
      savedText: null,
      brokenText: null,
      problems: [],
      migrations: [],
      dirty: false,
      fieldEdits: {},
      past: [],
      future: [],
    });
  },

  beginEdit(id, edit) {
    const { pipeline, savedText, fieldEdits } = get();
    const next = { ...fieldEdits, [id]: edit };
    set({ fieldEdits: next, dirty: isDirty(pipeline, savedText, next) });
  },

  endEdit(id) {
    const { pipeline, savedText, fieldEdits } = get();
    if (!Object.hasOwn(fieldEdits, id)) return;
    const { [id]: _, ...rest } = fieldEdits;
    set({ fieldEdits: rest, dirty: isDirty(pipeline, savedText, rest) });
  },

  commitEdits() {
    // Each field ends its own entry once the pipeline holds its text; one that refuses its text stays unsaved.
    for (const edit of Object.values(get().fieldEdits)) edit.commit();
  },
});
