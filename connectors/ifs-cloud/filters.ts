/**
 * A stream's `source.filters` (field = value) as `$filter` clauses, each literal written by IFS's rules
 * (ifs-cloud.md §3) for the field's declared type: strings quoted (`'O''Brien'`), numbers bare, dates
 * unquoted (`2026-01-01`), booleans bare, `null`, and enum properties as
 * `IfsApp.<Projection>.<EnumType>'Value'` (the projection of the set read; a plain string on an enum is
 * IFS's 400). A field the stream does not declare, a field IFS does not serve (the ETag's ChangedAt), or
 * a value of another type is refused before any request, naming the stream, field and value.
 */
import { Decimal, PlainDate, type Value } from '../../engine/model/values/index.ts';
import { odataLiteral } from '../kit/odata/literals.ts';
import { SourceRequestError } from '../kit/rest/read-request.ts';
import { projectionOf } from './config.ts';
import type { IfsStream } from './streams.ts';

/** IFS enum values are identifiers (`Released`, `PostingAuthorized`); anything else cannot be one. */
const ENUM_VALUE = /^[A-Za-z][A-Za-z0-9_]*$/;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  integer: 'a whole number',
  decimal: 'a decimal number (digits, like 12.50)',
  date: 'a date (YYYY-MM-DD)',
  boolean: 'true or false',
};

function refusal(entity: string, field: string, value: Value, why: string): SourceRequestError {
  return new SourceRequestError(
    'UNSUPPORTED_FILTER',
    `IFS Cloud stream ${entity}: filter ${field} = ${JSON.stringify(String(value))} ${why}`,
  );
}

/** The literal for one filter value on `path`'s set (the path names the projection of an enum literal). */
function literal(stream: IfsStream, field: string, value: Value, path: string, entity: string): string {
  const declared = stream.schema.fields.find((candidate) => candidate.name === field);
  if (declared === undefined)
    throw refusal(entity, field, value, `names no field of the stream; filter on one of ${stream.select.join(', ')}`);
  if (!stream.select.includes(field))
    throw refusal(entity, field, value, 'names a field worked out by the connector, not one IFS can filter');
  if (value === null) return odataLiteral({ type: 'null' }, 'v4');
  const enumType = stream.enums[field];
  if (enumType !== undefined) {
    if (typeof value !== 'string' || !ENUM_VALUE.test(value))
      throw refusal(entity, field, value, `is not a value of the IFS enum ${enumType}`);
    return `IfsApp.${projectionOf(path)}.${enumType}'${value}'`;
  }
  switch (declared.type) {
    case 'string':
      if (typeof value === 'string') return odataLiteral({ type: 'string', value }, 'v4');
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return odataLiteral({ type: 'int', value }, 'v4');
      if (value instanceof Decimal && value.isInteger()) return value.toString();
      break;
    case 'decimal': {
      // Money is exact: a decimal is written by its digits (text or a decimal), a JSON number only when plain.
      const text =
        value instanceof Decimal
          ? value.toString()
          : typeof value === 'number' || typeof value === 'string'
            ? String(value)
            : '';
      if (DECIMAL_TEXT.test(text)) return odataLiteral({ type: 'decimal', value: text }, 'v4');
      break;
    }
    case 'date': {
      const date =
        value instanceof PlainDate ? value : typeof value === 'string' ? PlainDate.tryParse(value) : undefined;
      if (date !== undefined) return odataLiteral({ type: 'date', value: date.toString() }, 'v4');
      break;
    }
    case 'boolean':
      if (typeof value === 'boolean') return odataLiteral({ type: 'boolean', value }, 'v4');
      break;
    default:
      break;
  }
  throw refusal(entity, field, value, `is not ${EXPECTED[declared.type] ?? `a value IFS can filter ${field} by`}`);
}

/**
 * `Field eq literal` for each filter, in the order given, for the set at `path`; a refusal names `entity`,
 * the stream asked for (order lines' header filters are checked against the orders stream).
 */
export function filterClauses(
  stream: IfsStream,
  filters: Readonly<Record<string, Value>>,
  path: string,
  entity = stream.schema.entity,
): readonly string[] {
  return Object.entries(filters).map(([field, value]) => `${field} eq ${literal(stream, field, value, path, entity)}`);
}
