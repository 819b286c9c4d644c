import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileConnectorDescriptor } from './descriptor.ts';
import { findFolder } from './check.ts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-descriptor-'));
  await writeFile(join(folder, 'gl.csv'), 'A\n1\n');
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('file connector descriptor', () => {
  it('describes the connector as data: no sign-in, one folder, streams the user configures', () => {
    expect(fileConnectorDescriptor.id).toBe('file');
    expect(fileConnectorDescriptor.label).toBe('CSV / JSONL files');
    expect(fileConnectorDescriptor.authMethods).toEqual(['none']);
    expect(fileConnectorDescriptor.addressParts.map((part) => part.name)).toEqual(['folder']);
    expect(fileConnectorDescriptor.streams.configuredBy).toBe('user');
    expect(
      fileConnectorDescriptor.streams.options.filter((option) => option.required).map((option) => option.name),
    ).toEqual(['file']);
    expect(JSON.parse(JSON.stringify(fileConnectorDescriptor))).toEqual(fileConnectorDescriptor); // plain data
  });

  it('tests a connection by finding the folder (the test check and the studio run)', async () => {
    expect(await findFolder(folder, './exports')).toEqual({ ok: true, message: 'folder ./exports found' });
    const missing = await findFolder(join(folder, 'nope'), './nope');
    expect(missing).toMatchObject({ ok: false, code: 'ENOENT' });
    const notFolder = await findFolder(join(folder, 'gl.csv'), './gl.csv');
    expect(notFolder).toEqual({ ok: false, message: './gl.csv is not a folder', code: 'ENOTDIR' });
  });
});
