/**
 * The pieces of the destination conformance harness that are plain functions: batches as the runner
 * makes them (lineage with a batch id, rows of one `holdTogether` unit never split), writing a batch again
 * after a failure the way the runner does (transient errors only), and the comparison of totals as exact
 * decimals.
 */
import type { DataRow, TargetTable, WriteBatch, WriteResult } from '../../../engine/model/io.ts';
import { isTransient } from '../../../engine/model/errors.ts';
import { Decimal, compareValues } from '../../../engine/model/values/index.ts';
import { type AuthKind, descriptorProblems } from '../descriptor.ts';
import type { ConnectorDescriptorData } from '../module/module.ts';
import type { EntityTotals } from '../simulator/control-totals.ts';

export type { EntityTotals } from '../simulator/control-totals.ts';

/**
 * A module's descriptor checked as `descriptorProblems` checks a connector's (its auth methods as auth
 * kinds, each naming its secrets), plus what a destination must say: the role and its connection test.
 */
export function destinationDescriptorProblems(descriptor: ConnectorDescriptorData): string[] {
  const problems = descriptorProblems({
    id: descriptor.id,
    label: descriptor.label,
    description: descriptor.description,
    authKinds: descriptor.authMethods.map((auth) => auth.method as AuthKind),
    addressParts: descriptor.addressParts,
    secrets: Object.fromEntries(
      descriptor.authMethods.map((auth) => [auth.method, auth.secrets.map((label) => ({ name: label, label }))]),
    ),
    streams: descriptor.streams,
    connectionTest: { label: descriptor.connectionTest },
  });
  if (!descriptor.roles.includes('destination')) problems.push(`roles ${descriptor.roles.join(', ')} lack destination`);
  if (descriptor.connectionTest.trim() === '') problems.push('the connection test says nothing of what it does');
  return problems;
}

export function batchWithId(batchId: string, rows: readonly DataRow[]): WriteBatch {
  return {
    lineage: { runId: 'conformance-run', batchId, syncedAt: '2026-12-01T08:00:00Z' },
    rows,
    sourceModified: rows.map(() => null),
  };
}

/** Rows in batches of about `size`, never splitting the rows that share the target's `holdTogether` values. */
export function chunkRows(target: TargetTable, rows: readonly DataRow[], size: number): DataRow[][] {
  const together = target.holdTogether ?? [];
  const units = new Map<string, DataRow[]>();
  rows.forEach((row, index) => {
    const unit = together.length === 0 ? `#${index}` : JSON.stringify(together.map((field) => row[field] ?? null));
    const members = units.get(unit) ?? [];
    members.push(row);
    units.set(unit, members);
  });
  const chunks: DataRow[][] = [];
  let current: DataRow[] = [];
  for (const unit of units.values()) {
    if (current.length > 0 && current.length + unit.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The runner writes a failed batch again (same batch id) while the error is transient: so does this, up
 * to `attempts` times. Any other error fails the test at once.
 */
export async function untilDone<T>(attempt: () => Promise<T>, attempts = 25): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error) || tried >= attempts) throw error;
    }
  }
}

/** Rows a result says it did not write because the table held them already (however the destination words it). */
export function notWritten(result: WriteResult): number {
  return (result.unchanged ?? 0) + result.alreadyCommitted + (result.alreadyPresent ?? 0);
}

/** A row the destination rejected is never a conformance pass: its messages, or empty. */
export function rejections(result: WriteResult): string[] {
  return (result.rejected ?? []).map((row) => `row ${row.index}: ${row.code} ${row.message}`);
}

/** Every way `held` differs from `expected`, as sentences; empty when rows and every sum agree exactly. */
export function totalsProblems(label: string, held: EntityTotals, expected: EntityTotals): string[] {
  const problems: string[] = [];
  if (held.rows !== expected.rows)
    problems.push(`${label}: the system holds ${held.rows} rows, expected ${expected.rows}`);
  const fields = new Set([...Object.keys(held.sums), ...Object.keys(expected.sums)]);
  for (const field of fields) {
    const heldSum = held.sums[field];
    const expectedSum = expected.sums[field];
    if (
      heldSum === undefined ||
      expectedSum === undefined ||
      compareValues(Decimal.parse(heldSum), Decimal.parse(expectedSum)) !== 0
    )
      problems.push(
        `${label}.${field}: the system holds ${heldSum ?? 'nothing'}, expected ${expectedSum ?? 'nothing'}`,
      );
  }
  return problems;
}

/** Σ of a decimal (or whole-number) field over rows, exact; empty values count nothing. */
export function sumOf(rows: readonly DataRow[], field: string): string {
  let sum = Decimal.ZERO;
  for (const row of rows) {
    const value = row[field];
    if (value instanceof Decimal) sum = sum.add(value);
    else if (typeof value === 'number') sum = sum.add(Decimal.fromInteger(value));
    else if (typeof value === 'bigint') sum = sum.add(Decimal.of(value, 0));
  }
  return sum.toString();
}

/** A row's merge-key values as one text, to match rows of two lists. */
export function mergeKeyOf(target: TargetTable, row: DataRow): string {
  return JSON.stringify((target.mergeKey ?? []).map((field) => String(row[field] ?? null)));
}

/** `rows` with each row `changed` holds (by merge key) put in its place: what the table should hold after. */
export function applyChanges(target: TargetTable, rows: readonly DataRow[], changed: readonly DataRow[]): DataRow[] {
  const byKey = new Map(changed.map((row) => [mergeKeyOf(target, row), row]));
  return rows.map((row) => byKey.get(mergeKeyOf(target, row)) ?? row);
}
