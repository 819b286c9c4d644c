/**
 * Monaco, bundled with the studio (never from a CDN: the studio runs offline under a strict CSP).
 * Only the editor core and the parts the formula editor uses are imported, which keeps the bundle
 * a fraction of the full `monaco-editor` entry (that one registers ~80 languages we do not need).
 * Monaco 0.57's package map resolves `monaco-editor/<path>` to `esm/vs/<path>`, so paths start below `vs`.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
// Typing, cursor moves and selection; clipboard; completion list; hover (types and problems); brackets.
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/placeholderText/browser/placeholderText.contribution.js';

// The editor worker (a local module the bundler emits as its own file) computes what Monaco does off
// the UI thread; 'self' is allowed as a worker source by the page's CSP.
globalThis.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
