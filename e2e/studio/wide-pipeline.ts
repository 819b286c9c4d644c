/**
 * A wide pipeline for the canvas at scale: a CSV source with N fields (300 by default) of every type,
 * mapped to N columns, most of them plain fields, some formulas (ROUND, IF/UPPER) and some lookups.
 * Written into a folder with its CSV (a few rows) so the studio can open, preview and discover it.
 * Used by the canvas browser test and the studio-open benchmark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CURRENT_VERSION, formatPipeline, type MappingDefinition, type Pipeline } from '../../engine/model/index.ts';

const TYPES = ['string', 'integer', 'decimal', 'date', 'string', 'decimal'] as const;
type FieldType = (typeof TYPES)[number];

export const wideFieldName = (index: number): string => `F${String(index + 1).padStart(3, '0')}`;
export const wideColumnName = (index: number): string => `col_${String(index + 1).padStart(3, '0')}`;

function typeOf(index: number): FieldType {
  return TYPES[index % TYPES.length]!;
}

function valueOf(type: FieldType, field: number, row: number): string {
  switch (type) {
    case 'string':
      return ['NORTH', 'SOUTH', 'EAST', 'WEST'][(field + row) % 4]!;
    case 'integer':
      return String(field * 100 + row);
    case 'decimal':
      return `${row + 1}.${String((field * 7 + row) % 100).padStart(2, '0')}`;
    case 'date':
      return `2024-01-${String((row % 28) + 1).padStart(2, '0')}`;
  }
}

/** Column i's definition: a lookup on every 10th field when it is text, a formula every 10th, else the plain field. */
function columnFor(index: number): MappingDefinition {
  const field = wideFieldName(index);
  const type = typeOf(index);
  if (type === 'string' && index % 10 === 0)
    return { type: 'string', expression: `LOOKUP(regions, ${field}, "OTHER")` };
  if (type === 'decimal' && index % 10 === 5) return { type: 'decimal(18,2)', expression: `ROUND(${field} * 2, 2)` };
  if (type === 'string' && index % 10 === 4)
    return { type: 'string', expression: `IF(${field} = "", NULL, UPPER(${field}))` };
  return { type: type === 'decimal' ? 'decimal(18,2)' : type, expression: field };
}

/** Writes `<dir>/wide.json` (and its CSV) and returns the pipeline's path. */
export function writeWidePipeline(dir: string, size = 300, rows = 20): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const indexes = Array.from({ length: size }, (_, index) => index);
  const header = indexes.map(wideFieldName).join(',');
  const lines = Array.from({ length: rows }, (_, row) =>
    indexes.map((index) => valueOf(typeOf(index), index, row)).join(','),
  );
  writeFileSync(join(dir, 'data', 'wide-1.csv'), `${[header, ...lines].join('\n')}\n`);
  const pipeline: Pipeline = {
    version: CURRENT_VERSION,
    name: `${size} fields to ${size} columns`,
    connections: {
      export_folder: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './wide.duckdb' }, auth: { method: 'none' } },
    },
    lookups: {
      regions: {
        keyType: 'string',
        valueType: 'string',
        rows: [
          { key: 'NORTH', value: 'N' },
          { key: 'SOUTH', value: 'S' },
          { key: 'EAST', value: 'E' },
        ],
      },
    },
    streams: {
      wide: {
        source: {
          connection: 'export_folder',
          entity: 'wide',
          key: [wideFieldName(0)],
          fields: Object.fromEntries(indexes.map((index) => [wideFieldName(index), typeOf(index)])),
          options: { file: 'wide-*.csv' },
        },
        target: { connection: 'warehouse', table: 'wide', writeMode: 'append' },
        mappings: Object.fromEntries(indexes.map((index) => [wideColumnName(index), columnFor(index)])),
      },
    },
  } as Pipeline;
  const path = join(dir, 'wide.json');
  writeFileSync(path, formatPipeline(pipeline));
  return path;
}
