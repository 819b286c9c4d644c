/**
 * Control totals: which source fields and destination columns carry the period and the amounts, so
 * every run records the sums per period on both sides and the Runs screen can set them side by side.
 */
import { useId } from 'react';
import type { StreamDefinition } from '../../../engine/model/index.ts';
import { setControlTotalsField, type TotalsField, type TotalsSide } from '../../commands/stream-settings.ts';
import { studioStore } from '../../state/store.ts';
import { CommitInput } from '../connections/CommitInput.tsx';

const FIELDS: readonly (readonly [TotalsField, string])[] = [
  ['period', 'Period (a date; totals per month)'],
  ['debit', 'Debit'],
  ['credit', 'Credit'],
  ['amount', 'Signed amount'],
];
const SIDES: readonly (readonly [TotalsSide, string])[] = [
  ['source', 'Source field'],
  ['target', 'Destination column'],
];

export function ControlTotalsFields({ stream, definition }: { stream: string; definition: StreamDefinition }) {
  const totals = definition.controlTotals;
  // The destination side names mapped columns: offer them as the analyst types.
  const columnsId = useId();
  return (
    <section className="settings-section" aria-label="Control totals">
      <h3>Control totals</h3>
      <p className="muted">
        Row counts and sums of every decimal field are always recorded; these add debit, credit and amount per period.
      </p>
      <table className="grid settings-totals">
        <thead>
          <tr>
            <th />
            {SIDES.map(([side, label]) => (
              <th key={side}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {FIELDS.map(([field, label]) => (
            <tr key={field}>
              <th scope="row">{label}</th>
              {SIDES.map(([side, sideLabel]) => (
                <td key={side}>
                  <CommitInput
                    aria-label={`${sideLabel}: ${field}`}
                    value={totals?.[side][field] ?? ''}
                    spellCheck={false}
                    list={side === 'target' ? columnsId : undefined}
                    onCommit={(value) =>
                      studioStore()
                        .getState()
                        .apply(
                          `Change the control totals of ${stream}`,
                          setControlTotalsField(stream, side, field, value),
                        )
                    }
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <datalist id={columnsId}>
        {Object.keys(definition.mappings).map((column) => (
          <option key={column} value={column} />
        ))}
      </datalist>
    </section>
  );
}
