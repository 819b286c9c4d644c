/**
 * The Runs screen shows the jobs a run started after the load: the GP -> Databricks example, its
 * gl_accounts stream starting Databricks job 42 once loaded, run from the studio against the GP and
 * Databricks simulators with that job's run failing as a task raising an error does. The run's detail
 * lists the failed job run (linked to its Databricks page), Databricks' error text and the batches that
 * still wait for a job; axe finds nothing serious there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../connectors/registry.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from '../../connectors/databricks/simulator/server.ts';
import { seriousViolations } from './axe.ts';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible } from './harness.ts';
import { testSecrets, uniqueSecretName, type TestSecrets } from './secrets.ts';
import { pointPipelineAt, startSimulators, type RunningSimulators } from './simulators.ts';

const FILE = 'examples/gp-to-databricks.json';
const JOB_ID = 42;
const TASK_ERROR =
  'AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`finance`.`gl_account_report` cannot be found.';

let studio: Studio | undefined;
let gp: RunningSimulators | undefined;
let databricks: DatabricksSimulator | undefined;
let secrets: TestSecrets | undefined;
const secretNames = { gp: uniqueSecretName('gp_password'), databricks: uniqueSecretName('databricks_token') };
afterEach(async () => {
  await studio?.close();
  studio = undefined;
  await gp?.close();
  await databricks?.close();
  await secrets?.forget(Object.values(secretNames));
});
afterAll(closeBrowser);

/** The Databricks simulator as the pipeline pointer takes it: its SQL warehouse address and CA. */
function addressOf(sim: DatabricksSimulator): SimulatorHandle {
  return {
    address: { host: sim.host, port: sim.port, httpPath: sim.httpPath },
    caCert: sim.caCert,
  } as unknown as SimulatorHandle;
}

/** gl_accounts starts job 42 once loaded and waits for its run. */
function startJobAfterAccounts(path: string): void {
  const file = JSON.parse(readFileSync(path, 'utf8')) as {
    streams: Record<string, { target: { afterLoad?: unknown } }>;
  };
  file.streams.gl_accounts!.target.afterLoad = { runJob: JOB_ID };
  writeFileSync(path, JSON.stringify(file, null, 2));
}

describe('the Runs screen: jobs after the load', () => {
  it("lists the failed job run with Databricks' error text and the batches still waiting for a job", async () => {
    gp = await startSimulators(['gp'], { rows: 20 });
    // The studio polls runs/get on Databricks' real interval: the job's runs have ended when first read.
    databricks = await startDatabricksSimulator({
      jobs: { 1: 'SUCCESS', [JOB_ID]: 'SUCCESS' },
      jobsEndedWhenFirstRead: true,
    });
    databricks.jobs.failRuns(JOB_ID, { error: TASK_ERROR });
    secrets = testSecrets();
    await secrets.host.set(secretNames.gp, gp.gp!.secrets.gp_password!);
    await secrets.host.set(secretNames.databricks, databricks.credentials.token);
    studio = await launchStudio({ secrets: secrets.host });
    const { page, dir } = studio;
    const path = join(dir, FILE);
    pointPipelineAt(
      path,
      { gp: gp.gp!, databricks: addressOf(databricks), close: async () => undefined },
      { secretNames: { 'dynamics-gp': secretNames.gp, databricks: secretNames.databricks } },
    );
    startJobAfterAccounts(path);
    await openPipeline(page, FILE);

    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(page.getByRole('heading', { name: 'Run finished with a failed stream' }));
    const [launched] = databricks.jobs.launched().filter((run) => run.jobId === JOB_ID);
    expect(launched).toBeDefined();

    const run = page.getByRole('rowgroup', { name: /^Run / });
    await visible(run.getByText('A job after the load failed (see the details)'));
    await run.getByRole('button', { name: /^Show the control totals/ }).click();
    const jobs = page.getByRole('table', { name: 'Jobs after the load' });
    await visible(jobs);
    const row = jobs.getByRole('row').filter({ hasText: 'gl_accounts' });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 5)).toEqual([
      'gl_accounts',
      String(JOB_ID),
      String(launched!.runId),
      'Finished',
      expect.stringMatching(/^Failed/),
    ]);
    await visible(row.getByText(TASK_ERROR, { exact: false }));
    expect(cells[5]).toMatch(
      /^\d+ batch(es)? given, (it|all) still waits? for a job: the next run offers (it|them) again$/,
    );
    const link = row.getByRole('link', { name: `Job run ${launched!.runId} in Databricks (opens a new window)` });
    expect(await link.getAttribute('href')).toBe(`${databricks.baseUrl}/?o=0#job/${JOB_ID}/run/${launched!.runId}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
    await studio.screenshot('runs-after-load-jobs');

    expect(await seriousViolations(page)).toEqual([]);
  });
});
