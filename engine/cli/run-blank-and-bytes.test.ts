/**
 * Values that used to be written without a word, driven through the real CLI as a user would: a
 * required column that comes out blank is held with its reason (exit 1, `holds` says why), and a
 * byte that is not UTF-8 holds its record or refuses the file, as the stream's options say.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
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
    version: 3,
    name,
    settings: { batchSize: 500 },
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

// Each case spawns the command two or three times; on a busy two-core machine one spawn can take seconds.
const SLOW = { timeout: 120_000 };

describe('a required column that comes out blank', SLOW, () => {
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
    const reasons = holds.map((hold) => [
      hold.sourceRecord.ID,
      hold.reasons.map((r: Record<string, string>) => `${r.column}: ${r.message}`),
    ]);
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

async function warehouseNames(folder: Folder): Promise<string[]> {
  const db = await DuckDBInstance.create(join(folder.dir, 'warehouse.duckdb'));
  const connection = await db.connect();
  try {
    const tables = await connection.runAndReadAll(
      "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'accounts'",
    );
    if (tables.getRowObjectsJS()[0]?.['n'] === 0) return [];
    const rows = await connection.runAndReadAll('SELECT name FROM accounts ORDER BY id');
    return rows.getRowObjectsJS().map((row) => String(row['name']));
  } finally {
    connection.closeSync();
  }
}

const HINT =
  'if the file was saved as Latin-1 or Windows-1252, set the stream\'s encoding option to "latin1" or "windows-1252"';
const NAMES = {
  id: { type: 'integer', expression: 'ID', required: true },
  name: { type: 'string', expression: 'NAME' },
};
/** A vendor export from an ERP that writes Windows-1252: "Café" with é as 0xE9, "€ fees" with € as 0x80. */
const EXPORT = Buffer.concat([
  Buffer.from('ID,NAME\n1,Zoe\n2,Caf'),
  Buffer.from([0xe9]),
  Buffer.from('\n3,'),
  Buffer.from([0x80]),
  Buffer.from(' fees\n4,Ok\n5,Fine\n'),
]);

describe('a file with bytes that are not UTF-8', SLOW, () => {
  it('holds the records that have them by default, naming line and byte offset, and writes the rest (exit 1)', async () => {
    const folder = pipelineFolder('bytes-hold', 'accounts.csv', EXPORT, { mappings: NAMES });
    const run = await cli(['run', folder.pipeline, '--json'], { cwd: folder.dir });
    expect(run.code).toBe(1);
    expect(summaryOf(run.stdout).streams[0]).toMatchObject({ read: 5, written: 3, held: 2 });
    const holds = json((await cli(['holds', '--json'], { cwd: folder.dir })).stdout);
    expect(holds.map((hold) => hold.reasons.map((r: Record<string, string>) => r.message)).sort()).toEqual([
      [`accounts.csv line 3, column NAME: the byte 0xE9 at byte offset 19 is not UTF-8; ${HINT}`],
      [`accounts.csv line 4, column NAME: the byte 0x80 at byte offset 23 is not UTF-8; ${HINT}`],
    ]);
    expect(await warehouseNames(folder)).toEqual(['Zoe', 'Ok', 'Fine']);
  });

  it('refuses the file with invalidBytes "refuse": exit 1 naming file, line and byte offset, and nothing of it written', async () => {
    // Far more than one read chunk (64 KiB) of good lines before the bad byte: pages of them would be written before it is met.
    const good = Array.from({ length: 6000 }, (_, i) => `${i + 1},vendor number ${i + 1}\n`).join('');
    const content = Buffer.concat([Buffer.from(`ID,NAME\n${good}6001,Caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
    const folder = pipelineFolder('bytes-refuse', 'accounts.csv', content, {
      source: { options: { file: 'accounts.csv', invalidBytes: 'refuse' } },
      mappings: NAMES,
    });
    const run = await cli(['run', folder.pipeline], { cwd: folder.dir });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      `accounts.csv line 6002: the byte 0xE9 at byte offset ${content.indexOf(0xe9)} is not UTF-8, so the file is refused (its stream says invalidBytes "refuse"); ${HINT}`,
    );
    expect(existsSync(join(folder.dir, 'warehouse.duckdb')) ? await warehouseNames(folder) : []).toEqual([]);
  });

  it('reads the export as windows-1252 when the stream says so (exit 0), € and é as Windows wrote them', async () => {
    const folder = pipelineFolder('bytes-1252', 'accounts.csv', EXPORT, {
      source: { options: { file: 'accounts.csv', encoding: 'windows-1252' } },
      mappings: NAMES,
    });
    const run = await cli(['run', folder.pipeline], { cwd: folder.dir });
    expect(run.stderr).not.toContain('error:');
    expect(run.code).toBe(0);
    expect(await warehouseNames(folder)).toEqual(['Zoe', 'Café', '€ fees', 'Ok', 'Fine']);
  });

  it('refuses an encoding it does not read (exit 1), naming the ones it does', async () => {
    const folder = pipelineFolder('bytes-utf16', 'accounts.csv', EXPORT, {
      source: { options: { file: 'accounts.csv', encoding: 'utf-16' } },
      mappings: NAMES,
    });
    const run = await cli(['run', folder.pipeline], { cwd: folder.dir });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(
      'encoding "utf-16" is not one the file source reads; use "utf-8", "latin1" or "windows-1252"',
    );
  });
});
