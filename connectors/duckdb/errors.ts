/**
 * Errors the DuckDB destination raises, each with a stable code: the runner decides by code (retry,
 * stop the stream), never by reading a message. DuckDB's own errors carry no code, only a message that
 * starts with its error class ("Constraint Error: ...", "TransactionContext Error: Conflict ..."), so
 * `fromDuckDbError` is the one place that reads those prefixes.
 */
import { MlcError } from '../../engine/model/errors.ts';

export type DuckDbErrorCode =
  /** A table or column name that cannot be written as a quoted SQL identifier safely. */
  | 'DUCKDB_UNSAFE_NAME'
  /** The target itself is inconsistent (merge without a key, a key that is not a column, a column twice). */
  | 'DUCKDB_INVALID_TARGET'
  /** Narrowing a column or dropping one without `allowDestructiveChanges`. */
  | 'DUCKDB_DESTRUCTIVE_CHANGE'
  /** DuckDB refused a schema change (e.g. a narrowing the data does not fit); nothing was changed. */
  | 'DUCKDB_SCHEMA_CHANGE_FAILED'
  /** DuckDB refused the batch (a constraint the analyst added, a full disk...); the batch was rolled back. */
  | 'DUCKDB_WRITE_FAILED'
  /** Another connection changed the same rows first; retrying the batch is safe. */
  | 'WRITE_CONFLICT'
  /** The warehouse file could not be opened (held by another program, not a DuckDB file...). */
  | 'DUCKDB_OPEN_FAILED'
  /** Used after close(). */
  | 'DUCKDB_CLOSED';

export class DuckDbDestinationError extends MlcError {
  override readonly name = 'DuckDbDestinationError';
  declare readonly code: DuckDbErrorCode;

  constructor(
    code: DuckDbErrorCode,
    message: string,
    options: { readonly cause?: unknown; readonly help?: string } = {},
  ) {
    super(code, message, { ...options, transient: code === 'WRITE_CONFLICT' });
  }
}

/** Wraps an error DuckDB threw while doing `action` ("writing batch b-7 to gl_lines"). */
export function fromDuckDbError(error: unknown, action: string, fallback: DuckDbErrorCode): DuckDbDestinationError {
  if (error instanceof DuckDbDestinationError) return error;
  const vendorMessage = error instanceof Error ? error.message : String(error);
  // "TransactionContext Error: Conflict on update!" / "... Conflict on tuple deletion!"
  // https://duckdb.org/docs/stable/connect/concurrency#concurrency-within-a-single-process
  const code: DuckDbErrorCode = /^TransactionContext Error: .*conflict/i.test(vendorMessage)
    ? 'WRITE_CONFLICT'
    : fallback;
  return new DuckDbDestinationError(code, `${action} failed: ${vendorMessage}`, { cause: error });
}
