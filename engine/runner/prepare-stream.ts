/**
 * Compiles a stream's mappings against what the source says its records look like, so type errors
 * are found before any row runs, and reports them with the path of the column and the position in
 * the formula.
 */
import { compileMapping, type CompiledMapping } from '../mapping/index.ts';
import type { LookupTable } from '../mapping/functions/spec.ts';
import { T, type MappingType } from '../mapping/types.ts';
import type { EntitySchema, FieldSchema, Problem, StreamDefinition } from '../model/index.ts';
import { formatPath, setOwnEntry } from '../model/index.ts';
import { targetTableOf } from './target-table.ts';

function fieldType(field: FieldSchema): MappingType {
  const scalar: MappingType = field.fields ? { kind: 'record', fields: schemaTypes(field.fields) } : T[field.type];
  return field.isList ? T.list(scalar) : scalar;
}

function schemaTypes(fields: readonly FieldSchema[]): Record<string, MappingType> {
  return Object.fromEntries(fields.map((field) => [field.name, fieldType(field)]));
}

/** Field types of the source entity, with the stream's declared types taking precedence. */
export function sourceTypes(entity: EntitySchema | undefined, stream: StreamDefinition): Record<string, MappingType> {
  const types = entity ? schemaTypes(entity.fields) : {};
  for (const [name, type] of Object.entries(stream.source.fields ?? {})) setOwnEntry(types, name, T[type]);
  return types;
}

export type PreparedMapping =
  { readonly ok: true; readonly mapping: CompiledMapping } | { readonly ok: false; readonly problems: Problem[] };

export function prepareMapping(
  streamName: string,
  stream: StreamDefinition,
  entity: EntitySchema | undefined,
  lookups: ReadonlyMap<string, LookupTable>,
): PreparedMapping {
  const target = targetTableOf(stream);
  const compiled = compileMapping(
    {
      columns: target.columns.map((column) => ({
        column: column.name,
        type: column.type,
        expression: stream.mappings[column.name]!.expression,
        required: column.required,
      })),
    },
    { schema: sourceTypes(entity, stream), lookups, entityLabel: entity?.label ?? stream.source.entity },
  );
  if (compiled.ok) return { ok: true, mapping: compiled.mapping };
  return {
    ok: false,
    problems: compiled.diagnostics.map((d) => ({
      path: formatPath(['streams', streamName, 'mappings', d.column, 'expression']),
      message: d.message,
      severity: d.severity,
      code: d.code,
      line: d.start.line,
      column: d.start.column,
      range: d.range,
    })),
  };
}
