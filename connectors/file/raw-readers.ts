/**
 * Raw records out of one file, a chunk at a time: CSV rows as arrays of text under their header, JSONL
 * lines as exact JSON trees. Nothing here holds more than one chunk and its records, so memory stays
 * flat however long the file is. Typing the records is the caller's job.
 */
import { createReadStream } from 'node:fs';
import type { CancelSignal } from '../../engine/model/io.ts';
import { cancelledError, followCancelSignal } from './cancel.ts';
import { fileCsvParser } from './csv-parser.ts';
import { FileSourceError, describeLocation } from './errors.ts';
import type { MatchedFile } from './files.ts';
import { JsonNumber, JsonSyntaxError, parseJsonExact } from '../kit/json-exact.ts';
import type { JsonTree } from '../kit/json-exact.ts';
import { ENCODING_HINT, ESCAPED_BYTE, chunkDecoder, escapedBytes, hasEscapedBytes, notUtf8 } from './text-decoding.ts';
import type { ChunkDecoder, FileEncoding, InvalidBytesPolicy, InvalidByteOffsets } from './text-decoding.ts';

export interface ChunkOptions {
  readonly chunkBytes: number;
  readonly signal?: CancelSignal | undefined;
  /** Told how many more bytes of the file were read, for progress. */
  readonly onBytes?: ((bytes: number) => void) | undefined;
}

/** How the file's bytes are text: its encoding, and what a byte that is not UTF-8 does. */
export interface TextOptions {
  readonly encoding: FileEncoding;
  readonly invalidBytes: InvalidBytesPolicy;
}

/**
 * A value that held bytes that are not UTF-8 (under the "hold" policy). Its text keeps them as escapes
 * (see text-decoding.ts); the reader's caller holds the record.
 */
export interface InvalidText {
  /** Index of the row (or object) in its batch. */
  readonly row: number;
  /** CSV: the column's name; JSONL: the top-level key as the object holds it (with its own bad bytes, if any). */
  readonly field: string;
  /** Physical line of the first bad byte. */
  readonly line: number;
  readonly reason: string;
}

export interface CsvRowBatch {
  readonly header: readonly string[];
  readonly rows: readonly string[][];
  /** Physical line where each row starts. */
  readonly lines: readonly number[];
  /** Usually empty. */
  readonly invalid: readonly InvalidText[];
}

export type JsonObject = { readonly [key: string]: JsonTree };

export interface JsonlBatch {
  readonly objects: readonly JsonObject[];
  readonly lines: readonly number[];
  /** Usually empty. */
  readonly invalid: readonly InvalidText[];
}

const NONE: readonly InvalidText[] = Object.freeze([]);

/** Byte chunks of a file; cancelling stops the read and closes the file. */
export async function* readByteChunks(file: MatchedFile, options: ChunkOptions): AsyncGenerator<Buffer> {
  const cancel = followCancelSignal(options.signal);
  const stream = createReadStream(file.absolutePath, {
    highWaterMark: options.chunkBytes,
    ...(cancel.signal === undefined ? {} : { signal: cancel.signal }),
  });
  try {
    let reported = 0;
    for await (const chunk of stream) {
      options.onBytes?.(stream.bytesRead - reported);
      reported = stream.bytesRead;
      yield chunk as Buffer;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new FileSourceError(
        'FILE_NOT_FOUND',
        `file "${file.name}" disappeared before it could be read`,
        { file: file.name },
        { cause: error },
      );
    }
    if (code === 'ABORT_ERR') throw cancelledError(error);
    throw error;
  } finally {
    stream.destroy();
    cancel.release();
  }
}

