/**
 * The file source reads files in their encoding (UTF-8, Latin-1, Windows-1252), and a byte that is not
 * UTF-8 never becomes a silent U+FFFD: its record is held naming the line and byte offset, or the
 * file is refused before any of it is handed out, as the stream's `invalidBytes` says.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../engine/model/values/index.ts';
import type { FileEntityConfig } from './config.ts';
import { FileSourceError } from './errors.ts';
import type { FileSourcePage } from './read-entity.ts';
import { createFileSource } from './source.ts';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-encoding-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const HINT =
  'if the file was saved as Latin-1 or Windows-1252, set the stream\'s encoding option to "latin1" or "windows-1252"';

function vendors(extra: Partial<FileEntityConfig> = {}): FileEntityConfig {
  return { entity: 'vendors', file: 'vendors.csv', key: ['ID'], fields: { AMOUNT: 'decimal' }, ...extra };
}

/** Text with `\xNN` written for raw bytes, as bytes: what an export with a stray Latin-1 byte holds. */
function bytesOf(text: string): Buffer {
  const parts = text.split(/(\\x[0-9A-F]{2})/);
  return Buffer.concat(
    parts.map((part) =>
      part.startsWith('\\x') ? Buffer.from([parseInt(part.slice(2), 16)]) : Buffer.from(part, 'utf8'),
    ),
  );
}

async function readAll(entity: FileEntityConfig, chunkBytes?: number, pageSize = 100): Promise<FileSourcePage[]> {
  const source = createFileSource({
    connection: { folder },
    entities: [entity],
    ...(chunkBytes === undefined ? {} : { chunkBytes }),
  });
  const pages: FileSourcePage[] = [];
  try {
    for await (const page of source.read({ entity: entity.entity, key: entity.key ?? [], pageSize })) pages.push(page);
  } finally {
    await source.close();
  }
  return pages;
}

async function caught(promise: Promise<unknown>): Promise<FileSourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FileSourceError) return error;
    throw error;
  }
  throw new Error('expected a FileSourceError');
}

// Line 3 has a Latin-1 é (byte offset 32); line 6 has a Latin-1 ü inside a quoted field that starts on line 5.
const MIXED = 'ID,NAME,AMOUNT\n1,Zoë 東京 😀,10.00\n2,Caf\\xE9,12.50\n3,Ok,1.00\n4,"two\nlines \\xFC",2.00\n';

