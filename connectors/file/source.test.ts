import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadRequest } from '../../engine/model/io.ts';
import { Decimal, PlainDate, Timestamp } from '../../engine/model/values/index.ts';
import type { FileEntityConfig } from './config.ts';
import { FileSourceError } from './errors.ts';
import { createFileSource } from './source.ts';
import type { FileSourcePage } from './read-entity.ts';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-source-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const GL_HEADER = 'JRNENTRY,SEQNUMBR,ACTNUMST,TRXDATE,DEBITAMT,CRDTAMNT,DSCRIPTN,CURNCYID,DEX_ROW_TS';

function glEntity(extra: Partial<FileEntityConfig> = {}): FileEntityConfig {
  return { entity: 'gl_lines', file: 'gl.csv', key: ['JRNENTRY', 'SEQNUMBR'], cursorField: 'DEX_ROW_TS', ...extra };
}

async function readAll(entity: FileEntityConfig, request: Partial<ReadRequest> = {}): Promise<FileSourcePage[]> {
  const source = createFileSource({ connection: { folder }, entities: [entity] });
  const pages: FileSourcePage[] = [];
  for await (const page of source.read({ entity: entity.entity, key: entity.key ?? [], pageSize: 100, ...request }))
    pages.push(page);
  await source.close();
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

describe('file source: discover', () => {
  it('infers GL line types, keeps account numbers as strings, and takes key and cursor from the stream', async () => {
    await writeFile(
      join(folder, 'gl.csv'),
      `${GL_HEADER}\r\n` +
        '1001,16384,000-4100-00,2024-01-31,125.50,0.00,"Freight, inbound",Z-US$,2024-02-01T08:00:00.000Z\r\n' +
        '1001,32768,000-2100-00,2024-01-31,0.00,125.50,,Z-US$,2024-02-01T08:00:00.000Z\r\n',
    );
    const source = createFileSource({ connection: { folder }, entities: [glEntity({ label: 'GL lines' })] });
    const [schema] = await source.discover();
    expect(schema).toEqual({
      entity: 'gl_lines',
      label: 'GL lines',
      key: ['JRNENTRY', 'SEQNUMBR'],
      cursorField: 'DEX_ROW_TS',
      fields: [
        { name: 'JRNENTRY', type: 'integer' },
        { name: 'SEQNUMBR', type: 'integer' },
        { name: 'ACTNUMST', type: 'string' },
        { name: 'TRXDATE', type: 'date' },
        { name: 'DEBITAMT', type: 'decimal' },
        { name: 'CRDTAMNT', type: 'decimal' },
        { name: 'DSCRIPTN', type: 'string' },
        { name: 'CURNCYID', type: 'string' },
        { name: 'DEX_ROW_TS', type: 'timestamp' },
      ],
    });
  });

  it('lets explicit types win over inference', async () => {
    await writeFile(join(folder, 'vendors.csv'), 'VENDORID,ZIP,HOLD\n00123,02139,1\n00456,10001,0\n');
    const entity: FileEntityConfig = {
      entity: 'vendors',
      file: 'vendors.csv',
      fields: { VENDORID: 'integer', HOLD: 'boolean' },
    };
    const source = createFileSource({ connection: { folder }, entities: [entity] });
    const [schema] = await source.discover();
    expect(schema?.fields).toEqual([
      { name: 'VENDORID', type: 'integer' },
      { name: 'ZIP', type: 'string' },
      { name: 'HOLD', type: 'boolean' },
    ]);
    const [page] = await readAll(entity);
    expect(page?.records).toEqual([
      { VENDORID: 123, ZIP: '02139', HOLD: true },
      { VENDORID: 456, ZIP: '10001', HOLD: false },
    ]);
  });

  it('infers from the first N rows only, and reports what later rows break as problems', async () => {
    await writeFile(join(folder, 'n.csv'), 'N\n1\n2\n3\nnot a number\n');
    const entity: FileEntityConfig = { entity: 'n', file: 'n.csv' };
    const source = createFileSource({ connection: { folder }, entities: [entity], inferenceRows: 3 });
    expect((await source.discover())[0]?.fields).toEqual([{ name: 'N', type: 'integer' }]);
    const wide = createFileSource({ connection: { folder }, entities: [entity] });
    expect((await wide.discover())[0]?.fields).toEqual([{ name: 'N', type: 'string' }]);
  });

  it('refuses a key, cursor or declared field that is not a column, naming the columns', async () => {
    await writeFile(join(folder, 'gl.csv'), `${GL_HEADER}\n`);
    const badKey = createFileSource({ connection: { folder }, entities: [glEntity({ key: ['JRNENTRY', 'LINE'] })] });
    expect((await caught(badKey.discover())).message).toMatch(
      /"LINE" is used as key or cursor but is not a field of "gl.csv" \(fields: JRNENTRY, SEQNUMBR/,
    );
    const badField = createFileSource({
      connection: { folder },
      entities: [glEntity({ fields: { AMOUNT: 'decimal' } })],
    });
    expect((await caught(badField.discover())).code).toBe('FILE_CONFIG_INVALID');
  });

  it('names the missing file as configured', async () => {
    const source = createFileSource({ connection: { folder }, entities: [glEntity({ file: 'exports/gl-2024.csv' })] });
    const error = await caught(source.discover());
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain('file "exports/gl-2024.csv" was not found');
    const pattern = createFileSource({ connection: { folder }, entities: [glEntity({ file: 'gl-*.csv' })] });
    expect((await caught(pattern.discover())).message).toContain('no file matches "gl-*.csv"');
  });

  it('refuses a file outside the folder and an unknown entity', async () => {
    const escape = createFileSource({ connection: { folder }, entities: [glEntity({ file: '../secrets.csv' })] });
    expect((await caught(escape.discover())).code).toBe('FILE_CONFIG_INVALID');
    const source = createFileSource({ connection: { folder }, entities: [glEntity()] });
    const error = await caught(
      source.read({ entity: 'vendors', key: [], pageSize: 10 })[Symbol.asyncIterator]().next(),
    );
    expect(error.message).toBe('no file entity named "vendors" (configured: gl_lines)');
  });
});

describe('file source: read', () => {
  it('types every value: exact decimals, dates, timestamps; an empty amount is null', async () => {
    await writeFile(
      join(folder, 'gl.csv'),
      `\uFEFF${GL_HEADER}\n1001,16384,000-4100-00,2024-01-31,12345678901234567.89,,"Vendor ""ACME"", inv",Z-US$,2024-02-01T08:00:00-06:00\n`,
    );
    // One row cannot show that the empty CRDTAMNT is an amount: the stream declares it.
    const [page] = await readAll(glEntity({ fields: { CRDTAMNT: 'decimal' } }));
    const record = page?.records[0] ?? {};
    expect(record['JRNENTRY']).toBe(1001);
    expect(record['ACTNUMST']).toBe('000-4100-00');
    expect(record['TRXDATE']).toEqual(PlainDate.parse('2024-01-31'));
    expect(record['DEBITAMT']).toBeInstanceOf(Decimal);
    expect(String(record['DEBITAMT'])).toBe('12345678901234567.89');
    expect(record['CRDTAMNT']).toBeNull();
    expect(record['DSCRIPTN']).toBe('Vendor "ACME", inv');
    expect((record['DEX_ROW_TS'] as Timestamp).compare(Timestamp.parse('2024-02-01T14:00:00Z'))).toBe(0);
    expect(page?.problems).toEqual([]);
  });

  it('keeps a row whose value does not fit its column, with null there and the problem named by file, line and column', async () => {
    await writeFile(
      join(folder, 'gl.csv'),
      `${GL_HEADER}\n` +
        '1001,16384,000-4100-00,2024-01-31,10.00,0.00,ok,Z-US$,2024-02-01T08:00:00Z\n' +
        '1001,32768,000-2100-00,2024-01-31,"12,50",0.00,"multi\nline",Z-US$,2024-02-01T08:00:00Z\n' +
        '1002,16384,000-2100-00,2024-02-30,0.00,1.00,bad date,Z-US$,2024-02-01T08:00:00Z\n',
    );
    const pages = await readAll(glEntity({ fields: { DEBITAMT: 'decimal', TRXDATE: 'date' } }), { pageSize: 2 });
    expect(pages.map((page) => page.records.length)).toEqual([2, 1]);
    expect(pages[0]?.records[1]?.['DEBITAMT']).toBeNull();
    expect(pages[0]?.records[1]?.['DSCRIPTN']).toBe('multi\nline');
    expect(pages[0]?.problems).toEqual([
      {
        recordIndex: 1,
        file: 'gl.csv',
        line: 3,
        field: 'DEBITAMT',
        raw: '12,50',
        reason: 'expected a decimal number but got "12,50": thousands separators are not read',
        message:
          'gl.csv line 3, column DEBITAMT: expected a decimal number but got "12,50": thousands separators are not read',
      },
    ]);
    // The quoted line break in line 3 makes the next record start on line 5.
    expect(pages[1]?.problems.map((p) => [p.recordIndex, p.line, p.field, p.raw])).toEqual([
      [0, 5, 'TRXDATE', '2024-02-30'],
    ]);
  });

  it('fails on a ragged line, naming file and line', async () => {
    await writeFile(join(folder, 'gl.csv'), `${GL_HEADER}\n1,2,3,2024-01-01,1,0,x,Z,2024-01-01T00:00:00Z\n1,2,3\n`);
    const error = await caught(readAll(glEntity()));
    expect(error.code).toBe('CSV_RAGGED_LINE');
    expect(error.message).toBe('gl.csv line 3: 3 fields where the header has 9');
  });

  it('fails on an unterminated quote, naming file and line', async () => {
    await writeFile(join(folder, 'a.csv'), 'A,B\n1,2\n3,"open\n4,5\n');
    const error = await caught(readAll({ entity: 'a', file: 'a.csv' }));
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.message).toMatch(/^a\.csv line 3: field 2 opens a quote that is never closed/);
  });

  it('reads every file a pattern matches, in name order, and refuses one whose columns differ', async () => {
    await writeFile(join(folder, 'gl-lines-2.csv'), 'ID,AMT\n3,3.00\n');
    await writeFile(join(folder, 'gl-lines-1.csv'), 'AMT,ID\n1.00,1\n2.00,2\n');
    await writeFile(join(folder, 'other.csv'), 'ID,AMT\n9,9.00\n');
    const entity: FileEntityConfig = { entity: 'gl', file: 'gl-lines-*.csv' };
    const pages = await readAll(entity);
    expect(pages.flatMap((page) => page.records.map((r) => [r['ID'], String(r['AMT'])]))).toEqual([
      [1, '1.00'],
      [2, '2.00'],
      [3, '3.00'],
    ]);
    await writeFile(join(folder, 'gl-lines-3.csv'), 'ID,AMOUNT\n4,4.00\n');
    const error = await caught(readAll(entity));
    expect(error.message).toBe(
      "gl-lines-3.csv line 1: the header does not match the entity's columns: it lacks AMT; it has columns the entity does not (AMOUNT)",
    );
  });

  it('reads a semicolon-separated file and timestamps without offset in the configured zone', async () => {
    await writeFile(join(folder, 'e.csv'), 'ID;AT\n1;2024-07-01 09:30:00\n');
    const [page] = await readAll({ entity: 'e', file: 'e.csv', delimiter: ';', defaultZone: 'America/Chicago' });
    expect(String(page?.records[0]?.['AT'])).toBe('2024-07-01T09:30:00-05:00');
  });
});

describe('file source: progress', () => {
  it('tells how much of the read is done, rising to all of it on the last page', async () => {
    const lines = Array.from(
      { length: 500 },
      (_, i) => `${i},1,000-4100-00,2024-01-01,1.00,0.00,x,USD,2024-01-01T00:00:00Z`,
    );
    await writeFile(join(folder, 'gl.csv'), `${GL_HEADER}\n${lines.join('\n')}\n`);
    const source = createFileSource({ connection: { folder }, entities: [glEntity()], chunkBytes: 4096 });
    const done: number[] = [];
    for await (const page of source.read({ entity: 'gl_lines', key: ['JRNENTRY', 'SEQNUMBR'], pageSize: 50 }))
      done.push(page.progress?.done ?? -1);
    await source.close();
    expect(done.length).toBeGreaterThan(3);
    expect(done.every((value, i) => value > 0 && value <= 1 && (i === 0 || value >= done[i - 1]!))).toBe(true);
    expect(done[0]).toBeLessThan(1);
    expect(done[done.length - 1]).toBe(1);
  });
});
