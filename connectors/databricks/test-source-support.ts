/**
 * Test-only: a vendor-attributes table seeded in the Databricks simulator through the real driver, with
 * DECIMAL(38,6) values beyond a double's precision, dates and timestamps, and `advance(n)`, which moves
 * rows' cursor forward as a finance team's edits would (time injected, never the wall clock).
 */
import { DatabricksSql, type DatabricksConnectionOptions } from './sql-client.ts';
import type { DatabricksSimulator } from './simulator/server.ts';

export const VENDOR_TABLE = 'main.finance.vendor_attributes';
const BASE_MICROS = Date.UTC(2026, 2, 1, 8, 0, 0) * 1000;

export function connectionTo(sim: DatabricksSimulator, token = sim.credentials.token): DatabricksConnectionOptions {
  return {
    host: sim.host,
    port: sim.port,
    httpPath: sim.httpPath,
    caCert: sim.caCert,
    auth: { kind: 'pat', token, secretName: 'databricks_token' },
    retry: { sleep: async () => {} },
  };
}

/** A credit limit whose digits a double cannot hold: 17 significant digits and six decimals. */
export function creditLimit(vendor: number): string {
  return `${123456789012 + vendor * 7}.${String(100001 + vendor * 13).slice(-6)}`;
}

/** Timestamp of the `step`-th change, as Databricks SQL text in UTC; several rows share each instant. */
export function changedAt(step: number): string {
  return new Date((BASE_MICROS + step * 60_000_000) / 1000).toISOString().replace('T', ' ').replace('Z', '');
}

export async function seedVendors(sql: DatabricksSql, rows: number): Promise<void> {
  await sql.query('CREATE SCHEMA IF NOT EXISTS main.finance');
  await sql.query(
    `CREATE TABLE IF NOT EXISTS ${VENDOR_TABLE} (vendor_id STRING NOT NULL, site INT NOT NULL, classification STRING, ` +
      'credit_limit DECIMAL(38,6), valid_from DATE, changed_at TIMESTAMP) USING DELTA',
  );
  const values: string[] = [];
  for (let i = 1; i <= rows; i++) {
    // Three rows per instant, so pages end between rows with equal cursors.
    values.push(
      `('V${String(i).padStart(4, '0')}', ${i % 2}, 'class-${i % 5}', ${creditLimit(i)}, DATE'2026-0${1 + (i % 9)}-1${i % 10}', TIMESTAMP'${changedAt(Math.floor(i / 3))}')`,
    );
  }
  await sql.query(`INSERT INTO ${VENDOR_TABLE} VALUES ${values.join(', ')}`);
}

/** Rows changed by `advance`: their key and the SQL that changed them, run in order. */
export class VendorEdits {
  private step = 10_000;
  private next = 1;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: DatabricksSql,
    private readonly rows: number,
  ) {}

  /** Changes `n` rows (cursor and classification); the UPDATE runs before the next `settled()` resolves. */
  advance(n: number): { entity: string; key: (string | number)[] }[] {
    const changed: { entity: string; key: (string | number)[] }[] = [];
    const ids: string[] = [];
    for (let i = 0; i < Math.min(n, this.rows); i++) {
      const vendor = ((this.next - 1) % this.rows) + 1;
      this.next += 1;
      const id = `V${String(vendor).padStart(4, '0')}`;
      ids.push(`'${id}'`);
      changed.push({ entity: 'vendor_attributes', key: [id, vendor % 2] });
    }
    this.step += 1;
    const statement =
      `UPDATE ${VENDOR_TABLE} SET changed_at = TIMESTAMP'${changedAt(this.step)}', ` +
      `classification = 'edit-${this.step}' WHERE vendor_id IN (${ids.join(', ')})`;
    // Setting fixed values: safe to run again after a lost answer.
    this.pending = this.pending.then(() => this.sql.query(statement));
    return changed;
  }

  settled(): Promise<unknown> {
    return this.pending;
  }
}