/** Text chunks of a file in its encoding; the decoder keeps the offsets of bytes that were not UTF-8. */
async function* readTextChunks(
  file: MatchedFile,
  options: ChunkOptions,
  decoder: ChunkDecoder,
): AsyncGenerator<string> {
  for await (const chunk of readByteChunks(file, options)) yield decoder.decode(chunk);
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/**
 * Refuses a file with a byte that is not UTF-8, naming its line and byte offset, before any of it is
 * read for good: under the "refuse" policy nothing of such a file may reach a destination.
 */
export async function assertUtf8File(file: MatchedFile, options: ChunkOptions): Promise<void> {
  const decoder = chunkDecoder('utf-8');
  let lineFeeds = 0;
  const check = (text: string): void => {
    if (decoder.invalidBytes.pending > 0) {
      const at = firstEscape(text);
      const line = lineFeeds + countLineFeeds(text, at) + 1;
      throw encodingError(
        file.name,
        line,
        notUtf8(escapedBytes(text.slice(at, at + 1)), decoder.invalidBytes.take(1)[0] as number),
      );
    }
    lineFeeds += countLineFeeds(text, text.length);
  };
  for await (const chunk of readByteChunks(file, options)) check(decoder.decode(chunk));
  check(decoder.end());
}

/** A file refused for its bytes; `what` is notUtf8's words. */
function encodingError(
  file: string,
  line: number,
  what: string,
  why = 'so the file is refused (its stream says invalidBytes "refuse")',
): FileSourceError {
  return new FileSourceError(
    'FILE_ENCODING_INVALID',
    `${describeLocation(file, line)}: ${what}, ${why}; ${ENCODING_HINT}`,
    { file, line },
  );
}

function countLineFeeds(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * The bad bytes of one record, each field's named by its first: the record's escapes, field by field
 * in file order, take their offsets from the decoder's queue in the same order.
 */
function invalidFields(
  fields: readonly { readonly name: string; readonly text: string }[],
  line: number,
  takeOffsets: (count: number) => readonly number[],
): { readonly field: string; readonly line: number; readonly what: string }[] {
  const found: { field: string; line: number; what: string }[] = [];
  let lineFeeds = 0;
  for (const { name, text } of fields) {
    const bytes = escapedBytes(text);
    if (bytes.length > 0) {
      const offset = takeOffsets(bytes.length)[0] ?? -1;
      found.push({
        field: name,
        line: line + lineFeeds + countLineFeeds(text, firstEscape(text)),
        what: notUtf8(bytes, offset),
      });
    }
    lineFeeds += countLineFeeds(text, text.length);
  }
  return found;
}

function firstEscape(text: string): number {
  return text.search(ESCAPED_BYTE);
}

export async function* readCsvRows(
  file: MatchedFile,
  delimiter: string,
  options: ChunkOptions,
  text: TextOptions,
): AsyncGenerator<CsvRowBatch> {
  const parser = fileCsvParser(delimiter, file.name);
  const decoder = chunkDecoder(text.encoding);
  const offsets = decoder.invalidBytes;
  let header: string[] | undefined;
  let rows: string[][] = [];
  let lines: number[] = [];
  let invalid: InvalidText[] = [];
  const checkBytes = (fields: string[], line: number): void => {
    if (!fields.some(hasEscapedBytes)) return;
    const named = fields.map((value, index) => ({ name: header?.[index] ?? `column ${index + 1}`, text: value }));
    const found = invalidFields(named, line, (count) => offsets.take(count));
    const first = found[0];
    if (first === undefined) return;
    if (header === undefined)
      throw encodingError(file.name, first.line, `the header line: ${first.what}`, 'so its columns cannot be named');
    if (text.invalidBytes === 'refuse') throw encodingError(file.name, first.line, first.what);
    for (const { field, line: at, what } of found)
      invalid.push({ row: rows.length, field, line: at, reason: `${what}; ${ENCODING_HINT}` });
  };
  const onRecord = (fields: string[], line: number): void => {
    if (offsets.pending > 0) checkBytes(fields, line);
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
    const batch = { header, rows, lines, invalid: invalid.length === 0 ? NONE : invalid };
    rows = [];
    lines = [];
    invalid = [];
    return batch;
  };
  for await (const chunk of readTextChunks(file, options, decoder)) {
    parser.push(chunk, onRecord);
    const batch = flush();
    if (batch !== undefined) yield batch;
  }
  parser.finish(onRecord);
  if (header === undefined) {
    throw new FileSourceError(
      'CSV_HEADER_INVALID',
      `file "${file.name}" is empty: a CSV file starts with a header line`,
      { file: file.name, line: 1 },
    );
  }
  // A file with a header and no rows still yields once, so its columns are known.
  const last = flush(true);
  if (last !== undefined) yield last;
}

function checkedHeader(fields: string[], file: string, line: number): string[] {
  const seen = new Set<string>();
  fields.forEach((name, index) => {
    if (name.trim() === '') {
      throw new FileSourceError(
        'CSV_HEADER_INVALID',
        `${describeLocation(file, line)}: column ${index + 1} of the header has no name`,
        { file, line },
      );
    }
    if (seen.has(name)) {
      throw new FileSourceError(
        'CSV_HEADER_INVALID',
        `${describeLocation(file, line)}: the header names column "${name}" twice`,
        { file, line },
      );
    }
    seen.add(name);
  });
  return fields;
}

/** A longer line is refused instead of buffering the rest of the file (a JSON array saved as .jsonl). */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

export async function* readJsonlObjects(
  file: MatchedFile,
  options: ChunkOptions,
  textOptions: TextOptions,
): AsyncGenerator<JsonlBatch> {
  const decoder = chunkDecoder(textOptions.encoding);
  const lineReader = new JsonlLineReader(file.name, decoder.invalidBytes, textOptions.invalidBytes);
  let pending = '';
  let line = 1;
  let first = true;
  for await (const chunk of readTextChunks(file, options, decoder)) {
    let text = pending + chunk;
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      lineReader.read(text.slice(start, end), line);
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
    const batch = lineReader.take();
    if (batch !== undefined) yield batch;
  }
  lineReader.read(pending, line);
  const batch = lineReader.take();
  if (batch !== undefined) yield batch;
}

/** JSONL lines to objects, collected until taken as a batch. */
class JsonlLineReader {
  #objects: JsonObject[] = [];
  #lines: number[] = [];
  #invalid: InvalidText[] = [];

  constructor(
    private readonly file: string,
    private readonly offsets: InvalidByteOffsets,
    private readonly policy: InvalidBytesPolicy,
  ) {}

  read(rawLine: string, line: number): void {
    const file = this.file;
    const text = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (text.trim() === '') return;
    const bytes = this.offsets.pending > 0 && hasEscapedBytes(text) ? escapedBytes(text) : [];
    const offsets = bytes.length === 0 ? [] : this.offsets.take(bytes.length);
    if (bytes.length > 0 && this.policy === 'refuse') throw encodingError(file, line, notUtf8(bytes, offsets[0] ?? -1));
    let tree: JsonTree;
    try {
      tree = parseJsonExact(text);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      if (bytes.length > 0) {
        // A line the bad bytes broke cannot become a record to hold: the file stops here, saying why.
        throw encodingError(
          file,
          line,
          notUtf8(bytes, offsets[0] ?? -1),
          'so the line is not valid JSON and cannot be read',
        );
      }
      throw new FileSourceError(
        'JSONL_MALFORMED',
        `${describeLocation(file, line)}: not valid JSON: ${error.message}`,
        { file, line },
        { cause: error },
      );
    }
    if (tree === null || typeof tree !== 'object' || Array.isArray(tree) || tree instanceof JsonNumber) {
      throw new FileSourceError(
        'JSONL_MALFORMED',
        `${describeLocation(file, line)}: each line must be one JSON object`,
        { file, line },
      );
    }
    if (bytes.length > 0) {
      // Fields in the object's order, which is the line's order except for keys that are whole numbers
      // (JavaScript puts those first): then a field may be named with another field's offset.
      const fields = Object.entries(tree).map(([key, value]) => ({ name: key, text: key + jsonTreeStrings(value) }));
      let next = 0;
      const take = (count: number): readonly number[] => offsets.slice(next, (next += count));
      for (const { field, line: at, what } of invalidFields(fields, line, take)) {
        this.#invalid.push({ row: this.#objects.length, field, line: at, reason: `${what}; ${ENCODING_HINT}` });
      }
    }
    this.#objects.push(tree as JsonObject);
    this.#lines.push(line);
  }

  take(): JsonlBatch | undefined {
    if (this.#objects.length === 0) return undefined;
    const batch = {
      objects: this.#objects,
      lines: this.#lines,
      invalid: this.#invalid.length === 0 ? NONE : this.#invalid,
    };
    this.#objects = [];
    this.#lines = [];
    this.#invalid = [];
    return batch;
  }
}

/** Every string in a JSON tree (keys and values), joined: where a field's bad bytes are. */
function jsonTreeStrings(tree: JsonTree): string {
  if (typeof tree === 'string') return tree;
  if (tree === null || typeof tree !== 'object' || tree instanceof JsonNumber) return '';
  if (Array.isArray(tree)) return tree.map(jsonTreeStrings).join('');
  return Object.entries(tree)
    .map(([key, value]) => key + jsonTreeStrings(value))
    .join('');
}
