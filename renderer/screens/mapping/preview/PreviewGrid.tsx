/**
 * The transformed sample as a grid of destination columns, held rows in their place with their
 * reason. Only the rows in view are in the page (a sample has up to a thousand), so a keystroke's
 * new preview redraws a screenful, not the whole sample.
 */
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { JsonValue, PreviewResult } from '../../../api/wire.ts';
import type { RowComparison } from './last-run-diff.ts';
import { filterLines, lookupDefaultsOf, type PreviewFilter } from './preview-filter.ts';
import { previewLines, valueText, type PreviewLine } from './preview-rows.ts';

const ROW_HEIGHT = 26;
/** Showing what the last run wrote under a changed value takes a second line. */
const TWO_LINE_ROW_HEIGHT = 42;
const OVERSCAN = 8;
// Fixed widths: rows come and go as the grid scrolls, and columns must not change width with them.
const RECORD_WIDTH = 72;
const COLUMN_WIDTH = 150;

export interface PickedValue {
  /** Sample position of the record (stable across previews of the same sample). */
  readonly position: number;
  readonly column: string;
}

export interface PreviewGridProps {
  readonly result: PreviewResult;
  readonly revision: number;
  readonly selectedColumn: string | null;
  readonly picked: PickedValue | null;
  /** Which lines to show (all, held only, rows a LOOKUP default filled). */
  readonly filter: PreviewFilter;
  /** Each row against what the last run wrote (same order as `result.rows`); null while not known. */
  readonly comparisons: readonly RowComparison[] | null;
  onPick(picked: PickedValue): void;
  onPickColumn(column: string): void;
}

function activate(event: KeyboardEvent, action: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    action();
  }
}

export function PreviewGrid({
  result,
  revision,
  selectedColumn,
  picked,
  filter,
  comparisons,
  onPick,
  onPickColumn,
}: PreviewGridProps) {
  const lines = useMemo(
    () => filterLines(result, previewLines(result), filter, comparisons),
    [result, filter, comparisons],
  );
  // Changes are marked only where the analyst asked to see them.
  const showChanges = filter === 'differs';
  const rowHeight = showChanges ? TWO_LINE_ROW_HEIGHT : ROW_HEIGHT;
  const columns = result.columns.map((column) => column.name);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  useLayoutEffect(() => {
    const element = scroller.current!;
    const measure = () => setView({ top: element.scrollTop, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  const shown = lines.slice(first, last);

  return (
    <div
      className="preview-scroller"
      ref={scroller}
      onScroll={(event) => setView({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight })}
    >
      <table
        className={showChanges ? 'preview-grid showing-changes' : 'preview-grid'}
        aria-label="Preview rows"
        aria-rowcount={lines.length + 1}
        data-revision={revision}
        style={{ width: RECORD_WIDTH + columns.length * COLUMN_WIDTH }}
      >
        <colgroup>
          <col style={{ width: RECORD_WIDTH }} />
          {columns.map((column) => (
            <col key={column} style={{ width: COLUMN_WIDTH }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Record</th>
            {columns.map((column) => (
              <th key={column} scope="col" className={column === selectedColumn ? 'selected-column' : undefined}>
                <button
                  type="button"
                  className="link"
                  title={`Edit the formula of ${column}`}
                  onClick={() => onPickColumn(column)}
                >
                  {column}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr className="preview-spacer" style={{ height: first * rowHeight }} aria-hidden="true" />}
          {shown.map((line) => (
            <Line
              key={`${line.kind}-${line.position}`}
              line={line}
              lookupDefaults={lookupDefaultsOf(result, line)}
              comparison={showChanges && line.kind === 'row' ? comparisons?.[line.index] : undefined}
              columns={columns}
              selectedColumn={selectedColumn}
              picked={picked}
              onPick={onPick}
            />
          ))}
          {last < lines.length && (
            <tr className="preview-spacer" style={{ height: (lines.length - last) * rowHeight }} aria-hidden="true" />
          )}
        </tbody>
      </table>
    </div>
  );
}

interface LineProps {
  readonly line: PreviewLine;
  /** Lookup tables that gave their default for this row. */
  readonly lookupDefaults: readonly string[];
  /** Against the last run, when changes are shown. */
  readonly comparison: RowComparison | undefined;
  readonly columns: readonly string[];
  readonly selectedColumn: string | null;
  readonly picked: PickedValue | null;
  onPick(picked: PickedValue): void;
}

function Line({ line, lookupDefaults, comparison, columns, selectedColumn, picked, onPick }: LineProps) {
  const record = (
    <th scope="row">
      {line.position + 1}
      {comparison?.kind === 'new' && (
        <span className="new-row-mark" title="The last run did not write this key">
          {' '}
          new<span className="visually-hidden"> since the last run</span>
        </span>
      )}
    </th>
  );
  if (line.kind === 'held') {
    const reasons = line.reasons.map((reason) => `${reason.column}: ${reason.message}`).join(' ');
    const column = line.reasons[0]?.column ?? columns[0] ?? '';
    const isPicked = picked?.position === line.position;
    return (
      <tr className="held" aria-rowindex={line.position + 2}>
        {record}
        <td
          colSpan={columns.length}
          className={`held-reason${isPicked ? ' picked' : ''}`}
          title={reasons}
          tabIndex={0}
          onClick={() => onPick({ position: line.position, column })}
          onKeyDown={(event) => activate(event, () => onPick({ position: line.position, column }))}
        >
          <strong>Held for review.</strong> {reasons}
        </td>
      </tr>
    );
  }
  return (
    <tr
      aria-rowindex={line.position + 2}
      className={lookupDefaults.length > 0 ? 'lookup-default' : undefined}
      title={lookupDefaults.length > 0 ? `No value in ${lookupDefaults.join(', ')}: the default was used` : undefined}
    >
      {record}
      {columns.map((column) => {
        const value = line.row[column];
        const isPicked = picked?.position === line.position && picked.column === column;
        const change = comparison?.kind === 'changed' ? comparison.cells.get(column) : undefined;
        const classes = [
          value === null || value === undefined ? 'empty-value' : '',
          change !== undefined ? 'differs' : '',
          column === selectedColumn ? 'selected-column' : '',
          isPicked ? 'picked' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <td
            key={column}
            className={classes || undefined}
            tabIndex={0}
            onClick={() => onPick({ position: line.position, column })}
            onKeyDown={(event) => activate(event, () => onPick({ position: line.position, column }))}
            {...(change === undefined ? {} : { title: `The last run wrote ${lastRunText(change.before)}` })}
          >
            {change === undefined ? (
              valueText(value ?? null)
            ) : (
              <>
                <span className="value-now">{valueText(value ?? null)}</span>
                <span className="value-before">
                  <span className="visually-hidden">, </span>last run: {lastRunText(change.before)}
                </span>
              </>
            )}
          </td>
        );
      })}
    </tr>
  );
}

/** What the last run wrote, in words: a column the table does not have yet has no value there. */
function lastRunText(before: JsonValue | undefined): string {
  return before === undefined ? '(no such column yet)' : valueText(before);
}
