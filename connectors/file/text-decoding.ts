/**
 * A file's bytes to text, a chunk at a time, in the stream's encoding: UTF-8 (the default), Latin-1
 * (ISO-8859-1) or Windows-1252, which ERP exports still use.
 *
 * A UTF-8 file may hold bytes that are not UTF-8 (a Latin-1 "é" saved into a UTF-8 export). Such a byte
 * never becomes a silent U+FFFD: it becomes the lone surrogate U+DC80..U+DCFF (0xDC00 plus the byte,
 * as Python's "surrogateescape" does). Valid UTF-8 never decodes to a lone surrogate, so the readers find
 * exactly the fields that held a bad byte, and the byte offsets wait in a queue, in file order, for the
 * reader to name them. One escape per byte keeps that queue in step with the text.
 *
 * A character split across two chunks is not invalid: its first bytes wait for the next chunk.
 */
import { isUtf8 } from 'node:buffer';

export const FILE_ENCODINGS = ['utf-8', 'latin1', 'windows-1252'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** What to do with bytes that are not UTF-8: hold the record that holds them, or refuse the whole file. */
export const INVALID_BYTES_POLICIES = ['hold', 'refuse'] as const;
export type InvalidBytesPolicy = (typeof INVALID_BYTES_POLICIES)[number];

export interface ChunkDecoder {
  decode(chunk: Buffer): string;
  /** The end of the file: a character its last bytes only began is invalid. */
  end(): string;
  /** Byte offsets of the invalid bytes decoded so far and not yet taken, in file order (UTF-8 only). */
  readonly invalidBytes: InvalidByteOffsets;
}

export function chunkDecoder(encoding: FileEncoding): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
      return new Utf8ChunkDecoder();
    case 'latin1':
      return singleByteDecoder((chunk) => chunk.toString('latin1'));
    case 'windows-1252':
      return singleByteDecoder((chunk) =>
        chunk.toString('latin1').replace(C1_RANGE, (char) => WINDOWS_1252_C1[char.charCodeAt(0) - 0x80] as string),
      );
  }
}

export class InvalidByteOffsets {
  #offsets: number[] = [];
  #head = 0;

  /** How many are waiting: zero for a clean file, so readers look for escapes only when this is not. */
  get pending(): number {
    return this.#offsets.length - this.#head;
  }

  push(offset: number): void {
    this.#offsets.push(offset);
  }

  /** The next `count` offsets, in file order. */
  take(count: number): number[] {
    const taken = this.#offsets.slice(this.#head, this.#head + count);
    this.#head += count;
    if (this.#head === this.#offsets.length) {
      this.#offsets = [];
      this.#head = 0;
    }
    return taken;
  }
}

/** A byte that was not UTF-8. With `u`, a low surrogate paired with its high one is part of one character and never matches. */
export const ESCAPED_BYTE = /[\uDC80-\uDCFF]/u;
const ESCAPED_BYTES = /[\uDC80-\uDCFF]/gu;

/** Whether the text holds a byte that was not UTF-8. */
export function hasEscapedBytes(text: string): boolean {
  return ESCAPED_BYTE.test(text);
}

/** The bytes that were not UTF-8, in order. */
export function escapedBytes(text: string): number[] {
  return [...text.matchAll(ESCAPED_BYTES)].map((match) => match[0].charCodeAt(0) - 0xdc00);
}

/** The text as a person reads it, each byte that was not UTF-8 written as \xE9. */
export function showEscapedBytes(text: string): string {
  return text.replace(ESCAPED_BYTES, (char) => `\\x${hex(char.charCodeAt(0) - 0xdc00)}`);
}

/** "the byte 0xE9 at byte offset 57 is not UTF-8": the words every message about bad bytes starts with. */
export function notUtf8(bytes: readonly number[], offset: number): string {
  const shown =
    bytes
      .slice(0, 8)
      .map((byte) => `0x${hex(byte)}`)
      .join(' ') + (bytes.length > 8 ? ' …' : '');
  return bytes.length === 1
    ? `the byte ${shown} at byte offset ${offset} is not UTF-8`
    : `the bytes ${shown} from byte offset ${offset} are not UTF-8`;
}

