/**
 * `ml-connector demo` as a new user runs it: the simulators start, the example pipelines run (the reverse
 * sync from Databricks to PeopleSoft among them, in the same process as the runs after it),
 * GP's ledger, IFS's voucher rows and PeopleSoft's journal lines reconcile with what Databricks received, SAP's POs with the orders
 * Dynamics 365 holds, and the payroll batch GP holds balances.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../bin/ml-connector.mjs', import.meta.url));

describe('ml-connector demo', () => {
  it('runs every example against the simulators, reconciles the ledger, and leaves a balanced unposted payroll batch in GP', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-demo-'));
    try {
      const result = spawnSync(process.execPath, [CLI, 'demo', '--rows', '30', '--dir', dir], {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
        timeout: 120_000,
      });
      expect(result.stderr.replace(/^Port \d+ is taken.*\n/gm, '')).toBe('');
      expect(result.status).toBe(0);
      for (const label of [
        'GP -> Databricks (simulated)',
        'GP -> the local DuckDB warehouse',
        'IFS Cloud -> Databricks (simulated)',
        'PeopleSoft Financials -> Databricks (simulated)',
        'Vendor classes governed in Databricks -> PeopleSoft',
        'SAP ECC -> Dynamics 365 Sales (simulated)',
        'BambooHR payroll and employees -> GP',
      ])
        expect(result.stdout).toContain(label);
      expect(result.stdout).toMatch(
        /GL journal lines: GP (\d+) lines, debit ([\d.]+), credit \2; Databricks \1 lines, debit \2, credit \2: reconciled\./,
      );
      expect(result.stdout).toMatch(
        /IFS voucher rows: IFS (\d+) rows, debit ([\d.]+), credit \2; Databricks \1 rows, debit \2, credit \2: reconciled\./,
      );
      // PeopleSoft's posted journal lines, signed, as Databricks holds them.
      expect(result.stdout).toMatch(
        /PeopleSoft journal lines: PeopleSoft (\d+) lines, signed sum (-?[\d.]+); Databricks \1 lines, signed sum \2: reconciled\./,
      );
      // The reverse sync read the governed table whole and sent nothing: PeopleSoft holds every class already.
      expect(result.stdout).toMatch(/^vendor_classes\s+ok\s+30\s+0\s+0\s+30\s+0$/m);
      // Every SAP PO one order in Dynamics 365, with as many lines and the same value (SAP's NETWR).
      expect(result.stdout).toMatch(
        /SAP ECC: \d+ vendors, \d+ customers, (\d+) POs with (\d+) items worth ([\d.]+); Dynamics 365: \d+ accounts, \1 orders with \2 lines worth \3: reconciled\./,
      );
      // GP -> Databricks went through staged files and COPY INTO, every statement within the warehouse's limit.
      const warehouse =
        /Databricks: (\d+) staged Parquet files loaded by COPY INTO, \d+ SQL statements, at most (\d+) parameters in one/.exec(
          result.stdout,
        );
      expect(Number(warehouse?.[1])).toBeGreaterThanOrEqual(4);
      expect(Number(warehouse?.[2])).toBeLessThanOrEqual(256);
      const payroll =
        /Payroll batch PAYROLL in GP \(unposted\): (\d+) journal lines, DebitAmount ([\d.]+), CreditAmount ([\d.]+)\./.exec(
          result.stdout,
        );
      expect(payroll).not.toBeNull();
      expect(Number(payroll![1])).toBeGreaterThan(0);
      expect(payroll![2]).toBe(payroll![3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
