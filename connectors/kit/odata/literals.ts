/**
 * `$filter` literals, which differ by OData version: v2 wraps dates, guids and decimals in typed
 * prefixes/suffixes (datetime'…', guid'…', 12.5M), v4 writes them bare. Strings double their quotes in both.
 * https://www.odata.org/documentation/odata-version-2-0/overview/ (6. Primitive Data Types)
 * https://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html#sec_PrimitiveLiterals
 */
import { KitError } from '../errors.ts';

export type ODataVersion = 'v2' | 'v4';

export type ODataLiteral =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number | bigint }
  | { readonly type: 'decimal'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'guid'; readonly value: string }
  /** A local date-time without zone (v2 Edm.DateTime), e.g. 2024-03-01T00:00:00. */
  | { readonly type: 'datetime'; readonly value: string }
  /** An instant with offset (Edm.DateTimeOffset), e.g. 2024-03-01T00:00:00Z. */
  | { readonly type: 'datetimeoffset'; readonly value: string }
  | { readonly type: 'date'; readonly value: string };

function check(ok: boolean, what: string, value: string): void {
  if (!ok) throw new KitError('CONFIG_INVALID', `not a valid OData ${what} literal: ${value}`);
}

export function odataLiteral(literal: ODataLiteral, version: ODataVersion): string {
  switch (literal.type) {
    case 'string':
      return `'${literal.value.replace(/'/g, "''")}'`;
    case 'int':
      check(Number.isInteger(Number(literal.value)), 'integer', String(literal.value));
      return String(literal.value);
    case 'decimal':
      check(/^-?\d+(\.\d+)?$/.test(literal.value), 'decimal', literal.value);
      return version === 'v2' ? `${literal.value}M` : literal.value;
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'guid':
      check(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(literal.value),
        'guid',
        literal.value,
      );
      return version === 'v2' ? `guid'${literal.value}'` : literal.value;
    case 'datetime':
      check(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(literal.value), 'datetime', literal.value);
      // v4 has no zone-less date-time type; a v4 service compares against DateTimeOffset, so send UTC.
      return version === 'v2' ? `datetime'${literal.value}'` : `${literal.value}Z`;
    case 'datetimeoffset':
      check(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(literal.value),
        'datetimeoffset',
        literal.value,
      );
      return version === 'v2' ? `datetimeoffset'${literal.value}'` : literal.value;
    case 'date':
      check(/^\d{4}-\d{2}-\d{2}$/.test(literal.value), 'date', literal.value);
      return version === 'v2' ? `datetime'${literal.value}T00:00:00'` : literal.value;
  }
}
