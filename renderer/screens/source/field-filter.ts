/**
 * The field browser's search: a field matches when its name, description or one of its sample values
 * contains the words typed (any case). A nested field that matches keeps its parents in view, so the
 * analyst sees where it sits; an entity whose label or name matches shows all its fields.
 */
import type { EntityInfo, FieldInfo, JsonValue } from '../../api/wire.ts';

/** A field as a row of the browser: its depth (for the indent) and its path from the entity. */
export interface FieldRow {
  readonly field: FieldInfo;
  readonly depth: number;
  readonly path: string;
}

/** A sample as shown: text as is (an empty one says so, rather than an empty box), anything else as JSON. */
export function sampleText(value: JsonValue): string {
  if (value === '') return '(empty)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fieldMatches(field: FieldInfo, needle: string): boolean {
  return (
    field.name.toLowerCase().includes(needle) ||
    (field.description ?? '').toLowerCase().includes(needle) ||
    field.samples.some((sample) => sampleText(sample).toLowerCase().includes(needle))
  );
}

function rowsOf(fields: readonly FieldInfo[], needle: string, depth: number, prefix: string): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const field of fields) {
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
    const children = rowsOf(field.fields ?? [], needle, depth + 1, path);
    if (needle === '' || fieldMatches(field, needle) || children.length > 0)
      rows.push({ field, depth, path }, ...children);
  }
  return rows;
}

/** Every field of the entity, flattened in order with nested ones under their parent, filtered by the search. */
export function visibleFields(entity: EntityInfo, search: string): FieldRow[] {
  const needle = search.trim().toLowerCase();
  const whole =
    needle !== '' && (entity.label.toLowerCase().includes(needle) || entity.entity.toLowerCase().includes(needle));
  return rowsOf(entity.fields, whole ? '' : needle, 0, '');
}
