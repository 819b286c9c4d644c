import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileCsvParser } from './csv-parser.ts';
import { FileSourceError } from './errors.ts';
import { csvField } from './sample-gl.ts';

interface Parsed {
  readonly fields: string[];
  readonly line: number;
}

/** Parses `text` fed in the given chunk sizes (cycled), as a file stream would deliver it. */
function parse(text: string, chunkSizes: readonly number[] = [text.length || 1], delimiter = ','): Parsed[] {
  const records: Parsed[] = [];
  const parser = fileCsvParser(delimiter, 'test.csv');
  const onRecord = (fields: string[], line: number): void => {
    records.push({ fields, line });
  };
  let at = 0;
  let index = 0;
  while (at < text.length) {
    const size = Math.max(1, chunkSizes[index++ % chunkSizes.length] ?? 1);
    parser.push(text.slice(at, at + size), onRecord);
    at += size;
  }
  parser.finish(onRecord);
  return records;
}

function parseError(text: string): FileSourceError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof FileSourceError) return error;
    throw error;
  }
  throw new Error('expected the parser to refuse the input');
}

describe('CsvParser', () => {
  it('reads plain records with LF and CRLF line endings', () => {
    expect(parse('a,b\n1,2\n').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parse('a,b\r\n1,2\r\n3,4').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    const text = 'id,text\r\n1,"Travel, lodging"\r\n2,"Vendor ""ACME"" invoice"\r\n3,"two\r\nlines"\r\n4,""\r\n';
    expect(parse(text).map((r) => r.fields)).toEqual([
      ['id', 'text'],
      ['1', 'Travel, lodging'],
      ['2', 'Vendor "ACME" invoice'],
      ['3', 'two\r\nlines'],
      ['4', ''],
    ]);
  });

  it('numbers records by the physical line they start on, counting breaks inside quotes', () => {
    const lines = parse('h\n"a\nb\nc"\nnext\n\n"x"\n').map((r) => [r.fields[0], r.line]);
    expect(lines).toEqual([
      ['h', 1],
      ['a\nb\nc', 2],
      ['next', 5],
      ['x', 7],
    ]);
  });

  it('skips a byte order mark, blank lines and the empty trailing line', () => {
    expect(parse('\uFEFFa,b\n\n1,2\r\n\r\n').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one after a quoted field', () => {
    expect(parse(',,\n"a",\n').map((r) => r.fields)).toEqual([
      ['', '', ''],
      ['a', ''],
    ]);
    expect(parse('"a",').map((r) => r.fields)).toEqual([['a', '']]);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(parse('12" pipe,x\n').map((r) => r.fields)).toEqual([['12" pipe', 'x']]);
  });

  it('uses another one-character delimiter', () => {
    expect(parse('a;b\n"x;y";2\n', undefined, ';').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x;y', '2'],
    ]);
    expect(() => fileCsvParser(';;', 'x')).toThrow(/one character/);
    expect(() => fileCsvParser('"', 'x')).toThrow(/one character/);
  });

  it('refuses an unterminated quote, naming the file and the line the record starts on', () => {
    const error = parseError('a,b\n1,2\n3,"never closed\nmore\n');
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^test\.csv line 3: field 2 opens a quote that is never closed/);
  });

  it('refuses text after a closing quote, naming the line', () => {
    const error = parseError('a,b\n"x"y,2\n');
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.message).toMatch(/^test\.csv line 2: field 1 has text after its closing quote/);
  });

  it('refuses a record longer than the limit instead of buffering the rest of the file', () => {
    const parser = fileCsvParser(',', 'big.csv', 100);
    const noop = (): void => {};
    parser.push('a\n"', noop);
    expect(() => parser.push('x'.repeat(200), noop)).toThrow(/big\.csv line 2: a record is longer than 100 characters/);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '€'), maxLength: 8 }),
      fc.string({ maxLength: 5 }),
    );
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(
        table,
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (rows, sizes, crlf) => {
          // Rows of only empty fields would be blank lines, which the parser skips by design.
          const kept = rows.filter((row) => row.some((cell) => cell !== ''));
          const text = kept.map((row) => row.map(csvField).join(',')).join(crlf ? '\r\n' : '\n');
          const whole = parse(text).map((r) => r.fields);
          expect(whole).toEqual(kept);
          expect(parse(text, sizes).map((r) => r.fields)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});
