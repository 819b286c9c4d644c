/**
 * The mapping formulas as a Monaco language: colours (functions, fields incl. `[Odd Names]`, lookup
 * tables, text, numbers, operators), and completions, hover types, problem markers and quick fixes
 * (a warning's fix, as a code action) from the mapping language's own services (engine/mapping), so
 * the editor and the engine never disagree.
 *
 * Monaco's providers are per language, not per editor: each model registers the scope (source
 * fields and lookup tables) and destination column it is checked against, and the providers look
 * it up by the model's address.
 */
import {
  completionsAt,
  diagnosticsFor,
  hoverAt,
  type CheckScope,
  type Completion,
  type Diagnostic,
  type ExpressionTarget,
  type TextRange,
} from '../../../../engine/mapping/index.ts';
import { monaco } from './monaco.ts';

export const FORMULA_LANGUAGE = 'mlc-formula';
export const FORMULA_THEME = 'mlc-formula-light';
const MARKER_OWNER = 'mlc-formula';

export interface FormulaContext {
  readonly scope: CheckScope;
  readonly target?: ExpressionTarget;
}

const contexts = new Map<string, () => FormulaContext>();

/** Registers where a model's formula gets its scope; returns the function that forgets it. */
export function provideContext(model: monaco.editor.ITextModel, context: () => FormulaContext): () => void {
  const key = model.uri.toString();
  contexts.set(key, context);
  return () => {
    if (contexts.get(key) === context) contexts.delete(key);
  };
}

function contextOf(model: monaco.editor.ITextModel): FormulaContext | undefined {
  return contexts.get(model.uri.toString())?.();
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/;

const tokens: monaco.languages.IMonarchLanguage = {
  ignoreCase: true,
  defaultToken: 'invalid',
  tokenizer: {
    root: [
      [/\s+/, 'white'],
      [/(LOOKUP)(\s*)(\()/, ['function', 'white', { token: 'delimiter.parenthesis', next: '@lookupTable' }]],
      [/[A-Za-z_][A-Za-z0-9_]*(?=\s*\()/, 'function'],
      [/(TRUE|FALSE|NULL)(?![A-Za-z0-9_])/, 'keyword'],
      [NAME, 'field'],
      // `[0]` right after a field is a list position; any other `[...]` is a field name with odd characters.
      [/\[\s*\d+\s*\]/, 'number'],
      [/\[(?:[^\]]|\]\])*\]/, 'field'],
      [/\[(?:[^\]]|\]\])*$/, 'field.invalid'],
      [/"(?:[^"]|"")*"/, 'string'],
      [/"(?:[^"]|"")*$/, 'string.invalid'],
      [/\d+\.\d+|\d+/, 'number'],
      [/<>|<=|>=|[=<>&+\-*/]/, 'operator'],
      [/[(),]/, 'delimiter'],
      [/\./, 'delimiter'],
    ],
    lookupTable: [
      [/\s+/, 'white'],
      [NAME, { token: 'lookup', next: '@pop' }],
      [/\[(?:[^\]]|\]\])*\]/, { token: 'lookup', next: '@pop' }],
      [/./, { token: '@rematch', next: '@pop' }],
    ],
  },
};

const COLOURS: monaco.editor.ITokenThemeRule[] = [
  { token: 'function', foreground: '7a3e9d', fontStyle: 'bold' },
  { token: 'field', foreground: '1f5fbf' },
  { token: 'lookup', foreground: '0b7a5b', fontStyle: 'italic' },
  { token: 'string', foreground: 'a0430a' },
  { token: 'number', foreground: '098658' },
  { token: 'keyword', foreground: '0000c0' },
  { token: 'operator', foreground: '5f6b7a' },
  { token: 'delimiter', foreground: '5f6b7a' },
  { token: 'invalid', foreground: 'c62828' },
  { token: 'string.invalid', foreground: 'c62828' },
  { token: 'field.invalid', foreground: 'c62828' },
];

let registered = false;

