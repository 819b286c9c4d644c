/**
 * How mapping types are written for people, and which implicit conversions exist. The only
 * implicit conversions are the lossless ones (LANGUAGE.md, "Implicit conversions"):
 *   - NULL fits every type;
 *   - an integer fits where a decimal is expected;
 *   - a field of unknown type ("any") is accepted and checked when the row runs;
 *   - a list fits a list whose items accept its items.
 * Everything else needs a function (TEXT, ROUND, DATE...).
 */
import type { ColumnType } from '../model/column-type.ts';
import type { MappingType } from './types.ts';

/** The type's name in the pipeline vocabulary: string, integer, decimal, ..., list<string>. */
export function formatType(type: MappingType): string {
  switch (type.kind) {
    case 'string':
    case 'integer':
    case 'decimal':
    case 'boolean':
    case 'date':
    case 'timestamp':
      return type.kind;
    case 'list':
      return `list<${formatType(type.element)}>`;
    case 'record':
      return 'record';
    case 'null':
      return 'NULL';
    case 'any':
      return 'any type';
  }
}

/** "a string", "an integer", "NULL": for messages. */
export function aType(type: MappingType): string {
  const name = formatType(type);
  if (type.kind === 'null' || type.kind === 'any') return name;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

export function sameType(a: MappingType, b: MappingType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'list' && b.kind === 'list') return sameType(a.element, b.element);
  if (a.kind === 'record' && b.kind === 'record') {
    const keys = Object.keys(a.fields);
    if (keys.length !== Object.keys(b.fields).length) return false;
    return keys.every((key) => {
      const left = a.fields[key];
      const right = b.fields[key];
      return left !== undefined && right !== undefined && sameType(left, right);
    });
  }
  return true;
}

/** True when a value of type `from` may be used where `to` is expected without losing anything. */
export function isAssignable(from: MappingType, to: MappingType): boolean {
  if (from.kind === 'null' || from.kind === 'any' || to.kind === 'any') return true;
  if (from.kind === 'integer' && to.kind === 'decimal') return true;
  if (from.kind === 'list' && to.kind === 'list') return isAssignable(from.element, to.element);
  return sameType(from, to);
}

/** The wider of two types both sides of an IF or a LOOKUP default may produce. */
export function widerType(a: MappingType, b: MappingType): MappingType | undefined {
  if (isAssignable(a, b) && a.kind !== 'any') return b.kind === 'null' ? a : b;
  if (isAssignable(b, a)) return a.kind === 'null' ? b : a;
  return undefined;
}

/** The mapping type a destination column holds. */
export function columnMappingType(column: ColumnType): MappingType {
  return { kind: column.kind };
}

// The "did you mean" helpers live in the model (its checks suggest names too); mapping's callers keep this door.
export { closestName, editDistance } from '../model/closest-name.ts';
