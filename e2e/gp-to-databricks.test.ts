/**
 * Integration 1 end to end: the shipped example `gp-to-databricks.json`, pointed at a GP simulator and a
 * Databricks simulator on free ports, both injecting faults on 10% of requests. GP serves its two surfaces
 * as a real GP does: GL accounts and journal lines come through GP Web Services (SOAP; the simulator's SBA
 * has no ledger and answers 404 there), vendors and payables invoices through SBA. The run must complete,
 * writing through staged Parquet files and COPY INTO, and the warehouse must hold exactly what GP holds
 * (counts, debit and credit sums); after GP changes some records, a second run must read only those.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { startGpSimulator, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { GP_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { loadPipelineFile, runPipeline, type RunOutcome } from '../engine/runner/index.ts';
import { registryRecordingDatabricksWaits } from './databricks-retry-waits.ts';

const ROWS = 300;
/** 10% of GP requests fail: throttled, server errors, unavailable, connections reset. */
const GP_FAULTS = '429:0.03,500:0.02,503:0.03,reset:0.02';
/** 10% of the warehouse's Thrift calls answer 503 (a warehouse that is starting). */
const DATABRICKS_FAULTS = '503:0.1';

let gp: GpSimulator;
let databricks: SimulatorHandle;
let dir: string;
let secrets: Record<string, string>;

beforeAll(async () => {
  // Retry-After 0: the clients honour it, so the faults cost no waiting in a test.
  gp = await startGpSimulator({ port: 0, seed: 7, rows: ROWS, faults: GP_FAULTS, retryAfterSeconds: 0 });
  databricks = await startSimulator('databricks', {
    port: 0,
    seed: 7,
    faults: DATABRICKS_FAULTS,
    retryAfterSeconds: 0,
  });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-gp-dbx-'));
  secrets = { gp_password: gp.credentials.password, ...databricks.secrets };
});

afterAll(async () => {
  await gp?.close();
  await databricks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Databricks' waits between retries of a statement, recorded instead of slept: no test waits on a clock. */
const databricksRetryWaits: number[] = [];
const connectors = registryRecordingDatabricksWaits(databricksRetryWaits);

async function run(): Promise<RunOutcome> {
  const workspace = prepareExampleWorkspace(dir, { gp, databricks }, [GP_TO_DATABRICKS]);
  return runPipeline({
    connectors,
    loaded: loadPipelineFile(workspace.files[GP_TO_DATABRICKS]!),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) => {
      const value = secrets[name];
      return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
    },
    // The runner's own retry of a failed batch: immediate, so a test never sleeps.
    retry: { attempts: 6, baseDelayMs: 0, maxDelayMs: 0 },
  });
}

/** Per entity, the keys of the records carrying the newest ModifiedDate: where the last run's watermark is. */
function atLastWatermark(): Map<string, (string | number)[]> {
  const result = new Map<string, (string | number)[]>();
  for (const [entity, records] of gp.store.records) {
    const all = [...records.values()];
    const newest = Math.max(...all.map((r) => r.modifiedMs));
    result.set(
      entity,
      all.filter((r) => r.modifiedMs === newest).map((r) => r.key),
    );
  }
  return result;
}

type Totals = Record<string, { rows: number; sums: Record<string, string> }>;

function read(outcome: RunOutcome, stream: string): number {
  return outcome.streams.find((s) => s.name === stream)?.read ?? -1;
}

describe('Dynamics GP -> Databricks, the shipped example', () => {
  it('completes under 10% faults on both sides and equals the simulator control totals; a second run reads only the changes', async () => {
    const first = await run();
    expect(first.streams.map((s) => [s.name, s.status])).toEqual([
      ['gl_accounts', 'ok'],
      ['vendors', 'ok'],
      ['gl_journal_lines', 'ok'],
      ['payables_invoices', 'ok'],
    ]);
    expect(first.status).toBe('ok');
    expect(
      gp.stats.faults['429'] + gp.stats.faults['500'] + gp.stats.faults['503'] + gp.stats.faults.reset,
    ).toBeGreaterThan(0);
    expect(databricks.stats().faults).toBeGreaterThan(0);
    expect(databricksRetryWaits.length).toBeGreaterThan(0);
    // Bulk writes went through staged Parquet files and COPY INTO, and no statement passed the warehouse's
    // 256-parameter limit (the simulator refuses more, as Databricks does).
    const warehouse = databricks.stats();
    expect(warehouse.copyInto).toBeGreaterThanOrEqual(4);
    expect(warehouse.stagedFilesLoaded).toBeGreaterThanOrEqual(4);
    expect(warehouse.refusedForParameters).toBe(0);
    expect(warehouse.maxParameters).toBeLessThanOrEqual(256);

    const source = gp.controlTotals() as Totals;
    const target = (await databricks.controlTotals()) as Totals;
    const lines = target['main.finance.gl_journal_lines']!;
    expect(lines.rows).toBe(source.gl_journal_lines!.rows);
    expect(Number(lines.sums.debit)).toBeGreaterThan(0);
    expect(lines.sums.debit).toBe(source.gl_journal_lines!.sums.DebitAmount);
    expect(lines.sums.credit).toBe(source.gl_journal_lines!.sums.CreditAmount);
    expect(target['main.finance.gl_accounts']!.rows).toBe(source.gl_accounts!.rows);
    expect(target['main.finance.vendors']!.rows).toBe(source.vendors!.rows);
    expect(target['main.finance.payables_invoices']!.rows).toBe(source.payables_invoices!.rows);
    expect(target['main.finance.payables_invoices']!.sums.document_amount).toBe(
      source.payables_invoices!.sums.DocumentAmount,
    );
    expect(read(first, 'gl_journal_lines')).toBe(source.gl_journal_lines!.rows);

    // GP changes some records; the next run must read those and nothing else, apart from the records
    // at the last watermark, which a closed-start read fetches again and drops as already loaded.
    const boundary = atLastWatermark();
    const changes = gp.advance(24);
    expect(changes.length).toBe(24);
    const touched = (entity: string) =>
      new Set([...changes.filter((c) => c.entity === entity).map((c) => c.key), ...(boundary.get(entity) ?? [])]);
    const lineCount = (key: string | number) =>
      (gp.store.map('gl_journal_entries').get(key)?.fields.Lines as unknown[] | undefined)?.length ?? 0;

    const second = await run();
    expect(second.status).toBe('ok');
    expect(read(second, 'gl_accounts')).toBe(touched('gl_accounts').size);
    expect(read(second, 'vendors')).toBe(touched('vendors').size);
    expect(read(second, 'payables_invoices')).toBe(touched('payables_invoices').size);
    expect(read(second, 'gl_journal_lines')).toBe(
      [...touched('gl_journal_entries')].reduce<number>((sum, key) => sum + lineCount(key), 0),
    );
    expect(read(second, 'gl_journal_lines')).toBeLessThan(source.gl_journal_lines!.rows / 4);
    const after = gp.controlTotals() as Totals;
    const again = (await databricks.controlTotals()) as Totals;
    expect(again['main.finance.gl_journal_lines']!.rows).toBe(after.gl_journal_lines!.rows);
    expect(again['main.finance.gl_journal_lines']!.sums.debit).toBe(after.gl_journal_lines!.sums.DebitAmount);
    expect(again['main.finance.gl_journal_lines']!.sums.credit).toBe(after.gl_journal_lines!.sums.CreditAmount);
    expect(again['main.finance.vendors']!.rows).toBe(after.vendors!.rows);
  }, 180_000);
});
