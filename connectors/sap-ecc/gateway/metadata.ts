/**
 * The service's `$metadata` (EDMX, OData v2 CSDL), read for one entity set: does the set exist, and which
 * properties (with their Edm types) its entity type has. The stream's fields are matched to properties
 * before the first row is read, so a missing property is a setting to fix, not a column of silent nulls.
 */
import { parseXml, type XmlElement } from '../../kit/soap/xml.ts';

export interface EntitySetShape {
  readonly entitySet: string;
  readonly entityType: string;
  readonly properties: ReadonlyMap<string, string>;
}

function* descendants(element: XmlElement): Generator<XmlElement> {
  for (const child of element.children) {
    yield child;
    yield* descendants(child);
  }
}

/** The entity set's type and properties, or undefined when the service has no such set. */
export function readEntitySetShape(edmx: string, entitySet: string): EntitySetShape | undefined {
  const all = [...descendants(parseXml(edmx))];
  const set = all.find((element) => element.name === 'EntitySet' && element.attributes.Name === entitySet);
  if (set === undefined) return undefined;
  const qualified = set.attributes.EntityType ?? '';
  const typeName = qualified.slice(qualified.lastIndexOf('.') + 1);
  const type = all.find((element) => element.name === 'EntityType' && element.attributes.Name === typeName);
  const properties = new Map<string, string>();
  for (const property of type?.children ?? [])
    if (property.name === 'Property' && property.attributes.Name !== undefined)
      properties.set(property.attributes.Name, property.attributes.Type ?? 'Edm.String');
  return { entitySet, entityType: qualified, properties };
}

/** The entity sets a `$metadata` names (for an error that lists what the service does offer). */
export function entitySetNames(edmx: string): string[] {
  return [...descendants(parseXml(edmx))]
    .filter((element) => element.name === 'EntitySet')
    .map((element) => element.attributes.Name ?? '')
    .filter((name) => name !== '');
}

export type FieldMatch =
  | { readonly ok: true; readonly properties: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly unmatched: readonly string[] };

/**
 * Stream field -> property: the configured name, else the one property whose name equals the field's
 * ignoring case (LIFNR <-> Lifnr). Fields that match none (or a mapped name the set lacks) are listed.
 */
export function matchFields(
  fields: readonly string[],
  shape: EntitySetShape,
  fieldMap: Readonly<Record<string, string>> = {},
): FieldMatch {
  const byLowerCase = new Map<string, string[]>();
  for (const property of shape.properties.keys()) {
    const key = property.toLowerCase();
    byLowerCase.set(key, [...(byLowerCase.get(key) ?? []), property]);
  }
  const properties = new Map<string, string>();
  const unmatched: string[] = [];
  for (const field of fields) {
    const mapped = fieldMap[field];
    const candidates = mapped !== undefined ? [mapped] : (byLowerCase.get(field.toLowerCase()) ?? []);
    const property = candidates.length === 1 ? candidates[0] : undefined;
    if (property !== undefined && shape.properties.has(property)) properties.set(field, property);
    else unmatched.push(mapped === undefined ? field : `${field} (mapped to ${mapped})`);
  }
  return unmatched.length === 0 ? { ok: true, properties } : { ok: false, unmatched };
}
