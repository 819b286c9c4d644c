/**
 * The mapping language's type core. Every expression has one of these types, checked against the
 * source schema before any row runs.
 *
 * Runtime representation of each type (see engine/model/values):
 *   string    -> JS string
 *   integer   -> JS number, always a safe integer (never a fraction)
 *   decimal   -> Decimal (exact; amounts never pass through binary floating point)
 *   boolean   -> JS boolean
 *   date      -> PlainDate (a calendar date, no time, no zone: a posting date)
 *   timestamp -> Timestamp (an instant that carries its UTC offset)
 *   list      -> readonly array of the element type (e.g. SPLIT's result, array fields)
 *   null      -> the type of the literal NULL; assignable to every type
 *   any       -> a field whose type the schema does not know; checked at run time
 */
export type ScalarTypeName = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';

export type MappingType =
  | { readonly kind: ScalarTypeName }
  | { readonly kind: 'list'; readonly element: MappingType }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, MappingType>> }
  | { readonly kind: 'null' }
  | { readonly kind: 'any' };

export const T = {
  string: { kind: 'string' },
  integer: { kind: 'integer' },
  decimal: { kind: 'decimal' },
  boolean: { kind: 'boolean' },
  date: { kind: 'date' },
  timestamp: { kind: 'timestamp' },
  null: { kind: 'null' },
  any: { kind: 'any' },
  list: (element: MappingType): MappingType => ({ kind: 'list', element }),
} as const satisfies Record<string, MappingType | ((e: MappingType) => MappingType)>;
