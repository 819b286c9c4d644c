/**
 * Edits to a stream's column mappings (target column <- formula). Pure: each returns a new pipeline,
 * or the same object when nothing changes (so `apply` records no empty undo step). Column order is
 * the order written in the file, kept as the analyst arranged it.
 */
import { printPath } from '../../engine/mapping/index.ts';
import {
  hasOwnName,
  ownEntry,
  type MappingDefinition,
  type Pipeline,
  type StreamDefinition,
} from '../../engine/model/index.ts';

type Mappings = StreamDefinition['mappings'];

function withMappings(pipeline: Pipeline, stream: string, change: (mappings: Mappings) => Mappings): Pipeline {
  const definition = ownEntry(pipeline.streams, stream);
  if (!definition) return pipeline;
  const mappings = change(definition.mappings);
  if (mappings === definition.mappings) return pipeline;
  return { ...pipeline, streams: { ...pipeline.streams, [stream]: { ...definition, mappings } } };
}

/** Sets (or adds, at the end) a column's formula; the type stays, or is given for a new column. */
export function setExpression(
  stream: string,
  column: string,
  expression: string,
  typeForNew = 'string',
): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      const current = ownEntry(mappings, column);
      if (current?.expression === expression) return mappings;
      return { ...mappings, [column]: current ? { ...current, expression } : { type: typeForNew, expression } };
    });
}

/** Adds or replaces whole column definitions (paste, auto-map), keeping existing order for existing names. */
export function putColumns(
  stream: string,
  columns: Readonly<Record<string, MappingDefinition>>,
): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) =>
      Object.keys(columns).length === 0 ? mappings : { ...mappings, ...columns },
    );
}

export function removeColumns(stream: string, columns: readonly string[]): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      const drop = new Set(columns.filter((column) => hasOwnName(mappings, column)));
      if (drop.size === 0) return mappings;
      return Object.fromEntries(Object.entries(mappings).filter(([name]) => !drop.has(name)));
    });
}

export function updateColumn(
  stream: string,
  column: string,
  change: Partial<MappingDefinition>,
): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      const current = ownEntry(mappings, column);
      if (!current) return mappings;
      const next = { ...current, ...change };
      return JSON.stringify(next) === JSON.stringify(current) ? mappings : { ...mappings, [column]: next };
    });
}

/** Renames a column in place (its position kept); refuses to overwrite another column. */
export function renameColumn(stream: string, from: string, to: string): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      if (from === to || !hasOwnName(mappings, from) || hasOwnName(mappings, to)) return mappings;
      return Object.fromEntries(
        Object.entries(mappings).map(([name, definition]) => [name === from ? to : name, definition]),
      );
    });
}

/**
 * The formula of a column no field is mapped to yet. A formula cannot be blank in the file, so a new
 * column says "empty" in the language itself; dropping a field on it replaces it without asking.
 */
export const UNMAPPED_EXPRESSION = 'NULL';

/** Whether a column is still waiting for a field: its formula is blank or just NULL. */
export function isUnmapped(expression: string): boolean {
  const text = expression.trim().replace(/^=\s*/, '');
  return text === '' || text.toUpperCase() === UNMAPPED_EXPRESSION;
}

/** A source field as a formula: `ACTNUMST`, or `[Account Number]` when the name needs brackets. */
export function fieldReference(field: string): string {
  return printPath([{ kind: 'name', name: field, range: { start: 0, end: field.length } }]);
}

/** Maps a source field onto a column: its formula becomes the field (the type and the rest stay). */
export function mapField(stream: string, column: string, field: string): (p: Pipeline) => Pipeline {
  return setExpression(stream, column, fieldReference(field));
}

const IDENTIFIER_LIMIT = 128;

/** A column name (letters, digits, underscores) made from any text: `Account Number` -> `Account_Number`. */
export function toColumnName(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = cleaned === '' ? 'column' : /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
  return name.slice(0, IDENTIFIER_LIMIT);
}

/** `wanted`, or `wanted_2`, `wanted_3`… the first that no column has yet (still a valid name). */
export function uniqueColumnName(taken: ReadonlySet<string>, wanted: string): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = wanted.slice(0, IDENTIFIER_LIMIT - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The names pasted columns get beside the stream's own: a name already taken becomes `name_2` (or
 * the next free number), so a paste never overwrites a column. In the clipboard's order.
 */
export function pastedColumns(
  existing: Readonly<Record<string, MappingDefinition>>,
  copied: Readonly<Record<string, MappingDefinition>>,
): Record<string, MappingDefinition> {
  const taken = new Set(Object.keys(existing));
  const result: Record<string, MappingDefinition> = {};
  for (const [name, definition] of Object.entries(copied)) {
    const unique = uniqueColumnName(taken, name);
    taken.add(unique);
    result[unique] = definition;
  }
  return result;
}

/** Pastes column definitions at the end of the stream's columns, renaming any that clash. */
export function pasteColumns(
  stream: string,
  copied: Readonly<Record<string, MappingDefinition>>,
): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    const existing = ownEntry(pipeline.streams, stream)?.mappings;
    return existing ? putColumns(stream, pastedColumns(existing, copied))(pipeline) : pipeline;
  };
}

/** Adds a column at the end; refuses (no change) when the name is taken, so nothing is overwritten. */
export function addColumn(stream: string, name: string, definition: MappingDefinition): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) =>
      hasOwnName(mappings, name) ? mappings : { ...mappings, [name]: definition },
    );
}

/**
 * The column type a new column gets for a source field. A source decimal declares no precision, so
 * the column takes the ledger's usual decimal(18,2); a value with more places is held with a reason
 * (never rounded), and the analyst can widen the type.
 */
export function columnTypeForField(type: string): string {
  switch (type) {
    case 'string':
    case 'integer':
    case 'boolean':
    case 'date':
    case 'timestamp':
      return type;
    case 'decimal':
      return 'decimal(18,2)';
    default:
      return 'string';
  }
}
