/**
 * A table's rows kept in the pipeline file, as a grid: key, value (and effective-from date for an
 * effective-dated table). A cell is committed when the analyst presses Enter or leaves it (one undo
 * step per cell); rows are added at the end and deleted one by one. A row with no value yet and a key
 * given twice are marked, since the run would hold or refuse them.
 */
import { useState } from 'react';
import type { LookupDefinition } from '../../../engine/model/index.ts';
import { addLookupRow, removeLookupRows, updateLookupRow } from '../../commands/lookups.ts';
import { studioStore } from '../../state/store.ts';
import { CommitInput } from '../connections/CommitInput.tsx';
import { cellFromText, cellText, dateFromText, duplicateRows, todayText } from './cell-values.ts';

interface Props {
  readonly table: string;
  readonly lookup: LookupDefinition;
  /** The row whose value box takes the focus (one just added from the coverage report); `seq` tells a new request from the last. */
  readonly focus: { readonly row: number; readonly seq: number } | null;
}

export function LookupGrid({ table, lookup, focus }: Props) {
  const rows = lookup.rows ?? [];
  const dated = lookup.effectiveDated === true;
  const duplicates = duplicateRows(rows, dated);
  // A row added with "Add row" takes the focus in its key box, so the analyst types straight away.
  const [added, setAdded] = useState<{ row: number; seq: number } | null>(null);
  const apply = studioStore().getState().apply;
  const edit = (index: number, label: string, change: Parameters<typeof updateLookupRow>[2]) =>
    apply(`${label} in ${table}, row ${index + 1}`, updateLookupRow(table, index, change));
  return (
    <div className="lk-grid-wrap">
      <table className="grid lk-grid" aria-label={`Rows of ${table}`}>
        <thead>
          <tr>
            <th className="lk-num">#</th>
            <th>
              Key <span className="muted">({lookup.keyType ?? 'string'})</span>
            </th>
            <th>
              Value <span className="muted">({lookup.valueType ?? 'string'})</span>
            </th>
            {dated && <th>Effective from</th>}
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className={duplicates.has(index) ? 'lk-duplicate' : undefined}>
              <td className="lk-num">{index + 1}</td>
              <td>
                <CommitInput
                  aria-label={`Key, row ${index + 1}`}
                  value={cellText(row.key)}
                  focusKey={added?.row === index ? added.seq : undefined}
                  spellCheck={false}
                  onCommit={(text) => edit(index, 'Change key', { key: cellFromText(text, lookup.keyType, 'key') })}
                />
                {duplicates.has(index) && <span className="lk-flag">key given twice</span>}
              </td>
              <td className={row.value === null ? 'lk-fill' : undefined}>
                <CommitInput
                  aria-label={`Value, row ${index + 1}`}
                  value={cellText(row.value)}
                  placeholder="fill in the value"
                  focusKey={focus?.row === index ? focus.seq : undefined}
                  spellCheck={false}
                  onCommit={(text) =>
                    edit(index, 'Change value', { value: cellFromText(text, lookup.valueType, 'value') })
                  }
                />
              </td>
              {dated && (
                <td>
                  <CommitInput
                    aria-label={`Effective from, row ${index + 1}`}
                    value={row.effectiveFrom ?? ''}
                    placeholder="YYYY-MM-DD"
                    onCommit={(text) => edit(index, 'Change date', { effectiveFrom: dateFromText(text) })}
                  />
                </td>
              )}
              <td>
                <button
                  type="button"
                  className="lk-delete"
                  aria-label={`Delete row ${index + 1}`}
                  onClick={() => apply(`Delete row ${index + 1} of ${table}`, removeLookupRows(table, [index]))}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">No rows yet: add them one by one or import a CSV file.</p>}
      <button
        type="button"
        onClick={() => {
          setAdded({ row: rows.length, seq: (added?.seq ?? 0) + 1 });
          apply(
            `Add a row to ${table}`,
            addLookupRow(table, { key: '', value: null, ...(dated ? { effectiveFrom: todayText() } : {}) }),
          );
        }}
      >
        Add row
      </button>
    </div>
  );
}
