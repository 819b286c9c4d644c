/** File commands, undo/redo, the stream picker and its commands: what stays in view on every screen. */
import { useShallow } from 'zustand/react/shallow';
import { StreamCommands } from '../screens/streams/StreamCommands.tsx';
import { studioStore, useStudio } from '../state/store.ts';

export function TopBar() {
  const name = useStudio((state) => state.pipeline?.name ?? null);
  const path = useStudio((state) => state.path);
  const dirty = useStudio((state) => state.dirty);
  const canUndo = useStudio((state) => state.past.length > 0);
  const canRedo = useStudio((state) => state.future.length > 0);
  const open = useStudio((state) => state.pipeline !== null);
  // A new array each time would re-render forever: compare the names, not the array.
  const streams = useStudio(useShallow((state) => (state.pipeline ? Object.keys(state.pipeline.streams) : [])));
  const stream = useStudio((state) => state.stream);
  const s = studioStore().getState;
  return (
    <header className="top-bar">
      <span className="brand">ml-connector studio</span>
      <nav className="file-commands" aria-label="File">
        <button type="button" onClick={() => s().guardUnsaved(() => s().newFile())}>
          New
        </button>
        <button type="button" onClick={() => s().guardUnsaved(() => s().openDialog('open'))}>
          Open…
        </button>
        <button type="button" disabled={!open} onClick={() => void s().save()}>
          Save
        </button>
        <button type="button" disabled={!open} onClick={() => s().openDialog('save-as')}>
          Save as…
        </button>
        <button type="button" disabled={!open} onClick={() => s().openDialog('export')}>
          Export…
        </button>
        <button type="button" disabled={!canUndo} onClick={() => s().undo()} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" disabled={!canRedo} onClick={() => s().redo()} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
      </nav>
      {open && (
        <span className="document-title" title={path ?? 'not saved yet'}>
          {name}
          {dirty && (
            <span className="dirty-mark" aria-label="unsaved changes">
              {' '}
              ●
            </span>
          )}
          <span className="document-path">{path ?? 'not saved yet'}</span>
        </span>
      )}
      {streams.length > 0 && (
        <label className="stream-picker">
          Stream
          <select value={stream ?? ''} onChange={(event) => s().selectStream(event.target.value || null)}>
            {streams.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <StreamCommands />
    </header>
  );
}
