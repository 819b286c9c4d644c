/**
 * Errors as a Databricks SQL warehouse renders them: `[ERROR_CLASS] text SQLSTATE: xxxxx`
 * (databricks.md section 6), so the client's message parsing is exercised as against the real thing.
 * Analysis errors reach the driver as a TStatus ERROR_STATUS, runtime errors as an operation in
 * ERROR_STATE (section 9, "Two error channels").
 */
export type ErrorPhase = 'analysis' | 'runtime';

export class SimSqlError extends Error {
  constructor(
    readonly errorClass: string,
    readonly sqlState: string | undefined,
    text: string,
    readonly phase: ErrorPhase,
  ) {
    super(sqlState === undefined ? text : `[${errorClass}] ${text} SQLSTATE: ${sqlState}`);
  }
}

/**
 * A refusal a workspace words without the `[CLASS] … SQLSTATE` frame and with no SQLSTATE, e.g. a PUT where
 * presigned URLs are off: "PERMISSION_DENIED: Presigned URLs API is not enabled" (databricks-sql-go#176).
 */
export function plainError(errorCode: string, text: string, phase: ErrorPhase): SimSqlError {
  return new SimSqlError(errorCode, undefined, `${errorCode}: ${text}`, phase);
}

export function duplicateSourceRows(): SimSqlError {
  return new SimSqlError(
    'DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE',
    '21506',
    'Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways.',
    'runtime',
  );
}

export function concurrentAppend(): SimSqlError {
  return new SimSqlError(
    'DELTA_CONCURRENT_APPEND.WITHOUT_HINT',
    '2D521',
    'ConcurrentAppendException: Files were added to the root of the table by a concurrent update. Please try the operation again.',
    'runtime',
  );
}

export function tableNotFound(name: string): SimSqlError {
  return new SimSqlError(
    'TABLE_OR_VIEW_NOT_FOUND',
    '42P01',
    `The table or view \`${name}\` cannot be found.`,
    'analysis',
  );
}

/** A DuckDB error in Databricks' words; the DuckDB text stays in the message for debugging. */
export function fromDuckDb(error: unknown): SimSqlError {
  if (error instanceof SimSqlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // DuckDB prefixes parser errors of parameterised statements with "Failed to extract statements: ".
  const text = (message.split('\n')[0] ?? message).replace(/^Failed to extract statements: /, '');
  if (text.startsWith('Parser Error')) return new SimSqlError('PARSE_SYNTAX_ERROR', '42601', text, 'analysis');
  if (/^Catalog Error: (Table|Table Function|View) with name .* does not exist/.test(text)) {
    return new SimSqlError('TABLE_OR_VIEW_NOT_FOUND', '42P01', text, 'analysis');
  }
  if (/^Catalog Error: Schema with name .* does not exist/.test(text))
    return new SimSqlError('SCHEMA_NOT_FOUND', '42704', text, 'analysis');
  if (text.startsWith('Catalog Error')) return new SimSqlError('TABLE_OR_VIEW_NOT_FOUND', '42P01', text, 'analysis');
  if (/^Binder Error: .*(column|Referenced column)/i.test(text))
    return new SimSqlError('UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', '42703', text, 'analysis');
  if (text.startsWith('Binder Error')) return new SimSqlError('DATATYPE_MISMATCH', '42K09', text, 'analysis');
  if (/^Conversion Error: .*(out of range|exceeds|too large|Could not cast value)/i.test(text)) {
    return new SimSqlError('NUMERIC_VALUE_OUT_OF_RANGE', '22003', text, 'runtime');
  }
  if (text.startsWith('Conversion Error') || text.startsWith('Invalid Input Error'))
    return new SimSqlError('CAST_INVALID_INPUT', '22018', text, 'runtime');
  if (/^Constraint Error: NOT NULL/.test(text))
    return new SimSqlError('DELTA_NOT_NULL_CONSTRAINT_VIOLATED', '23502', text, 'runtime');
  if (/^TransactionContext Error: .*[Cc]onflict/.test(text)) return concurrentAppend();
  return new SimSqlError('INTERNAL_ERROR', 'XX000', text, 'runtime');
}