describe('a UTF-8 file with bytes that are not UTF-8 (invalidBytes "hold", the default)', () => {
  it.each([4, 1, 3, 65536])(
    'holds exactly the records that have them, naming line and byte offset (chunks of %i bytes)',
    async (chunkBytes) => {
      const bytes = bytesOf(MIXED);
      await writeFile(join(folder, 'vendors.csv'), bytes);
      expect(bytes.indexOf(0xe9)).toBe(45);
      const pages = await readAll(vendors(), chunkBytes);
      expect(pages.flatMap((page) => page.records)).toEqual([
        { ID: 1, NAME: 'Zoë 東京 😀', AMOUNT: Decimal.parse('10.00') },
        { ID: 2, NAME: null, AMOUNT: Decimal.parse('12.50') },
        { ID: 3, NAME: 'Ok', AMOUNT: Decimal.parse('1.00') },
        { ID: 4, NAME: null, AMOUNT: Decimal.parse('2.00') },
      ]);
      expect(pages.flatMap((page) => page.problems)).toEqual([
        {
          recordIndex: 1,
          field: 'NAME',
          file: 'vendors.csv',
          line: 3,
          raw: 'Caf\\xE9',
          reason: `the byte 0xE9 at byte offset 45 is not UTF-8; ${HINT}`,
          message: `vendors.csv line 3, column NAME: the byte 0xE9 at byte offset 45 is not UTF-8; ${HINT}`,
        },
        expect.objectContaining({
          recordIndex: 3,
          field: 'NAME',
          line: 6,
          raw: 'two\nlines \\xFC',
          reason: `the byte 0xFC at byte offset ${bytes.indexOf(0xfc)} is not UTF-8; ${HINT}`,
        }),
      ]);
    },
  );

  it("keeps a column's type from its good values: a bad byte in one amount holds that record, the column stays decimal", async () => {
    await writeFile(join(folder, 'vendors.csv'), bytesOf('ID,NAME,AMOUNT\n1,a,10.00\n2,b,1\\xA0000.00\n'));
    const source = createFileSource({ connection: { folder }, entities: [vendors({ fields: {} })] });
    const [schema] = await source.discover();
    expect(schema?.fields.find((field) => field.name === 'AMOUNT')?.type).toBe('decimal');
    const pages = await readAll(vendors({ fields: {} }));
    expect(pages[0]?.problems.map((problem) => [problem.field, problem.line, problem.raw])).toEqual([
      ['AMOUNT', 3, '1\\xA0000.00'],
    ]);
  });

  it('refuses a header line with such bytes under either policy: its columns cannot be named', async () => {
    await writeFile(join(folder, 'vendors.csv'), bytesOf('ID,N\\xC4ME\n1,a\n'));
    const error = await caught(readAll(vendors({ fields: {} })));
    expect(error.code).toBe('FILE_ENCODING_INVALID');
    expect(error.message).toBe(
      `vendors.csv line 1: the header line: the byte 0xC4 at byte offset 4 is not UTF-8, so its columns cannot be named; ${HINT}`,
    );
  });

  it('holds a JSONL record whose string has such bytes; a line they break as JSON stops the read', async () => {
    await writeFile(
      join(folder, 'people.jsonl'),
      bytesOf('{"id": 1, "name": "Zoë"}\n{"id": 2, "name": "Ren\\xE9", "n\\xE4me": "x"}\n'),
    );
    const people: FileEntityConfig = { entity: 'people', file: 'people.jsonl', key: ['id'] };
    const pages = await readAll(people, 5);
    expect(pages.flatMap((page) => page.records)).toEqual([
      { id: 1, name: 'Zoë' },
      { id: 2, name: null, 'n\\xE4me': null },
    ]);
    expect(
      pages
        .flatMap((page) => page.problems)
        .map(({ recordIndex, field, line, raw, reason }) => ({ recordIndex, field, line, raw, reason })),
    ).toEqual([
      {
        recordIndex: 1,
        field: 'name',
        line: 2,
        raw: '"Ren\\xE9"',
        reason: `the byte 0xE9 at byte offset 48 is not UTF-8; ${HINT}`,
      },
      {
        recordIndex: 1,
        field: 'n\\xE4me',
        line: 2,
        raw: '"x"',
        reason: `the byte 0xE4 at byte offset 54 is not UTF-8; ${HINT}`,
      },
    ]);

    await writeFile(join(folder, 'people.jsonl'), bytesOf('{"id": 1}\n{"id": 2, \\xFF}\n'));
    const error = await caught(readAll(people));
    expect(error.code).toBe('FILE_ENCODING_INVALID');
    expect(error.message).toBe(
      `people.jsonl line 2: the byte 0xFF at byte offset 20 is not UTF-8, so the line is not valid JSON and cannot be read; ${HINT}`,
    );
  });
});

