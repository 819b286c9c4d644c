/**
 * Edits to lookup tables: new table, rows added, changed, removed, imported, and a file-based table
 * turned into rows kept in the pipeline file. Pure: each returns a new pipeline, or the same object
 * when nothing changes (so `apply` records no empty undo step).
 *
 * A file-based table is never written back to its CSV from here: the file may be shared (the example's
 * says "Owned by FP&A"), and a disk write could not be undone. Editing one copies its rows into the
 * pipeline file instead (`inlineRows`), which Undo reverses and Save writes with everything else.
 */
import {
  ownEntry,
  type FieldTypeName,
  type LookupDefinition,
  type LookupKeyMatch,
  type LookupRow,
  type Pipeline,
} from '../../engine/model/index.ts';

export type LookupKey = LookupRow['key'];

function withLookup(
  pipeline: Pipeline,
  table: string,
  change: (lookup: LookupDefinition) => LookupDefinition,
): Pipeline {
  const lookup = ownEntry(pipeline.lookups, table);
  if (!lookup) return pipeline;
  const next = change(lookup);
  if (next === lookup) return pipeline;
  return { ...pipeline, lookups: { ...pipeline.lookups, [table]: next } };
}

/** Rows are only edited in place for tables that keep them in the pipeline file. */
function withRows(
  pipeline: Pipeline,
  table: string,
  change: (rows: readonly LookupRow[]) => readonly LookupRow[],
): Pipeline {
  return withLookup(pipeline, table, (lookup) => {
    if (lookup.file || !lookup.rows) return lookup;
    const rows = change(lookup.rows);
    return rows === lookup.rows ? lookup : { ...lookup, rows: [...rows] };
  });
}

export interface NewLookupTable {
  readonly keyType: FieldTypeName;
  readonly valueType: FieldTypeName;
  readonly effectiveDated: boolean;
}

export function addLookupTable(name: string, shape: NewLookupTable): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    if (ownEntry(pipeline.lookups, name)) return pipeline;
    const table: LookupDefinition = {
      keyType: shape.keyType,
      valueType: shape.valueType,
      ...(shape.effectiveDated ? { effectiveDated: true } : {}),
      rows: [],
    };
    return { ...pipeline, lookups: { ...pipeline.lookups, [name]: table } };
  };
}

export function addLookupRow(table: string, row: LookupRow): (p: Pipeline) => Pipeline {
  return (pipeline) => withRows(pipeline, table, (rows) => [...rows, row]);
}

/** Changes one row; an `effectiveFrom` of undefined removes the date. */
export function updateLookupRow(table: string, index: number, change: Partial<LookupRow>): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withRows(pipeline, table, (rows) => {
      const current = rows[index];
      if (!current) return rows;
      const merged: Record<string, unknown> = { ...current, ...change };
      for (const [field, value] of Object.entries(merged)) if (value === undefined) delete merged[field];
      const next = merged as LookupRow;
      if (JSON.stringify(next) === JSON.stringify(current)) return rows;
      return rows.map((row, at) => (at === index ? next : row));
    });
}

export function removeLookupRows(table: string, indexes: readonly number[]): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withRows(pipeline, table, (rows) => {
      const drop = new Set(indexes.filter((index) => index >= 0 && index < rows.length));
      return drop.size === 0 ? rows : rows.filter((_, index) => !drop.has(index));
    });
}

/** A row's identity in its table: the key (or range), and the date for effective-dated tables (what a duplicate is). */
function identity(row: LookupRow, dated: boolean): string {
  const key = row.from !== undefined || row.to !== undefined ? [row.from, row.to] : row.key;
  return `${JSON.stringify(key)}@${dated ? (row.effectiveFrom ?? '') : ''}`;
}

/** A key row as a range row holding just its key, other parts kept. */
function asRange(row: LookupRow): LookupRow {
  if (row.key === undefined) return row;
  const { key, ...rest } = row;
  return { from: key, to: key, ...rest };
}

/**
 * Switches a table kept in the pipeline file between key rows and range rows. Key rows become ranges
 * holding just their key; back, a range row becomes its key only when it holds one key, so a table with a
 * real range is left as it is (the grid says why) rather than losing the ranges.
 */
