/**
 * Live preview and the formula being typed.
 *
 * The formula editor puts each keystroke here as a draft; the draft becomes one undo step when the
 * analyst pauses (or leaves the editor, or saves, runs, plans or exports: the draft is one of the
 * document's field edits), not one per keystroke. The preview maps the pipeline with
 * the draft applied, so the sample follows the typing before the undo step exists.
 *
 * Preview requests are paced: the first change after a quiet spell is sent at once (a keystroke
 * shows its effect without waiting), later ones at most every PREVIEW_PACE_MS with the latest text.
 * Answers can come back out of order; one older than the answer on screen is dropped, so a later
 * keystroke always wins. A failed preview keeps the last good rows on screen and says why.
 * Timers come from an injected scheduler, so tests drive time by hand.
 */
import { formatPipeline, type Pipeline } from '../../engine/model/index.ts';
import type { StateCreator } from 'zustand/vanilla';
import type { StudioClient } from '../api/client.ts';
import type { PreviewResult } from '../api/wire.ts';
import { setExpression } from '../commands/mappings.ts';
import type { DocumentSlice } from './document.ts';
import type { UiSlice } from './ui.ts';

/** Pacing of preview requests while the analyst types: a preview costs the host a few ms and the wire ~20 ms, so a keystroke every 50 ms is previewed as typed. */
export const PREVIEW_PACE_MS = 50;
/** A pause this long in typing turns the draft into one undo step. */
export const FORMULA_PAUSE_MS = 800;
/** The formula being typed, among the document's field edits. */
const FORMULA_EDIT = 'formula';
/** Records the preview maps: enough to meet the odd cases, small enough to stay instant. */
export const PREVIEW_ROWS = 1000;

export interface Scheduler {
  /** Runs `task` once after `ms`; the function returned cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const timerScheduler: Scheduler = {
  after(ms, task) {
    const id = setTimeout(task, ms);
    return () => clearTimeout(id);
  },
};

export interface FormulaDraft {
  readonly stream: string;
  readonly column: string;
  readonly expression: string;
}

export interface PreviewView {
  /** The stream the rows below belong to. */
  readonly stream: string | null;
  /** The last good answer: kept while a newer request runs or after one fails. */
  readonly result: PreviewResult | null;
  /** Counts answers put on screen, so a test (or the benchmark) can wait for the next one. */
  readonly revision: number;
  /** A request is scheduled or running. */
  readonly updating: boolean;
  /** Why the newest answer is not on screen, in the host's words; null when it is. */
  readonly error: string | null;
}

export interface PreviewSlice {
  readonly draft: FormulaDraft | null;
  readonly preview: PreviewView;
  /** A keystroke in the formula editor: the draft changes, the preview follows, the undo step waits for a pause. */
  editFormula(stream: string, column: string, expression: string): void;
  /** The draft becomes one undo step now (the analyst left the editor, or picked another column). */
  commitFormula(): void;
  /** The pipeline or the stream changed: preview again (paced). */
  schedulePreview(): void;
  /** Reads the source again (the host otherwise reuses its sample for a minute). */
  refreshPreview(): void;
  /** Another document is on screen: no rows, no error, and answers still on their way are dropped. */
  resetPreview(): void;
}

type Needs = PreviewSlice & DocumentSlice & UiSlice;

const EMPTY: PreviewView = { stream: null, result: null, revision: 0, updating: false, error: null };

/** The pipeline the preview maps: the document with the draft formula in place. */
export function pipelineWithDraft(pipeline: Pipeline, draft: FormulaDraft | null): Pipeline {
  return draft === null ? pipeline : setExpression(draft.stream, draft.column, draft.expression)(pipeline);
}

