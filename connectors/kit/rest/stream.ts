/**
 * A REST stream as declaration: its entity, key, cursor and fields, each field with its column type and
 * the conversion that reads it (`values.ts`). The schema the engine discovers and the typed page a read
 * yields both come from the one list, so a field cannot be offered and then read another way.
 */
import type { DataRow, EntitySchema, FieldSchema, RecordProblem, SourcePage } from '../../../engine/model/io.ts';
import type { FieldTypeName } from '../../../engine/model/column-type.ts';
import type { Value } from '../../../engine/model/values/index.ts';
import type { Conversion, Json } from './values.ts';

/** Name, column type (`list`: a list of text), conversion, and a description shown in the studio. */
export type FieldSpec = readonly [
  name: string,
  type: FieldTypeName | 'list',
  convert: Conversion,
  description?: string,
];

export interface DeclaredStream {
  readonly schema: EntitySchema;
  readonly conversions: Readonly<Record<string, Conversion>>;
}

export function declareStream(
  entity: string,
  label: string,
  key: readonly string[],
  cursorField: string,
  fields: readonly FieldSpec[],
): DeclaredStream {
  const schemaFields: FieldSchema[] = fields.map(([name, type, , description]) => ({
    name,
    type: type === 'list' ? 'string' : type,
    ...(type === 'list' ? { isList: true } : {}),
    ...(description === undefined ? {} : { description }),
  }));
  return {
    schema: { entity, label, key, cursorField, fields: schemaFields },
    conversions: Object.fromEntries(fields.map(([name, , convert]) => [name, convert])),
  };
}

/**
 * Raw records -> a page of typed rows. A value that cannot be read becomes null in its row and a problem
 * naming the record (`describe`, e.g. "Financial/GLAccounts AccountNumber 000-1100-00") and the field.
 */
export function recordsToPage(
  stream: DeclaredStream,
  records: readonly Json[],
  describe: (record: Json) => string,
): SourcePage {
  const rows: DataRow[] = [];
  const problems: RecordProblem[] = [];
  for (const record of records) {
    const row: Record<string, Value> = {};
    for (const field of stream.schema.fields) {
      const convert = stream.conversions[field.name];
      const result = convert === undefined ? { value: null } : convert(record[field.name], record);
      if ('value' in result) row[field.name] = result.value;
      else {
        row[field.name] = null;
        problems.push({
          recordIndex: rows.length,
          field: field.name,
          message: `${describe(record)}, field ${field.name}: ${result.problem}`,
        });
      }
    }
    rows.push(row);
  }
  return problems.length === 0 ? { records: rows } : { records: rows, problems };
}

/** The value a conversion reads from a record, or null where it cannot (for sources that compute from raw rows). */
export function valueOf(record: Json, field: string, convert: Conversion): Value {
  const result = convert(record[field], record);
  return 'value' in result ? result.value : null;
}
