/** Lookup table commands: rows edited in place, imports merged by key, file tables copied into the pipeline on demand. */
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, isUsable, parsePipelineText, type Pipeline } from '../../engine/model/index.ts';
import {
  addLookupRow,
  addLookupTable,
  addMissingKey,
  importLookupRows,
  inlineRows,
  removeLookupRows,
  setLookupRanges,
  setLookupRules,
  updateLookupRow,
  widerRanges,
} from './lookups.ts';

function pipeline(): Pipeline {
  return {
    version: CURRENT_VERSION,
    name: 'Test',
    connections: {},
    streams: {},
    lookups: {
      types: {
        rows: [
          { key: '1', value: 'ASSET' },
          { key: '2', value: 'LIABILITY' },
        ],
      },
      centers: { file: { path: './cc.csv', keyColumn: 'account', valueColumn: 'cost_center' }, notes: 'Owned by FP&A' },
      rates: {
        keyType: 'string',
        valueType: 'decimal',
        effectiveDated: true,
        rows: [{ key: 'EUR', value: '1.10', effectiveFrom: '2024-01-01' }],
      },
    },
  };
}

const usable = (p: Pipeline) => isUsable(parsePipelineText(JSON.stringify(p)));

describe('lookup commands', () => {
  it('adds a new, valid, empty table and refuses a name taken', () => {
    const before = pipeline();
    const added = addLookupTable('regions', { keyType: 'string', valueType: 'string', effectiveDated: false })(before);
    expect(added.lookups!.regions).toEqual({ keyType: 'string', valueType: 'string', rows: [] });
    expect(usable(added)).toBe(true);
    expect(addLookupTable('types', { keyType: 'string', valueType: 'string', effectiveDated: false })(before)).toBe(
      before,
    );
  });

  it('adds, edits and removes rows without touching the original, and is a no-op when nothing changes', () => {
    const before = pipeline();
    const added = addLookupRow('types', { key: '3', value: 'EQUITY' })(before);
    expect(added.lookups!.types!.rows!.map((row) => row.key)).toEqual(['1', '2', '3']);
    const edited = updateLookupRow('types', 0, { value: 'ASSETS' })(added);
    expect(edited.lookups!.types!.rows![0]).toEqual({ key: '1', value: 'ASSETS' });
    expect(updateLookupRow('types', 0, { value: 'ASSETS' })(edited)).toBe(edited);
    expect(updateLookupRow('types', 9, { value: 'x' })(edited)).toBe(edited);
    expect(removeLookupRows('types', [0, 2])(edited).lookups!.types!.rows).toEqual([{ key: '2', value: 'LIABILITY' }]);
    expect(before.lookups!.types!.rows).toHaveLength(2);
  });

  it('clears a date when set to undefined and never edits a file-based table in place', () => {
    const before = pipeline();
    expect(updateLookupRow('rates', 0, { effectiveFrom: undefined })(before).lookups!.rates!.rows![0]).toEqual({
      key: 'EUR',
      value: '1.10',
    });
    expect(addLookupRow('centers', { key: 'a', value: 'b' })(before)).toBe(before);
  });

  it('merges an import by key (and date for effective-dated tables), or replaces the rows', () => {
    const before = pipeline();
    const merged = importLookupRows(
      'types',
      [
        { key: '2', value: 'LIABILITIES' },
        { key: '4', value: 'REVENUE' },
      ],
      'merge',
    )(before);
    expect(merged.lookups!.types!.rows).toEqual([
      { key: '1', value: 'ASSET' },
      { key: '2', value: 'LIABILITIES' },
      { key: '4', value: 'REVENUE' },
    ]);
    const replaced = importLookupRows('types', [{ key: '9', value: 'OTHER' }], 'replace')(before);
    expect(replaced.lookups!.types!.rows).toEqual([{ key: '9', value: 'OTHER' }]);
    const dated = importLookupRows(
      'rates',
      [{ key: 'EUR', value: '1.12', effectiveFrom: '2024-07-01' }],
      'merge',
    )(before);
    expect(dated.lookups!.rates!.rows).toHaveLength(2);
    expect(importLookupRows('types', [{ key: '1', value: 'ASSET' }], 'merge')(before)).toBe(before);
  });

  it('copies a file table into the pipeline file, keeping its notes and types', () => {
    const inlined = inlineRows('centers', [{ key: '000-1100-00', value: 'CC-CORP' }])(pipeline());
    expect(inlined.lookups!.centers).toEqual({
      notes: 'Owned by FP&A',
      rows: [{ key: '000-1100-00', value: 'CC-CORP' }],
    });
    expect(usable(inlined)).toBe(true);
  });

  it('adds a missing key with its value to fill, copying a file table first, in one step', () => {
    const fileRows = [{ key: '000-1100-00', value: 'CC-CORP' }];
    const added = addMissingKey('centers', '000-6900-00', { fileRows })(pipeline());
    expect(added.lookups!.centers!.rows).toEqual([...fileRows, { key: '000-6900-00', value: null }]);
    expect(added.lookups!.centers).not.toHaveProperty('file');
    expect(addMissingKey('centers', '000-1100-00', { fileRows })(pipeline()).lookups!.centers!.rows).toEqual(fileRows);
    const before = pipeline();
    expect(addMissingKey('centers', 'x')(before)).toBe(before);
    const dated = addMissingKey('rates', 'USD', { effectiveFrom: '2024-03-31' })(before);
    expect(dated.lookups!.rates!.rows![1]).toEqual({ key: 'USD', value: null, effectiveFrom: '2024-03-31' });
    expect(usable(dated)).toBe(true);
  });

  it('switches a table to ranges holding each key, and back only while every range holds one key', () => {
    const before = pipeline();
    const ranged = setLookupRanges('types', true)(before);
    expect(ranged.lookups!.types).toEqual({
      ranges: true,
      rows: [
        { from: '1', to: '1', value: 'ASSET' },
        { from: '2', to: '2', value: 'LIABILITY' },
      ],
    });
    expect(usable(ranged)).toBe(true);
    expect(setLookupRanges('types', true)(ranged)).toBe(ranged);
    expect(setLookupRanges('types', false)(ranged).lookups!.types).toEqual(before.lookups!.types);
    const widened = updateLookupRow('types', 0, { to: '1999' })(ranged);
    expect(widerRanges(widened.lookups!.types!)).toEqual([0]);
    expect(setLookupRanges('types', false)(widened)).toBe(widened);
    // A file table keeps its columns: it is not switched here.
    expect(setLookupRanges('centers', true)(before)).toBe(before);
    // Rows imported or added from the coverage report into a table of ranges become ranges of one key.
    expect(
      importLookupRows('types', [{ key: '3', value: 'EQUITY' }], 'merge')(ranged).lookups!.types!.rows!.at(-1),
    ).toEqual({
      from: '3',
      to: '3',
      value: 'EQUITY',
    });
    expect(addMissingKey('types', '4')(ranged).lookups!.types!.rows!.at(-1)).toEqual({
      from: '4',
      to: '4',
      value: null,
    });
  });

  it('sets how keys match and what overlaps mean, removing a setting put back to its default', () => {
    const before = pipeline();
    const exact = setLookupRules('types', { keyMatch: 'exact' })(before);
    expect(exact.lookups!.types!.keyMatch).toBe('exact');
    const firstWins = setLookupRules('types', { overlaps: 'first-row-wins' })(exact);
    expect(firstWins.lookups!.types!.overlaps).toBe('first-row-wins');
    expect(setLookupRules('types', { overlaps: 'refuse' })(firstWins).lookups!.types).not.toHaveProperty('overlaps');
    expect(setLookupRules('types', { keyMatch: 'exact' })(exact)).toBe(exact);
  });
});
