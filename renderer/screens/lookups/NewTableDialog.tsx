/** A new lookup table kept in the pipeline file: its name, the types of keys and values, and whether rows are effective-dated. */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fieldTypeName, identifier, type FieldTypeName } from '../../../engine/model/index.ts';
import { addLookupTable } from '../../commands/lookups.ts';
import { studioStore, useStudio } from '../../state/store.ts';

export function NewTableDialog({
  onClose,
  onCreated,
}: {
  readonly onClose: () => void;
  readonly onCreated: (name: string) => void;
}) {
  const taken = useStudio(useShallow((state) => Object.keys(state.pipeline?.lookups ?? {})));
  const [name, setName] = useState('');
  const [keyType, setKeyType] = useState<FieldTypeName>('string');
  const [valueType, setValueType] = useState<FieldTypeName>('string');
  const [effectiveDated, setEffectiveDated] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!identifier.safeParse(name).success)
      return setProblem(
        'Name: use letters, digits and underscores, starting with a letter or underscore (e.g. cost_centers).',
      );
    if (taken.includes(name)) return setProblem(`Name: there is already a lookup table named "${name}".`);
    studioStore()
      .getState()
      .apply(`Add lookup table ${name}`, addLookupTable(name, { keyType, valueType, effectiveDated }));
    onCreated(name);
  };

  const typeSelect = (label: string, value: FieldTypeName, set: (type: FieldTypeName) => void) => (
    <label className="field">
      {label}
      <select value={value} onChange={(event) => set(event.target.value as FieldTypeName)}>
        {fieldTypeName.options.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label="New lookup table">
        <h2>New lookup table</h2>
        <form onSubmit={submit}>
          <label className="field">
            Name
            <input
              autoFocus
              value={name}
              placeholder="e.g. cost_centers"
              spellCheck={false}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          {typeSelect('Type of the keys', keyType, setKeyType)}
          {typeSelect('Type of the values', valueType, setValueType)}
          <label>
            <input
              type="checkbox"
              checked={effectiveDated}
              onChange={(event) => setEffectiveDated(event.target.checked)}
            />{' '}
            Rows apply from a date (effective-dated: LOOKUP(table, key, date) picks the row in force on that date)
          </label>
          {problem && (
            <p className="dialog-error" role="alert">
              {problem}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Add table
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
