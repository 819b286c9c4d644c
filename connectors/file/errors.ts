/**
 * Errors the file source raises, each with a stable code so the runner decides by code, never by
 * parsing a message. A file problem always names the file as configured and, where it has one, the line.
 */
import { MlcError } from '../../engine/model/errors.ts';

export type FileSourceErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_CONFIG_INVALID'
  | 'CSV_MALFORMED'
  | 'CSV_RAGGED_LINE'
  | 'CSV_HEADER_INVALID'
  | 'JSONL_MALFORMED'
  | 'FILE_ENCODING_INVALID'
  | 'ENTITY_UNKNOWN'
  | 'READ_ABORTED';

export class FileSourceError extends MlcError {
  override readonly name = 'FileSourceError';
  declare readonly code: FileSourceErrorCode;
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
    // File problems are never transient: reading the same bytes again gives the same answer.
    super(code, message, options?.cause === undefined ? {} : { cause: options.cause });
    this.file = where.file;
    this.line = where.line;
  }
}

/** "gl-lines-1.csv line 42" — the prefix every located message starts with. */
export function describeLocation(file: string, line: number): string {
  return `${file} line ${line}`;
}
