import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDecoder, escapedBytes, hasEscapedBytes, showEscapedBytes, type FileEncoding } from './text-decoding.ts';

/** The whole input decoded through chunks of `size` bytes, with the offsets of the bytes that were not UTF-8. */
function decodeInChunks(
  bytes: Buffer,
  size: number,
  encoding: FileEncoding = 'utf-8',
): { text: string; offsets: number[] } {
  const decoder = chunkDecoder(encoding);
  let text = '';
  for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
  text += decoder.end();
  return { text, offsets: decoder.invalidBytes.take(decoder.invalidBytes.pending) };
}

describe('UTF-8 chunk decoder', () => {
  it('reads a character cut by every chunk size as that character, not as bad bytes', () => {
    const text = 'Zoë 東京 €5 😀 naïve\n';
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 4, 5, 7, 64]) expect(decodeInChunks(bytes, size)).toEqual({ text, offsets: [] });
  });

  it('gives any valid text back exactly, whatever the chunk size', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (text, size) => {
        expect(decodeInChunks(Buffer.from(text, 'utf8'), size)).toEqual({ text, offsets: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps each byte that is not UTF-8 as its escape, with its byte offset, and nothing else changed', () => {
    // A Latin-1 é, a lone continuation byte, an overlong '/', an encoded surrogate, a code point past U+10FFFF.
    const bytes = Buffer.concat([
      Buffer.from('Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' '),
      Buffer.from([0x80]),
      Buffer.from('ok'),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from([0xf4, 0x90, 0x80, 0x80]),
      Buffer.from('€'),
    ]);
    for (const size of [1, 2, 3, 64]) {
      const { text, offsets } = decodeInChunks(bytes, size);
      expect(showEscapedBytes(text)).toBe('Caf\\xE9 \\x80ok\\xC0\\xAF\\xED\\xA0\\x80\\xF4\\x90\\x80\\x80€');
      expect(offsets).toEqual([3, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
      expect(escapedBytes(text)).toEqual([0xe9, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]);
    }
  });

  it('flags a character the file ends inside of', () => {
    const { text, offsets } = decodeInChunks(Buffer.from([0x61, 0xe2, 0x82]), 1);
    expect(showEscapedBytes(text)).toBe('a\\xE2\\x82');
    expect(offsets).toEqual([1, 2]);
  });

  it('tells an escape from a real character: a surrogate pair (U+10080) is not a bad byte', () => {
    expect(hasEscapedBytes('\u{10080}')).toBe(false);
    expect(hasEscapedBytes('\udce9')).toBe(true);
    expect(hasEscapedBytes('\u{1F600}\udce9')).toBe(true);
    expect(escapedBytes('\u{10080}x\udce9')).toEqual([0xe9]);
  });
});

describe('single-byte encodings', () => {
  const everyHighByte = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));

  it('reads latin1 as ISO-8859-1: every byte is the code point of its value (0x80 is a control, not €)', () => {
    const { text, offsets } = decodeInChunks(everyHighByte, 5, 'latin1');
    expect([...text].map((char) => char.codePointAt(0))).toEqual([...everyHighByte]);
    expect(offsets).toEqual([]);
    expect(decodeInChunks(Buffer.from([0x43, 0x61, 0x66, 0xe9]), 1, 'latin1').text).toBe('Café');
  });

  it('reads windows-1252 as the WHATWG Encoding Standard does: € at 0x80, curly quotes at 0x93/0x94', () => {
    expect(
      decodeInChunks(Buffer.from([0x80, 0x35, 0x20, 0x93, 0x61, 0x94, 0x20, 0x96, 0x20, 0xe9]), 3, 'windows-1252').text,
    ).toBe('€5 “a” – é');
    // 0x80..0x9F as Windows prints them; the five bytes it leaves undefined stay C1 controls, as in browsers.
    const c1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    const rest = Buffer.from(everyHighByte.subarray(32)).toString('latin1');
    expect(decodeInChunks(everyHighByte, 7, 'windows-1252').text).toBe(c1 + rest);
  });
});
