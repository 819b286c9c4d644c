/**
 * Edits to a stream's column mappings (target column <- formula). Pure: each returns a new pipeline,
 * or the same object when nothing changes (so `apply` records no empty undo step). Column order is
 * the order written in the file, kept as the analyst arranged it.
 */
import type { MappingDefinition, Pipeline, StreamDefinition } from '../../engine/model/index.ts';

type Mappings = StreamDefinition['mappings'];

function withMappings(pipeline: Pipeline, stream: string, change: (mappings: Mappings) => Mappings): Pipeline {
  const definition = pipeline.streams[stream];
  if (!definition) return pipeline;
  const mappings = change(definition.mappings);
  if (mappings === definition.mappings) return pipeline;
  return { ...pipeline, streams: { ...pipeline.streams, [stream]: { ...definition, mappings } } };
}

/** Sets (or adds, at the end) a column's formula; the type stays, or is given for a new column. */
export function setExpression(stream: string, column: string, expression: string, typeForNew = 'string'): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      const current = mappings[column];
      if (current?.expression === expression) return mappings;
      return { ...mappings, [column]: current ? { ...current, expression } : { type: typeForNew, expression } };
    });
}

/** Adds or replaces whole column definitions (paste, auto-map), keeping existing order for existing names. */
export function putColumns(stream: string, columns: Readonly<Record<string, MappingDefinition>>): (p: Pipeline) => Pipeline {
  return (pipeline) => withMappings(pipeline, stream, (mappings) => (Object.keys(columns).length === 0 ? mappings : { ...mappings, ...columns }));
}

export function removeColumns(stream: string, columns: readonly string[]): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      const drop = new Set(columns.filter((column) => column in mappings));
      if (drop.size === 0) return mappings;
      return Object.fromEntries(Object.entries(mappings).filter(([name]) => !drop.has(name)));
    });
}

export function updateColumn(stream: string, column: string, change: Partial<MappingDefinition>): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      const current = mappings[column];
      if (!current) return mappings;
      const next = { ...current, ...change };
      return JSON.stringify(next) === JSON.stringify(current) ? mappings : { ...mappings, [column]: next };
    });
}

/** Renames a column in place (its position kept); refuses to overwrite another column. */
export function renameColumn(stream: string, from: string, to: string): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withMappings(pipeline, stream, (mappings) => {
      if (from === to || !(from in mappings) || to in mappings) return mappings;
      return Object.fromEntries(Object.entries(mappings).map(([name, definition]) => [name === from ? to : name, definition]));
    });
}
