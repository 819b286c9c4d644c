import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileConnectorDescriptor, testFileConnection } from './descriptor.ts';

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
    expect(fileConnectorDescriptor.streams.options.filter((option) => option.required).map((option) => option.name)).toEqual(['file']);
    expect(JSON.parse(JSON.stringify(fileConnectorDescriptor))).toEqual(fileConnectorDescriptor); // plain data
  });

  it('tests a connection by listing the folder', async () => {
    expect(await testFileConnection({ folder })).toEqual({ ok: true, message: 'folder can be read; it holds 1 file' });
    const missing = await testFileConnection({ folder: join(folder, 'nope') });
    expect(missing.ok).toBe(false);
    expect(missing.message).toMatch(/nope does not exist$/);
    const notFolder = await testFileConnection({ folder: join(folder, 'gl.csv') });
    expect(notFolder).toMatchObject({ ok: false });
    expect(notFolder.message).toMatch(/is not a folder$/);
  });
});
