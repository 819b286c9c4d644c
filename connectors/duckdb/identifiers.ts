/**
 * Table and column names as SQL identifiers. Every name is written double-quoted (so reserved words,
 * spaces and mixed case work), and a name that could not be quoted without surprises is refused with
 * a message instead: control characters, double quotes, dots inside a part, or an empty part.
 * DuckDB matches quoted identifiers case-insensitively while keeping their case, so two names that
 * differ only in case are the same column: https://duckdb.org/docs/stable/sql/dialect/keywords_and_identifiers
 */
import { DuckDbDestinationError } from './errors.ts';

/** Lineage and staging names start with this; target columns may not. */
export const RESERVED_PREFIX = '_mlc_';
/** The table where each stream's checkpoint is kept (checkpoints.ts): not a target's name. */
export const STATE_TABLE = '_ml_connector_state';

const MAX_IDENTIFIER_LENGTH = 120;
// Control characters (C0, DEL, C1) and the double quote: the characters that make a quoted name unsafe to show or to quote.
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f"]/;

export interface TableName {
  /** Schema as written, or undefined for the default schema (main). */
  readonly schema: string | undefined;
  readonly table: string;
  /** `"schema"."table"` or `"table"`, ready for SQL. */
  readonly sql: string;
  /** As the user wrote it, for messages. */
  readonly display: string;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal for SQL text (only for names we checked; values always go through parameters or the appender). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `table` or `schema.table`. */
export function parseTableName(text: string): TableName {
  const parts = text.split('.');
  if (parts.length > 2) {
    throw unsafe(
      `table name "${text}" has more than one dot; write "table" or "schema.table" (a dot inside a name is not supported)`,
    );
  }
  for (const part of parts) checkIdentifier(part, `table name "${text}"`);
  const [first, second] = parts as [string, string | undefined];
  const schema = second === undefined ? undefined : first;
  const table = second ?? first;
  return {
    schema,
    table,
    sql: schema === undefined ? quoteIdentifier(table) : `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`,
    display: text,
  };
}

export function checkColumnName(name: string, table: string): void {
  checkIdentifier(name, `column "${name}" of ${table}`);
  if (name.toLowerCase().startsWith(RESERVED_PREFIX)) {
    throw unsafe(
      `column "${name}" of ${table}: names starting with ${RESERVED_PREFIX} are reserved for lineage columns; rename the target column`,
    );
  }
}

/** DuckDB's rule for "the same name". */
export function sameIdentifier(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function checkIdentifier(part: string, where: string): void {
  if (part.length === 0) throw unsafe(`${where}: a name part is empty`);
  if (part.length > MAX_IDENTIFIER_LENGTH)
    throw unsafe(`${where}: a name part is longer than ${MAX_IDENTIFIER_LENGTH} characters`);
  if (part.trim() !== part) throw unsafe(`${where}: a name part starts or ends with a space`);
  if (UNSAFE_CHARACTER.test(part)) throw unsafe(`${where}: names may not contain double quotes or control characters`);
}

function unsafe(message: string): DuckDbDestinationError {
  return new DuckDbDestinationError('DUCKDB_UNSAFE_NAME', message);
}
