/**
 * A file stream's `source.options` reach the file source as the descriptor documents them. The registry
 * once copied them by hand and dropped `format`, so a user who set it was told to set it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionContext, parsePipelineDocument, type Pipeline } from '../engine/model/index.ts';
import { openSource } from './registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlc-file-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pipelineReading(options: Record<string, string>): Pipeline {
  const load = parsePipelineDocument({
    version: 3,
    name: 'File options',
    connections: {
      exports: { system: 'file', address: { folder: './exports' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      lines: {
        source: { connection: 'exports', entity: 'lines', key: ['id'], options },
        target: { connection: 'warehouse', table: 'lines', writeMode: 'append' },
        mappings: { id: { type: 'integer', expression: 'id' } },
      },
    },
  });
  if (load.pipeline === undefined) throw new Error(JSON.stringify(load.problems));
  return load.pipeline;
}

describe('file stream options', () => {
  it('reads a file whose extension says nothing, in the format the stream names', async () => {
    const folder = join(dir, 'exports');
    mkdirSync(folder);
    writeFileSync(join(folder, 'lines.dat'), '{"id":1,"amount":"2.50"}\n{"id":2,"amount":"3.00"}\n');
    const pipeline = pipelineReading({ file: 'lines.dat', format: 'jsonl' });
    const source = await openSource(
      connectionContext({ pipeline, dir }, 'exports', {
        resolveSecret: () => Promise.reject(new Error('no secrets here')),
      }),
    );
    const [entity] = await source.discover();
    expect(entity?.fields.map((field) => field.name)).toEqual(['id', 'amount']);
    const rows = [];
    for await (const page of source.read({ entity: 'lines', key: ['id'], pageSize: 10 })) rows.push(...page.records);
    expect(rows).toHaveLength(2);
  });
});
