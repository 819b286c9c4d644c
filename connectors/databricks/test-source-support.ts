/**
 * Test-only: the connection to a Databricks simulator started with demo vendors (`vendors: n`, what
 * `simulate databricks --rows n` holds), and `VendorEdits`, which moves vendors' cursor forward as a
 * finance team's edits would (instants from a fixed base, never the wall clock).
 */
import { demoChangedAt } from './simulator/demo-vendors.ts';
import type { DatabricksSimulator } from './simulator/server.ts';
import { DatabricksSql, type DatabricksConnectionOptions } from './sql-client.ts';

export {
  DEMO_VENDOR_TABLE as VENDOR_TABLE,
  demoChangedAt as changedAt,
  demoCreditLimit as creditLimit,
} from './simulator/demo-vendors.ts';
import { DEMO_VENDOR_TABLE, demoVendorId } from './simulator/demo-vendors.ts';

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

/** Vendor edits made through the real driver, in order; `advance` is synchronous, as the kit's harness calls it. */
export class VendorEdits {
  private step = 10_000;
  private next = 1;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: DatabricksSql,
    private readonly rows: number,
  ) {}

  /** Changes `n` vendors (cursor and classification); the UPDATE has run before `settled()` resolves. */
  advance(n: number): { entity: string; key: string[] }[] {
    const ids: string[] = [];
    for (let i = 0; i < Math.min(n, this.rows); i++) {
      ids.push(demoVendorId(((this.next - 1) % this.rows) + 1));
      this.next += 1;
    }
    this.step += 1;
    const statement =
      `UPDATE ${DEMO_VENDOR_TABLE} SET changed_at = TIMESTAMP'${demoChangedAt(this.step)}', ` +
      `classification = 'edit-${this.step}' WHERE vendor_id IN (${ids.map((id) => `'${id}'`).join(', ')})`;
    // Fixed values: safe to run again after a lost answer.
    this.pending = this.pending.then(() => this.sql.query(statement));
    return ids.map((id) => ({ entity: 'vendor_attributes', key: [id] }));
  }

  settled(): Promise<unknown> {
    return this.pending;
  }
}
