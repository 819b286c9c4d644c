/** "Where does this value come from": the clicked value's formula, the source fields it reads with this record's values, and the lookups. */
import type { HoldReasonInfo } from '../../../api/wire.ts';
import { valueText, type ValueOrigin as Origin } from './preview-rows.ts';

export function ValueOrigin({
  origin,
  reasons,
  onClose,
}: {
  origin: Origin;
  reasons?: readonly HoldReasonInfo[];
  onClose(): void;
}) {
  return (
    <aside className="value-origin" aria-label="Where this value comes from">
      <header>
        <strong>
          {origin.column}, record {origin.record}
        </strong>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </header>
      {origin.value !== undefined ? (
        <p>
          Value: <span className="mono">{valueText(origin.value)}</span>
        </p>
      ) : (
        <p className="held-note">
          This record is held for review: {reasons?.map((reason) => `${reason.column}: ${reason.message}`).join(' ')}
        </p>
      )}
      <p>
        Formula: <code>{origin.expression}</code>
      </p>
      {origin.fields.length > 0 ? (
        <table className="origin-fields" aria-label="Source fields read">
          <thead>
            <tr>
              <th scope="col">Source field</th>
              <th scope="col">Value in this record</th>
            </tr>
          </thead>
          <tbody>
            {origin.fields.map((field) => (
              <tr key={field.path}>
                <td className="mono">{field.path}</td>
                <td className="mono">{valueText(field.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The formula reads no source field (it is a fixed value).</p>
      )}
      {origin.lookups.length > 0 && <p>Lookup tables: {origin.lookups.join(', ')}</p>}
    </aside>
  );
}
