/**
 * The canvas's own keys, as data: Delete/Backspace removes the selected columns, Ctrl/Cmd+C, X and V
 * copy, cut and paste them, Ctrl/Cmd+A selects every column, F fits the view. Undo and redo are the
 * studio's (app/shortcuts.ts) and pass through untouched. Enter on a focused source field asks which
 * column to map it to (the keyboard's drag).
 */
export type CanvasKeyAction = 'delete' | 'copy' | 'cut' | 'paste' | 'select-all' | 'fit-view';

interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

export function canvasKeyAction(press: KeyPress): CanvasKeyAction | null {
  if (press.altKey) return null;
  const key = press.key.toLowerCase();
  const command = press.ctrlKey || press.metaKey;
  if (!command) {
    if (key === 'delete' || key === 'backspace') return 'delete';
    if (key === 'f' && !press.shiftKey) return 'fit-view';
    return null;
  }
  if (press.shiftKey) return null;
  switch (key) {
    case 'c':
      return 'copy';
    case 'x':
      return 'cut';
    case 'v':
      return 'paste';
    case 'a':
      return 'select-all';
    default:
      return null;
  }
}

/** Enter (no modifier) on a focused source field starts mapping it to a column. */
export function isMapFieldKey(press: KeyPress): boolean {
  return press.key === 'Enter' && !press.ctrlKey && !press.metaKey && !press.altKey && !press.shiftKey;
}

/** Keys typed into a text box or the formula editor belong there. */
export function inTextEditor(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null
  );
}
