/**
 * Errors the file source raises, each with a stable code so the runner decides by code, never by
 * parsing a message. A file problem always names the file as configured and, where it has one, the line.
 */
export type FileSourceErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_CONFIG_INVALID'
  | 'CSV_MALFORMED'
  | 'CSV_RAGGED_LINE'
  | 'CSV_HEADER_INVALID'
  | 'JSONL_MALFORMED'
  | 'ENTITY_UNKNOWN'
  | 'READ_ABORTED';

export class FileSourceError extends Error {
  override readonly name = 'FileSourceError';
  readonly code: FileSourceErrorCode;
  /** The file as the user configured it (relative to the folder), when the problem is in one file. */
  readonly file: string | undefined;
  /** 1-based physical line where the faulty record starts. */
  readonly line: number | undefined;

  constructor(
    code: FileSourceErrorCode,
    message: string,
    where: { readonly file?: string; readonly line?: number } = {},
    options?: { readonly cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = where.file;
    this.line = where.line;
  }
}

/** "gl-lines-1.csv line 42" — the prefix every located message starts with. */
export function describeLocation(file: string, line: number): string {
  return `${file} line ${line}`;
}
