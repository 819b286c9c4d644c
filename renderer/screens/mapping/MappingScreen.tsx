/**
 * Mapping: the canvas on top (source fields -> transforms and lookups -> target columns), and below
 * it the selected column's formula editor beside the live preview of the transformed sample rows.
 * Splitters between the panes resize them (pointer or keys); the sizes are remembered.
 */
import { useRef } from 'react';
import { studioStore, useStudio } from '../../state/store.ts';
import { MappingCanvas } from './canvas/MappingCanvas.tsx';
import { ColumnEditor } from './editor/ColumnEditor.tsx';
import { clampShare, MIN_PANE, shareBounds } from './pane-sizes.ts';
import { PreviewPanel } from './preview/PreviewPanel.tsx';
import { Splitter } from './Splitter.tsx';
import { useElementSize, usePaneSizes } from './use-pane-sizes.ts';
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
  return <MappingPanes stream={stream} />;
}

function MappingPanes({ stream }: { stream: string }) {
  const screen = useRef<HTMLElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const [sizes, setSizes] = usePaneSizes();
  const screenSize = useElementSize(screen);
  const bottomSize = useElementSize(bottom);
  // The bounds follow the window: a share saved on a big screen is held within them on a small one.
  const canvasBounds = shareBounds(screenSize.height, MIN_PANE.canvas, MIN_PANE.bottom);
  const editorBounds = shareBounds(bottomSize.width, MIN_PANE.editor, MIN_PANE.preview);
  const canvas = screenSize.height > 0 ? clampShare(sizes.canvas, canvasBounds) : sizes.canvas;
  const editor = bottomSize.width > 0 ? clampShare(sizes.editor, editorBounds) : sizes.editor;
  return (
    <section className="mapping-screen" aria-label="Mapping" ref={screen}>
      <div className="mapping-canvas-area" style={{ flexBasis: `${canvas}%` }}>
        <MappingCanvas stream={stream} />
      </div>
      <Splitter
        orientation="horizontal"
        label="Resize the canvas against the formula editor and preview"
        value={canvas}
        bounds={canvasBounds}
        container={screen}
        onChange={(next) => setSizes({ canvas: next })}
      />
      <div className="mapping-bottom" ref={bottom}>
        <div className="mapping-editor-area" style={{ flexBasis: `${editor}%` }}>
          <ColumnEditor stream={stream} />
        </div>
        <Splitter
          orientation="vertical"
          label="Resize the formula editor against the preview"
          value={editor}
          bounds={editorBounds}
          container={bottom}
          onChange={(next) => setSizes({ editor: next })}
        />
        <div className="mapping-preview-area">
          <PreviewPanel stream={stream} />
        </div>
      </div>
    </section>
  );
}