/** What to do about it, ending every such message. */
export const ENCODING_HINT =
  'if the file was saved as Latin-1 or Windows-1252, set the stream\'s encoding option to "latin1" or "windows-1252"';

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

function singleByteDecoder(decode: (chunk: Buffer) => string): ChunkDecoder {
  // Every byte is a character in these encodings: nothing is invalid, nothing waits for the next chunk.
  return { decode, end: () => '', invalidBytes: new InvalidByteOffsets() };
}

/** Where Windows-1252 differs from Latin-1. */
const C1_RANGE = /[\x80-\x9f]/g;
/**
 * Windows-1252's 0x80..0x9F, as the WHATWG Encoding Standard maps them (the five bytes Windows leaves
 * undefined stay the C1 controls Latin-1 gives them, as browsers read them).
 */
const WINDOWS_1252_C1 = [
  '\u20ac',
  '\u0081',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\u008d',
  '\u017d',
  '\u008f',
  '\u0090',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\u009d',
  '\u017e',
  '\u0178',
];

class Utf8ChunkDecoder implements ChunkDecoder {
  readonly invalidBytes = new InvalidByteOffsets();
  /** The first bytes of a character the last chunk cut off. */
  #carry: Buffer | undefined;
  /** File offset of the next byte to decode (the carry's first byte when there is one). */
  #offset = 0;

  decode(chunk: Buffer): string {
    const bytes = this.#carry === undefined ? chunk : Buffer.concat([this.#carry, chunk]);
    const complete = completeLength(bytes);
    this.#carry = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : undefined;
    const text = this.#text(bytes, complete);
    this.#offset += complete;
    return text;
  }

  end(): string {
    const carry = this.#carry;
    if (carry === undefined) return '';
    this.#carry = undefined;
    const text = this.#text(carry, carry.length);
    this.#offset += carry.length;
    return text;
  }

  /** The usual chunk is valid and decoded natively; only one with a bad byte is walked. */
  #text(bytes: Buffer, length: number): string {
    if (isUtf8(bytes.subarray(0, length))) return bytes.toString('utf8', 0, length);
    let text = '';
    let runStart = 0;
    let at = 0;
    while (at < length) {
      const size = wellFormedLength(bytes, at, length);
      if (size > 0) {
        at += size;
        continue;
      }
      text += bytes.toString('utf8', runStart, at) + String.fromCharCode(0xdc00 + (bytes[at] as number));
      this.invalidBytes.push(this.#offset + at);
      at++;
      runStart = at;
    }
    return text + bytes.toString('utf8', runStart, length);
  }
}

/**
 * The bytes up to a character the chunk ends inside of (its lead byte announces more bytes than are
 * left). Bytes that are wrong, rather than cut short, are left for the decoder to flag.
 */
function completeLength(bytes: Buffer): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back] as number;
    if (byte < 0x80) return length;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? length - back : length;
  }
  return length;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/** Length of the well-formed UTF-8 character at `at` (Unicode's table 3-7), or 0 when its first byte is invalid. */
function wellFormedLength(bytes: Buffer, at: number, length: number): number {
  const lead = bytes[at] as number;
  if (lead < 0x80) return 1;
  const size = sequenceLength(lead);
  if (size === 1 || at + size > length) return 0;
  const second = bytes[at + 1] as number;
  const [low, high] =
    lead === 0xe0
      ? [0xa0, 0xbf]
      : lead === 0xed
        ? [0x80, 0x9f]
        : lead === 0xf0
          ? [0x90, 0xbf]
          : lead === 0xf4
            ? [0x80, 0x8f]
            : [0x80, 0xbf];
  if (second < low || second > high) return 0;
  for (let next = 2; next < size; next++) {
    const byte = bytes[at + next] as number;
    if (byte < 0x80 || byte > 0xbf) return 0;
  }
  return size;
}
