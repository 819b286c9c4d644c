/** The canvas's commands and what it shows: counts, the selection, and a note when the source is out of reach. */
export interface CanvasToolbarProps {
  readonly columnCount: number;
  readonly fieldCount: number;
  readonly selectedCount: number;
  readonly loadingFields: boolean;
  readonly note: string | null;
  /** The canvas's answer to the last thing done on it, e.g. "Copied account: Ctrl+V pastes". */
  readonly feedback: string | null;
  onAutoMap(): void;
  onAddColumn(): void;
  onFitView(): void;
}

const plural = (count: number, word: string): string =>
  `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;

export function CanvasToolbar(props: CanvasToolbarProps) {
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Mapping canvas">
      <button
        type="button"
        onClick={props.onAutoMap}
        title="Map source fields to columns with matching names; you see the list first"
      >
        Auto-map by name
      </button>
      <button type="button" onClick={props.onAddColumn}>
        Add column
      </button>
      <button type="button" onClick={props.onFitView} title="Show the whole mapping (F)">
        Fit view
      </button>
      <span className="canvas-counts" role="status" aria-label="Canvas contents">
        {plural(props.columnCount, 'column')} · {plural(props.fieldCount, 'source field')}
        {props.selectedCount > 0 && ` · ${props.selectedCount.toLocaleString('en-US')} selected`}
        {props.loadingFields && ' · reading the source’s fields…'}
      </span>
      {props.feedback !== null && (
        <span className="canvas-feedback" role="status">
          {props.feedback}
        </span>
      )}
      {props.note !== null && (
        <span className="canvas-note" title={props.note}>
          {props.note}
        </span>
      )}
      <span className="canvas-hint muted">
        Drag a field onto a column (or arrow keys to it, Enter) · Shift-click or Shift-drag to select several · Delete,
        Ctrl+C, Ctrl+V, Ctrl+A, F
      </span>
    </div>
  );
}
