/**
 * Studio-wide keys: Ctrl/Cmd+S save, Ctrl/Cmd+O open, Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl+Y redo.
 * Inside a text box or the formula editor, undo belongs to that editor, so those keys are left alone there.
 */
import { useEffect } from 'react';
import { studioStore } from '../state/store.ts';

function inTextEditor(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null
  );
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const state = studioStore().getState();
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        if (event.shiftKey) state.openDialog('save-as');
        else void state.save();
      } else if (key === 'o') {
        event.preventDefault();
        state.guardUnsaved(() => state.openDialog('open'));
      } else if (!inTextEditor(event.target) && (key === 'z' || key === 'y')) {
        event.preventDefault();
        if (key === 'y' || event.shiftKey) state.redo();
        else state.undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
