/** A field dropped on a column that has a formula: replace the formula with the field, or keep it. */
import { fieldReference } from '../../../../commands/mappings.ts';
import { CanvasModal } from './CanvasModal.tsx';

export interface ReplaceFormulaProps {
  readonly column: string;
  readonly field: string;
  readonly current: string;
  onReplace(): void;
  onKeep(): void;
}

export function ReplaceFormulaDialog({ column, field, current, onReplace, onKeep }: ReplaceFormulaProps) {
  return (
    <CanvasModal title="Replace the formula?" onClose={onKeep}>
      <p>
        The column <strong>{column}</strong> already has a formula:
      </p>
      <pre className="command">{current}</pre>
      <p>
        Replace it with the field <code>{fieldReference(field)}</code>? Undo brings the formula back.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={onKeep}>
          Keep the formula
        </button>
        <button type="button" className="primary" autoFocus onClick={onReplace}>
          Replace with {field}
        </button>
      </div>
    </CanvasModal>
  );
}
