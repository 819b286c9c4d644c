/**
 * Issue 15's "also runnable into the local DuckDB warehouse": the shipped `ifs-to-duckdb.json` (the same
 * IFS streams as `ifs-to-databricks.json`, as `gp-to-duckdb.json` is to `gp-to-databricks.json`) from the
 * IFS Cloud simulator into a real DuckDB file. Every voucher row once, and debit/credit per accounting
 * period equal to IFS's own period totals. The Databricks example's after-load job has no place here:
 * the DuckDB variant leaves it out, and validate refuses it on a DuckDB target.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as connectors from '../connectors/registry.ts';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { EXAMPLES_DIR, IFS_TO_DUCKDB, prepareExampleWorkspace, readExample } from '../engine/cli/example-workspace.ts';
import { formatPipeline, installSystemRules, problemLine } from '../engine/model/index.ts';
import { loadPipelineFile, runPipeline } from '../engine/runner/index.ts';
import type { PipelineProblemsError } from '../engine/runner/pipeline-loader.ts';
import { queryDuckDbFile } from './duckdb-rows.ts';

let ifs: SimulatorHandle;
let dir: string;

beforeAll(async () => {
  ifs = await startSimulator('ifs', { port: 0, seed: 33, rows: 150 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-ifs-duck-'));
  installSystemRules(connectors.systemRules());
});

afterAll(async () => {
  await ifs?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type PeriodTotals = Record<string, { rows: number; DebetAmount: string; CreditAmount: string }>;

function warehouse<T>(sql: string): Promise<T[]> {
  return queryDuckDbFile<T>(join(dir, 'ifs-warehouse.duckdb'), sql);
}

describe('IFS Cloud -> the local DuckDB warehouse, the shipped example', () => {
  it('holds every IFS voucher row once, with debit and credit per accounting period equal to IFS', async () => {
    const file = prepareExampleWorkspace(dir, { ifs }, [IFS_TO_DUCKDB]).files[IFS_TO_DUCKDB]!;
    const outcome = await runPipeline({
      connectors,
      loaded: loadPipelineFile(file),
      stateDir: join(dir, 'state'),
      resolveSecret: (name) =>
        ifs.secrets[name] === undefined
          ? Promise.reject(new Error(`no secret ${name}`))
          : Promise.resolve(ifs.secrets[name]!),
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    expect(outcome.streams.filter((s) => s.status !== 'ok').map((s) => [s.name, s.error?.message])).toEqual([]);

    const ifsPeriods = (await (await request(`${ifs.url}/__sim/period-totals`)).body.json()) as PeriodTotals;
    expect(Object.keys(ifsPeriods).length).toBeGreaterThan(3);
    const periods = await warehouse<{ period: string; rows: number; debit: string; credit: string; keys: number }>(
      `SELECT format('{}-{}', accounting_year, lpad(accounting_period::VARCHAR, 2, '0')) AS period,
              count(*)::INTEGER AS rows,
              count(DISTINCT (company, accounting_year, voucher_type, voucher_no, row_no))::INTEGER AS keys,
              sum(debit)::VARCHAR AS debit, sum(credit)::VARCHAR AS credit
         FROM ifs_voucher_rows GROUP BY ALL ORDER BY period`,
    );
    expect(periods.map((p) => p.period)).toEqual(Object.keys(ifsPeriods).sort());
    for (const held of periods) {
      const expected = ifsPeriods[held.period]!;
      expect(held.keys, `${held.period} keys`).toBe(held.rows);
      expect(held.rows, `${held.period} rows`).toBe(expected.rows);
      expect(held.debit, `${held.period} debit`).toBe(expected.DebetAmount);
      expect(held.credit, `${held.period} credit`).toBe(expected.CreditAmount);
    }
    // The account -> cost center lookup: every row carries the cost center the example's CSV gives its account.
    const centers = new Map(
      readFileSync(join(EXAMPLES_DIR, 'lookups', 'ifs-cost-centers.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',') as [string, string]),
    );
    const byAccount = await warehouse<{ account: string; cost_center: string | null; n: number }>(
      'SELECT account, cost_center, count(*)::INTEGER AS n FROM ifs_voucher_rows GROUP BY ALL ORDER BY account',
    );
    expect(byAccount.length).toBeGreaterThan(3);
    for (const row of byAccount) expect(row.cost_center, row.account).toBe(centers.get(row.account));
    const totals = (await ifs.controlTotals()) as Record<string, { rows: number }>;
    for (const entity of [
      'gl_accounts',
      'code_part_values',
      'suppliers',
      'supplier_invoices',
      'purchase_orders',
      'purchase_order_lines',
    ]) {
      const [count] = await warehouse<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ifs_${entity}`);
      expect(count?.n, entity).toBe(totals[entity]!.rows);
    }
  }, 120_000);

  it('has no after-load job: the DuckDB variant leaves it out, and validate refuses one on a DuckDB target', () => {
    const duck = readExample(IFS_TO_DUCKDB);
    const lake = readExample('ifs-to-databricks.json');
    expect(lake.streams['voucher_rows']!.target.afterLoad).toEqual({ runJob: 1, wait: true });
    expect(Object.values(duck.streams).filter((s) => s.target.afterLoad !== undefined)).toEqual([]);
    // Apart from the warehouse and the job, the same streams.
    expect(Object.keys(duck.streams)).toEqual(Object.keys(lake.streams));
    for (const [name, stream] of Object.entries(duck.streams)) {
      expect(stream.source, name).toEqual(lake.streams[name]!.source);
      expect(stream.mappings, name).toEqual(lake.streams[name]!.mappings);
    }
    const voucherRows = duck.streams['voucher_rows']!;
    const withJob = {
      ...duck,
      streams: {
        ...duck.streams,
        voucher_rows: { ...voucherRows, target: { ...voucherRows.target, afterLoad: { runJob: 1, wait: true } } },
      },
    };
    // As `ml-connector validate` loads it.
    const path = join(dir, 'ifs-to-duckdb-with-job.json');
    writeFileSync(path, formatPipeline(withJob));
    const refused = (() => {
      try {
        loadPipelineFile(path);
        return [];
      } catch (error) {
        return (error as PipelineProblemsError).problems.map(problemLine);
      }
    })();
    expect(refused).toEqual([
      'streams.voucher_rows.target.afterLoad: Running a job after the load is a Databricks feature; "warehouse" is a duckdb connection.',
    ]);
  });
});