/** Registers the language, its colours and its services once per page. */
export function registerFormulaLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: FORMULA_LANGUAGE });
  monaco.languages.setMonarchTokensProvider(FORMULA_LANGUAGE, tokens);
  monaco.languages.setLanguageConfiguration(FORMULA_LANGUAGE, {
    brackets: [['(', ')']],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '"', close: '"', notIn: ['string'] },
      { open: '[', close: ']', notIn: ['string'] },
    ],
    wordPattern: /[A-Za-z_][A-Za-z0-9_]*|\[(?:[^\]]|\]\])*\]?/,
  });
  monaco.editor.defineTheme(FORMULA_THEME, { base: 'vs', inherit: true, rules: COLOURS, colors: {} });
  monaco.languages.registerCompletionItemProvider(FORMULA_LANGUAGE, {
    triggerCharacters: ['.', '[', '(', ','],
    provideCompletionItems(model, position) {
      const context = contextOf(model);
      if (context === undefined) return { suggestions: [] };
      const offset = model.getOffsetAt(position);
      const found = completionsAt(model.getValue(), offset, context.scope);
      return { suggestions: found.map((completion, index) => suggestion(model, completion, index)) };
    },
  });
  monaco.languages.registerCodeActionProvider(FORMULA_LANGUAGE, {
    provideCodeActions(model, range) {
      const context = contextOf(model);
      if (context === undefined) return { actions: [], dispose() {} };
      const text = model.getValue();
      const from = model.getOffsetAt(range.getStartPosition());
      const to = model.getOffsetAt(range.getEndPosition());
      const actions = diagnosticsFor(text, context.scope, context.target)
        .filter((problem) => problem.fix !== undefined && problem.range.start <= to && from <= problem.range.end)
        .map((problem) => quickFix(model, problem));
      return { actions, dispose() {} };
    },
  });
  monaco.languages.registerHoverProvider(FORMULA_LANGUAGE, {
    provideHover(model, position) {
      const context = contextOf(model);
      if (context === undefined) return null;
      const hover = hoverAt(model.getValue(), model.getOffsetAt(position), context.scope);
      if (hover === undefined) return null;
      return {
        range: rangeOf(model, hover.range),
        contents: hover.contents.map((line) => ({ value: plainText(line) })),
      };
    },
  });
}

const KINDS: Record<Completion['kind'], monaco.languages.CompletionItemKind> = {
  field: monaco.languages.CompletionItemKind.Field,
  function: monaco.languages.CompletionItemKind.Function,
  lookup: monaco.languages.CompletionItemKind.Module,
  keyword: monaco.languages.CompletionItemKind.Keyword,
};

function suggestion(
  model: monaco.editor.ITextModel,
  completion: Completion,
  index: number,
): monaco.languages.CompletionItem {
  return {
    label: { label: completion.label, description: completion.detail },
    kind: KINDS[completion.kind],
    detail: completion.detail,
    ...(completion.documentation !== undefined ? { documentation: completion.documentation } : {}),
    // A call is inserted with both parentheses and the cursor between them, as the editor does when one types "(".
    ...(opensCall(completion.insertText)
      ? {
          insertText: `${snippetText(completion.insertText)}$0)`,
          insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
        }
      : { insertText: completion.insertText }),
    // A `[Odd Name]` is typed with its bracket: match what was typed against the text it inserts.
    filterText: completion.kind === 'field' ? completion.insertText : completion.label,
    // Fields first (what an analyst maps most), then functions, tables and keywords, in the engine's order.
    sortText: String(index).padStart(4, '0'),
    range: rangeOf(model, completion.range),
    // After a function's "(", offer what goes inside at once.
    ...(opensCall(completion.insertText) ? { command: { id: 'editor.action.triggerSuggest', title: 'Suggest' } } : {}),
  };
}

/** `ROUND(` or `LOOKUP(cost_centers, `: a call whose arguments the analyst types next. */
function opensCall(insertText: string): boolean {
  return insertText.endsWith('(') || insertText.endsWith(', ');
}

/** Text taken literally inside a Monaco snippet. */
function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, (character) => `\\${character}`);
}

/** The problems of the model's formula as markers: exact ranges, the engine's plain messages. */
export function updateMarkers(model: monaco.editor.ITextModel): readonly Diagnostic[] {
  const context = contextOf(model);
  const text = model.getValue();
  const found = context === undefined ? [] : diagnosticsFor(text, context.scope, context.target);
  monaco.editor.setModelMarkers(
    model,
    MARKER_OWNER,
    found.map((problem) => {
      const range = rangeOf(model, visible(problem.range, text.length));
      return {
        severity: problem.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        // No `code`: Monaco would print it after the message, and the words are what the analyst needs.
        message: problem.message,
        startLineNumber: range.startLineNumber,
        startColumn: range.startColumn,
        endLineNumber: range.endLineNumber,
        endColumn: range.endColumn,
      };
    }),
  );
  return found;
}

/** A warning's fix as Monaco's quick fix (the light bulb, Ctrl+.), preferred so it is offered first. */
function quickFix(model: monaco.editor.ITextModel, problem: Diagnostic): monaco.languages.CodeAction {
  const fix = problem.fix;
  return {
    title: fix?.title ?? '',
    kind: 'quickfix',
    isPreferred: true,
    edit: {
      edits: (fix?.edits ?? []).map((edit) => ({
        resource: model.uri,
        versionId: model.getVersionId(),
        textEdit: { range: rangeOf(model, edit.range), text: edit.text },
      })),
    },
  };
}

/** An empty range (a missing ")" at the end) gets one character, so the squiggle can be seen. */
function visible(range: TextRange, length: number): TextRange {
  if (range.end > range.start) return range;
  if (range.start < length) return { start: range.start, end: range.start + 1 };
  return { start: Math.max(0, range.start - 1), end: range.start };
}

function rangeOf(model: monaco.editor.ITextModel, range: TextRange): monaco.Range {
  const start = model.getPositionAt(range.start);
  const end = model.getPositionAt(range.end);
  return new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
}

/** Hover text is shown as Markdown: keep the engine's words exactly as they are. */
function plainText(line: string): string {
  return line.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, (character) => `\\${character}`);
}
