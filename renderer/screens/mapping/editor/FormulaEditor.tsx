/**
 * One Monaco editor for a column's formula. Each column gets its own text model (so Monaco's own
 * undo, inside the editor, stays per column); the editor reports each change and when the typing
 * should become an undo step, and follows the pipeline when the formula changes elsewhere (undo, the canvas).
 */
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../../../engine/mapping/index.ts';
import {
  FORMULA_LANGUAGE,
  FORMULA_THEME,
  provideContext,
  registerFormulaLanguage,
  updateMarkers,
  type FormulaContext,
} from './formula-language.ts';
import { monaco } from './monaco.ts';

export interface FormulaEditorProps {
  readonly stream: string;
  readonly column: string;
  /** The formula to show: the draft being typed, else the pipeline's. */
  readonly value: string;
  readonly context: FormulaContext;
  onChange(text: string): void;
  /** What was typed should be an undo step now: the analyst left the editor. */
  onCommit(): void;
  onProblems(problems: readonly Diagnostic[]): void;
}

const OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  theme: FORMULA_THEME,
  minimap: { enabled: false },
  lineNumbers: 'off',
  glyphMargin: false,
  folding: false,
  lineDecorationsWidth: 8,
  lineNumbersMinChars: 0,
  wordWrap: 'on',
  scrollBeyondLastLine: false,
  automaticLayout: true,
  // The completion list and hovers may extend past the panel's edge instead of being cut off.
  fixedOverflowWidgets: true,
  fontSize: 13,
  renderLineHighlight: 'none',
  overviewRulerLanes: 0,
  hideCursorInOverviewRuler: true,
  scrollbar: { horizontal: 'hidden', alwaysConsumeMouseWheel: false },
  quickSuggestions: { other: true, strings: false, comments: false },
  suggestOnTriggerCharacters: true,
  wordBasedSuggestions: 'off',
  contextmenu: false,
  // Tab and Shift+Tab move the focus out of the box, as in any other box of the studio: a formula
  // needs no tab characters, and a keyboard user must never be trapped here. (Tab still accepts an
  // open completion, Monaco's own binding that takes precedence while the list shows.)
  tabFocusMode: true,
  placeholder: 'Type a formula, e.g. ROUND(DEBITAMT - CRDTAMNT, 2)',
};

function modelUri(stream: string, column: string): monaco.Uri {
  return monaco.Uri.from({ scheme: 'formula', path: `/${encodeURIComponent(stream)}/${encodeURIComponent(column)}` });
}

export function FormulaEditor({ stream, column, value, context, onChange, onCommit, onProblems }: FormulaEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // Monaco's listeners are made once; they call whatever the latest render passed.
  const latest = useRef({ value, context, onChange, onCommit, onProblems });
  latest.current = { value, context, onChange, onCommit, onProblems };
  /** Set while the editor takes text from the pipeline, so that change is not reported back as typing. */
  const following = useRef(false);

  useEffect(() => {
    registerFormulaLanguage();
    const editor = monaco.editor.create(host.current!, { ...OPTIONS, model: null });
    editorRef.current = editor;
    const changes = editor.onDidChangeModelContent(() => {
      const model = editor.getModel();
      if (model === null) return;
      latest.current.onProblems(updateMarkers(model));
      if (!following.current) latest.current.onChange(model.getValue());
    });
    // Save, Run, Plan and Export commit the draft themselves (it is one of the document's field edits).
    const leaves = editor.onDidBlurEditorText(() => latest.current.onCommit());
    return () => {
      changes.dispose();
      leaves.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  useEffect(() => {
    const editor = editorRef.current!;
    const uri = modelUri(stream, column);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(latest.current.value, FORMULA_LANGUAGE, uri);
    const forget = provideContext(model, () => latest.current.context);
    editor.setModel(model);
    editor.updateOptions({ ariaLabel: `Formula of ${column}` });
    latest.current.onProblems(updateMarkers(model));
    return () => {
      forget();
      if (editor.getModel() === model) editor.setModel(null);
      model.dispose();
    };
  }, [stream, column]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || model.getValue() === value) return;
    following.current = true;
    try {
      model.setValue(value);
    } finally {
      following.current = false;
    }
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) latest.current.onProblems(updateMarkers(model));
  }, [context]);

  // The box is named so a person (and a test) can click into it; Monaco names its own text area.
  // `nokey`: the canvas (React Flow) listens to keys on the whole page and does not know Monaco's text
  // area is one (it is not an <input>), so without it Space pans the canvas instead of typing a space.
  return <div className="formula-editor nokey" role="group" aria-label={`Formula box of ${column}`} ref={host} />;
}
