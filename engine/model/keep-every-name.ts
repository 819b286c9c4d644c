/**
 * zod's records skip an own "__proto__" key without a word (assigning it to the plain object zod
 * builds would switch that object's prototype), so a stream, connection, lookup table, column or
 * field of that name would vanish from a parsed pipeline, and from the file at the next save.
 *
 * `parseKeepingEveryName` parses as zod does, then walks the schema beside the input and puts such
 * entries back, each checked by its record's own key and value schemas (their problems are reported
 * like any other). Every record comes out as an object without a prototype, in the order the file
 * wrote it, so looking up a name such as "toString" or "constructor" finds only what the file defines.
 */
import { z } from 'zod';
import { nameRecord, setOwnEntry } from './own-names.ts';

type Issue = z.core.$ZodIssue;

export type KeptParse<T> =
  { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly Issue[] };

const HIDDEN_BY_ZOD = '__proto__';

export function parseKeepingEveryName<T>(schema: z.ZodType<T>, input: unknown): KeptParse<T> {
  const parsed = schema.safeParse(input);
  const issues: Issue[] = parsed.success ? [] : [...parsed.error.issues];
  const data = restore(schema, input, parsed.success ? parsed.data : undefined, [], issues);
  return issues.length === 0 ? { success: true, data: data as T } : { success: false, issues };
}

/**
 * `output` is what zod made of `input` (undefined where it made nothing, when only problems are
 * collected); returns it with its records rebuilt. Records sit in objects, optionals and lists in the
 * pipeline schema; a union is not entered (none of the pipeline's unions holds a record).
 */
function restore(
  schema: z.ZodType,
  input: unknown,
  output: unknown,
  path: readonly PropertyKey[],
  issues: Issue[],
): unknown {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return restore(schema.unwrap() as z.ZodType, input, output, path, issues);
  if (schema instanceof z.ZodArray) {
    if (!Array.isArray(input)) return output;
    const items = Array.isArray(output) ? output : undefined;
    input.forEach((item, index) => {
      const next = restore(schema.element as z.ZodType, item, items?.[index], [...path, index], issues);
      if (items) items[index] = next;
    });
    return output;
  }
  if (!isPlainObject(input)) return output;
  if (schema instanceof z.ZodRecord) return restoreRecord(schema, input, output, path, issues);
  if (schema instanceof z.ZodObject) {
    const fields = isPlainObject(output) ? output : undefined;
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (!Object.hasOwn(input, key)) continue;
      const next = restore(field, input[key], fields?.[key], [...path, key], issues);
      if (fields && Object.hasOwn(fields, key)) fields[key] = next;
    }
    return output;
  }
  return output;
}

function restoreRecord(
  schema: z.ZodRecord,
  input: Record<string, unknown>,
  output: unknown,
  path: readonly PropertyKey[],
  issues: Issue[],
): Record<string, unknown> | undefined {
  const parsed = isPlainObject(output) ? output : undefined;
  const kept = nameRecord<unknown>();
  for (const key of Object.keys(input)) {
    const at = [...path, key];
    const valueSchema = schema.valueType as z.ZodType;
    if (key !== HIDDEN_BY_ZOD) {
      if (!parsed || !Object.hasOwn(parsed, key)) {
        restore(valueSchema, input[key], undefined, at, issues);
        continue;
      }
      setOwnEntry(kept, key, restore(valueSchema, input[key], parsed[key], at, issues));
      continue;
    }
    const name = (schema.keyType as z.ZodType).safeParse(key);
    if (!name.success) {
      issues.push({
        code: 'invalid_key',
        origin: 'record',
        issues: name.error.issues,
        input: key,
        path: at,
        message: 'Invalid key in record',
      } as Issue);
    }
    const value = valueSchema.safeParse(input[key]);
    if (!value.success) issues.push(...value.error.issues.map((issue) => ({ ...issue, path: [...at, ...issue.path] })));
    const next = restore(valueSchema, input[key], value.success ? value.data : undefined, at, issues);
    if (name.success && value.success) setOwnEntry(kept, key, next);
  }
  return parsed === undefined ? undefined : kept;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
