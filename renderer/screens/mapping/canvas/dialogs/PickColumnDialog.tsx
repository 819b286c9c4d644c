/**
 * Map a field without a mouse: the columns in a list (those waiting for a field first), arrow keys
 * to move, Enter to map. Picking a column means what dropping the field on it means.
 */
import { useState } from 'react';
import { CanvasModal } from './CanvasModal.tsx';

export interface PickColumnProps {
  readonly field: string;
  readonly columns: readonly string[];
  onPick(column: string): void;
  onCancel(): void;
}

const MAX_ROWS = 10;

export function PickColumnDialog({ field, columns, onPick, onCancel }: PickColumnProps) {
  const [column, setColumn] = useState(columns[0] ?? '');
  const submit = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    if (column !== '') onPick(column);
  };
  return (
    <CanvasModal title={`Map ${field} to a column`} onClose={onCancel}>
      <form onSubmit={submit}>
        <label className="field">
          Column
          <select
            autoFocus
            size={Math.max(2, Math.min(MAX_ROWS, columns.length))}
            value={column}
            onChange={(event) => setColumn(event.target.value)}
            // A list box does not submit its form on Enter by itself.
            onKeyDown={(event) => {
              if (event.key === 'Enter') submit(event);
            }}
            onDoubleClick={() => submit()}
          >
            {columns.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">Arrow keys choose, Enter maps, Escape cancels.</p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Map
          </button>
        </div>
      </form>
    </CanvasModal>
  );
}
