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

/**
 * The columns offered when a field is mapped by keyboard: those still waiting for a field first (the
 * likely choice), then the rest, each in the file's order. Picking one means the same as a drop.
 */
export function columnChoices(mappings: Readonly<Record<string, MappingDefinition>>): string[] {
  const names = Object.keys(mappings);
  const waiting = names.filter((name) => isUnmapped(mappings[name]!.expression));
  return [...waiting, ...names.filter((name) => !waiting.includes(name))];
}
