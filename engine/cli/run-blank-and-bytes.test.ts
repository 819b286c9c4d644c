/**
 * Values that used to be written without a word, driven through the real CLI as a user would: a
 * required column that comes out blank is held with its reason (exit 1, `holds` says why).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, nonEmptyLines, tempDir } from './test-support.ts';

const temp = tempDir();
afterAll(() => temp.remove());

const json = (text: string) => nonEmptyLines(text).map((line) => JSON.parse(line) as Record<string, any>);

interface Folder {
  readonly dir: string;
  readonly pipeline: string;
}

/** A pipeline of one stream from data/<file> into a DuckDB warehouse, in a folder of its own. */
function pipelineFolder(name: string, file: string, content: string | Buffer, stream: Record<string, any>): Folder {
  const dir = join(temp.path, name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', file), content);
  const pipeline = {
    version: 2,
    name,
    settings: { batchSize: 2 },
    connections: {
      files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './warehouse.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      accounts: {
        source: { connection: 'files', entity: 'accounts', key: ['ID'], options: { file }, ...stream['source'] },
        target: { connection: 'warehouse', table: 'accounts', writeMode: 'merge', mergeKey: ['id'] },
        mappings: stream['mappings'],
      },
    },
  };
  writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(pipeline, null, 2));
  return { dir, pipeline: 'pipeline.json' };
}

function summaryOf(stdout: string): Record<string, any> {
  const summary = json(stdout).at(-1)!;
  expect(summary.type).toBe('summary');
  return summary;
}

describe('a required column that comes out blank', () => {
  it("holds rows whose required text is '' or only spaces (exit 1) and `holds` names the column and says it was blank", async () => {
    const csv = 'ID,ACCT\n1,4000-100\n2,\n3,"\u00a0 "\n4,4100-200\n';
    const folder = pipelineFolder('required-blank', 'accounts.csv', csv, {
      mappings: {
        id: { type: 'integer', expression: 'ID', required: true },
        // Row 4's account is fine, but the formula writes '' for it.
        account: { type: 'string', expression: 'IF(ID = 4, "", ACCT)', required: true },
      },
    });
    const run = await cli(['run', folder.pipeline, '--json'], { cwd: folder.dir });
    expect(run.stderr).not.toContain('error:');
    expect(run.code).toBe(1);
    const summary = summaryOf(run.stdout);
    expect(summary.status).toBe('held');
    expect(summary.streams[0]).toMatchObject({ name: 'accounts', read: 4, written: 1, held: 3 });

    const holds = json((await cli(['holds', '--json'], { cwd: folder.dir })).stdout);
    const reasons = holds.map((hold) => [hold.sourceRecord.ID, hold.reasons.map((r: Record<string, string>) => `${r.column}: ${r.message}`)]);
    expect(reasons.sort()).toEqual([
      [2, ['account: Required column "account" is blank: the expression gave empty text.']],
      [3, ['account: Required column "account" is blank: the expression gave only spaces (U+00A0 U+0020).']],
      [4, ['account: Required column "account" is blank: the expression gave empty text.']],
    ]);
    const text = await cli(['holds'], { cwd: folder.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('3 rows held for review');
    expect(text.stdout).toContain('Required column "account" is blank');
  });
});