export function setLookupRanges(table: string, ranges: boolean): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withLookup(pipeline, table, (lookup) => {
      if (lookup.file || (lookup.ranges === true) === ranges) return lookup;
      const rows = lookup.rows ?? [];
      if (ranges) return { ...lookup, ranges: true, rows: rows.map(asRange) };
      if (!rows.every((row) => JSON.stringify(row.from) === JSON.stringify(row.to))) return lookup;
      const { ranges: _, overlaps: __, ...rest } = lookup;
      return {
        ...rest,
        rows: rows.map(({ from, to: _to, ...row }) => (from === undefined ? row : { key: from, ...row })),
      };
    });
}

/** Range rows that hold more than one key: what keeps a table from going back to key rows. */
export function widerRanges(lookup: LookupDefinition): number[] {
  return (lookup.rows ?? []).flatMap((row, index) =>
    JSON.stringify(row.from) === JSON.stringify(row.to) ? [] : [index],
  );
}

/** The table's key rule and, for ranges, what an overlap means; a setting back at its default is removed. */
export function setLookupRules(
  table: string,
  rules: { readonly keyMatch?: LookupKeyMatch; readonly overlaps?: 'refuse' | 'first-row-wins' },
): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withLookup(pipeline, table, (lookup) => {
      const next: LookupDefinition = { ...lookup, ...rules };
      if (next.overlaps === 'refuse') delete next.overlaps;
      return JSON.stringify(next) === JSON.stringify(lookup) ? lookup : next;
    });
}

/**
 * Imported rows into a table: a row whose key (and date) the table has replaces that row in place,
 * the others are added at the end. `replace` drops the table's rows first.
 */
export function importLookupRows(
  table: string,
  imported: readonly LookupRow[],
  mode: 'merge' | 'replace',
): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withRows(pipeline, table, (rows) => {
      if (imported.length === 0 && mode === 'merge') return rows;
      const lookup = ownEntry(pipeline.lookups, table);
      const dated = lookup?.effectiveDated === true;
      const next = mode === 'replace' ? [] : [...rows];
      const at = new Map(next.map((row, index) => [identity(row, dated), index]));
      for (const row of lookup?.ranges === true ? imported.map(asRange) : imported) {
        const found = at.get(identity(row, dated));
        if (found === undefined) {
          at.set(identity(row, dated), next.length);
          next.push(row);
        } else next[found] = row;
      }
      return JSON.stringify(next) === JSON.stringify(rows) ? rows : next;
    });
}

/** A file-based table with its rows (as read from the file) kept in the pipeline file instead; other settings stay. */
export function inlineRows(table: string, fileRows: readonly LookupRow[]): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withLookup(pipeline, table, (lookup) => {
      if (!lookup.file) return lookup;
      const { file: _, ...rest } = lookup;
      return { ...rest, rows: [...fileRows] };
    });
}

/**
 * Coverage's "Add": a row for a key the sample looks up and the table lacks, its value left for the
 * analyst to fill. For a file-based table, its rows are first copied into the pipeline file (one undo
 * step for both). Does nothing when the table already has that key (and date).
 */
export function addMissingKey(
  table: string,
  key: LookupKey,
  options: { effectiveFrom?: string; fileRows?: readonly LookupRow[] } = {},
): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    const lookup = ownEntry(pipeline.lookups, table);
    if (!lookup) return pipeline;
    const inlined = lookup.file
      ? options.fileRows
        ? inlineRows(table, options.fileRows)(pipeline)
        : pipeline
      : pipeline;
    const dated = lookup.effectiveDated === true;
    const row: LookupRow = {
      ...(lookup.ranges === true ? { from: key, to: key } : { key }),
      value: null,
      ...(dated && options.effectiveFrom !== undefined ? { effectiveFrom: options.effectiveFrom } : {}),
    };
    const rows = ownEntry(inlined.lookups, table)?.rows;
    if (!rows || rows.some((existing) => identity(existing, dated) === identity(row, dated))) return inlined;
    return addLookupRow(table, row)(inlined);
  };
}
