/**
 * Demo data for reading from the simulator (`simulate databricks --rows N`): a vendor attributes table as
 * a finance team governs it in Databricks (a hierarchy by parent vendor, a classification, payment terms, a
 * credit limit with six decimals and more digits than a double holds, a validity date, a change instant).
 * Deterministic: the same N gives the same rows, and the instants come from a fixed base, not the clock.
 */
export const DEMO_VENDOR_TABLE = 'main.finance.vendor_attributes';

const BASE_MS = Date.UTC(2026, 2, 1, 8, 0, 0);
const CLASSES = ['strategic', 'preferred', 'approved', 'probation', 'blocked'] as const;

/** Vendor `i`'s id, e.g. V0007. */
export function demoVendorId(i: number): string {
  return `V${String(i).padStart(4, '0')}`;
}

/** A credit limit whose 18 significant digits a double cannot hold. */
export function demoCreditLimit(i: number): string {
  return `${123456789012 + i * 7}.${String(100001 + i * 13).slice(-6)}`;
}

/** The instant of the `step`-th change as Databricks SQL text in UTC; three vendors share each instant. */
export function demoChangedAt(step: number): string {
  return new Date(BASE_MS + step * 60_000).toISOString().replace('T', ' ').replace('Z', '');
}

/** The statements that create and fill the table with `rows` vendors, in Databricks SQL. */
export function demoVendorStatements(rows: number): string[] {
  const statements = [
    'CREATE SCHEMA IF NOT EXISTS main.finance',
    `CREATE TABLE IF NOT EXISTS ${DEMO_VENDOR_TABLE} (vendor_id STRING NOT NULL, vendor_name STRING, ` +
      'parent_vendor_id STRING, classification STRING, payment_terms_days INT, credit_limit DECIMAL(38,6), ' +
      'valid_from DATE, changed_at TIMESTAMP) USING DELTA',
  ];
  for (let start = 1; start <= rows; start += 500) {
    const values: string[] = [];
    for (let i = start; i <= Math.min(rows, start + 499); i++) {
      // Every tenth vendor heads a group; the others report to the head of theirs.
      const parent = i % 10 === 1 ? 'NULL' : `'${demoVendorId(i - ((i - 1) % 10))}'`;
      values.push(
        `('${demoVendorId(i)}', 'Vendor ${i}', ${parent}, '${CLASSES[i % CLASSES.length]}', ${30 + (i % 3) * 15}, ` +
          `${demoCreditLimit(i)}, DATE'2026-0${1 + (i % 9)}-1${i % 10}', TIMESTAMP'${demoChangedAt(Math.floor(i / 3))}')`,
      );
    }
    statements.push(`INSERT INTO ${DEMO_VENDOR_TABLE} VALUES ${values.join(', ')}`);
  }
  return statements;
}
