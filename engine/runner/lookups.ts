/**
 * Builds the lookup tables a mapping reads (LOOKUP(name, key[, default | as-of date])) from their
 * pipeline definitions: rows written inline, or a CSV file beside the pipeline.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LookupTable } from '../mapping/functions/spec.ts';
import { T, type MappingType } from '../mapping/types.ts';
import type { LookupDefinition, LookupKeyMatch, LookupRow, Pipeline } from '../model/index.ts';
import { comparableKey, keyIdentity, keyMatchOf, typedBound } from '../model/lookup-keys.ts';
import { findRangeOverlaps, RangeIndex, type RangeRow } from '../model/lookup-ranges.ts';
import { coerceValue, compareValues, formatValue, PlainDate, type Value } from '../model/values/index.ts';
import { parseCsvText } from '../model/csv-text.ts';

interface DatedValue {
  readonly from: PlainDate;
  readonly value: Value;
}

export interface LookupTableRules {
  /** How text keys match (the pipeline's `keyMatch`; ignoring case by default). */
  readonly keyMatch?: LookupKeyMatch;
  /** Rows are ranges (from .. to, inclusive) rather than single keys. */
  readonly ranges?: boolean;
}

export class InMemoryLookupTable implements LookupTable {
  private readonly plain = new Map<string, Value>();
  private readonly dated = new Map<string, DatedValue[]>();
  private readonly rangeRows: RangeRow[] = [];
  /** Built on the first lookup after a range is added, so adding many rows costs one sort. */
  private rangeIndex: RangeIndex | undefined;
  readonly keyMatch: LookupKeyMatch;
  readonly ranges: boolean;

  constructor(
    readonly name: string,
    readonly keyType: MappingType,
    readonly valueType: MappingType,
    readonly effectiveDated: boolean,
    rules: LookupTableRules = {},
  ) {
    this.keyMatch = rules.keyMatch ?? keyMatchOf({});
    this.ranges = rules.ranges === true;
  }

  add(key: Value, value: Value, effectiveFrom?: PlainDate): void {
    const identity = keyIdentity(key, this.keyMatch);
    if (!this.effectiveDated || !effectiveFrom) {
      this.plain.set(identity, value);
      return;
    }
    const list = this.dated.get(identity) ?? [];
    list.push({ from: effectiveFrom, value });
    list.sort((a, b) => a.from.compare(b.from));
    this.dated.set(identity, list);
  }

  /** A range row: every key from `from` to `to` (both included) maps to `value`. Rows added first win overlaps. */
  addRange(from: Value, to: Value, value: Value, effectiveFrom?: PlainDate): void {
    this.rangeRows.push({
      from: comparableKey(from, this.keyMatch),
      to: comparableKey(to, this.keyMatch),
      value,
      ...(this.effectiveDated && effectiveFrom ? { effectiveFrom } : {}),
    });
    this.rangeIndex = undefined;
  }

  get(key: Value, asOf?: Value): Value | undefined {
    if (this.ranges) {
      this.rangeIndex ??= new RangeIndex(this.rangeRows);
      const date = this.effectiveDated && asOf instanceof PlainDate ? asOf : undefined;
      return this.rangeIndex.find(comparableKey(key, this.keyMatch), date);
    }
    const identity = keyIdentity(key, this.keyMatch);
    if (!this.effectiveDated) return this.plain.get(identity);
    const rows = this.dated.get(identity);
    if (!rows) return undefined;
    const date = asOf instanceof PlainDate ? asOf : undefined;
    if (!date) return rows[rows.length - 1]?.value;
    let found: Value | undefined;
    for (const row of rows) {
      if (compareValues(row.from, date) <= 0) found = row.value;
      else break;
    }
    return found;
  }

  keys(): string[] {
    return [...this.plain.keys(), ...this.dated.keys()].map((k) => k.slice(k.indexOf(':') + 1));
  }
}

function typed(raw: unknown, type: string, where: string): Value {
  if (raw === null || raw === undefined) return null;
  const result = coerceValue(raw, type as 'string');
  if (!result.ok) throw new Error(`${where}: ${result.reason}`);
  return result.value;
}

function rowsFromFile(definition: LookupDefinition, pipelineDir: string, name: string): LookupRow[] {
  const file = definition.file!;
  const path = resolve(pipelineDir, file.path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`lookups.${name}.file.path: cannot read "${file.path}" (looked for it beside the pipeline file)`);
  }
  const { header, rows } = parseCsvText(text, file.path);
  const column = (label: string, what: string): number => {
    const index = header.indexOf(label);
    if (index < 0)
      throw new Error(
        `lookups.${name}.file.${what}: "${file.path}" has no column "${label}" (columns: ${header.join(', ')})`,
      );
    return index;
  };
  const ranges = definition.ranges === true;
  const keyIndex = ranges ? -1 : column(file.keyColumn ?? '', 'keyColumn');
  const lowIndex = ranges ? column(file.fromColumn ?? '', 'fromColumn') : -1;
  const highIndex = ranges ? column(file.toColumn ?? '', 'toColumn') : -1;
  const valueIndex = column(file.valueColumn, 'valueColumn');
  const fromIndex = file.effectiveFromColumn ? column(file.effectiveFromColumn, 'effectiveFromColumn') : -1;
  return rows.map((cells) => ({
    ...(ranges ? { from: cells[lowIndex] ?? null, to: cells[highIndex] ?? null } : { key: cells[keyIndex] ?? null }),
    value: cells[valueIndex] === '' ? null : (cells[valueIndex] ?? null),
    ...(fromIndex >= 0 ? { effectiveFrom: cells[fromIndex] ?? '' } : {}),
  }));
}

