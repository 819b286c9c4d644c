import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadRequest } from '../../engine/model/io.ts';
import { PlainDate, Timestamp } from '../../engine/model/values/index.ts';
import type { FileEntityConfig } from './config.ts';
import { FileSourceError } from './errors.ts';
import type { FileSourcePage } from './read-entity.ts';
import { createFileSource } from './source.ts';

let folder: string;

// Not sorted by cursor (exports rarely are), and several rows share each DEX_ROW_TS.
const ROWS = [
  ['1', '2024-01-05', '2024-02-01T08:00:00Z', 'Z-US$'],
  ['2', '2024-01-03', '2024-02-01T10:00:00Z', 'Z-C$'],
  ['3', '2024-01-05', '2024-02-01T08:00:00Z', 'Z-C$'],
  ['4', '2024-01-01', '2024-02-01T09:00:00Z', 'Z-US$'],
  ['5', '2024-01-02', '2024-02-01T09:00:00Z', 'Z-US$'],
  ['6', '2024-01-04', '2024-02-01T11:00:00Z', 'Z-US$'],
  ['7', '2024-01-04', '2024-02-01T09:00:00Z', 'Z-C$'],
];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-window-'));
  const lines = ['ID,TRXDATE,DEX_ROW_TS,CURNCYID', ...ROWS.map((row) => row.join(','))];
  await writeFile(join(folder, 'gl.csv'), `${lines.join('\n')}\n`);
  await writeFile(
    join(folder, 'gaps.csv'),
    'ID,DEX_ROW_TS\n1,2024-02-01T08:00:00Z\n2,\n3,yesterday\n4,2024-02-01T12:00:00Z\n',
  );
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const gl: FileEntityConfig = { entity: 'gl', file: 'gl.csv', key: ['ID'], cursorField: 'DEX_ROW_TS' };

async function read(entity: FileEntityConfig, request: Partial<ReadRequest>): Promise<FileSourcePage[]> {
  const source = createFileSource({ connection: { folder }, entities: [entity] });
  const pages: FileSourcePage[] = [];
  const cursorField = entity.cursorField === undefined ? {} : { cursorField: entity.cursorField };
  for await (const page of source.read({ entity: entity.entity, key: ['ID'], pageSize: 3, ...cursorField, ...request }))
    pages.push(page);
  return pages;
}

async function ids(entity: FileEntityConfig, request: Partial<ReadRequest>): Promise<number[]> {
  return (await read(entity, request)).flatMap((page) => page.records.map((record) => record['ID'] as number));
}

describe('file source: cursor window and filters', () => {
  it('says its records are not in cursor order', () => {
    expect(createFileSource({ connection: { folder }, entities: [gl] }).orderedByCursor).toBe(false);
  });

  it('reads everything without a window', async () => {
    expect(await ids(gl, {})).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps every record at the start cursor (closed start), however they are ordered in the file', async () => {
    expect(await ids(gl, { from: { cursor: Timestamp.parse('2024-02-01T09:00:00Z') } })).toEqual([2, 4, 5, 6, 7]);
  });

  it('stops before the end (exclusive) and compares instants, not text', async () => {
    const window = {
      from: { cursor: Timestamp.parse('2024-02-01T03:00:00-06:00') },
      end: Timestamp.parse('2024-02-01T11:00:00+01:00'),
    };
    // 03:00-06:00 is 09:00Z; 11:00+01:00 is 10:00Z.
    expect(await ids(gl, window)).toEqual([4, 5, 7]);
  });

  it('reads a watermark stored as text as the cursor field type', async () => {
    expect(await ids(gl, { from: { cursor: '2024-02-01T10:00:00Z' } })).toEqual([2, 6]);
    await expect(ids(gl, { from: { cursor: 'last tuesday' } })).rejects.toThrow(
      /the cursor start for DEX_ROW_TS is not usable/,
    );
  });

  it('compares dates and integers by value', async () => {
    const byDate = { ...gl, cursorField: 'TRXDATE' };
    expect(await ids(byDate, { from: { cursor: PlainDate.parse('2024-01-04') } })).toEqual([1, 3, 6, 7]);
    const byId = { ...gl, cursorField: 'ID' };
    expect(await ids(byId, { from: { cursor: 3 }, end: 10 })).toEqual([3, 4, 5, 6, 7]);
    expect(await ids(byId, { from: { cursor: 10 } })).toEqual([]);
  });

  it('applies field filters as typed equality, together with the window', async () => {
    expect(await ids(gl, { filters: { CURNCYID: 'Z-C$' } })).toEqual([2, 3, 7]);
    expect(await ids(gl, { filters: { CURNCYID: 'Z-C$' }, from: { cursor: '2024-02-01T09:00:00Z' } })).toEqual([2, 7]);
    expect(await ids(gl, { filters: { TRXDATE: '2024-01-05' } })).toEqual([1, 3]);
  });

  it('keeps a record whose cursor is empty or unreadable, with a problem, instead of guessing it out of the window', async () => {
    const gaps: FileEntityConfig = {
      entity: 'gaps',
      file: 'gaps.csv',
      key: ['ID'],
      cursorField: 'DEX_ROW_TS',
      fields: { DEX_ROW_TS: 'timestamp' },
    };
    const pages = await read(gaps, { from: { cursor: Timestamp.parse('2024-02-01T10:00:00Z') }, pageSize: 10 });
    expect(pages.flatMap((page) => page.records.map((record) => record['ID']))).toEqual([2, 3, 4]);
    expect(
      pages[0]?.problems.map((problem) => [problem.recordIndex, problem.line, problem.field, problem.raw]),
    ).toEqual([
      [0, 3, 'DEX_ROW_TS', ''],
      [1, 4, 'DEX_ROW_TS', 'yesterday'],
    ]);
    expect(pages[0]?.problems[0]?.message).toBe(
      'gaps.csv line 3, column DEX_ROW_TS: the cursor field is empty, so the record cannot be placed in the read window',
    );
    // A full read has no window: the empty cursor is no problem there.
    const full = await read(gaps, { pageSize: 10 });
    expect(full[0]?.problems.map((problem) => problem.raw)).toEqual(['yesterday']);
  });

  it('refuses a cursor field the entity does not have', async () => {
    const error = await read(gl, { cursorField: 'MODIFIED', from: { cursor: 1 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileSourceError);
    expect((error as FileSourceError).message).toMatch(/entity "gl" has no field "MODIFIED"/);
  });
});
