/**
 * Issue 15's job trigger on its integration: the shipped `ifs-to-databricks.json`, whose voucher rows start
 * Databricks job 1 once loaded, against the IFS Cloud simulator and a Databricks simulator whose Jobs API
 * fails that job's next run on demand (`jobs.failRuns`). The failed job fails the stream and is in the
 * audit (job run, state, the task's error); the next run, with nothing new in IFS, starts the job again
 * for the batches the failed run was given; it succeeds and nothing waits any more. The table holds each
 * IFS voucher row once, and debit/credit per accounting period equal IFS's own. Job polling is injected:
 * no clock is waited on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabricksDestination, type DatabricksDestination } from '../connectors/databricks/destination.ts';
import { databricksOptions } from '../connectors/databricks/module.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from '../connectors/databricks/simulator/server.ts';
import { addDecimals } from '../connectors/kit/simulator/control-totals.ts';
import * as registry from '../connectors/registry.ts';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { jobRunText } from '../engine/cli/audit-report.ts';
import { IFS_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import type { ConnectorRegistry } from '../engine/model/index.ts';
import { loadPipelineFile, runPipeline, type RunOutcome } from '../engine/runner/index.ts';
import { openRunStore, type RunStoreReader } from '../engine/store/index.ts';

const JOB_ID = 1;
const TABLE = 'main.finance.ifs_voucher_rows';
const TASK_ERROR =
  'AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `main.reports.ledger_by_period` cannot be found.';

let ifs: SimulatorHandle;
let databricks: DatabricksSimulator;
let reader: DatabricksDestination;
let dir: string;
let secrets: Record<string, string>;
/** Injected `runs/get` waits: what the job polling would have slept. */
const polls: number[] = [];

beforeAll(async () => {
  ifs = await startSimulator('ifs', { port: 0, seed: 15, rows: 120 });
  // Started directly (not through the registry) for its Jobs API switch; job 1 as `simulate databricks` serves it.
  databricks = await startDatabricksSimulator({ jobs: { [JOB_ID]: 'SUCCESS' } });
  reader = openDatabricksDestination({
    host: databricks.host,
    port: databricks.port,
    httpPath: databricks.httpPath,
    caCert: databricks.caCert,
    auth: { kind: 'pat', token: databricks.credentials.token },
  });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-ifs-dbx-job-'));
  secrets = { ...ifs.secrets, databricks_token: databricks.credentials.token };
});

afterAll(async () => {
  await reader?.close();
  await ifs?.close();
  await databricks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The registry as the CLI uses it, with Databricks' job polling injected (the example's own settings otherwise). */
const connectors: ConnectorRegistry = {
  openSource: registry.openSource,
  openDestination: async (context) => {
    if (context.connection.system !== 'databricks') return registry.openDestination(context);
    return openDatabricksDestination({
      ...(await databricksOptions(context)),
      jobs: { intervalMs: 10_000, sleep: async (ms) => void polls.push(ms) },
    });
  },
};

const workspace = () =>
  prepareExampleWorkspace(
    dir,
    {
      ifs,
      databricks: {
        url: databricks.baseUrl,
        address: { host: databricks.host, port: databricks.port, httpPath: databricks.httpPath },
        caCert: databricks.caCert,
      },
    },
    [IFS_TO_DATABRICKS],
  );

async function run(): Promise<RunOutcome> {
  return runPipeline({
    connectors,
    loaded: loadPipelineFile(workspace().files[IFS_TO_DATABRICKS]!),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) => {
      const value = secrets[name];
      return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
    },
    secretValues: () => Object.values(secrets),
    retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
  });
}

function inStore<T>(read: (store: RunStoreReader) => T): T {
  const store = openRunStore(join(dir, 'state'), { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

const pipelineId = () => loadPipelineFile(workspace().files[IFS_TO_DATABRICKS]!).id;
const awaiting = () =>
  inStore((s) => s.batchesAwaitingJob(pipelineId(), 'voucher_rows', { table: TABLE, jobId: JOB_ID }));

type PeriodTotals = Record<string, { rows: number; DebetAmount: string; CreditAmount: string }>;

/** The voucher rows table equals IFS: every key once, and per accounting period IFS's row count, debit and credit. */
async function expectTableEqualsIfs(): Promise<void> {
  const ifsPeriods = (await (await request(`${ifs.url}/__sim/period-totals`)).body.json()) as PeriodTotals;
  const rows = await reader.sql.query(
    `SELECT company, accounting_year, voucher_type, voucher_no, row_no, accounting_period,
            CAST(debit AS STRING) AS debit, CAST(credit AS STRING) AS credit FROM ${TABLE}`,
  );
  const keys = new Set(
    rows.map((r) => [r.company, r.accounting_year, r.voucher_type, r.voucher_no, r.row_no].join('|')),
  );
  expect(keys.size).toBe(rows.length);
  const byPeriod = new Map<string, typeof rows>();
  for (const row of rows) {
    const period = `${String(row.accounting_year)}-${String(row.accounting_period).padStart(2, '0')}`;
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), row]);
  }
  expect([...byPeriod.keys()].sort()).toEqual(Object.keys(ifsPeriods).sort());
  expect(Object.keys(ifsPeriods).length).toBeGreaterThan(3);
  for (const [period, expected] of Object.entries(ifsPeriods)) {
    const held = byPeriod.get(period)!;
    expect(held.length, `${period} rows`).toBe(expected.rows);
    expect(addDecimals(held.map((r) => r.debit as string | null)), `${period} debit`).toBe(expected.DebetAmount);
    expect(addDecimals(held.map((r) => r.credit as string | null)), `${period} credit`).toBe(expected.CreditAmount);
  }
  // The loader's staging tables are emptied after each load: nothing of this run waits in them.
  const tables = await databricks.controlTotals();
  expect(tables[`main.finance._mlc_staging_ifs_voucher_rows`]?.rows).toBe(0);
  for (const [name, held] of Object.entries(tables))
    if (name.includes('._mlc_staging_')) expect(held.rows, name).toBe(0);
}

