/** The `afterLoad` job trigger against the simulator's Jobs API: real HTTPS, OAuth M2M bearer, no clock waits. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TargetTable } from '../../engine/model/io.ts';
import { openDatabricksDestination, type DatabricksDestination } from './destination.ts';
import { idempotencyToken } from './job-trigger.ts';
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
});
