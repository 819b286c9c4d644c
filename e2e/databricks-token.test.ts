/**
 * An expired Databricks token is refreshed mid-run: the shipped GP -> Databricks example signing in with
 * OAuth M2M, against a Databricks simulator whose clock jumps two hours (past the one-hour token's
 * expiry) once the first batch of journal lines has committed. The warehouse then answers 401 to the
 * token the run holds; the run must fetch a new one, carry on and load everything GP holds.
 * No clock waits: the simulator's clock is a variable the test moves.
 * A wrong personal access token, run through the CLI as IT would: refused at once, every stream failed
 * with the analyst's words, and the run recorded as failed (not "interrupted") with the same words.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabricksSimulator, type DatabricksSimulator } from '../connectors/databricks/simulator/index.ts';
import { startGpSimulator, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { GP_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { cli, nonEmptyLines } from '../engine/cli/test-support.ts';
import { loadPipelineFile, runPipeline, type LoadedPipeline, type RunEvent } from '../engine/runner/index.ts';
import { openRunStore } from '../engine/store/index.ts';
import * as connectors from '../connectors/registry.ts';

const ROWS = 120;
/** Small batches, so the journal lines take several and the clock can move between two of them. */
const BATCH_SIZE = 100;
const TWO_HOURS_MS = 2 * 3600_000;

let gp: GpSimulator;
let databricks: DatabricksSimulator;
let dir: string;
// The driver reads a token's `exp` against the real clock, so the simulator's clock starts there.
let clock = Date.now();

beforeAll(async () => {
  gp = await startGpSimulator({ port: 0, seed: 3, rows: ROWS });
  databricks = await startDatabricksSimulator({ port: 0, tokens: { now: () => clock }, jobs: { 1: 'SUCCESS' } });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-dbx-token-'));
});

afterAll(async () => {
  await gp?.close();
  await databricks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The example as shipped, but signing in to Databricks with OAuth M2M and writing in small batches. */
function withOAuth(loaded: LoadedPipeline): LoadedPipeline {
  const { pipeline } = loaded;
  const lakehouse = pipeline.connections.lakehouse!;
  return {
    ...loaded,
    pipeline: {
      ...pipeline,
      settings: { ...pipeline.settings, batchSize: BATCH_SIZE },
      connections: {
        ...pipeline.connections,
        lakehouse: {
          ...lakehouse,
          auth: {
            method: 'oauth2-client-credentials',
            clientId: databricks.credentials.clientId,
            secret: 'databricks_client_secret',
          },
        },
      },
    },
  };
}

describe('Databricks OAuth M2M token', () => {
  it('an expired Databricks token is refreshed mid-run', async () => {
    const address = { host: databricks.host, port: databricks.port, httpPath: databricks.httpPath };
    const workspace = prepareExampleWorkspace(dir, { gp, databricks: { address, caCert: databricks.caCert } }, [
      GP_TO_DATABRICKS,
    ]);
    const secrets: Record<string, string> = {
      gp_password: gp.credentials.password,
      databricks_client_secret: databricks.credentials.clientSecret,
    };
    let jumpedAfter: number | undefined;
    const outcome = await runPipeline({
      connectors,
      loaded: withOAuth(loadPipelineFile(workspace.files[GP_TO_DATABRICKS]!)),
      stateDir: join(dir, 'state'),
      resolveSecret: (name) => {
        const value = secrets[name];
        return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
      },
      onEvent: (event: RunEvent) => {
        // Once, between the first and the second batch of journal lines: every token issued so far is now expired.
        if (event.type === 'batch-committed' && event.stream === 'gl_journal_lines' && jumpedAfter === undefined) {
          jumpedAfter = databricks.oauthTokensIssued;
          clock += TWO_HOURS_MS;
        }
      },
      retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    });

    expect(outcome.status).toBe('ok');
    expect(jumpedAfter).toBe(1);
    expect(databricks.oauthTokensIssued).toBeGreaterThanOrEqual(2);
    // The warehouse refused the old token (401) and the session was opened again with the new one.
    expect(databricks.rpcLog.filter((method) => method === 'OpenSession').length).toBeGreaterThanOrEqual(2);
    // The batches after the jump were written with the new token: the warehouse holds every line.
    const source = gp.controlTotals() as Record<string, { rows: number; sums: Record<string, string> }>;
    const target = await databricks.controlTotals();
    const lines = source.gl_journal_lines!;
    expect(lines.rows).toBeGreaterThan(2 * BATCH_SIZE);
    expect(target['main.finance.gl_journal_lines']?.rows).toBe(lines.rows);
    expect(target['main.finance.gl_journal_lines']?.sums.debit).toBe(lines.sums.DebitAmount);
    expect(target['main.finance.payables_invoices']?.rows).toBe(source.payables_invoices!.rows);
  }, 120_000);
});

describe('a wrong Databricks personal access token', () => {
  it("is an authentication failure in the analyst's words: streams failed, the run recorded as failed, no driver text or token", async () => {
    const address = { host: databricks.host, port: databricks.port, httpPath: databricks.httpPath };
    const workspace = prepareExampleWorkspace(
      join(dir, 'wrong-token'),
      { gp, databricks: { address, caCert: databricks.caCert } },
      [GP_TO_DATABRICKS],
    );
    const wrongToken = 'dapi0123456789abcdef0123456789abcd';
    const stateDir = join(dir, 'wrong-token-state');
    const env = {
      ML_CONNECTOR_SECRET_GP_PASSWORD: gp.credentials.password,
      ML_CONNECTOR_SECRET_DATABRICKS_TOKEN: wrongToken,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}`,
    };
    const refused =
      'Databricks refused the personal access token stored as "databricks_token" (HTTP 403: Invalid access token.). ' +
      'Check that secret: the token may be mistyped, expired or revoked; store a current one under that name.';

    const run = await cli(['run', workspace.files[GP_TO_DATABRICKS]!, '--state', stateDir], { env, cwd: dir });
    expect(run.code).toBe(1);
    const lines = nonEmptyLines(run.stdout);
    expect(lines[0]).toMatch(/^Run \S+: 4 streams did not finish\.$/);
    expect(lines).toContain(`gl_accounts: ${refused}`);
    expect(lines).toContain(`vendors: ${refused}`);
    expect(lines).toContain('gl_journal_lines: not run: "gl_accounts", which it depends on, did not finish');
    const everything = `${run.stdout}${run.stderr}`;
    expect(everything).not.toMatch(/bad HTTP status code|THTTPException|    at /);
    expect(everything).not.toContain(wrongToken);

    const audit = await cli(['audit', '--json', '--state', stateDir], { env, cwd: dir });
    const [recorded] = nonEmptyLines(audit.stdout).map(
      (line) => JSON.parse(line) as { status: string; error: { code: string; message: string } | null },
    );
    expect(recorded).toMatchObject({ status: 'failed', error: { code: 'DATABRICKS_AUTH_FAILED', message: refused } });
    const store = openRunStore(stateDir, { readonly: true });
    try {
      const [stored] = store.listRuns({ limit: 1 });
      expect(stored).toMatchObject({ status: 'failed', error: { code: 'DATABRICKS_AUTH_FAILED', message: refused } });
    } finally {
      store.close();
    }
  }, 120_000);
});
