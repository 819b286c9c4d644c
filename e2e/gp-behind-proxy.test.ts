/** An on-premises GP behind an internal CA and a corporate proxy, as IT runs `simulate` and `check`. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestProxy } from '../connectors/kit/testing/proxy.ts';
import { GP_TO_DUCKDB, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { cli, nonEmptyLines, PROJECT_ROOT, tempDir } from '../engine/cli/test-support.ts';

const temp = tempDir('mlc-gp-proxy-');
afterAll(() => temp.remove());

async function simulating(
  args: readonly string[],
  cwd: string,
): Promise<{ child: ChildProcessWithoutNullStreams; stdout: string }> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'ml-connector.mjs'), 'simulate', ...args], { cwd });
  let stdout = '';
  await new Promise<void>((ready, fail) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('Press Ctrl-C')) ready();
    });
    child.on('exit', () => fail(new Error(`simulate ended early: ${stdout}`)));
  });
  return { child, stdout };
}

async function interrupt(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.on('exit', done);
    child.kill('SIGINT');
  });
}

describe('an on-premises GP behind an internal CA and a corporate proxy', () => {
  it('simulate gp --tls writes its CA; check trusts it through caCertFile and goes through HTTPS_PROXY', async () => {
    const { child, stdout } = await simulating(['gp', '--tls', '--port', '0', '--rows', '5'], temp.path);
    const proxy = await startTestProxy();
    try {
      const url = /Dynamics GP simulator at (https:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
      expect(url).toBeDefined();
      expect(stdout).toContain(`CA certificate written to ${join(temp.path, 'gp-simulator-ca.pem')}`);
      expect(readFileSync(join(temp.path, 'gp-simulator-ca.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const workspace = prepareExampleWorkspace(temp.path, { gp: { url: url! } }, [GP_TO_DUCKDB]);
      const file = workspace.files[GP_TO_DUCKDB]!;
      const env = {
        ML_CONNECTOR_SECRET_GP_PASSWORD: 'pass@word1',
        HTTPS_PROXY: proxy.url,
        https_proxy: proxy.url,
        NO_PROXY: '',
        no_proxy: '',
      };

      const untrusted = await cli(['check', file], { env });
      expect(untrusted.code).toBe(1);
      expect(nonEmptyLines(untrusted.stdout)[0]).toMatch(
        /^gp \(dynamics-gp\): FAILED - .*the certificate of 127\.0\.0\.1:\d+ is not signed by a certificate authority this computer trusts.*caCertFile/,
      );

      const pipeline = JSON.parse(readFileSync(file, 'utf8')) as {
        connections: { gp: { address: Record<string, unknown> } };
      };
      pipeline.connections.gp.address.caCertFile = './gp-simulator-ca.pem';
      writeFileSync(file, JSON.stringify(pipeline, null, 2));
      const trusted = await cli(['check', file], { env });
      expect(nonEmptyLines(trusted.stdout)[0]).toMatch(
        /^gp \(dynamics-gp\): ok - Sign in and read one GL account: signed in to GP Web Services at https:\/\/127\.0\.0\.1:\d+\/DynamicsGPWebServices\/DynamicsGPService\.asmx as CONTOSO\\gp\.sync \(company key -1\); read GL account \d{3}-\d{4}-\d\d; signed in to SBA at https:\/\/127\.0\.0\.1:\d+ as CONTOSO\\gp\.sync: it serves vendors, payables_invoices, purchase_orders$/,
      );
      expect(trusted.code).toBe(0);
      expect(proxy.tunnels.map((seen) => seen.target)).toContain(new URL(url!).host);
    } finally {
      await proxy.close();
      expect(await interrupt(child)).toBe(0);
    }
  }, 90_000);
});
