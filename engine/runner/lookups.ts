/**
 * Builds the lookup tables a mapping reads (LOOKUP(name, key[, default | as-of date])) from their
 * pipeline definitions: rows written inline, or a CSV file beside the pipeline.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LookupTable } from '../mapping/functions/spec.ts';
import { T, type MappingType } from '../mapping/types.ts';
import type { LookupDefinition, LookupRow, Pipeline } from '../model/index.ts';
import { coerceValue, compareValues, PlainDate, type Value } from '../model/values/index.ts';
import { parseCsvText } from '../model/csv-text.ts';

interface DatedValue {
  readonly from: PlainDate;
  readonly value: Value;
}

/** The text a key is matched by, so "4100" from a CSV and 4100 from a formula find the same row only when types agree. */
function keyOf(value: Value): string {
  return value === null ? '\u0000' : `${typeof value}:${String(value)}`;
}

export class InMemoryLookupTable implements LookupTable {
  private readonly plain = new Map<string, Value>();
  private readonly dated = new Map<string, DatedValue[]>();

  constructor(
    readonly name: string,
    readonly keyType: MappingType,
    readonly valueType: MappingType,
    readonly effectiveDated: boolean,
  ) {}

  add(key: Value, value: Value, effectiveFrom?: PlainDate): void {
    if (!this.effectiveDated || !effectiveFrom) {
      this.plain.set(keyOf(key), value);
      return;
    }
    const list = this.dated.get(keyOf(key)) ?? [];
    list.push({ from: effectiveFrom, value });
    list.sort((a, b) => a.from.compare(b.from));
    this.dated.set(keyOf(key), list);
  }

  get(key: Value, asOf?: Value): Value | undefined {
    if (!this.effectiveDated) return this.plain.get(keyOf(key));
    const rows = this.dated.get(keyOf(key));
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
  const keyIndex = column(file.keyColumn, 'keyColumn');
  const valueIndex = column(file.valueColumn, 'valueColumn');
  const fromIndex = file.effectiveFromColumn ? column(file.effectiveFromColumn, 'effectiveFromColumn') : -1;
  return rows.map((cells) => ({
    key: cells[keyIndex] ?? null,
    value: cells[valueIndex] === '' ? null : (cells[valueIndex] ?? null),
    ...(fromIndex >= 0 ? { effectiveFrom: cells[fromIndex] ?? '' } : {}),
  }));
}

export function buildLookupTable(name: string, definition: LookupDefinition, pipelineDir: string): InMemoryLookupTable {
  const keyType = definition.keyType ?? 'string';
  const valueType = definition.valueType ?? 'string';
  const table = new InMemoryLookupTable(name, T[keyType], T[valueType], definition.effectiveDated === true);
  const rows = definition.file ? rowsFromFile(definition, pipelineDir, name) : (definition.rows ?? []);
  rows.forEach((row, index) => {
    const where = `lookups.${name}, row ${index + 1}`;
    const from = row.effectiveFrom ? PlainDate.parse(row.effectiveFrom) : undefined;
    table.add(typed(row.key, keyType, where), typed(row.value, valueType, where), from);
  });
  return table;
}

export function buildLookupTables(pipeline: Pipeline, pipelineDir: string): Map<string, InMemoryLookupTable> {
  const tables = new Map<string, InMemoryLookupTable>();
  for (const [name, definition] of Object.entries(pipeline.lookups ?? {})) {
    tables.set(name, buildLookupTable(name, definition, pipelineDir));
  }
  return tables;
}
