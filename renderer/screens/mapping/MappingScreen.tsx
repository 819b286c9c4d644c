/**
 * Mapping: the canvas on top (source fields -> transforms and lookups -> target columns), and below
 * it the selected column's formula editor beside the live preview of the transformed sample rows.
 */
import { studioStore, useStudio } from '../../state/store.ts';
import { MappingCanvas } from './canvas/MappingCanvas.tsx';
import { ColumnEditor } from './editor/ColumnEditor.tsx';
import { PreviewPanel } from './preview/PreviewPanel.tsx';
import './mapping.css';

export function MappingScreen() {
  const stream = useStudio((state) => state.stream);
  if (stream === null) {
    return (
      <section className="empty-state" aria-label="Mapping">
        <h2>No stream yet</h2>
        <p>
          A stream moves one source entity (say, GL journal lines) into one destination table: choose the source
          connection and what to read, then the destination table and how rows are written.
        </p>
        <button type="button" className="primary" onClick={() => studioStore().getState().openDialog('add-stream')}>
          Add stream…
        </button>
      </section>
    );
  }
  return (
    <section className="mapping-screen" aria-label="Mapping">
      <div className="mapping-canvas-area">
        <MappingCanvas stream={stream} />
      </div>
      <div className="mapping-bottom">
        <div className="mapping-editor-area">
          <ColumnEditor stream={stream} />
        </div>
        <div className="mapping-preview-area">
          <PreviewPanel stream={stream} />
        </div>
      </div>
    </section>
  );
}
