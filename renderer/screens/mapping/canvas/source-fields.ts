/**
 * The source fields the canvas lists: what the source itself reports (in its order), with the types
 * the pipeline declares taking precedence, then fields only the pipeline declares. Pure.
 */
import type { SourceField } from './graph-types.ts';

export interface DiscoveredField {
  readonly name: string;
  readonly type: string;
  readonly description?: string;
}

export function sourceFieldList(
  declared: Readonly<Record<string, string>> | undefined,
  discovered: readonly DiscoveredField[] | null,
): SourceField[] {
  const types = declared ?? {};
  const fields: SourceField[] = (discovered ?? []).map((field) => ({
    name: field.name,
    type: Object.hasOwn(types, field.name) ? types[field.name]! : field.type,
    ...(field.description ? { description: field.description } : {}),
  }));
  const seen = new Set(fields.map((field) => field.name));
  for (const [name, type] of Object.entries(types)) if (!seen.has(name)) fields.push({ name, type });
  return fields;
}
