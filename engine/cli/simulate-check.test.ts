/** `simulate` and `check` as IT runs them: real processes, simulators on free ports, no clock waits. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../connectors/registry.ts';
import { GP_TO_DATABRICKS, prepareExampleWorkspace } from './example-workspace.ts';
import { cli, nonEmptyLines, PROJECT_ROOT, tempDir } from './test-support.ts';

const temp = tempDir('mlc-check-');
afterAll(() => temp.remove());

describe('check', () => {
  it('pings every connection: exit 0 when both answer, 1 when one is down, each with a plain line', async () => {
    const gp = await startSimulator('gp', { port: 0, rows: 5 });
    const databricks = await startSimulator('databricks', { port: 0 });
    try {
      const workspace = prepareExampleWorkspace(temp.path, { gp, databricks }, [GP_TO_DATABRICKS]);
      const env = {
        ML_CONNECTOR_SECRET_GP_PASSWORD: gp.secrets.gp_password,
        ML_CONNECTOR_SECRET_DATABRICKS_TOKEN: databricks.secrets.databricks_token,
      };
      const up = await cli(['check', workspace.files[GP_TO_DATABRICKS]!], { env });
      expect(up.code).toBe(0);
      const lines = nonEmptyLines(up.stdout);
      expect(lines[0]).toMatch(
        /^gp \(dynamics-gp\): ok - Sign in and read one GL account: signed in to GP Web Services at .* read GL account \d{3}-\d{4}-\d\d; signed in to SBA at .+: it serves vendors, payables_invoices, purchase_orders$/,
      );
      expect(lines[1]).toMatch(/^lakehouse \(databricks\): ok - .*SELECT 1 answered$/);
      expect(up.stdout).not.toContain(gp.secrets.gp_password);

      const wrong = await cli(['check', workspace.files[GP_TO_DATABRICKS]!], {
        env: { ...env, ML_CONNECTOR_SECRET_GP_PASSWORD: 'not-the-password' },
      });
      expect(wrong.code).toBe(1);
      expect(nonEmptyLines(wrong.stdout)[0]).toMatch(/^gp \(dynamics-gp\): FAILED - /);
      expect(nonEmptyLines(wrong.stdout)[1]).toMatch(/^lakehouse \(databricks\): ok/);
    } finally {
      await gp.close();
      await databricks.close();
    }
  }, 60_000);

  it('exits 2 on an invalid pipeline', async () => {
    const result = await cli(['check', join(temp.path, 'missing.json')]);
    expect(result.code).toBe(2);
  });
});

describe('simulate', () => {
  it('prints the address and credentials, writes the Databricks CA, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, 'bin', 'ml-connector.mjs'),
        'simulate',
        'databricks',
        '--port',
        '0',
        '--ca-file',
        join(temp.path, 'ca.pem'),
      ],
      { cwd: temp.path },
    );
    let stdout = '';
    await new Promise<void>((ready, fail) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('Press Ctrl-C')) ready();
      });
      child.on('exit', () => fail(new Error(`simulate ended early: ${stdout}`)));
    });
    expect(stdout).toMatch(/Databricks simulator at https:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/personal access token dapi[0-9a-f]{32}/);
    expect(stdout).toContain(`CA certificate written to ${join(temp.path, 'ca.pem')}`);
    // caCertFile is read from the pipeline's folder, which need not be where the simulator was started.
    expect(stdout).toContain("a relative path there is read from the pipeline file's folder");
    const code = await new Promise<number | null>((done) => {
      child.removeAllListeners('exit');
      child.on('exit', done);
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
  }, 60_000);
});

/** `simulate ARGS` in `cwd`, once it says Ctrl-C stops it: its process and what it printed. */
