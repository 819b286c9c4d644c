import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbDestination } from './destination.ts';
import { batchOf, glRow, glTarget, scalar } from './test-support.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'duckdb-crash-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs the child until it reports its commit, then kills it with SIGKILL (no shutdown, no checkpoint). */
function writeThenDie(path: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./kill-after-commit.child.ts', import.meta.url).pathname, path],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      if (stdout.includes('\n')) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(stdout.trim()) : reject(new Error(`child ended without committing: ${stderr}`)),
    );
  });
}

describe('a crash between the warehouse commit and the state commit', () => {
  it('loses nothing, and the re-sent batch writes nothing twice', { timeout: 60_000 }, async () => {
    const path = join(folder, 'warehouse.duckdb');
    expect(await writeThenDie(path)).toBe('committed 20000');
    const destination = await openDuckDbDestination({ path });
    try {
      // The run store never heard of the commit, so the runner sends the same batch again.
      const rows = Array.from({ length: 20_000 }, (_, i) => glRow(1 + Math.floor(i / 10), (i % 10) + 1, `${i}.01`));
      expect(await destination.writeBatch(glTarget('append'), batchOf(rows, { batchId: 'b1' }))).toMatchObject({
        inserted: 0,
        alreadyCommitted: 20_000,
      });
      expect(await scalar(destination, 'SELECT count(*) FROM gl_lines')).toBe('20000');
      expect(await scalar(destination, 'SELECT sum(debit)::VARCHAR FROM gl_lines')).toBe('199990200.00'); // sum of i + 0.01, i < 20000
    } finally {
      await destination.close();
    }
  });
});