export function createPreviewSlice(
  client: StudioClient,
  scheduler: Scheduler = timerScheduler,
): StateCreator<Needs, [], [], PreviewSlice> {
  return (set, get) => {
    let cancelCommit: (() => void) | undefined;
    let cooling = false;
    let wanted = false;
    let refreshWanted = false;
    let sent = 0;
    let shown = 0;
    /** Requests up to this one were sent for a document no longer open: their answers are dropped. */
    let forgottenUpTo = 0;
    /** What the last request asked, to skip asking again for the same thing. */
    let lastAsked = '';

    const setPreview = (change: Partial<PreviewView>) => set({ preview: { ...get().preview, ...change } });

    /** The pipeline the draft was typed into is closed or replaced: the draft goes, and no undo step comes of it. */
    function dropDraft(): void {
      cancelCommit?.();
      cancelCommit = undefined;
      set({ draft: null });
    }

    function send(): void {
      wanted = false;
      const { pipeline, stream, path, draft } = get();
      if (pipeline === null || stream === null || pipeline.streams[stream] === undefined) {
        lastAsked = '';
        setPreview({ ...EMPTY, revision: get().preview.revision });
        return;
      }
      const text = formatPipeline(pipelineWithDraft(pipeline, draft));
      const asked = JSON.stringify([path, stream, text]);
      const refresh = refreshWanted;
      refreshWanted = false;
      if (asked === lastAsked && !refresh) {
        if (sent === shown) setPreview({ updating: false });
        return;
      }
      lastAsked = asked;
      const seq = ++sent;
      // Rows of another stream are not a "last good preview" of this one.
      if (get().preview.stream !== stream) setPreview({ stream, result: null, error: null });
      setPreview({ updating: true });
      cooling = true;
      scheduler.after(PREVIEW_PACE_MS, () => {
        cooling = false;
        if (wanted) send();
      });
      const request = {
        pipeline: { path: path ?? 'untitled.json', text },
        stream,
        limit: PREVIEW_ROWS,
        ...(refresh ? { refresh: true } : {}),
      };
      client.preview.stream(request).then(
        (result) => answered(seq, stream, { result, error: null }),
        (error: unknown) => answered(seq, stream, { error: error instanceof Error ? error.message : String(error) }),
      );
    }

    function answered(seq: number, stream: string, outcome: { result?: PreviewResult; error: string | null }): void {
      // An answer older than the one on screen, or for a stream no longer shown, is stale.
      if (seq < shown || seq <= forgottenUpTo || get().stream !== stream) return;
      shown = seq;
      const updating = seq < sent || wanted;
      if (outcome.result !== undefined)
        setPreview({ stream, result: outcome.result, error: null, updating, revision: get().preview.revision + 1 });
      else setPreview({ stream, error: outcome.error, updating });
    }

    function schedule(): void {
      wanted = true;
      if (!get().preview.updating) setPreview({ updating: true });
      if (!cooling) send();
    }

    return {
      draft: null,
      preview: EMPTY,

      editFormula(stream, column, expression) {
        const draft = get().draft;
        // A draft for another column is finished first: each column's edit is its own undo step.
        if (draft !== null && (draft.stream !== stream || draft.column !== column)) get().commitFormula();
        set({ draft: { stream, column, expression } });
        // Typed but not yet an undo step: unsaved, and committed first by save, export, plan and run.
        if (!Object.hasOwn(get().fieldEdits, FORMULA_EDIT))
          get().beginEdit(FORMULA_EDIT, { commit: () => get().commitFormula(), discard: dropDraft });
        cancelCommit?.();
        cancelCommit = scheduler.after(FORMULA_PAUSE_MS, () => get().commitFormula());
        schedule();
      },

      commitFormula() {
        cancelCommit?.();
        cancelCommit = undefined;
        const draft = get().draft;
        if (draft === null) return;
        // The pipeline takes the formula before the draft goes, so nothing ever sees the old formula in between.
        get().apply(`Edit the formula of ${draft.column}`, setExpression(draft.stream, draft.column, draft.expression));
        set({ draft: null });
        get().endEdit(FORMULA_EDIT);
      },

      schedulePreview: schedule,

      refreshPreview() {
        refreshWanted = true;
        schedule();
      },

      resetPreview() {
        forgottenUpTo = sent;
        shown = sent;
        wanted = false;
        refreshWanted = false;
        lastAsked = '';
        // The revision only grows, so whoever waits for "the next answer" is not fooled by a reset.
        set({ preview: { ...EMPTY, revision: get().preview.revision } });
      },
    };
  };
}
