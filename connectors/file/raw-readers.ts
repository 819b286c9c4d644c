/**
 * Raw records out of one file, a chunk at a time: CSV rows as arrays of text under their header, JSONL
 * lines as exact JSON trees. Nothing here holds more than one chunk and its records, so memory stays
 * flat however long the file is. Typing the records is the caller's job.
 */
import { createReadStream } from 'node:fs';
import type { CancelSignal } from '../../engine/model/io.ts';
import { cancelledError, followCancelSignal } from './cancel.ts';
import { CsvParser } from './csv-parser.ts';
import { FileSourceError, describeLocation } from './errors.ts';
import type { MatchedFile } from './files.ts';
import { JsonNumber, JsonSyntaxError, parseJsonExact } from '../kit/json-exact.ts';
import type { JsonTree } from '../kit/json-exact.ts';

export interface ChunkOptions {
  readonly chunkBytes: number;
  readonly signal?: CancelSignal | undefined;
  /** Told how many more bytes of the file were read, for progress. */
  readonly onBytes?: ((bytes: number) => void) | undefined;
}

export interface CsvRowBatch {
  readonly header: readonly string[];
  readonly rows: readonly string[][];
  /** Physical line where each row starts. */
  readonly lines: readonly number[];
}

export type JsonObject = { readonly [key: string]: JsonTree };

export interface JsonlBatch {
  readonly objects: readonly JsonObject[];
  readonly lines: readonly number[];
}

/** Text chunks of a UTF-8 file; cancelling stops the read and closes the file. */
export async function* readTextChunks(file: MatchedFile, options: ChunkOptions): AsyncGenerator<string> {
  const cancel = followCancelSignal(options.signal);
  const stream = createReadStream(file.absolutePath, {
    encoding: 'utf8',
    highWaterMark: options.chunkBytes,
    ...(cancel.signal === undefined ? {} : { signal: cancel.signal }),
  });
  try {
    let reported = 0;
    for await (const chunk of stream) {
      options.onBytes?.(stream.bytesRead - reported);
      reported = stream.bytesRead;
      yield chunk as string;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new FileSourceError('FILE_NOT_FOUND', `file "${file.name}" disappeared before it could be read`, { file: file.name }, { cause: error });
    }
    if (code === 'ABORT_ERR') throw cancelledError(error);
    throw error;
  } finally {
    stream.destroy();
    cancel.release();
  }
}

export async function* readCsvRows(file: MatchedFile, delimiter: string, options: ChunkOptions): AsyncGenerator<CsvRowBatch> {
  const parser = new CsvParser({ delimiter, file: file.name });
  let header: string[] | undefined;
  let rows: string[][] = [];
  let lines: number[] = [];
  const onRecord = (fields: string[], line: number): void => {
    if (header === undefined) {
      header = checkedHeader(fields, file.name, line);
      return;
    }
    if (fields.length !== header.length) {
      throw new FileSourceError(
        'CSV_RAGGED_LINE',
        `${describeLocation(file.name, line)}: ${fields.length} fields where the header has ${header.length}`,
        { file: file.name, line },
      );
    }
    rows.push(fields);
    lines.push(line);
  };
  let yieldedAny = false;
  const flush = (force = false): CsvRowBatch | undefined => {
    if (header === undefined || (rows.length === 0 && !(force && !yieldedAny))) return undefined;
    yieldedAny = true;
    const batch = { header, rows, lines };
    rows = [];
    lines = [];
    return batch;
  };
  for await (const chunk of readTextChunks(file, options)) {
    parser.push(chunk, onRecord);
    const batch = flush();
    if (batch !== undefined) yield batch;
  }
  parser.finish(onRecord);
  if (header === undefined) {
    throw new FileSourceError('CSV_HEADER_INVALID', `file "${file.name}" is empty: a CSV file starts with a header line`, { file: file.name, line: 1 });
  }
  // A file with a header and no rows still yields once, so its columns are known.
  const last = flush(true);
  if (last !== undefined) yield last;
}

function checkedHeader(fields: string[], file: string, line: number): string[] {
  const seen = new Set<string>();
  fields.forEach((name, index) => {
    if (name.trim() === '') {
      throw new FileSourceError('CSV_HEADER_INVALID', `${describeLocation(file, line)}: column ${index + 1} of the header has no name`, { file, line });
    }
    if (seen.has(name)) {
      throw new FileSourceError('CSV_HEADER_INVALID', `${describeLocation(file, line)}: the header names column "${name}" twice`, { file, line });
    }
    seen.add(name);
  });
  return fields;
}

/** A longer line is refused instead of buffering the rest of the file (a JSON array saved as .jsonl). */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

export async function* readJsonlObjects(file: MatchedFile, options: ChunkOptions): AsyncGenerator<JsonlBatch> {
  let pending = '';
  let line = 1;
  let first = true;
  for await (const chunk of readTextChunks(file, options)) {
    let text = pending + chunk;
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const objects: JsonObject[] = [];
    const lines: number[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      parseLine(text.slice(start, end), line, file.name, objects, lines);
      line++;
      start = end + 1;
    }
    pending = text.slice(start);
    if (pending.length > MAX_LINE_CHARS) {
      throw new FileSourceError(
        'JSONL_MALFORMED',
        `${describeLocation(file.name, line)}: a line is longer than ${MAX_LINE_CHARS} characters; a JSONL file holds one JSON object per line`,
        { file: file.name, line },
      );
    }
    if (objects.length > 0) yield { objects, lines };
  }
  const objects: JsonObject[] = [];
  const lines: number[] = [];
  parseLine(pending, line, file.name, objects, lines);
  if (objects.length > 0) yield { objects, lines };
}

function parseLine(rawLine: string, line: number, file: string, objects: JsonObject[], lines: number[]): void {
  const text = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
  if (text.trim() === '') return;
  let tree: JsonTree;
  try {
    tree = parseJsonExact(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new FileSourceError('JSONL_MALFORMED', `${describeLocation(file, line)}: not valid JSON: ${error.message}`, { file, line }, { cause: error });
  }
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree) || tree instanceof JsonNumber) {
    throw new FileSourceError('JSONL_MALFORMED', `${describeLocation(file, line)}: each line must be one JSON object`, { file, line });
  }
  objects.push(tree as JsonObject);
  lines.push(line);
}
