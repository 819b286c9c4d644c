/**
 * Crash test with real processes: `ml-connector run` loads 1,000,000 GL lines into DuckDB (append, so a
 * doubled line would show) and is killed with SIGKILL at random points, several times; a last run
 * finishes. The warehouse must then hold exactly the source: row count, debit and credit sums, and
 * every (journal, line) once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../engine/store/index.ts';
import { makeGlFixture } from './gl-fixture.ts';

const ROWS = Number(process.env.MLC_CRASH_ROWS ?? 1_000_000);
const KILLS = 3;
const CLI = new URL('../bin/ml-connector.mjs', import.meta.url).pathname;

function startRun(pipeline: string, state: string): ChildProcess {
  return spawn(process.execPath, [CLI, 'run', pipeline, '--state', state, '--json'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function committedBatches(state: string): number {
  try {
    const store = openRunStore(state, { readonly: true });
    try {
      return store
        .listRuns({ limit: 10 })
        .reduce((sum, run) => sum + run.streams.reduce((s, stream) => s + stream.batches, 0), 0);
    } finally {
      store.close();
    }
  } catch {
    return 0; // the store does not exist yet
  }
}

async function waitFor(condition: () => boolean, child: ChildProcess, limitMs: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (child.exitCode !== null) return false;
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
}

describe('kill -9 during a run', () => {
  it(`loses and doubles nothing over ${ROWS} GL lines`, { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-crash-'));
    const fixture = await makeGlFixture(dir, ROWS, { writeMode: 'append', batchSize: 20_000 });
    const state = join(dir, 'state');
    const totalBatches = Math.ceil(ROWS / 20_000);
    let killedAt = 0;
    for (let trial = 0; trial < KILLS; trial++) {
      const child = startRun(fixture.pipelinePath, state);
      // Kill somewhere after the next few batches commit: a different moment each trial.
      const target = killedAt + 1 + Math.floor(Math.random() * Math.max(1, totalBatches / (KILLS + 1)));
      const reached = await waitFor(() => committedBatches(state) >= target, child, 240_000);
      child.kill('SIGKILL');
      await exited(child);
      expect(reached, `run ${trial + 1} should still be running at batch ${target}`).toBe(true);
      killedAt = committedBatches(state);
    }
    const last = startRun(fixture.pipelinePath, state);
    let stderr = '';
    last.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    expect(await exited(last), stderr).toBe(0);

    const db = await DuckDBInstance.create(fixture.warehousePath);
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::VARCHAR AS n, sum(debit)::VARCHAR AS debit, sum(credit)::VARCHAR AS credit,
              count(DISTINCT (journal_entry, line_number))::VARCHAR AS distinct_lines
         FROM gl_lines`,
    );
    const [row] = reader.getRowObjectsJS();
    connection.closeSync();
    expect(row).toEqual({
      n: String(ROWS),
      debit: fixture.totals.debitTotal,
      credit: fixture.totals.creditTotal,
      distinct_lines: String(ROWS),
    });
  });
});
