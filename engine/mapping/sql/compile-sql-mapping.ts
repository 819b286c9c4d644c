/**
 * A whole mapping as one DuckDB SELECT: one column per target column, a `hold_reasons` list of
 * {column, code, message} (every column's reason, in column order, as evaluate.ts gives them), and
 * `needs_js`, true for a row the JS back end must compute instead. A target row is one with no
 * reason and no need for JS; every other row is held with its reasons or handed to the JS back end,
 * never dropped. If any column has no faithful SQL form the verdict says which and why, and the
 * stream runs on the JS back end.
 *
 * The source (a query) is read `FROM (<source>) AS source_row`; a lookup becomes a LEFT JOIN beside it later.
 */
import { checkTarget } from '../checker.ts';
import { check } from '../checker.ts';
import type { MappingColumnSpec } from '../mapping.ts';
import { parse } from '../parser.ts';
import type { MappingType } from '../types.ts';
import { compileSql } from './compile-sql.ts';
import { holdStruct, isPrintableAscii, quoteIdentifier, quoteText } from './sql-text.ts';

export type SqlMappingVerdict =
  { readonly sql: string } | { readonly jsOnly: { readonly column: string; readonly reason: string } };

/** The SELECT's own columns besides the target columns. */
export const HOLD_REASONS_COLUMN = 'hold_reasons';
export const NEEDS_JS_COLUMN = 'needs_js';

export function compileSqlMapping(
  columns: readonly MappingColumnSpec[],
  schema: Readonly<Record<string, MappingType>>,
  sourceSql: string,
  /** Source columns carried through beside the target columns (a key, for held rows and replay). */
  carried: readonly string[] = [],
): SqlMappingVerdict {
  const selected: string[] = carried.map((name) => `source_row.${quoteIdentifier(name)}`);
  const reasons: string[] = [];
  const needsJs: string[] = [];
  for (const spec of columns) {
    const { ast, problems } = parse(spec.expression);
    const checked = check(ast, { schema, lookups: new Map() });
    const misfit = checkTarget(checked.type, spec.column, spec.type, ast.range);
    if (problems.length > 0 || misfit !== undefined)
      return { jsOnly: { column: spec.column, reason: 'the expression has errors' } };
    const verdict = compileSql(ast, checked);
    if ('jsOnly' in verdict) return { jsOnly: { column: spec.column, reason: verdict.jsOnly } };
    const finish = finisher(spec, verdict.sql.value);
    if ('jsOnly' in finish) return { jsOnly: { column: spec.column, reason: finish.jsOnly } };
    selected.push(`${verdict.sql.value} AS ${quoteIdentifier(spec.column)}`);
    const hold = `COALESCE(${verdict.sql.hold}, ${finish.hold})`;
    reasons.push(
      `CASE WHEN ${hold} IS NOT NULL THEN {'column': ${quoteText(spec.column)}, 'code': (${hold}).code, 'message': (${hold}).message} END`,
    );
    needsJs.push(verdict.sql.needsJs, finish.needsJs);
  }
  const holdReasons = `list_filter([${reasons.join(', ')}], reason -> reason IS NOT NULL)`;
  return {
    sql:
      `SELECT ${[...selected, `${holdReasons} AS ${HOLD_REASONS_COLUMN}`, `(${needsJs.join(' OR ')}) AS ${NEEDS_JS_COLUMN}`].join(', ')} ` +
      `FROM (${sourceSql}) AS source_row`,
  };
}

interface Finisher {
  readonly hold: string;
  readonly needsJs: string;
}

/** The destination column's per-row rules (column-output.ts): required values, blank required text. */
function finisher(spec: MappingColumnSpec, value: string): Finisher | { readonly jsOnly: string } {
  const { column, type, required } = spec;
  if (type.kind === 'decimal')
    return {
      jsOnly: `fitting a decimal into decimal(${type.precision},${type.scale}) per row is not compiled to SQL yet`,
    };
  if (type.kind === 'timestamp') return { jsOnly: 'timestamp columns are not compiled to SQL yet' };
  if (!required) return { hold: 'NULL', needsJs: 'FALSE' };
  const empty = holdStruct('REQUIRED_EMPTY', quoteText(`Required column "${column}" is empty.`));
  if (type.kind !== 'string') return { hold: `CASE WHEN ${value} IS NULL THEN ${empty} END`, needsJs: 'FALSE' };
  const emptyText = holdStruct(
    'REQUIRED_BLANK',
    quoteText(`Required column "${column}" is blank: the expression gave empty text.`),
  );
  const onlySpaces = holdStruct(
    'REQUIRED_BLANK',
    quoteText(`Required column "${column}" is blank: the expression gave only spaces (U+0020).`),
  );
  return {
    hold: `CASE WHEN ${value} IS NULL THEN ${empty} WHEN ${value} = '' THEN ${emptyText} WHEN regexp_full_match(${value}, ' +') THEN ${onlySpaces} END`,
    // Other Unicode spaces count as blank too (String.prototype.trim); such text is left to the JS back end.
    needsJs: `COALESCE(NOT ${isPrintableAscii(value)}, FALSE)`,
  };
}
