/**
 * The profile of one column of the preview sample, beside the grid: a mapped column (the one whose
 * header was clicked) or a source field the columns read. Figures from `column-profile.ts`; numbers
 * and dates get a ten-bar chart of how their values spread between the smallest and the largest.
 */
import { useMemo, useState } from 'react';
import type { PreviewResult } from '../../../api/wire.ts';
import {
  profileMappedColumn,
  profileSourceField,
  sourceFieldsOf,
  type ColumnProfile,
  type ProfileBin,
} from './column-profile.ts';
import './column-profile.css';

/** What the panel profiles: "column:<name>" or "field:<name>". */
type Target = string;

export function ColumnProfilePanel({
  result,
  selectedColumn,
}: {
  result: PreviewResult;
  selectedColumn: string | null;
}) {
  const columns = result.columns.map((column) => column.name);
  const fields = useMemo(() => sourceFieldsOf(result), [result]);
  // A field picked here wins until another header is clicked; a clicked header is shown otherwise.
  const [picked, setPicked] = useState<{ target: Target; forColumn: string | null } | null>(null);
  const fallback = selectedColumn !== null && columns.includes(selectedColumn) ? selectedColumn : columns[0];
  const target =
    picked !== null && picked.forColumn === selectedColumn
      ? picked.target
      : fallback === undefined
        ? ''
        : `column:${fallback}`;
  const profile = useMemo(() => {
    if (target.startsWith('column:')) return profileMappedColumn(result, target.slice('column:'.length));
    if (target.startsWith('field:')) return profileSourceField(result, target.slice('field:'.length));
    return null;
  }, [result, target]);

  return (
    <aside className="column-profile" aria-label="Column profile">
      <label>
        Profile of{' '}
        <select
          value={target}
          onChange={(event) => setPicked({ target: event.target.value, forColumn: selectedColumn })}
        >
          <optgroup label="Columns">
            {columns.map((column) => (
              <option key={column} value={`column:${column}`}>
                {column}
              </option>
            ))}
          </optgroup>
          <optgroup label="Source fields">
            {fields.map((field) => (
              <option key={field} value={`field:${field}`}>
                {field}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {profile !== null && <ProfileFigures profile={profile} />}
    </aside>
  );
}

function ProfileFigures({ profile }: { profile: ColumnProfile }) {
  return (
    <>
      <dl className="profile-figures">
        <dt>Values</dt>
        <dd data-figure="values">{profile.values}</dd>
        <dt>Empty (null)</dt>
        <dd data-figure="nulls">{profile.nulls}</dd>
        <dt>Blank text</dt>
        <dd data-figure="blanks">{profile.blanks}</dd>
        <dt>Distinct</dt>
        <dd data-figure="distinct">{profile.distinct}</dd>
        <dt>Smallest</dt>
        <dd data-figure="min" className="mono">
          {profile.min ?? '—'}
        </dd>
        <dt>Largest</dt>
        <dd data-figure="max" className="mono">
          {profile.max ?? '—'}
        </dd>
      </dl>
      {profile.top.length > 0 && (
        <table className="profile-top" aria-label="Most common values">
          <thead>
            <tr>
              <th scope="col">Most common</th>
              <th scope="col" className="number">
                Rows
              </th>
            </tr>
          </thead>
          <tbody>
            {profile.top.map((entry) => (
              <tr key={entry.value}>
                <td className="mono">{entry.value}</td>
                <td className="number">{entry.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {profile.bins.length > 0 && <Distribution bins={profile.bins} />}
    </>
  );
}

const CHART_WIDTH = 240;
const CHART_HEIGHT = 60;

function Distribution({ bins }: { bins: readonly ProfileBin[] }) {
  const most = Math.max(...bins.map((bin) => bin.count));
  const barWidth = CHART_WIDTH / bins.length;
  return (
    <svg
      className="profile-chart"
      role="img"
      aria-label={`How the values spread from ${bins[0]!.from} to ${bins.at(-1)!.to}`}
      viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
      width={CHART_WIDTH}
      height={CHART_HEIGHT}
    >
      {bins.map((bin, index) => {
        const height = most === 0 ? 0 : (bin.count / most) * (CHART_HEIGHT - 2);
        return (
          <rect
            key={index}
            className="profile-bar"
            data-count={bin.count}
            x={index * barWidth + 1}
            y={CHART_HEIGHT - height}
            width={barWidth - 2}
            height={height}
          >
            <title>{`${bin.from} to ${bin.to}: ${bin.count}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
