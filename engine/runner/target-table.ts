/** The destination table a stream writes, derived from its target and mappings. */
import { parseColumnType, type StreamDefinition, type TargetTable } from '../model/index.ts';

export function targetTableOf(stream: StreamDefinition): TargetTable {
  return {
    table: stream.target.table,
    columns: Object.entries(stream.mappings).map(([name, mapping]) => {
      const parsed = parseColumnType(mapping.type);
      if (!parsed.ok) throw new Error(`column "${name}": ${parsed.message}`);
      return { name, type: parsed.type, required: mapping.required === true };
    }),
    writeMode: stream.target.writeMode,
    mergeKey: stream.target.mergeKey ?? [],
    allowDestructiveChanges: stream.target.allowDestructiveChanges === true,
    ...(stream.target.afterLoad ? { afterLoad: stream.target.afterLoad } : {}),
    ...(stream.target.holdTogether ? { holdTogether: stream.target.holdTogether } : {}),
    ...(stream.target.options ? { options: stream.target.options } : {}),
  };
}
