/** The `afterLoad` job trigger against the simulator's Jobs API: real HTTPS, OAuth M2M bearer, no clock waits. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TargetTable } from '../../engine/model/io.ts';
import { openDatabricksDestination, type DatabricksDestination } from './destination.ts';
import { idempotencyToken, MAX_JOB_PARAMETER_BYTES, type DatabricksJobRunError } from './job-trigger.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';

let sim: DatabricksSimulator;
let dest: DatabricksDestination;
let polls: number[] = [];
let retries: number[] = [];

const target = (afterLoad?: TargetTable['afterLoad']): TargetTable => ({
  table: 'main.finance.gl_balances',
  columns: [{ name: 'account', type: { kind: 'string' }, required: true }],
  writeMode: 'merge',
  mergeKey: ['account'],
  allowDestructiveChanges: false,
  ...(afterLoad === undefined ? {} : { afterLoad }),
});

beforeAll(async () => {
  sim = await startDatabricksSimulator({ jobs: { 7: 'SUCCESS', 8: 'FAILED', 9: 'INTERNAL_ERROR' } });
  dest = openDatabricksDestination({
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'oauth-m2m', clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret },
    retry: { sleep: async (ms) => void retries.push(ms) },
    jobs: { intervalMs: 15_000, maxWaitMs: 60_000, sleep: async (ms) => void polls.push(ms) },
  });
});
afterAll(async () => {
  await dest?.close();
  await sim?.close();
});
beforeEach(() => {
  polls = [];
  retries = [];
});

describe('afterLoad: run a Databricks job', () => {
  it('starts the job, polls runs/get at the injected interval until TERMINATED/SUCCESS', async () => {
    const outcome = await dest.finishRun(target({ runJob: 7 }), { runId: 'run-a' });
    expect(outcome).toMatchObject({
      jobId: 7,
      state: 'TERMINATED/SUCCESS',
      detail: expect.stringMatching(/^Databricks job 7 run \d+ succeeded$/),
    });
    // QUEUED, PENDING, RUNNING, TERMINATING, then TERMINATED: four waits between five polls.
    expect(polls).toEqual([15_000, 15_000, 15_000, 15_000]);
    expect(sim.jobs.launched()).toEqual([{ runId: outcome?.jobRunId, jobId: 7, parameters: {} }]);
  });

  it('a retried trigger for the same sync run gets the same job run back; another sync run starts a new one', async () => {
    const before = sim.jobs.launched().length;
    const first = await dest.finishRun(target({ runJob: 7, wait: false }), { runId: 'run-b' });
    const again = await dest.finishRun(target({ runJob: 7, wait: false }), { runId: 'run-b' });
    expect(again?.jobRunId).toBe(first?.jobRunId);
    expect(sim.jobs.launched().length).toBe(before + 1);
    const other = await dest.finishRun(target({ runJob: 7, wait: false }), { runId: 'run-c' });
    expect(other?.jobRunId).not.toBe(first?.jobRunId);
    expect(first).toMatchObject({ state: 'QUEUED' });
    expect(polls).toEqual([]);
  });

  it('derives a token of at most 64 characters from run, table and job', () => {
    const token = idempotencyToken('20250131T120000-abcdef12', 'main.finance.gl_balances', 7);
    expect(token.length).toBeLessThanOrEqual(64);
    expect(token).toBe(idempotencyToken('20250131T120000-abcdef12', 'main.finance.gl_balances', 7));
    expect(token).not.toBe(idempotencyToken('20250131T120000-abcdef12', 'main.finance.gl_lines', 7));
  });

  it('a failed job run is an error naming the job, its state and its state message', async () => {
    await expect(dest.finishRun(target({ runJob: 8 }), { runId: 'run-d' })).rejects.toMatchObject({
      code: 'DATABRICKS_JOB_FAILED',
      message: expect.stringMatching(
        /^Databricks job 8 run \d+ did not succeed \(TERMINATED\/FAILED\): Run terminated$/,
      ),
    });
    await expect(dest.finishRun(target({ runJob: 9 }), { runId: 'run-d' })).rejects.toThrow(
      /job 9 run \d+ did not succeed \(INTERNAL_ERROR\/FAILED\)/,
    );
  });

  it('an unknown job is a clear error, not retried', async () => {
    await expect(dest.finishRun(target({ runJob: 99 }), { runId: 'run-e' })).rejects.toMatchObject({
      code: 'DATABRICKS_JOB_FAILED',
      message: 'Databricks job 99 could not be started: Job 99 does not exist.',
    });
    expect(retries).toEqual([]);
  });

  it('waits out a 429 for the Retry-After the workspace asks for', async () => {
    sim.faults.throttleRest = { count: 1, retryAfterSeconds: 3 };
    expect(await dest.finishRun(target({ runJob: 7, wait: false }), { runId: 'run-f' })).toMatchObject({ jobId: 7 });
    expect(retries).toEqual([3_000]);
  });

  it('gives up waiting after maxWaitMs of polling, saying the run goes on', async () => {
    const patient = openDatabricksDestination({
      host: sim.host,
      port: sim.port,
      httpPath: sim.httpPath,
      caCert: sim.caCert,
      auth: { kind: 'pat', token: sim.credentials.token },
      jobs: { intervalMs: 30_000, maxWaitMs: 60_000, sleep: async (ms) => void polls.push(ms) },
    });
    try {
      await expect(patient.finishRun(target({ runJob: 7 }), { runId: 'run-g' })).rejects.toThrow(
        /^Databricks job 7 run \d+ was still RUNNING after 1 min of waiting; it goes on/,
      );
      expect(polls).toEqual([30_000, 30_000]);
    } finally {
      await patient.close();
    }
  });

  it('does nothing without afterLoad', async () => {
    const before = sim.jobs.launched().length;
    expect(await dest.finishRun(target(), { runId: 'run-h' })).toBeUndefined();
    expect(sim.jobs.launched().length).toBe(before);
  });

  it('tells the job which batches to read through job parameters; the same batches in the same run get the same job run', async () => {
    const before = sim.jobs.launched().length;
    const batchIds = ['run-i.gl.000001', 'run-i.gl.000002'];
    const first = await dest.finishRun(target({ runJob: 7, wait: false }), { runId: 'run-i', batchIds });
    const again = await dest.finishRun(target({ runJob: 7, wait: false }), { runId: 'run-i', batchIds });
    expect(again?.jobRunId).toBe(first?.jobRunId);
    const more = await dest.finishRun(target({ runJob: 7, wait: false }), {
      runId: 'run-i',
      batchIds: [...batchIds, 'run-i.gl.000003'],
    });
    expect(more?.jobRunId).not.toBe(first?.jobRunId);
    expect(sim.jobs.launched().slice(before)[0]?.parameters).toEqual({
      mlc_table: 'main.finance.gl_balances',
      mlc_sync_run: 'run-i',
      mlc_batch_count: '2',
      mlc_batch_ids: 'run-i.gl.000001,run-i.gl.000002',
    });
    expect(first?.jobRuns).toEqual([
      { jobId: 7, jobRunId: first?.jobRunId, batchIds, lifeCycleState: 'QUEUED', outcome: 'started' },
    ]);
    // Nothing to consume: no job run.
    expect(await dest.finishRun(target({ runJob: 7 }), { runId: 'run-i', batchIds: [] })).toBeUndefined();
    expect(sim.jobs.launched().length).toBe(before + 2);
  });

  it('gives a long batch list to successive job runs, each under the parameter bound, in commit order', async () => {
    const before = sim.jobs.launched().length;
    const batchIds = Array.from(
      { length: 400 },
      (_, i) => `20250131T120000-abcdef12.gl_lines.${String(i + 1).padStart(6, '0')}`,
    );
    const done = await dest.finishRun(target({ runJob: 7 }), { runId: 'run-j', batchIds });
    const launched = sim.jobs.launched().slice(before);
    expect(launched.length).toBeGreaterThan(1);
    for (const run of launched)
      expect(Buffer.byteLength(JSON.stringify(run.parameters))).toBeLessThanOrEqual(MAX_JOB_PARAMETER_BYTES);
    expect(launched.flatMap((run) => run.parameters['mlc_batch_ids']!.split(','))).toEqual(batchIds);
    expect(done?.jobRuns?.map((r) => r.outcome)).toEqual(launched.map(() => 'succeeded'));
  });

  it("a run failed on demand reports Databricks' states, the failed task's cause and the run page; the next run succeeds", async () => {
    sim.jobs.failRuns(7, {
      error: 'AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `silver.gl` cannot be found.',
    });
    const failure = (await dest.finishRun(target({ runJob: 7 }), { runId: 'run-k', batchIds: ['b1'] }).then(
      () => undefined,
      (error: unknown) => error,
    )) as DatabricksJobRunError;
    expect(failure.code).toBe('DATABRICKS_JOB_FAILED');
    expect(failure.message).toMatch(
      /^Databricks job 7 run \d+ did not succeed \(TERMINATED\/FAILED\): Task consume_batches failed with message: Workload failed, see run output for details\. .* \| task consume_batches: AnalysisException: \[TABLE_OR_VIEW_NOT_FOUND\]/,
    );
    const [run] = failure.jobRuns;
    expect(run).toMatchObject({
      jobId: 7,
      batchIds: ['b1'],
      lifeCycleState: 'TERMINATED',
      resultState: 'FAILED',
      outcome: 'failed',
      runPageUrl: `${sim.baseUrl}/?o=0#job/7/run/${run?.jobRunId}`,
      stateMessage: expect.stringContaining('task consume_batches: AnalysisException'),
    });
    expect(await dest.finishRun(target({ runJob: 7 }), { runId: 'run-l', batchIds: ['b1'] })).toMatchObject({
      state: 'TERMINATED/SUCCESS',
    });
  });

  it('when a later part fails, the parts that succeeded before it are reported with the failure', async () => {
    const batchIds = Array.from(
      { length: 400 },
      (_, i) => `20250131T120000-abcdef12.gl_lines.${String(i + 1).padStart(6, '0')}`,
    );
    const before = sim.jobs.launched().length;
    await dest.finishRun(target({ runJob: 7, wait: false }), { runId: 'run-m0', batchIds });
    const parts = sim.jobs.launched().length - before;
    expect(parts).toBe(2);
    // The first part's run succeeds, the second fails.
    sim.jobs.failRuns(7, { after: 1 });
    const failure = (await dest.finishRun(target({ runJob: 7 }), { runId: 'run-m', batchIds }).then(
      () => undefined,
      (error: unknown) => error,
    )) as DatabricksJobRunError;
    expect(failure.jobRuns.map((r) => r.outcome)).toEqual(['succeeded', 'failed']);
    expect(failure.jobRuns.flatMap((r) => r.batchIds)).toEqual(batchIds);
  });
});
