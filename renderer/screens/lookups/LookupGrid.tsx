/**
 * A table's rows kept in the pipeline file, as a grid: key (or, for a table of ranges, from and to),
 * value, and effective-from date for an effective-dated table. Above it, the table's rules: single keys
 * or ranges, how text keys match, and what overlapping ranges mean. A cell is committed when the
 * analyst presses Enter or leaves it (one undo step per cell); rows are added at the end and deleted
 * one by one. A row with no value yet is marked, and so is each row the pipeline check finds a problem
 * on (a key given twice, ranges that overlap), with the check's own words.
 */
import { useState } from 'react';
import type { LookupDefinition, LookupRow } from '../../../engine/model/index.ts';
import {
  addLookupRow,
  removeLookupRows,
  setLookupRanges,
  setLookupRules,
  updateLookupRow,
  widerRanges,
} from '../../commands/lookups.ts';
import { studioStore } from '../../state/store.ts';
import { CommitInput } from '../connections/CommitInput.tsx';
import { cellFromText, cellText, dateFromText, rowProblems, todayText } from './cell-values.ts';

interface Props {
  readonly table: string;
  readonly lookup: LookupDefinition;
  /** The row whose value box takes the focus (one just added from the coverage report); `seq` tells a new request from the last. */
  readonly focus: { readonly row: number; readonly seq: number } | null;
}

export function LookupGrid({ table, lookup, focus }: Props) {
  const rows = lookup.rows ?? [];
  const dated = lookup.effectiveDated === true;
  const ranges = lookup.ranges === true;
  const problems = rowProblems(table, lookup);
  // A row added with "Add row" takes the focus in its first box, so the analyst types straight away.
  const [added, setAdded] = useState<{ row: number; seq: number } | null>(null);
  const apply = studioStore().getState().apply;
  const edit = (index: number, label: string, change: Parameters<typeof updateLookupRow>[2]) =>
    apply(`${label} in ${table}, row ${index + 1}`, updateLookupRow(table, index, change));
  const keyCell = (row: LookupRow, index: number, part: 'key' | 'from' | 'to', label: string) => (
    <td>
      <CommitInput
        aria-label={`${label}, row ${index + 1}`}
        value={cellText(row[part])}
        focusKey={added?.row === index && part !== 'to' ? added.seq : undefined}
        spellCheck={false}
        onCommit={(text) =>
          edit(index, `Change ${label.toLowerCase()}`, { [part]: cellFromText(text, lookup.keyType, 'key') })
        }
      />
    </td>
  );
  return (
    <div className="lk-grid-wrap">
      <TableRules table={table} lookup={lookup} />
      <table className="grid lk-grid" aria-label={`Rows of ${table}`}>
        <thead>
          <tr>
            <th className="lk-num">#</th>
            {ranges ? (
              <>
                <th>
                  From <span className="muted">({lookup.keyType ?? 'string'})</span>
                </th>
                <th>To</th>
              </>
            ) : (
              <th>
                Key <span className="muted">({lookup.keyType ?? 'string'})</span>
              </th>
            )}
            <th>
              Value <span className="muted">({lookup.valueType ?? 'string'})</span>
            </th>
            {dated && <th>Effective from</th>}
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const found = problems.get(index);
            return (
              <tr key={index} className={found ? 'lk-duplicate' : undefined}>
                <td className="lk-num">{index + 1}</td>
                {ranges ? (
                  <>
                    {keyCell(row, index, 'from', 'From')}
                    {keyCell(row, index, 'to', 'To')}
                  </>
                ) : (
                  keyCell(row, index, 'key', 'Key')
                )}
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
                  {found?.map((message) => (
                    <span key={message} className="lk-flag lk-problem" role="note">
                      {message}
                    </span>
                  ))}
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
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">No rows yet: add them one by one or import a CSV file.</p>}
      <button
        type="button"
        onClick={() => {
          setAdded({ row: rows.length, seq: (added?.seq ?? 0) + 1 });
          const keys = ranges ? { from: '', to: '' } : { key: '' };
          apply(
            `Add a row to ${table}`,
            addLookupRow(table, { ...keys, value: null, ...(dated ? { effectiveFrom: todayText() } : {}) }),
          );
        }}
      >
        Add row
      </button>
    </div>
  );
}

/** Single keys or ranges, how text keys match, and (for ranges) what an overlap means. */
function TableRules({ table, lookup }: { readonly table: string; readonly lookup: LookupDefinition }) {
  const ranges = lookup.ranges === true;
  const s = studioStore().getState;
  const switchRanges = (on: boolean) => {
    const wide = on ? [] : widerRanges(lookup);
    if (wide.length > 0) {
      s().notify({
        kind: 'error',
        text: `${table} keeps its ranges: row${wide.length === 1 ? '' : 's'} ${wide.map((row) => row + 1).join(', ')} hold${wide.length === 1 ? 's' : ''} more than one key. Make each range one key (From equal to To), or delete those rows, to use single keys.`,
      });
      return;
    }
    s().apply(on ? `Use key ranges in ${table}` : `Use single keys in ${table}`, setLookupRanges(table, on));
  };
  return (
    <div className="lk-rules" role="group" aria-label={`Rules of ${table}`}>
      <label>
        <input type="checkbox" checked={ranges} onChange={(event) => switchRanges(event.target.checked)} /> Key ranges
        (from … to, both included)
      </label>
      <label>
        Keys match{' '}
        <select
          value={lookup.keyMatch ?? 'ignore-case'}
          onChange={(event) =>
            s().apply(
              `Change how keys match in ${table}`,
              setLookupRules(table, { keyMatch: event.target.value === 'exact' ? 'exact' : 'ignore-case' }),
            )
          }
        >
          <option value="ignore-case">ignoring case</option>
          <option value="exact">exactly as written</option>
        </select>
      </label>
      {ranges && (
        <label>
          Overlapping ranges{' '}
          <select
            value={lookup.overlaps ?? 'refuse'}
            onChange={(event) =>
              s().apply(
                `Change what overlapping ranges mean in ${table}`,
                setLookupRules(table, {
                  overlaps: event.target.value === 'first-row-wins' ? 'first-row-wins' : 'refuse',
                }),
              )
            }
          >
            <option value="refuse">are a problem</option>
            <option value="first-row-wins">first row wins</option>
          </select>
        </label>
      )}
    </div>
  );
}
