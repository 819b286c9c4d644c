/**
 * What a stream's formulas are checked against in the editor: the source fields with their types
 * (what the source says, with the types the stream declares taking precedence, as a run does) and
 * the pipeline's lookup tables. Pure, so the editor and its tests build the same scope.
 */
import { T, type CheckScope, type LookupInfo, type MappingType } from '../../../../engine/mapping/index.ts';
import { ownEntry, setOwnEntry, type Pipeline } from '../../../../engine/model/index.ts';
import type { EntityInfo, FieldInfo } from '../../../api/wire.ts';

function fieldType(field: FieldInfo): MappingType {
  const scalar: MappingType = field.fields ? { kind: 'record', fields: fieldTypes(field.fields) } : T[field.type];
  return field.isList ? T.list(scalar) : scalar;
}

function fieldTypes(fields: readonly FieldInfo[]): Record<string, MappingType> {
  return Object.fromEntries(fields.map((field) => [field.name, fieldType(field)]));
}

/** `discovered`: the stream's entity as the source describes it, when it could be asked. */
export function formulaScope(pipeline: Pipeline, stream: string, discovered?: EntityInfo): CheckScope {
  const definition = ownEntry(pipeline.streams, stream);
  const schema = discovered ? fieldTypes(discovered.fields) : {};
  for (const [name, type] of Object.entries(definition?.source.fields ?? {})) setOwnEntry(schema, name, T[type]);
  const lookups = new Map<string, LookupInfo>();
  for (const [name, table] of Object.entries(pipeline.lookups ?? {})) {
    lookups.set(name, {
      keyType: T[table.keyType ?? 'string'],
      valueType: T[table.valueType ?? 'string'],
      effectiveDated: table.effectiveDated === true,
    });
  }
  return { schema, lookups, entityLabel: discovered?.label ?? definition?.source.entity ?? stream };
}
