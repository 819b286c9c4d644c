/**
 * The one CSV parser: the file source streams exports through it, and the runner and the studio read
 * lookup CSV texts with it (`csv-text.ts`), so a text one accepts the others accept too.
 * A streaming RFC 4180 parser: quoted fields, doubled quotes, CRLF or LF, newlines inside quotes.
 * It is the hot path of the file source, so it works on whole chunks and slices instead of building
 * strings character by character: a line without any quote is cut with one `split`, and only lines
 * that contain a quote go through the character scanner.
 *
 * Leniencies, chosen so an analyst's export loses nothing:
 *  - a quote inside an unquoted field is kept literally (`12" pipe`);
 *  - a blank line is skipped (a trailing empty line is the common case);
 *  - the last record may end without a newline.
 * What it refuses, naming file and line: text after a closing quote (`"ab"c`), an unterminated quote.
 */
import { MlcError } from './errors.ts';

export type CsvRecordHandler = (fields: string[], line: number) => void;

export interface CsvParserOptions {
  /** One character; not a quote, CR or LF. */
  readonly delimiter: string;
  /** The file as configured, for error messages. */
  readonly file: string;
  /** A record longer than this is refused instead of buffering the rest of the file (an unterminated quote). */
  readonly maxRecordChars?: number;
  /** Makes the error for a malformed record (the file source raises its own); default a CsvFormatError. */
  readonly error?: (message: string, where: { readonly file: string; readonly line: number }) => Error;
}

/** A text that is not CSV, with the file (or label) and physical line where the faulty record starts. */
export class CsvFormatError extends MlcError {
  override readonly name = 'CsvFormatError';
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super('CSV_MALFORMED', message);
  }
}

