/**
 * Which preview lines the grid shows: all of them, only the held ones, only the rows where a LOOKUP
 * found no value for the key and gave its default (the host says so per row), or only the rows whose
 * values differ from what the last run wrote for their key, new ones included (`last-run-diff.ts`).
 * Pure, with unit tests.
 */
import type { PreviewResult } from '../../../api/wire.ts';
import type { RowComparison } from './last-run-diff.ts';
import type { PreviewLine } from './preview-rows.ts';

export type PreviewFilter = 'all' | 'held' | 'lookup-default' | 'differs';

export const PREVIEW_FILTERS: readonly { readonly value: PreviewFilter; readonly label: string }[] = [
  { value: 'all', label: 'All rows' },
  { value: 'held', label: 'Held only' },
  { value: 'lookup-default', label: 'Used a lookup default' },
  { value: 'differs', label: 'Values that differ from the last run' },
];

/** The lookup tables that gave their default for this line; none for a held line (it has no values). */
export function lookupDefaultsOf(result: PreviewResult, line: PreviewLine): readonly string[] {
  return line.kind === 'row' ? (result.rowSources[line.index]?.lookupDefaults ?? []) : [];
}

export function filterLines(
  result: PreviewResult,
  lines: readonly PreviewLine[],
  filter: PreviewFilter,
  /** Per row (same order as `result.rows`), against the last run; null while it is not known. */
  comparisons: readonly RowComparison[] | null = null,
): readonly PreviewLine[] {
  switch (filter) {
    case 'all':
      return lines;
    case 'held':
      return lines.filter((line) => line.kind === 'held');
    case 'lookup-default':
      return lines.filter((line) => lookupDefaultsOf(result, line).length > 0);
    case 'differs':
      // A held row writes nothing, so it cannot differ from what was written.
      return lines.filter((line) => line.kind === 'row' && (comparisons?.[line.index]?.kind ?? 'same') !== 'same');
  }
}
