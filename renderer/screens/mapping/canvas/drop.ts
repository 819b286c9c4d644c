/**
 * What dropping a source field on a column means. A column waiting for a field takes it at once; a
 * column with a formula asks first (replace, or keep), since the formula may be someone's work.
 */
import type { MappingDefinition } from '../../../../engine/model/index.ts';
import { fieldReference, isUnmapped } from '../../../commands/mappings.ts';

export type DropOutcome =
  | { readonly kind: 'map'; readonly column: string; readonly field: string }
  | { readonly kind: 'ask'; readonly column: string; readonly field: string; readonly current: string }
  | { readonly kind: 'nothing'; readonly why: string };

export function dropFieldOnColumn(
  mappings: Readonly<Record<string, MappingDefinition>>,
  column: string,
  field: string,
): DropOutcome {
  const current = mappings[column];
  if (!current) return { kind: 'nothing', why: `There is no column named ${column}.` };
  if (isUnmapped(current.expression)) return { kind: 'map', column, field };
  if (current.expression.trim() === fieldReference(field))
    return { kind: 'nothing', why: `${column} already reads ${field}.` };
  return { kind: 'ask', column, field, current: current.expression };
}
