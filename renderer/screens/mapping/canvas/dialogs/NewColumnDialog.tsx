/**
 * A new column: from a field dropped on empty canvas (named and typed after it), or from "Add
 * column" (empty until a field is mapped to it). The name is checked before it is accepted.
 */
import { useState, type FormEvent } from 'react';
import { fieldReference } from '../../../../commands/mappings.ts';
import { CanvasModal } from './CanvasModal.tsx';

const TYPES = ['string', 'integer', 'decimal(18,2)', 'decimal(18,4)', 'decimal(38,10)', 'boolean', 'date', 'timestamp'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export interface NewColumnProps {
  /** The field it is filled from; undefined for an empty column. */
  readonly field?: string;
  readonly name: string;
  readonly type: string;
  readonly taken: ReadonlySet<string>;
  onAdd(name: string, type: string): void;
  onCancel(): void;
}

export function nameProblem(name: string, taken: ReadonlySet<string>): string | null {
  if (!NAME.test(name)) return 'Use letters, digits and underscores, starting with a letter or underscore.';
  if (taken.has(name)) return `There is already a column named ${name}.`;
  return null;
}

export function NewColumnDialog({
  field,
  name: suggested,
  type: suggestedType,
  taken,
  onAdd,
  onCancel,
}: NewColumnProps) {
  const [name, setName] = useState(suggested);
  const [type, setType] = useState(suggestedType);
  const [tried, setTried] = useState(false);
  const problem = nameProblem(name.trim(), taken);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem === null) onAdd(name.trim(), type);
  };
  const types = TYPES.includes(type) ? TYPES : [type, ...TYPES];
  return (
    <CanvasModal title={field === undefined ? 'Add a column' : `New column from ${field}`} onClose={onCancel}>
      <form onSubmit={submit}>
        <label className="field">
          Column name
          <input
            autoFocus
            value={name}
            spellCheck={false}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={tried && problem !== null}
          />
        </label>
        {tried && problem !== null && <p className="dialog-error">{problem}</p>}
        <label className="field">
          Type
          <select value={type} onChange={(event) => setType(event.target.value)}>
            {types.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">
          {field === undefined ? (
            'Empty until you drag a source field onto it.'
          ) : (
            <>
              Filled from <code>{fieldReference(field)}</code>.
            </>
          )}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Add column
          </button>
        </div>
      </form>
    </CanvasModal>
  );
}