describe('invalidBytes "refuse"', () => {
  it('refuses the file before handing out a single page, naming file, line and byte offset', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `${i + 1},vendor ${i + 1},1.00`);
    lines[44] = '45,Caf\\xE9,1.00';
    const bytes = bytesOf(`ID,NAME,AMOUNT\n${lines.join('\n')}\n`);
    await writeFile(join(folder, 'vendors.csv'), bytes);
    const source = createFileSource({
      connection: { folder },
      entities: [vendors({ invalidBytes: 'refuse' })],
      chunkBytes: 16,
    });
    const pages: FileSourcePage[] = [];
    const error = await caught(
      (async () => {
        for await (const page of source.read({ entity: 'vendors', key: ['ID'], pageSize: 1 })) pages.push(page);
      })(),
    );
    expect(pages).toEqual([]);
    expect(error.code).toBe('FILE_ENCODING_INVALID');
    expect(error.message).toBe(
      `vendors.csv line 46: the byte 0xE9 at byte offset ${bytes.indexOf(0xe9)} is not UTF-8, so the file is refused (its stream says invalidBytes "refuse"); ${HINT}`,
    );
    expect({ file: error.file, line: error.line }).toEqual({ file: 'vendors.csv', line: 46 });
  });

  it('refuses every file of a pattern before reading the first, and reads a clean file as usual', async () => {
    await writeFile(join(folder, 'vendors-1.csv'), 'ID,NAME,AMOUNT\n1,Zoë,1.00\n');
    await writeFile(join(folder, 'vendors-2.csv'), bytesOf('ID,NAME,AMOUNT\n2,Caf\\xE9,1.00\n'));
    const entity = vendors({ file: 'vendors-*.csv', invalidBytes: 'refuse' });
    const error = await caught(readAll(entity, 3, 1));
    expect(error.message).toMatch(
      /^vendors-2\.csv line 2: the byte 0xE9 at byte offset 20 is not UTF-8, so the file is refused/,
    );
    const clean = await readAll(vendors({ file: 'vendors-1.csv', invalidBytes: 'refuse' }), 3);
    expect(clean.flatMap((page) => page.records)).toEqual([{ ID: 1, NAME: 'Zoë', AMOUNT: Decimal.parse('1.00') }]);
  });

  it('refuses a JSONL file the same way', async () => {
    await writeFile(join(folder, 'people.jsonl'), bytesOf('{"id": 1, "name": "Zoë"}\n{"id": 2, "name": "Ren\\xE9"}\n'));
    const error = await caught(
      readAll({ entity: 'people', file: 'people.jsonl', key: ['id'], invalidBytes: 'refuse' }),
    );
    expect(error.message).toMatch(
      /^people\.jsonl line 2: the byte 0xE9 at byte offset 48 is not UTF-8, so the file is refused/,
    );
  });
});

describe('Latin-1 and Windows-1252 files', () => {
  // 0x80 is € in Windows-1252 and a C1 control in Latin-1; 0xE9 is é in both.
  const EXPORT = 'ID,NAME,AMOUNT\n1,Caf\\xE9 \\x80,1.00\n2,\\x93quoted\\x94,2.00\n';

  it('reads latin1 as ISO-8859-1, with no bad bytes', async () => {
    await writeFile(join(folder, 'vendors.csv'), bytesOf(EXPORT));
    const pages = await readAll(vendors({ encoding: 'latin1' }), 4);
    expect(pages.flatMap((page) => page.records.map((record) => record['NAME']))).toEqual([
      'Café \u0080',
      '\u0093quoted\u0094',
    ]);
    expect(pages.flatMap((page) => page.problems)).toEqual([]);
  });

  it('reads windows-1252 with € and curly quotes where Windows puts them', async () => {
    await writeFile(join(folder, 'vendors.csv'), bytesOf(EXPORT));
    const pages = await readAll(vendors({ encoding: 'windows-1252' }), 4);
    expect(pages.flatMap((page) => page.records.map((record) => record['NAME']))).toEqual(['Café €', '“quoted”']);
  });

  it('refuses an encoding it does not read, naming the ones it does', () => {
    expect(() =>
      createFileSource({ connection: { folder }, entities: [vendors({ encoding: 'utf-16' as never })] }),
    ).toThrow(
      'entity "vendors": encoding "utf-16" is not one the file source reads; use "utf-8", "latin1" or "windows-1252"',
    );
    expect(() =>
      createFileSource({ connection: { folder }, entities: [vendors({ invalidBytes: 'skip' as never })] }),
    ).toThrow('entity "vendors": invalidBytes "skip" is not a choice; use "hold" or "refuse"');
  });
});
