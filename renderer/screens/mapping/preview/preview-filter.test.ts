import { describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../../api/wire.ts';
import { filterLines } from './preview-filter.ts';
import { previewLines } from './preview-rows.ts';

const result: PreviewResult = {
  stream: 'gl',
  columns: [{ name: 'cost_center', expression: 'LOOKUP(cost_centers, ACTNUMST, "NONE")', fields: [], lookups: [] }],
  rows: [{ cost_center: 'CC-CORP' }, { cost_center: 'NONE' }, { cost_center: 'CC-AP' }],
  rowSources: [
    { position: 0, values: {}, lookupDefaults: [] },
    { position: 2, values: {}, lookupDefaults: ['cost_centers'] },
    { position: 3, values: {}, lookupDefaults: [] },
  ],
  held: [{ sourceRecord: {}, reasons: [{ column: 'account', code: 'required', message: 'empty' }], position: 1 }],
  read: 4,
  sample: { readAt: '2024-01-01T00:00:00Z', reused: false, records: 4 },
};
const lines = previewLines(result);

describe('filterLines', () => {
  it('shows every line in sample order when nothing is filtered', () => {
    expect(filterLines(result, lines, 'all').map((line) => line.position)).toEqual([0, 1, 2, 3]);
  });

  it('shows only the held lines', () => {
    expect(filterLines(result, lines, 'held').map((line) => [line.kind, line.position])).toEqual([['held', 1]]);
  });

  it('shows only the rows a LOOKUP default filled', () => {
    expect(filterLines(result, lines, 'lookup-default').map((line) => [line.kind, line.position])).toEqual([
      ['row', 2],
    ]);
  });

  it('shows the rows that differ from the last run or are new since, never a held line; none while unknown', () => {
    const compared = [
      { kind: 'same' as const },
      { kind: 'new' as const },
      { kind: 'changed' as const, cells: new Map([['cost_center', { before: 'CC-OLD' }]]), writtenAt: null },
    ];
    expect(filterLines(result, lines, 'differs', compared).map((line) => [line.kind, line.position])).toEqual([
      ['row', 2],
      ['row', 3],
    ]);
    expect(filterLines(result, lines, 'differs', null)).toEqual([]);
  });
});