describe('IFS Cloud -> Databricks: the reporting job fails, then is started again', () => {
  it('a failed job fails voucher_rows with its error in the audit; the next run with nothing new in IFS gives the job the same batches; it succeeds; rows once', async () => {
    const launchedBefore = databricks.jobs.launched().length;

    // 1. Everything loads; the job run given the voucher rows fails as its task raises.
    databricks.jobs.failRuns(JOB_ID, { error: TASK_ERROR });
    const first = await run();
    expect(first.streams.map((s) => [s.name, s.status])).toEqual([
      ['gl_accounts', 'ok'],
      ['code_part_values', 'ok'],
      ['suppliers', 'ok'],
      ['voucher_rows', 'failed'],
      ['supplier_invoices', 'ok'],
      ['purchase_orders', 'ok'],
      ['purchase_order_lines', 'ok'],
    ]);
    const vouchers = first.streams.find((s) => s.name === 'voucher_rows')!;
    expect(vouchers.written).toBeGreaterThan(0);
    expect(vouchers.error?.code).toBe('DATABRICKS_JOB_FAILED');
    expect(vouchers.error?.message).toMatch(/TERMINATED\/FAILED/);
    expect(vouchers.error?.message).toContain(TASK_ERROR);
    const firstBatches = awaiting();
    expect(firstBatches.length).toBeGreaterThan(0);
    const [failedRun, ...others] = databricks.jobs.launched().slice(launchedBefore);
    expect(others).toEqual([]);
    expect(failedRun?.parameters).toMatchObject({ mlc_table: TABLE, mlc_batch_ids: firstBatches.join(',') });
    // The audit: the job run, its states and the task's error (as `ml-connector audit RUN` prints it).
    const [audited] = inStore((s) => s.getRun(first.runId)?.jobRuns ?? []);
    expect(audited).toMatchObject({
      stream: 'voucher_rows',
      table: TABLE,
      jobId: JOB_ID,
      jobRunId: failedRun?.runId,
      lifeCycleState: 'TERMINATED',
      resultState: 'FAILED',
      outcome: 'failed',
      batchIds: firstBatches,
    });
    expect(audited?.stateMessage).toContain(`task consume_batches: ${TASK_ERROR}`);
    expect(jobRunText(audited!)).toContain(
      `voucher_rows: job ${JOB_ID} run ${failedRun?.runId} TERMINATED/FAILED, failed`,
    );
    expect(JSON.stringify(audited)).not.toContain(databricks.credentials.token);
    // The data is loaded all the same, each row once.
    await expectTableEqualsIfs();
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((ms) => ms === 10_000)).toBe(true);

    // 2. The next poll, IFS unchanged: the job is started again for the failed run's batches (and any
    //    the lookback's re-read wrote, after them); it succeeds and nothing waits any more.
    const second = await run();
    expect(second.status).toBe('ok');
    const [retried, ...more] = databricks.jobs.launched().slice(launchedBefore + 1);
    expect(more).toEqual([]);
    const given = retried!.parameters['mlc_batch_ids']!.split(',');
    expect(given.slice(0, firstBatches.length)).toEqual(firstBatches);
    expect(given.slice(firstBatches.length).every((id) => id.startsWith(`${second.runId}.voucher_rows.`))).toBe(true);
    expect(inStore((s) => s.getRun(second.runId)?.jobRuns ?? [])).toMatchObject([
      { jobId: JOB_ID, jobRunId: retried!.runId, resultState: 'SUCCESS', outcome: 'succeeded', batchIds: given },
    ]);
    expect(awaiting()).toEqual([]);
    await expectTableEqualsIfs();

    // 3. A further run gives the job only what that run itself wrote, never the first run's batches again.
    const third = await run();
    expect(third.status).toBe('ok');
    for (const later of databricks.jobs.launched().slice(launchedBefore + 2))
      for (const id of later.parameters['mlc_batch_ids']!.split(','))
        expect(id.startsWith(`${third.runId}.`)).toBe(true);
    expect(awaiting()).toEqual([]);
    await expectTableEqualsIfs();
  }, 180_000);
});