export function buildLookupTable(name: string, definition: LookupDefinition, pipelineDir: string): InMemoryLookupTable {
  const keyType = definition.keyType ?? 'string';
  const valueType = definition.valueType ?? 'string';
  const table = new InMemoryLookupTable(name, T[keyType], T[valueType], definition.effectiveDated === true, {
    keyMatch: keyMatchOf(definition),
    ranges: definition.ranges === true,
  });
  const rows = definition.file ? rowsFromFile(definition, pipelineDir, name) : (definition.rows ?? []);
  if (definition.ranges === true) {
    addRanges(table, name, definition, rows);
    return table;
  }
  // Keys that are one key only because case is ignored, or numbers written two ways (4100 and 4100.00): a CSV
  // (which the pipeline check cannot see) must not let the later row silently replace the earlier one.
  const seen = new Map<string, { index: number; key: Value }>();
  rows.forEach((row, index) => {
    const where = `lookups.${name}, row ${index + 1}`;
    const from = row.effectiveFrom ? PlainDate.parse(row.effectiveFrom) : undefined;
    const key = typed(row.key, keyType, where);
    const identity = `${keyIdentity(key, table.keyMatch)}@${table.effectiveDated ? (row.effectiveFrom ?? '') : ''}`;
    const first = seen.get(identity);
    if (first !== undefined && typeof key !== 'string' && typeof first.key !== 'string')
      throw new Error(
        `lookups.${name}: rows ${first.index + 1} and ${index + 1} give the keys ${formatValue(first.key)} and ${formatValue(key)}, ` +
          'which are one number; a lookup must give one answer (remove one)',
      );
    if (first !== undefined && first.key !== key)
      throw new Error(
        `lookups.${name}: rows ${first.index + 1} and ${index + 1} give the keys ${formatValue(first.key)} and ${formatValue(key)}, ` +
          'which are one key when case is ignored; a lookup must give one answer (remove one, or match keys exactly: "keyMatch": "exact")',
      );
    if (first === undefined) seen.set(identity, { index, key });
    table.add(key, typed(row.value, valueType, where), from);
  });
  return table;
}

/**
 * Range rows, typed and checked as the pipeline check does for rows in the file (a CSV's rows are only
 * seen here): bounds of the key type, in order, and no overlap unless the first row is to win.
 */
function addRanges(table: InMemoryLookupTable, name: string, definition: LookupDefinition, rows: LookupRow[]): void {
  const valueType = definition.valueType ?? 'string';
  const checked: RangeRow[] = [];
  rows.forEach((row, index) => {
    const where = `lookups.${name}, row ${index + 1}`;
    const bound = (side: 'from' | 'to'): Value => {
      const result = typedBound(row[side], definition.keyType);
      if (!result.ok) throw new Error(`${where}, "${side}": ${result.reason}`);
      return result.value;
    };
    const low = bound('from');
    const high = bound('to');
    if (compareValues(comparableKey(low, table.keyMatch), comparableKey(high, table.keyMatch)) > 0)
      throw new Error(`${where}: the range ends (${formatValue(high)}) before it starts (${formatValue(low)})`);
    const effectiveFrom = row.effectiveFrom ? PlainDate.parse(row.effectiveFrom) : undefined;
    const value = typed(row.value, valueType, where);
    checked.push({
      from: comparableKey(low, table.keyMatch),
      to: comparableKey(high, table.keyMatch),
      value,
      ...(table.effectiveDated && effectiveFrom ? { effectiveFrom } : {}),
    });
    table.addRange(low, high, value, effectiveFrom);
  });
  if (definition.overlaps === 'first-row-wins') return;
  const [overlap] = findRangeOverlaps(checked);
  if (overlap)
    throw new Error(
      `lookups.${name}: rows ${overlap.first + 1} and ${overlap.second + 1} overlap (both hold ${formatValue(overlap.key)}); ` +
        'change one of them, or let the first row win ("overlaps": "first-row-wins")',
    );
}

export function buildLookupTables(pipeline: Pipeline, pipelineDir: string): Map<string, InMemoryLookupTable> {
  const tables = new Map<string, InMemoryLookupTable>();
  for (const [name, definition] of Object.entries(pipeline.lookups ?? {})) {
    tables.set(name, buildLookupTable(name, definition, pipelineDir));
  }
  return tables;
}
