/**
 * An entity's schema: the columns of its files with types inferred from the first rows, explicit types
 * winning. The result is also the plan `read` follows, so records always match what discovery said.
 */
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import type { CancelSignal, EntitySchema, FieldSchema } from '../../engine/model/io.ts';
import { ownEntry } from '../../engine/model/own-names.ts';
import { delimiterOf, formatOf, textOptionsOf } from './config.ts';
import type { FileEntityConfig, FileFormat } from './config.ts';
import { FileSourceError } from './errors.ts';
import { resolveEntityFiles } from './files.ts';
import { ColumnTypeInference } from './infer.ts';
import { JsonFieldInference } from './infer-jsonl.ts';
import type { JsonFieldReading } from './infer-jsonl.ts';
import { readCsvRows, readJsonlObjects } from './raw-readers.ts';
import { hasEscapedBytes } from './text-decoding.ts';

export interface PlannedField {
  readonly name: string;
  readonly reading: JsonFieldReading;
}

export interface EntityPlan {
  readonly config: FileEntityConfig;
  readonly format: FileFormat;
  /** CSV only. */
  readonly delimiter: string;
  readonly fields: readonly PlannedField[];
  readonly schema: EntitySchema;
}

export interface DiscoverOptions {
  readonly folder: string;
  readonly inferenceRows: number;
  readonly chunkBytes: number;
  readonly signal?: CancelSignal | undefined;
}

export async function discoverEntity(config: FileEntityConfig, options: DiscoverOptions): Promise<EntityPlan> {
  const format = formatOf(config);
  const delimiter = format === 'csv' ? delimiterOf(config) : ',';
  const sampled = format === 'csv' ? await sampleCsv(config, delimiter, options) : await sampleJsonl(config, options);
  const explicit = config.fields ?? {};
  const known = new Set(sampled.map((field) => field.name));
  for (const name of Object.keys(explicit)) {
    if (!known.has(name) && format === 'csv') {
      throw new FileSourceError(
        'FILE_CONFIG_INVALID',
        `entity "${config.entity}": field "${name}" has a declared type but is not a column of "${config.file}" ` +
          `(columns: ${[...known].join(', ')})`,
      );
    }
  }
  const withExplicit: SampledField[] = sampled.map((field) => {
    const declared = ownEntry(explicit, field.name);
    return declared === undefined
      ? field
      : { name: field.name, reading: { kind: 'typed', type: declared }, schema: { name: field.name, type: declared } };
  });
  for (const [name, type] of Object.entries(explicit)) {
    if (!known.has(name)) withExplicit.push({ name, reading: { kind: 'typed', type }, schema: { name, type } });
  }
  const names = new Set(withExplicit.map((field) => field.name));
  const key = config.key ?? [];
  for (const field of [...key, ...(config.cursorField === undefined ? [] : [config.cursorField])]) {
    if (!names.has(field)) {
      throw new FileSourceError(
        'FILE_CONFIG_INVALID',
        `entity "${config.entity}": "${field}" is used as key or cursor but is not a field of "${config.file}" (fields: ${[...names].join(', ')})`,
      );
    }
  }
  return {
    config,
    format,
    delimiter,
    fields: withExplicit.map(({ name, reading }) => ({ name, reading })),
    schema: {
      entity: config.entity,
      label: config.label ?? config.entity,
      key,
      ...(config.cursorField === undefined ? {} : { cursorField: config.cursorField }),
      fields: withExplicit.map((field) => field.schema),
    },
  };
}

interface SampledField extends PlannedField {
  readonly schema: FieldSchema;
}

async function sampleCsv(
  config: FileEntityConfig,
  delimiter: string,
  options: DiscoverOptions,
): Promise<SampledField[]> {
  const files = await resolveEntityFiles(options.folder, config.file);
  const hasZone = config.defaultZone !== undefined;
  let header: readonly string[] | undefined;
  let inferences: ColumnTypeInference[] = [];
  let seen = 0;
  sampling: for (const file of files) {
    for await (const batch of readCsvRows(file, delimiter, options, textOptionsOf(config))) {
      if (header === undefined) {
        header = batch.header;
        inferences = header.map(() => new ColumnTypeInference());
      }
      // Later files may order their columns differently (read refuses ones whose columns differ).
      const columns = header.map((name) => batch.header.indexOf(name));
      for (const row of batch.rows) {
        columns.forEach((index, column) => {
          const text = index === -1 ? undefined : row[index];
          // A value with bytes that are not UTF-8 says nothing of its column's type; read holds its record.
          if (text !== undefined && (batch.invalid.length === 0 || !hasEscapedBytes(text)))
            inferences[column]?.observeText(text.trim(), hasZone);
        });
        if (++seen >= options.inferenceRows) break sampling;
      }
    }
  }
  // Declared types are applied by the caller; a column nobody could infer stays a string.
  return (header ?? []).map((name, index) => {
    const type: FieldTypeName = inferences[index]?.result() ?? 'string';
    return { name, reading: { kind: 'typed', type }, schema: { name, type } };
  });
}

async function sampleJsonl(config: FileEntityConfig, options: DiscoverOptions): Promise<SampledField[]> {
  const files = await resolveEntityFiles(options.folder, config.file);
  const hasZone = config.defaultZone !== undefined;
  const inferences = new Map<string, JsonFieldInference>();
  let seen = 0;
  outer: for (const file of files) {
    for await (const batch of readJsonlObjects(file, options, textOptionsOf(config))) {
      for (const [row, object] of batch.objects.entries()) {
        for (const [key, value] of Object.entries(object)) {
          // A value with bytes that are not UTF-8 says nothing of its field's type; read holds its record.
          if (batch.invalid.length > 0 && batch.invalid.some((bad) => bad.row === row && bad.field === key)) continue;
          let inference = inferences.get(key);
          if (inference === undefined) {
            inference = new JsonFieldInference(false);
            inferences.set(key, inference);
          }
          inference.observe(value, hasZone);
        }
        if (++seen >= options.inferenceRows) break outer;
      }
    }
  }
  return [...inferences].map(([name, inference]) => ({
    name,
    reading: inference.reading(),
    schema: inference.describe(name),
  }));
}
