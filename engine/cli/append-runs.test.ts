/**
 * The CSV example set to append, run again and again as a scheduler would: its one-hour lookback (and
 * the closed start at the watermark) re-reads lines already written, and append must not write them
 * twice. 8 source lines stay 8 rows, however many runs; a new line is still appended. (Each run is a
 * process of its own, as a scheduler starts it: the limits are generous for a busy two-core machine.)
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, copyOfExamples, nonEmptyLines, tempDir } from './test-support.ts';

const PIPELINE = 'csv-to-duckdb.json';
const temp = tempDir();
afterAll(() => temp.remove());

async function rowsIn(warehouse: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(warehouse);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      "SELECT journal_entry || '/' || line_number || '=' || debit || '-' || credit FROM gl_lines ORDER BY 1",
    );
    return reader.getRows().map((row) => String(row[0]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

interface StreamCounts {
  read: number;
  written: number;
  held: number;
  alreadyLoaded: number;
  failed: number;
}

function summary(stdout: string): { status: string; runId: string; streams: StreamCounts[] } {
  return JSON.parse(nonEmptyLines(stdout).at(-1)!) as ReturnType<typeof summary>;
}

describe('the CSV example in append mode, run four times', () => {
  let folder: string;

  beforeAll(() => {
    folder = copyOfExamples(join(temp.path, 'append'));
    const file = join(folder, PIPELINE);
    const pipeline = JSON.parse(readFileSync(file, 'utf8')) as {
      streams: { gl_lines: { target: { writeMode: string; mergeKey?: string[] } } };
    };
    pipeline.streams.gl_lines.target.writeMode = 'append';
    delete pipeline.streams.gl_lines.target.mergeKey;
    writeFileSync(file, JSON.stringify(pipeline, null, 2));
    // Every line has a cost center, so all 8 are written and none is held.
    appendFileSync(join(folder, 'lookups', 'cost-centers.csv'), '000-6900-00,CC-FACILITIES\n');
  });

  it('holds 8 rows for the 8 source lines, every run ok', async () => {
    const counts: StreamCounts[] = [];
    for (let run = 1; run <= 4; run++) {
      const result = await cli(['run', PIPELINE, '--json'], { cwd: folder });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(summary(result.stdout).status).toBe('ok');
      counts.push(summary(result.stdout).streams[0]!);
    }
    expect(counts[0]).toMatchObject({ read: 8, written: 8, held: 0, alreadyLoaded: 0, failed: 0 });
    // The later runs did read lines again (the lookback window), wrote none of them twice, and say so:
    // the 4 lines of the last timestamp are already in the destination, not written.
    for (const later of counts.slice(1))
      expect(later).toMatchObject({ read: 4, written: 0, held: 0, alreadyLoaded: 4, failed: 0 });
    const rows = await rowsIn(join(folder, 'warehouse.duckdb'));
    expect(rows).toHaveLength(8);
    expect(new Set(rows).size).toBe(8);
  }, 180_000);

  it('still appends a line that is new, once, and counts it alone as written', async () => {
    appendFileSync(
      join(folder, 'data', 'gl-lines-2024-01.csv'),
      '1005,16384,000-6100-00,2024-02-01,5.00,0.00,Stamps,Z-US$,2024-02-01T08:00:00Z\n',
    );
    const counts: StreamCounts[] = [];
    const runIds: string[] = [];
    for (let run = 1; run <= 2; run++) {
      const result = await cli(['run', PIPELINE, '--json'], { cwd: folder });
      expect(result.code).toBe(0);
      counts.push(summary(result.stdout).streams[0]!);
      runIds.push(summary(result.stdout).runId);
    }
    // The lookback re-read the 4 lines of the old last timestamp beside the new one.
    expect(counts[0]).toMatchObject({ read: 5, written: 1, held: 0, alreadyLoaded: 4, failed: 0 });
    expect(counts[1]).toMatchObject({ read: 1, written: 0, held: 0, alreadyLoaded: 1, failed: 0 });
    const rows = await rowsIn(join(folder, 'warehouse.duckdb'));
    expect(rows).toHaveLength(9);
    expect(rows).toContain('1005/16384=5.00-0.00');

    // The run store and the audit trail count the same way, and the re-read lines reconcile.
    const audit = await cli(['audit', runIds[0]!, '--json'], { cwd: folder });
    expect(audit.code).toBe(0);
    const [run, ...batches] = nonEmptyLines(audit.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(run!['streams']).toEqual([
      expect.objectContaining({ stream: 'gl_lines', read: 5, written: 1, held: 0, alreadyLoaded: 4 }),
    ]);
    expect(batches).toEqual([
      expect.objectContaining({ countIn: 5, countOut: 1, countHeld: 0, countAlreadyLoaded: 4 }),
    ]);
    expect(batches[0]!['reconciliation']).toMatchObject({
      verdict: 'match',
      rows: { source: 5, destination: 5, held: 0, alreadyLoaded: 4, verdict: 'match' },
    });
    const table = await cli(['audit', runIds[0]!], { cwd: folder });
    expect(table.stdout).not.toContain('MISMATCH');
    expect(table.stdout).toContain('4 already loaded');
  }, 120_000);
});
