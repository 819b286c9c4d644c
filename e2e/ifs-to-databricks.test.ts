/**
 * Integration 3 end to end: the shipped example `ifs-to-databricks.json`, pointed at an IFS Cloud simulator
 * (faults on 10% of requests, token expiry among them) and a Databricks simulator (10% 503s) on free ports.
 * The run must complete and the warehouse must hold exactly what IFS holds: rows and debit/credit sums of
 * the voucher rows, and per accounting period the run's recorded debit and credit on both sides equal to
 * IFS's own period totals. After IFS moves on (new vouchers, some updated to GL, which moves them between
 * IFS's sets), a second run, re-reading its 7-day lookback, leaves the warehouse equal to IFS again:
 * nothing lost, nothing doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { IFS_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { auditRun } from '../engine/reconcile/run-audit.ts';
import { loadPipelineFile, runPipeline, type RunOutcome } from '../engine/runner/index.ts';
import { registryRecordingDatabricksWaits } from './databricks-retry-waits.ts';
import { openRunStore } from '../engine/store/run-store.ts';

const IFS_FAULTS = '429:0.02,500:0.03,503:0.03,reset:0.01,expire:0.01';
const DATABRICKS_FAULTS = '503:0.1';

let ifs: SimulatorHandle;
let databricks: SimulatorHandle;
let dir: string;
let secrets: Record<string, string>;

beforeAll(async () => {
  ifs = await startSimulator('ifs', { port: 0, seed: 21, rows: 150, faults: IFS_FAULTS, retryAfterSeconds: 0 });
  databricks = await startSimulator('databricks', {
    port: 0,
    seed: 21,
    faults: DATABRICKS_FAULTS,
    retryAfterSeconds: 0,
  });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-ifs-dbx-'));
  secrets = { ...ifs.secrets, ...databricks.secrets };
});

afterAll(async () => {
  await ifs?.close();
  await databricks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Databricks' waits between retries of a statement (2 s and up), recorded instead of slept: no test waits on a clock. */
const databricksRetryWaits: number[] = [];

const connectors = registryRecordingDatabricksWaits(databricksRetryWaits);

async function run(): Promise<RunOutcome> {
  const workspace = prepareExampleWorkspace(dir, { ifs, databricks }, [IFS_TO_DATABRICKS]);
  return runPipeline({
    connectors,
    loaded: loadPipelineFile(workspace.files[IFS_TO_DATABRICKS]!),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) => {
      const value = secrets[name];
      return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
    },
    retry: { attempts: 6, baseDelayMs: 0, maxDelayMs: 0 },
  });
}

type Totals = Record<string, { rows: number; sums: Record<string, string> }>;
type PeriodTotals = Record<string, { rows: number; DebetAmount: string; CreditAmount: string }>;

async function periodTotals(): Promise<PeriodTotals> {
  const response = await request(`${ifs.url}/__sim/period-totals`);
  return (await response.body.json()) as PeriodTotals;
}

async function expectWarehouseEqualsIfs(): Promise<void> {
  const source = (await ifs.controlTotals()) as Totals;
  const target = (await databricks.controlTotals()) as Totals;
  const rows = target['main.finance.ifs_voucher_rows']!;
  expect(rows.rows).toBe(source.voucher_rows!.rows);
  expect(Number(rows.sums.debit)).toBeGreaterThan(0);
  expect(rows.sums.debit).toBe(source.voucher_rows!.sums.DebetAmount);
  expect(rows.sums.credit).toBe(source.voucher_rows!.sums.CreditAmount);
  expect(target['main.finance.ifs_supplier_invoices']!.rows).toBe(source.supplier_invoices!.rows);
  expect(target['main.finance.ifs_supplier_invoices']!.sums.gross_amount_domestic).toBe(
    source.supplier_invoices!.sums.GrossDomAmount,
  );
  expect(target['main.finance.ifs_purchase_order_lines']!.rows).toBe(source.purchase_order_lines!.rows);
  expect(target['main.finance.ifs_purchase_order_lines']!.sums.net_amount).toBe(
    source.purchase_order_lines!.sums.NetAmtCurr,
  );
  for (const entity of ['gl_accounts', 'code_part_values', 'suppliers', 'purchase_orders'])
    expect(target[`main.finance.ifs_${entity}`]!.rows, entity).toBe(source[entity]!.rows);
}

describe('IFS Cloud -> Databricks, the shipped example', () => {
  it('equals IFS control totals, per period too, under faults on both sides; a second run after IFS moves on still does', async () => {
    const first = await run();
    expect(first.streams.map((s) => [s.name, s.status])).toEqual([
      ['gl_accounts', 'ok'],
      ['code_part_values', 'ok'],
      ['suppliers', 'ok'],
      ['voucher_rows', 'ok'],
      ['supplier_invoices', 'ok'],
      ['purchase_orders', 'ok'],
      ['purchase_order_lines', 'ok'],
    ]);
    expect(first.status).toBe('ok');
    expect(ifs.stats().faults).toBeGreaterThan(0);
    expect(databricks.stats().faults).toBeGreaterThan(0);
    expect(databricksRetryWaits.length).toBeGreaterThan(0);
    await expectWarehouseEqualsIfs();

    // Debit and credit per accounting period: what the run recorded on both sides equals IFS's own.
    const ifsPeriods = await periodTotals();
    const store = openRunStore(join(dir, 'state'), { readonly: true });
    try {
      const ledger = auditRun(store, { runId: first.runId }).reconciliation.find((s) => s.stream === 'voucher_rows')!;
      expect(ledger.comparison.verdict).toBe('match');
      const periods = Object.keys(ifsPeriods);
      expect(periods.length).toBeGreaterThan(3);
      expect(Object.keys(ledger.source.byPeriod ?? {}).sort()).toEqual(periods);
      for (const period of periods) {
        for (const side of [ledger.source, ledger.destination]) {
          expect(side.byPeriod?.[period]?.debit, `${period} debit`).toBe(ifsPeriods[period]!.DebetAmount);
          expect(side.byPeriod?.[period]?.credit, `${period} credit`).toBe(ifsPeriods[period]!.CreditAmount);
        }
      }
    } finally {
      store.close();
    }

    expect(ifs.advance!(12)).toBeGreaterThan(0);
    const second = await run();
    expect(second.status).toBe('ok');
    await expectWarehouseEqualsIfs();
  }, 180_000);
});
