/**
 * The runs service over the real engine: the CSV example into DuckDB in a temporary folder. The write
 * plan before and after a run, a run's events and its held row, the control totals in the audit, and
 * a replay after the lookup table is fixed reconciling the first run.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPipelineFile } from '../../runner/index.ts';
import { SecretRegistry } from '../../secrets/index.ts';
import { tryAcquireRunLock, RunLockedError } from '../../store/index.ts';
import type { HostContext, HostSecrets } from './context.ts';
import { runsService } from './runs.ts';

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples', import.meta.url));
const PIPELINE = { path: 'examples/csv-to-duckdb.json' };

const noSecrets: HostSecrets = {
  resolve: async (name) => Promise.reject(new Error(`no secret ${name}`)),
  lookup: async () => undefined,
  set: async () => {},
  delete: async () => false,
  describe: () => 'none',
};

let dir: string;
let events: { type: string; job: string; outcome?: { status: string } }[];
let finished: ((event: { job: string; outcome?: { status: string } }) => void) | undefined;

function service() {
  const context: HostContext = {
    cwd: dir,
    stateDir: join(dir, 'state'),
    secrets: noSecrets,
    registry: new SecretRegistry(),
    publish: (event) => {
      const e = event as (typeof events)[number];
      events.push(e);
      if (e.type === 'run-finished' || e.type === 'run-failed') finished?.(e);
    },
  };
  return runsService(context);
}

/** Starts a run and resolves with its final event (the host's own signal, not a timer). */
async function runToEnd(runs: ReturnType<typeof service>) {
  const done = new Promise<{ job: string; outcome?: { status: string } }>((resolve) => (finished = resolve));
  const { job } = await runs.start({ pipeline: PIPELINE });
  const event = await done;
  expect(event.job).toBe(job);
  return event;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-runs-service-'));
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
  events = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runs service', () => {
  it('plans, runs, holds the unmapped account, and reconciles once the replay writes it', async () => {
    const runs = service();
    expect((await runs.plan({ pipeline: PIPELINE })).streams).toEqual([
      {
        name: 'gl_lines',
        table: 'gl_lines',
        writeMode: 'merge',
        read: 8,
        inserts: 7,
        updates: 0,
        unchanged: 0,
        held: 1,
      },
    ]);

    const end = await runToEnd(runs);
    expect(end.outcome?.status).toBe('held');
    expect(events.some((e) => e.type === 'run-progress')).toBe(true);

    const holds = await runs.holds({ pipeline: PIPELINE });
    expect(holds).toHaveLength(1);
    expect(holds[0]!.reasons[0]!.message).toContain('000-6900-00');
    expect(holds[0]!.sourceRecord.DEBITAMT).toBe('42.10');

    const [first] = await runs.audit({ pipeline: PIPELINE });
    expect(first!.openHolds).toBe(1);
    expect(first!.afterReplays).toBeNull();
    const own = first!.reconciliation[0]!;
    expect(own.comparison.rows).toEqual({ source: 8, destination: 7, held: 1, alreadyLoaded: 0, verdict: 'match' });
    expect(own.comparison.verdict).toBe('held');
    expect(own.comparison.periods.find((p) => p.measure === 'debit')).toMatchObject({
      source: '2602.54',
      destination: '2560.44',
      difference: '42.10',
    });

    // FP&A adds the missing account to the cost center table; the replay uses it.
    appendFileSync(join(dir, 'examples/lookups/cost-centers.csv'), '000-6900-00,CC-FACILITIES\n');
    const replayed = await runs.replay({ pipeline: PIPELINE, id: holds[0]!.batchId });
    expect(replayed).toMatchObject({ status: 'ok', replayed: 1, resolved: 1, stillHeld: 0 });
    expect(await runs.holds({ pipeline: PIPELINE })).toEqual([]);
    const [resolved] = await runs.holds({ pipeline: PIPELINE, status: 'resolved' });
    expect(resolved!.resolvedByRunId).toBe(replayed.runId);

    const [replayRun, original] = await runs.audit({ pipeline: PIPELINE });
    expect(replayRun!.trigger).toBe('replay');
    expect(replayRun!.reconciliation[0]!.comparison.verdict).toBe('match');
    expect(original!.openHolds).toBe(0);
    expect(original!.resolvedHolds).toBe(1);
    expect(original!.afterReplays?.replayRunIds).toEqual([replayed.runId]);
    const after = original!.afterReplays!.streams[0]!.comparison;
    expect(after.verdict).toBe('match');
    expect(after.rows).toEqual({ source: 8, destination: 8, held: 0, alreadyLoaded: 0, verdict: 'match' });

    // The lookback window reads the last timestamp again: those rows are already there, unchanged.
    const [again] = (await runs.plan({ pipeline: PIPELINE })).streams;
    expect(again).toMatchObject({ inserts: 0, updates: 0, held: 0 });
    expect(again!.unchanged).toBeGreaterThan(0);

    // Run again: those rows are counted as already loaded, not written, and reconcile without a mismatch.
    events = [];
    const rerun = await runToEnd(runs);
    expect(rerun.outcome).toMatchObject({
      status: 'ok',
      streams: [{ name: 'gl_lines', read: 4, written: 0, held: 0, alreadyLoaded: 4, failed: 0 }],
    });
    const [latest] = await runs.audit({ pipeline: PIPELINE });
    expect(latest!.streams).toEqual([
      expect.objectContaining({ stream: 'gl_lines', read: 4, written: 0, held: 0, alreadyLoaded: 4 }),
    ]);
    expect(latest!.reconciliation[0]!.comparison.rows).toEqual({
      source: 4,
      destination: 4,
      held: 0,
      alreadyLoaded: 4,
      verdict: 'match',
    });
    expect(latest!.reconciliation[0]!.comparison.verdict).toBe('match');
  });

  it('plans from the unsaved text, and names the destination it cannot open', async () => {
    const runs = service();
    const text = readFileSync(join(dir, PIPELINE.path), 'utf8').replace(
      './warehouse.duckdb',
      './no-such-folder/warehouse.duckdb',
    );
    await expect(runs.plan({ pipeline: { ...PIPELINE, text } })).rejects.toMatchObject({
      code: 'DUCKDB_OPEN_FAILED',
      message: expect.stringContaining('no-such-folder/warehouse.duckdb'),
    });
  });

  it('refuses a run or a replay with RUN_LOCKED, naming the holder, while the pipeline runs elsewhere', async () => {
    const runs = service();
    const pipelineId = loadPipelineFile(join(dir, PIPELINE.path)).id;
    const other = tryAcquireRunLock({ stateDir: join(dir, 'state'), pipelineId, who: 'run', runId: 'cli-run-1' });
    if (other instanceof RunLockedError) throw other;
    const refused = {
      code: 'RUN_LOCKED',
      message: expect.stringMatching(/held by `ml-connector run` \(pid \d+ .*run cli-run-1\)/),
    };
    await expect(runs.start({ pipeline: PIPELINE })).rejects.toMatchObject(refused);
    await expect(runs.replay({ pipeline: PIPELINE, id: 'any-batch' })).rejects.toMatchObject(refused);
    expect(events).toEqual([]);
    other.release();

    // Its own run holds the lock too: a second start while the first runs is refused, naming the studio.
    const done = new Promise<{ job: string; outcome?: { status: string } }>((resolve) => (finished = resolve));
    const { job } = await runs.start({ pipeline: PIPELINE });
    await expect(runs.start({ pipeline: PIPELINE })).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      message: expect.stringContaining('held by the studio'),
    });
    expect((await done).job).toBe(job);
    // Released when the run ends: the next one starts.
    expect((await runToEnd(runs)).outcome?.status).toBe('held');
  });
});
