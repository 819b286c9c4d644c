/**
 * An expired Databricks token is refreshed mid-run: the shipped GP -> Databricks example signing in with
 * OAuth M2M, against a Databricks simulator whose clock jumps two hours (past the one-hour token's
 * expiry) once the first batch of journal lines has committed. The warehouse then answers 401 to the
 * token the run holds; the run must fetch a new one, carry on and load everything GP holds.
 * No clock waits: the simulator's clock is a variable the test moves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabricksSimulator, type DatabricksSimulator } from '../connectors/databricks/simulator/index.ts';
import { startGpSimulator, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { GP_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { loadPipelineFile, runPipeline, type LoadedPipeline, type RunEvent } from '../engine/runner/index.ts';

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
        lakehouse: { ...lakehouse, auth: { method: 'oauth2-client-credentials', clientId: databricks.credentials.clientId, secret: 'databricks_client_secret' } },
      },
    },
  };
}

describe('Databricks OAuth M2M token', () => {
  it('an expired Databricks token is refreshed mid-run', async () => {
    const address = { host: databricks.host, port: databricks.port, httpPath: databricks.httpPath };
    const workspace = prepareExampleWorkspace(dir, { gp, databricks: { address, caCert: databricks.caCert } }, [GP_TO_DATABRICKS]);
    const secrets: Record<string, string> = { gp_password: gp.credentials.password, databricks_client_secret: databricks.credentials.clientSecret };
    let jumpedAfter: number | undefined;
    const outcome = await runPipeline({
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
