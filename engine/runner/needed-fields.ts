/**
 * The source fields a stream needs: what its mappings read (by the mapping language's own reading of
 * each formula), its key, its cursor and the fields its control totals add up. Sources that fetch
 * fields on request (BambooHR's follow-up fetch) ask for these and no more.
 */
import { fieldsRead } from '../mapping/index.ts';
import type { StreamDefinition } from '../model/index.ts';

export function neededFields(stream: StreamDefinition): string[] {
  const fields = new Set<string>(stream.source.key);
  if (stream.source.cursor !== undefined) fields.add(stream.source.cursor);
  for (const mapping of Object.values(stream.mappings))
    for (const use of fieldsRead(mapping.expression).fields) fields.add(use.root);
  for (const name of Object.values(stream.controlTotals?.source ?? {})) if (typeof name === 'string') fields.add(name);
  return [...fields];
}
