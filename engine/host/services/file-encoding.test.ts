/**
 * The studio reads a stream's files as a run does: its field list and its preview follow the stream's
 * `encoding` option, and a byte that is not UTF-8 shows as a held row naming line and byte offset.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../model/index.ts';
import { previewService } from './preview.ts';
import { SampleCache } from './sample-cache.ts';
import { schemaService } from './schema.ts';
import { testHostContext } from './test-context.ts';

let dir: string;

const context = () => testHostContext(dir);

/** A Windows-1252 vendor export (é is 0xE9, € is 0x80) and a pipeline reading it with `options`. */
function pipelineReading(options: Record<string, string>): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    join(dir, 'data', 'vendors.csv'),
    Buffer.concat([Buffer.from('ID,NAME\n1,Caf'), Buffer.from([0xe9, 0x20, 0x80]), Buffer.from('\n2,Ok\n')]),
  );
  const pipeline: Pipeline = {
    version: 3,
    name: 'Vendors',
    connections: {
      files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      vendors: {
        source: { connection: 'files', entity: 'vendors', key: ['ID'], options: { file: 'vendors.csv', ...options } },
        target: { connection: 'warehouse', table: 'vendors', writeMode: 'merge', mergeKey: ['id'] },
        mappings: {
          id: { type: 'integer', expression: 'ID', required: true },
          name: { type: 'string', expression: 'NAME' },
        },
      },
    },
  };
  writeFileSync(join(dir, 'vendors.json'), JSON.stringify(pipeline));
  return 'vendors.json';
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-encoding-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the studio reads files in the stream's encoding", () => {
  it('shows windows-1252 text in the field list and the preview', async () => {
    const path = pipelineReading({ encoding: 'windows-1252' });
    const [entity] = await schemaService(context()).entities({ pipeline: { path }, connection: 'files' });
    expect(entity?.fields.find((field) => field.name === 'NAME')?.samples).toEqual(['Café €', 'Ok']);
    const preview = await previewService(context(), { cache: new SampleCache() }).stream({
      pipeline: { path },
      stream: 'vendors',
    });
    expect(preview.rows).toEqual([
      { id: 1, name: 'Café €' },
      { id: 2, name: 'Ok' },
    ]);
    expect(preview.held).toEqual([]);
  });

  it('holds the row in the preview, naming line and byte offset, when the file is read as UTF-8', async () => {
    const path = pipelineReading({});
    const preview = await previewService(context(), { cache: new SampleCache() }).stream({
      pipeline: { path },
      stream: 'vendors',
    });
    expect(preview.rows).toEqual([{ id: 2, name: 'Ok' }]);
    expect(preview.held.map((row) => row.reasons.map((reason) => reason.message))).toEqual([
      [
        'vendors.csv line 2, column NAME: the bytes 0xE9 0x80 from byte offset 13 are not UTF-8; ' +
          'if the file was saved as Latin-1 or Windows-1252, set the stream\'s encoding option to "latin1" or "windows-1252"',
      ],
    ]);
  });
});
