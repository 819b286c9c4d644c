/**
 * Auto-map's preview: each field it would map and onto which column (and why), the new columns it
 * would add, and what it leaves alone. Nothing changes until "Map"; then it is one undo step.
 */
import { useState } from 'react';
import { autoMapSize, type AutoMapPlan } from '../../../../commands/auto-map.ts';
import { CanvasModal } from './CanvasModal.tsx';

export interface AutoMapDialogProps {
  readonly plan: AutoMapPlan;
  onApply(addNewColumns: boolean): void;
  onCancel(): void;
}

export function AutoMapDialog({ plan, onApply, onCancel }: AutoMapDialogProps) {
  const [addNew, setAddNew] = useState(true);
  const size = autoMapSize(plan, addNew);
  const nothing = plan.pairs.length === 0 && plan.newColumns.length === 0;
  return (
    <CanvasModal title="Auto-map by name" onClose={onCancel} wide>
      {nothing ? (
        <p>
          Nothing to map: every source field is read by a column
          {plan.unmatchedColumns.length > 0 ? ', and no field matches the columns waiting for one' : ''}.
        </p>
      ) : (
        <div className="automap-sections">
          {plan.pairs.length > 0 && (
            <section aria-label="Fields onto columns">
              <h3>Onto columns waiting for a field ({plan.pairs.length})</h3>
              <table className="grid">
                <thead>
                  <tr>
                    <th>Source field</th>
                    <th>Column</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.pairs.map((pair) => (
                    <tr key={pair.column}>
                      <td>{pair.field}</td>
                      <td>{pair.column}</td>
                      <td className={pair.match === 'close' ? 'automap-close' : 'muted'}>{pair.why}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {plan.newColumns.length > 0 && (
            <section aria-label="New columns">
              <label className="automap-toggle">
                <input type="checkbox" checked={addNew} onChange={(event) => setAddNew(event.target.checked)} />
                Add a new column for each field no column matches ({plan.newColumns.length})
              </label>
              <table className={`grid${addNew ? '' : ' automap-off'}`}>
                <thead>
                  <tr>
                    <th>Source field</th>
                    <th>New column</th>
                    <th>Type</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.newColumns.map((proposed) => (
                    <tr key={proposed.column}>
                      <td>{proposed.field}</td>
                      <td>{proposed.column}</td>
                      <td>{proposed.type}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </div>
      )}
      <section aria-label="Left as they are" className="muted">
        {plan.unmatchedColumns.length > 0 && (
          <p>Still waiting for a field (no name matches): {plan.unmatchedColumns.join(', ')}.</p>
        )}
        {plan.alreadyMapped > 0 && (
          <p>
            {plan.alreadyMapped} source field{plan.alreadyMapped === 1 ? ' is' : 's are'} already mapped and stay as
            they are.
          </p>
        )}
      </section>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {nothing ? 'Close' : 'Cancel'}
        </button>
        {!nothing && (
          <button type="button" className="primary" autoFocus disabled={size === 0} onClick={() => onApply(addNew)}>
            Map {size} column{size === 1 ? '' : 's'}
          </button>
        )}
      </div>
    </CanvasModal>
  );
}
