/**
 * Issue 15's after-load job and its failure, end to end: the real runner and run store, the real
 * @databricks/sql driver against the Databricks simulator (staged Parquet, COPY INTO), its Jobs API
 * failing runs on demand in Databricks' own shapes. A failed job leaves the batches it was given
 * waiting; the next run offers exactly those again (with no new source rows, and without loading
 * anything again); a job that succeeds ends their wait; nothing in the table is doubled.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabricksDestination, type DatabricksDestination } from '../connectors/databricks/destination.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from '../connectors/databricks/simulator/server.ts';
import { jobRunText } from '../engine/cli/audit-report.ts';
import { openRunStore, type RunStoreReader } from '../engine/store/index.ts';
import { tempStateDir } from '../engine/runner/testing/test-support.ts';
import { addressOf, glLines, JOB_ID, jobPipeline, jobRunHarness, TABLE } from './databricks-job-fixture.ts';

let sim: DatabricksSimulator;
let reader: DatabricksDestination;
const TASK_ERROR = 'AnalysisException: [UNRESOLVED_COLUMN] A column `cost_centre` cannot be resolved.';

beforeAll(async () => {
  sim = await startDatabricksSimulator({ jobs: { [JOB_ID]: 'SUCCESS' } });
  reader = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token: sim.credentials.token },
  });
});
afterAll(async () => {
  await reader?.close();
  await sim?.close();
});
beforeEach(async () => {
  await reader.sql.query(`DROP TABLE IF EXISTS ${TABLE}`);
});

function inStore<T>(stateDir: string, read: (store: RunStoreReader) => T): T {
  const store = openRunStore(stateDir, { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

const awaiting = (stateDir: string) =>
  inStore(stateDir, (s) => s.batchesAwaitingJob('ledger-test', 'lines', { table: TABLE, jobId: JOB_ID }));
const jobRunsOf = (stateDir: string, runId: string) => inStore(stateDir, (s) => s.getRun(runId)?.jobRuns ?? []);
const launchedFor = (before: number) => sim.jobs.launched().slice(before);

async function tableRows(): Promise<{ rows: number; ids: number[]; batches: string[] }> {
  const rows = await reader.sql.query(`SELECT id, _mlc_batch_id AS batch FROM ${TABLE} ORDER BY id`);
  return {
    rows: rows.length,
    ids: rows.map((r) => Number(r['id'])),
    batches: [...new Set(rows.map((r) => String(r['batch'])))].sort(),
  };
}

describe('a failed Databricks job gets its batches again on the next run', () => {
  it('fails, is recorded with its error, is re-triggered for the same batches (and new ones) until it succeeds; nothing doubled', async () => {
    const stateDir = tempStateDir();
    const harness = jobRunHarness(addressOf(sim), glLines());
    const loaded = jobPipeline();
    const before = sim.jobs.launched().length;

    // 1. Ten lines load in two batches; the job run given them fails.
    sim.jobs.failRuns(JOB_ID, { error: TASK_ERROR });
    const first = await harness.run(loaded, stateDir);
    expect(first.status).toBe('failed');
    expect(first.streams[0]).toMatchObject({ read: 10, written: 10, status: 'failed' });
    expect(first.streams[0]?.error?.code).toBe('DATABRICKS_JOB_FAILED');
    expect(first.streams[0]?.error?.message).toMatch(/TERMINATED\/FAILED/);
    expect(first.streams[0]?.error?.message).toContain(TASK_ERROR);
    expect(first.streams[0]?.error?.message).toMatch(/2 batches wait for the job and will be offered to it again/);
    const firstBatches = [`${first.runId}.lines.000001`, `${first.runId}.lines.000002`];
    expect(awaiting(stateDir)).toEqual(firstBatches);
    const [failedRun] = launchedFor(before);
    expect(failedRun?.parameters).toEqual({
      mlc_table: TABLE,
      mlc_sync_run: first.runId,
      mlc_batch_count: '2',
      mlc_batch_ids: firstBatches.join(','),
    });
    expect(jobRunsOf(stateDir, first.runId)).toEqual([
      {
        runId: first.runId,
        stream: 'lines',
        table: TABLE,
        jobId: JOB_ID,
        jobRunId: failedRun?.runId,
        lifeCycleState: 'TERMINATED',
        resultState: 'FAILED',
        stateMessage: expect.stringContaining(`task consume_batches: ${TASK_ERROR}`),
        runPageUrl: `${sim.baseUrl}/?o=0#job/${JOB_ID}/run/${failedRun?.runId}`,
        outcome: 'failed',
        batchIds: firstBatches,
        at: expect.any(String),
      },
    ]);
    expect(inStore(stateDir, (s) => s.getRun(first.runId)?.error?.code)).toBe('DATABRICKS_JOB_FAILED');
    // As `ml-connector audit RUN` prints it.
    expect(jobRunText(jobRunsOf(stateDir, first.runId)[0]!)).toBe(
      `lines: job ${JOB_ID} run ${failedRun?.runId} TERMINATED/FAILED, failed, given 2 batches: Task consume_batches failed with message: Workload failed, see run output for details. This caused all downstream tasks to get skipped. | task consume_batches: ${TASK_ERROR} (${sim.baseUrl}/?o=0#job/${JOB_ID}/run/${failedRun?.runId})`,
    );

    // 2. One new line; the job fails again: it is given the first run's batches and the new one.
    harness.source.upsert('lines', glLines(1, 11)[0]!);
    sim.jobs.failRuns(JOB_ID, { error: TASK_ERROR });
    const second = await harness.run(loaded, stateDir);
    expect(second.status).toBe('failed');
    const allBatches = [...firstBatches, `${second.runId}.lines.000001`];
    expect(awaiting(stateDir)).toEqual(allBatches);
    expect(launchedFor(before)[1]?.parameters['mlc_batch_ids']).toBe(allBatches.join(','));

    // 3. No new line at all: the job is started again for exactly those batches, and succeeds.
    const third = await harness.run(loaded, stateDir);
    expect(third.status).toBe('ok');
    // (The line at the watermark is read again by the closed start and counted as already loaded.)
    expect(third.streams[0]).toMatchObject({ written: 0, held: 0 });
    const succeeded = launchedFor(before)[2];
    expect(succeeded?.parameters['mlc_batch_ids']).toBe(allBatches.join(','));
    expect(jobRunsOf(stateDir, third.runId)).toMatchObject([
      { jobRunId: succeeded?.runId, lifeCycleState: 'TERMINATED', resultState: 'SUCCESS', outcome: 'succeeded' },
    ]);
    expect(awaiting(stateDir)).toEqual([]);

    // Nothing was loaded twice: eleven source lines, eleven rows, each under the batch the job was told of.
    expect(await tableRows()).toEqual({
      rows: 11,
      ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      batches: [...allBatches].sort(),
    });
    expect((await sim.controlTotals())[TABLE]?.rows).toBe(11);

    // 4. A further run with nothing new starts no job.
    const fourth = await harness.run(loaded, stateDir);
    expect(fourth.status).toBe('ok');
    expect(launchedFor(before)).toHaveLength(3);
    expect(jobRunsOf(stateDir, fourth.runId)).toEqual([]);
    // The waits were counted from the injected sleep: five polls per waited job run, four waits between them.
    expect(harness.polls).toEqual(Array(12).fill(5_000));
  });

  it('keeps a secret the job echoes out of the audit trail', async () => {
    const stateDir = tempStateDir();
    const harness = jobRunHarness(addressOf(sim), glLines(3));
    sim.jobs.failRuns(JOB_ID, { error: `Py4JJavaError: could not connect with token ${sim.credentials.token}` });
    const run = await harness.run(jobPipeline(), stateDir);
    expect(run.status).toBe('failed');
    const [recorded] = jobRunsOf(stateDir, run.runId);
    expect(recorded?.stateMessage).toContain('could not connect with token ***');
    expect(JSON.stringify(inStore(stateDir, (s) => s.getRun(run.runId)))).not.toContain(sim.credentials.token);
    expect(run.streams[0]?.error?.message).not.toContain(sim.credentials.token);
  });

  it('a job that cannot be started at all leaves the batches waiting, in the audit as not started', async () => {
    const stateDir = tempStateDir();
    const harness = jobRunHarness(addressOf(sim), glLines(3));
    const missingJob = jobPipeline({ runJob: 99 });
    const run = await harness.run(missingJob, stateDir);
    expect(run.status).toBe('failed');
    expect(jobRunsOf(stateDir, run.runId)).toMatchObject([
      {
        jobId: 99,
        jobRunId: null,
        outcome: 'not-started',
        stateMessage: expect.stringMatching(/Job 99 does not exist/),
      },
    ]);
    expect(inStore(stateDir, (s) => s.batchesAwaitingJob('ledger-test', 'lines', { table: TABLE, jobId: 99 }))).toEqual(
      [`${run.runId}.lines.000001`],
    );
  });
});

describe('wait: false', () => {
  it('hands the batches to the job run it starts and does not follow it: no replay by ml-connector, no second job', async () => {
    const stateDir = tempStateDir();
    const harness = jobRunHarness(addressOf(sim), glLines(3));
    const loaded = jobPipeline({ runJob: JOB_ID, wait: false });
    const before = sim.jobs.launched().length;
    // The run will fail in the workspace; not waited for, ml-connector does not learn it.
    sim.jobs.failRuns(JOB_ID, { error: TASK_ERROR });
    const first = await harness.run(loaded, stateDir);
    expect(first.status).toBe('ok');
    expect(jobRunsOf(stateDir, first.runId)).toMatchObject([
      { lifeCycleState: 'QUEUED', resultState: null, outcome: 'started', batchIds: [`${first.runId}.lines.000001`] },
    ]);
    expect(awaiting(stateDir)).toEqual([]);
    expect(harness.polls).toEqual([]);
    await harness.run(loaded, stateDir);
    expect(launchedFor(before)).toHaveLength(1);
    expect((await tableRows()).rows).toBe(3);
  });
});

describe('kill -9 between the load and the job', () => {
  it('leaves the loaded batches waiting; the next run starts the job for them without loading them again', async () => {
    const stateDir = tempStateDir();
    const before = sim.jobs.launched().length;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./databricks-job-kill.child.ts', import.meta.url)), stateDir],
      {
        cwd: fileURLToPath(new URL('../', import.meta.url)),
        env: { ...process.env, MLC_SIM_ADDRESS: JSON.stringify(addressOf(sim)) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
    expect(signal, stderr).toBe('SIGKILL');
    expect(launchedFor(before)).toEqual([]);
    const [killedRun] = inStore(stateDir, (s) => s.listRuns({ limit: 1 }));
    const loadedBatches = [`${killedRun?.runId}.lines.000001`, `${killedRun?.runId}.lines.000002`];
    expect(awaiting(stateDir)).toEqual(loadedBatches);

    const harness = jobRunHarness(addressOf(sim), glLines());
    const next = await harness.run(jobPipeline(), stateDir);
    expect(next.status).toBe('ok');
    expect(next.streams[0]).toMatchObject({ written: 0 });
    expect(launchedFor(before).map((r) => r.parameters['mlc_batch_ids'])).toEqual([loadedBatches.join(',')]);
    expect(awaiting(stateDir)).toEqual([]);
    expect(await tableRows()).toMatchObject({ rows: 10, ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    expect(inStore(stateDir, (s) => s.getRun(killedRun!.runId)?.status)).toBe('interrupted');
  });
});
