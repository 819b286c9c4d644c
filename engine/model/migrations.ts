/**
 * Forward migrations of the pipeline file. Each step takes a document of version N and returns one
 * of version N+1; they run in order when an older file is opened, and saving writes the current
 * version. Steps work on plain JSON (not the typed model) because the old shapes no longer exist.
 */
import { renameFunctionCalls } from './formula-renames.ts';
import { nameRecord, setOwnEntry } from './own-names.ts';
import { CURRENT_VERSION } from './schema/pipeline.ts';

export type JsonObject = { [key: string]: unknown };

export interface Migration {
  readonly from: number;
  readonly description: string;
  migrate(document: JsonObject): JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Version 1 kept column types apart from formulas (`target.columns: { name: type }` beside
 * `mappings: { name: "formula" }`) and wrote the schedule as a bare cron string. Version 2 keeps each
 * column's type, formula and notes together, and makes the schedule an object with a time zone.
 */
export const v1ToV2: Migration = {
  from: 1,
  description: 'column types move next to their formulas; the schedule becomes { cron, timeZone }',
  migrate(document) {
    const next: JsonObject = { ...document, version: 2 };
    if (typeof document.schedule === 'string') next.schedule = { cron: document.schedule };
    if (isObject(document.streams)) {
      const streams = nameRecord<unknown>();
      for (const [name, stream] of Object.entries(document.streams)) {
        setOwnEntry(streams, name, isObject(stream) ? migrateStreamV1(stream) : stream);
      }
      next.streams = streams;
    }
    return next;
  },
};

function migrateStreamV1(stream: JsonObject): JsonObject {
  const target = isObject(stream.target) ? { ...stream.target } : stream.target;
  const columnTypes = isObject(target) && isObject(target.columns) ? target.columns : {};
  const required = isObject(target) && Array.isArray(target.required) ? target.required : [];
  if (isObject(target)) {
    delete target.columns;
    delete target.required;
  }
  const mappings = nameRecord<unknown>();
  const oldMappings = isObject(stream.mappings) ? stream.mappings : {};
  for (const [column, expression] of Object.entries(oldMappings)) {
    const entry: JsonObject = {
      type: (Object.hasOwn(columnTypes, column) ? columnTypes[column] : undefined) ?? 'string',
      expression,
    };
    if (required.includes(column)) entry.required = true;
    setOwnEntry(mappings, column, entry);
  }
  return { ...stream, target, mappings };
}

/**
 * Version 3 brings two spreadsheet meanings, and migrates older files so they keep theirs:
 * - lookup tables say how text keys match (`keyMatch`), ignoring case by default as spreadsheet lookups
 *   do; a version 2 table matched text exactly, so each is written with `keyMatch: "exact"`;
 * - TRIM and ISBLANK mean what they mean in a spreadsheet (TRIM also makes inner runs of spaces one;
 *   ISBLANK is TRUE only for an empty value); a version 2 formula meant the old ones, now TRIM_ENDS and
 *   ISEMPTY, so its calls are renamed.
 */
const V3_RENAMES: ReadonlyMap<string, string> = new Map([
  ['TRIM', 'TRIM_ENDS'],
  ['ISBLANK', 'ISEMPTY'],
]);

export const v2ToV3: Migration = {
  from: 2,
  description:
    'lookup tables say how text keys match (older tables keep matching exactly); TRIM and ISBLANK mean what they mean in a spreadsheet (older formulas keep their meaning with TRIM_ENDS and ISEMPTY)',
  migrate(document) {
    const next: JsonObject = { ...document, version: 3 };
    if (isObject(document.lookups)) {
      const lookups = nameRecord<unknown>();
      for (const [name, lookup] of Object.entries(document.lookups)) {
        const keepExact = isObject(lookup) && lookup.keyMatch === undefined;
        setOwnEntry(lookups, name, keepExact ? { ...lookup, keyMatch: 'exact' } : lookup);
      }
      next.lookups = lookups;
    }
    if (isObject(document.streams)) {
      const streams = nameRecord<unknown>();
      for (const [name, stream] of Object.entries(document.streams)) {
        setOwnEntry(streams, name, isObject(stream) ? renameInStream(stream) : stream);
      }
      next.streams = streams;
    }
    return next;
  },
};

function renameInStream(stream: JsonObject): JsonObject {
  if (!isObject(stream.mappings)) return stream;
  const mappings = nameRecord<unknown>();
  for (const [column, mapping] of Object.entries(stream.mappings)) {
    const renamed =
      isObject(mapping) && typeof mapping.expression === 'string'
        ? { ...mapping, expression: renameFunctionCalls(mapping.expression, V3_RENAMES) }
        : mapping;
    setOwnEntry(mappings, column, renamed);
  }
  return { ...stream, mappings };
}

export const MIGRATIONS: readonly Migration[] = [v1ToV2, v2ToV3];

export type MigrationResult =
  | { readonly ok: true; readonly document: JsonObject; readonly applied: readonly string[] }
  | { readonly ok: false; readonly message: string };

export function migrateToCurrent(document: JsonObject): MigrationResult {
  const version = document.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      message: `"version" must be a whole number from 1 to ${CURRENT_VERSION}; this file has ${JSON.stringify(version) ?? 'none'}`,
    };
  }
  if (version > CURRENT_VERSION) {
    return {
      ok: false,
      message: `This file is version ${version}, made by a newer ml-connector; this one reads up to version ${CURRENT_VERSION}. Update ml-connector to open it.`,
    };
  }
  let current = document;
  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.from === current.version) {
      current = migration.migrate(current);
      applied.push(`v${migration.from} -> v${migration.from + 1}: ${migration.description}`);
    }
  }
  return { ok: true, document: current, applied };
}