/** "gl-lines-1.csv line 42": where a located message starts. */
function located(file: string, line: number): string {
  return `${file} line ${line}`;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** A record that the chunk does not finish yet. */
const INCOMPLETE = null;

interface ScannedRecord {
  readonly fields: string[];
  /** Index just after the record's line terminator. */
  readonly next: number;
  /** Line feeds inside quoted fields, so line numbers stay physical. */
  readonly innerNewlines: number;
}

export class CsvParser {
  readonly #delimiter: string;
  readonly #delimiterCode: number;
  readonly #file: string;
  readonly #maxRecordChars: number;
  readonly #makeError: NonNullable<CsvParserOptions['error']>;
  #pending = '';
  /** Physical line (1-based) where `#pending` starts. */
  #line = 1;
  #sawFirstChunk = false;

  constructor(options: CsvParserOptions) {
    const problem = delimiterProblem(options.delimiter);
    if (problem !== undefined) throw new MlcError('CSV_DELIMITER_INVALID', problem);
    this.#delimiter = options.delimiter;
    this.#delimiterCode = options.delimiter.charCodeAt(0);
    this.#file = options.file;
    this.#maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.#makeError = options.error ?? ((message, where) => new CsvFormatError(message, where.file, where.line));
  }

  /** Parses every record the chunk completes; keeps the unfinished tail for the next chunk. */
  push(chunk: string, onRecord: CsvRecordHandler): void {
    let text = this.#pending.length === 0 ? chunk : this.#pending + chunk;
    if (!this.#sawFirstChunk && text.length > 0) {
      this.#sawFirstChunk = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 byte order mark
    }
    const consumed = this.#parse(text, false, onRecord);
    this.#pending = consumed === 0 ? text : text.slice(consumed);
    if (this.#pending.length > this.#maxRecordChars) {
      throw this.#error(`a record is longer than ${this.#maxRecordChars} characters; is a quote left open?`);
    }
  }

  /** Parses what is left at the end of the input; the last record may lack its newline. */
  finish(onRecord: CsvRecordHandler): void {
    const text = this.#pending;
    this.#pending = '';
    this.#parse(text, true, onRecord);
  }

  #parse(text: string, final: boolean, onRecord: CsvRecordHandler): number {
    const length = text.length;
    const delimiter = this.#delimiter;
    let pos = 0;
    let nextQuote = text.indexOf('"');
    if (nextQuote === -1) nextQuote = length;
    while (pos < length) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd === -1) {
        if (!final) break;
        lineEnd = length;
      }
      if (nextQuote < pos) {
        nextQuote = text.indexOf('"', pos);
        if (nextQuote === -1) nextQuote = length;
      }
      if (nextQuote >= lineEnd) {
        // Fast path: no quote on this line, so the delimiter always separates fields.
        let contentEnd = lineEnd;
        if (contentEnd > pos && text.charCodeAt(contentEnd - 1) === CR) contentEnd--;
        if (contentEnd > pos) onRecord(text.slice(pos, contentEnd).split(delimiter), this.#line);
        this.#line++;
        pos = lineEnd + 1;
        continue;
      }
      const scanned = this.#scanQuotedRecord(text, pos, final);
      if (scanned === INCOMPLETE) break;
      onRecord(scanned.fields, this.#line);
      this.#line += 1 + scanned.innerNewlines;
      pos = scanned.next;
    }
    return Math.min(pos, length);
  }

  /** The slow path, for a record with at least one quote: field by field. */
  #scanQuotedRecord(text: string, start: number, final: boolean): ScannedRecord | typeof INCOMPLETE {
    const length = text.length;
    const fields: string[] = [];
    let innerNewlines = 0;
    let i = start;
    for (;;) {
      if (i >= length) {
        if (!final) return INCOMPLETE;
        fields.push(''); // the record ended with a delimiter
        return { fields, next: length, innerNewlines };
      }
      if (text.charCodeAt(i) === QUOTE) {
        const quoted = this.#scanQuotedField(text, i + 1, final, fields.length + 1);
        if (quoted === INCOMPLETE) return INCOMPLETE;
        fields.push(quoted.value);
        innerNewlines += quoted.newlines;
        i = quoted.next;
        if (i >= length) {
          if (!final) return INCOMPLETE; // a CR/LF or delimiter may still follow
          return { fields, next: length, innerNewlines };
        }
        const after = text.charCodeAt(i);
        if (after === this.#delimiterCode) {
          i++;
          continue;
        }
        if (after === LF) return { fields, next: i + 1, innerNewlines };
        if (after === CR && i + 1 < length && text.charCodeAt(i + 1) === LF)
          return { fields, next: i + 2, innerNewlines };
        if (after === CR && i + 1 >= length && !final) return INCOMPLETE;
        throw this.#error(
          `field ${fields.length} has text after its closing quote (${JSON.stringify(text.slice(i, i + 10))}); ` +
            'a quote inside a quoted field must be doubled',
          innerNewlines,
        );
      }
      // Unquoted field: runs to the next delimiter or line feed; a quote inside it is literal.
      let j = i;
      while (j < length) {
        const code = text.charCodeAt(j);
        if (code === this.#delimiterCode || code === LF) break;
        j++;
      }
      if (j >= length && !final) return INCOMPLETE;
      if (j < length && text.charCodeAt(j) === this.#delimiterCode) {
        fields.push(text.slice(i, j));
        i = j + 1;
        continue;
      }
      const fieldEnd = j > i && text.charCodeAt(j - 1) === CR ? j - 1 : j;
      fields.push(text.slice(i, fieldEnd));
      return { fields, next: Math.min(j + 1, length), innerNewlines };
    }
  }

  /** From just after an opening quote to just after its closing quote. */
  #scanQuotedField(
    text: string,
    from: number,
    final: boolean,
    fieldNumber: number,
  ): { readonly value: string; readonly next: number; readonly newlines: number } | typeof INCOMPLETE {
    let value = '';
    let segmentStart = from;
    let i = from;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote === -1) {
        if (!final) return INCOMPLETE;
        throw this.#error(`field ${fieldNumber} opens a quote that is never closed`);
      }
      if (quote + 1 >= text.length && !final) return INCOMPLETE; // a doubled quote may straddle chunks
      if (text.charCodeAt(quote + 1) === QUOTE) {
        value += text.slice(segmentStart, quote + 1);
        i = quote + 2;
        segmentStart = i;
        continue;
      }
      value += text.slice(segmentStart, quote);
      return { value, next: quote + 1, newlines: countLineFeeds(text, from, quote) };
    }
  }

  #error(message: string, linesIntoRecord = 0): Error {
    const line = this.#line + linesIntoRecord;
    return this.#makeError(`${located(this.#file, line)}: ${message}`, { file: this.#file, line });
  }
}

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

/** Why `delimiter` cannot separate CSV fields, or undefined when it can. */
export function delimiterProblem(delimiter: string): string | undefined {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    return `the CSV delimiter must be one character other than a quote or a line break, not ${JSON.stringify(delimiter)}`;
  }
  return undefined;
}
