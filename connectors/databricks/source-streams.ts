/**
 * What a Databricks source stream reads, from the pipeline's `source` block: a table
 * (`options.table`, catalog.schema.table) or a query (`options.query`, one SELECT), with the stream's key
 * and cursor. The tables are the customer's own, so no entity is fixed: the stream's `entity` is its name.
 * Columns and their types come from the warehouse (`DESCRIBE QUERY`), in Spark's type names.
 */
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import { MlcError } from '../../engine/model/errors.ts';
import { quote } from './sql-encoding.ts';

export interface DatabricksStreamDefinition {
  /** The pipeline's `source.entity`: the stream's name. */
  readonly entity: string;
  readonly table?: string;
  readonly query?: string;
  readonly key: readonly string[];
  readonly cursor?: string;
}

/** A stream definition the source cannot read (a query that is not a SELECT, a table name in the wrong form). */
export class DatabricksSourceError extends MlcError {
  override readonly name = 'DatabricksSourceError';
}

export function invalidStream(message: string): DatabricksSourceError {
  return new DatabricksSourceError('CONFIG_INVALID', message, { transient: false });
}

/** Statements that change something: a query stream names none of them outside strings and comments. */
const WRITING_WORDS =
  /\b(INSERT|UPDATE|DELETE|MERGE|DROP|CREATE|ALTER|TRUNCATE|COPY|PUT|REMOVE|GRANT|REVOKE|OPTIMIZE|VACUUM|REFRESH|MSCK|CALL|SET|USE|CACHE|UNCACHE|RESTORE)\b/i;

/**
 * The SELECT a stream reads from, checked. A query is run only as a subquery (`FROM (<query>) AS src`),
 * where the warehouse itself refuses anything but a query; this check says so earlier and in plain words.
 */
export function baseQuery(stream: DatabricksStreamDefinition): string {
  if ((stream.table === undefined) === (stream.query === undefined))
    throw invalidStream(
      `Databricks stream "${stream.entity}": name either options.table (catalog.schema.table) or options.query (a SELECT), exactly one of them`,
    );
  if (stream.table !== undefined) {
    const parts = stream.table.split('.');
    if (parts.length !== 3 || parts.some((part) => part.trim() === ''))
      throw invalidStream(
        `Databricks stream "${stream.entity}": options.table must be catalog.schema.table, not "${stream.table}"`,
      );
    return `SELECT * FROM ${parts.map((part) => quote(part.trim())).join('.')}`;
  }
  const text = (stream.query ?? '').trim().replace(/;\s*$/, '');
  const bare = withoutStringsAndComments(text);
  const first = /^\s*\(*\s*(\w+)/.exec(bare)?.[1]?.toUpperCase();
  const writing = WRITING_WORDS.exec(bare)?.[1];
  if ((first !== 'SELECT' && first !== 'WITH') || writing !== undefined || bare.includes(';'))
    throw invalidStream(
      `Databricks stream "${stream.entity}": options.query must be one SELECT (or WITH … SELECT) that only reads; ` +
        (first !== 'SELECT' && first !== 'WITH'
          ? `it starts with ${first ?? 'nothing'}`
          : writing !== undefined
            ? `it contains ${writing.toUpperCase()}, which changes data or settings`
            : 'it holds more than one statement') +
        '. ml-connector never runs a statement that writes to a source.',
    );
  return text;
}

/** The text with string literals, quoted names and comments blanked, so words inside them do not count. */
function withoutStringsAndComments(text: string): string {
  return text.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:``|[^`])*`|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

/** A column as `DESCRIBE QUERY` gives it: name and Spark type, e.g. decimal(38,6), timestamp. */
export interface SourceColumn {
  readonly name: string;
  readonly sparkType: string;
}

/** The engine's field type for a Spark type; complex and binary values are read as their text. */
export function fieldType(sparkType: string): FieldTypeName {
  const type = sparkType.trim().toLowerCase();
  if (/^(decimal|numeric|dec)\b/.test(type) || type === 'double' || type === 'float') return 'decimal';
  if (/^(bigint|int|integer|smallint|tinyint|long|short|byte)$/.test(type)) return 'integer';
  if (type === 'boolean') return 'boolean';
  if (type === 'date') return 'date';
  if (type === 'timestamp' || type === 'timestamp_ltz' || type === 'timestamp_ntz') return 'timestamp';
  return 'string';
}

/**
 * How a column is selected so its value reaches this process exactly: the driver turns DECIMAL into a
 * float and BIGINT past 2^53 into Infinity (README "Reading"), so every value travels as text; a TIMESTAMP
 * as its microseconds since the epoch, which does not depend on the session's time zone.
 */
export function selectExpression(column: SourceColumn, from = 'src'): string {
  const value = `${from}.${quote(column.name)}`;
  const type = column.sparkType.trim().toLowerCase();
  if (type === 'timestamp' || type === 'timestamp_ltz')
    return `CAST(unix_micros(${value}) AS STRING) AS ${quote(column.name)}`;
  return `CAST(${value} AS STRING) AS ${quote(column.name)}`;
}

/** The Spark type a parameter is cast to before it is compared with a column (parameters travel as STRING). */
export function parameterCast(column: SourceColumn): string {
  const type = column.sparkType.trim().toLowerCase();
  return type === 'timestamp_ltz' ? 'TIMESTAMP' : type.toUpperCase();
}
