/**
 * Employees (or vendors) into GP's master records, idempotent by natural key: the batch's keys are read
 * from GP first; a new key is created (POST with the Payload), a known one is changed (PATCH by key)
 * with only the properties that differ, and one that already matches is not written at all. So a
 * change that arrives twice (by webhook and again by polling) is applied once. An empty (NULL) column
 * is not sent: it leaves GP's value as it is, so a record BambooHR reports deleted (no fields, only
 * inactive) is made inactive in GP rather than blanked; map an empty text to clear a value. GP's refusal of one
 * record (400: a value too long, a rule) holds that row with GP's words; the others are written.
 */
import type { DataRow, RejectedRow, TargetTable, WritePlan, WriteResult } from '../../../engine/model/io.ts';
import { PlainDate, type Value } from '../../../engine/model/values/index.ts';
import { isKitError } from '../../kit/errors.ts';
import type { JsonTree } from '../../kit/json-exact.ts';
import type { GpClient, GpRecord } from '../client.ts';
import { listWhereIn } from './gp-checks.ts';
import type { GpTable } from './tables.ts';

type Change =
  { readonly kind: 'create' | 'update'; readonly properties: Record<string, Value> } | { readonly kind: 'same' };

function wireValue(value: Value): string | boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  return value instanceof PlainDate ? value.toString() : String(value);
}

function sameValue(ours: Value, theirs: JsonTree | undefined): boolean {
  const wire = wireValue(ours);
  if (wire === null) return theirs === null || theirs === undefined || theirs === '';
  if (ours instanceof PlainDate) return typeof theirs === 'string' && theirs.slice(0, 10) === wire;
  return theirs === wire;
}

function rowKey(row: DataRow, table: GpTable): string {
  return String(row[table.keyColumn] ?? '');
}

async function changes(
  client: GpClient,
  target: TargetTable,
  table: GpTable,
  rows: readonly DataRow[],
): Promise<Change[]> {
  const keyProperty = table.columns[table.keyColumn]!.property;
  const keys = [...new Set(rows.map((row) => rowKey(row, table)))];
  const existing = new Map<string, GpRecord>(
    (await listWhereIn(client, table.resource, keyProperty, keys)).map((record) => [
      String(record[keyProperty]),
      record,
    ]),
  );
  // Rows of one key later in the batch see the earlier ones as written (the runner keeps the newest, but be safe).
  const written = new Map<string, Record<string, JsonTree>>();
  return rows.map((row): Change => {
    const key = rowKey(row, table);
    const before = written.get(key) ?? existing.get(key);
    const properties: Record<string, Value> = {};
    for (const column of target.columns) {
      const property = table.columns[column.name]!.property;
      const value = row[column.name] ?? null;
      if (value === null) continue;
      if (before === undefined || (column.name !== table.keyColumn && !sameValue(value, before[property])))
        properties[property] = value;
    }
    written.set(key, {
      ...before,
      ...Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, wireValue(value)])),
    });
    if (before === undefined) return { kind: 'create', properties };
    return Object.keys(properties).length === 0 ? { kind: 'same' } : { kind: 'update', properties };
  });
}

export async function writeMasters(
  client: GpClient,
  target: TargetTable,
  table: GpTable,
  rows: readonly DataRow[],
): Promise<WriteResult> {
  const planned = await changes(client, target, table, rows);
  const rejected: RejectedRow[] = [];
  let inserted = 0;
  let updated = 0;
  let alreadyCommitted = 0;
  for (const [index, change] of planned.entries()) {
    if (change.kind === 'same') {
      alreadyCommitted += 1;
      continue;
    }
    const payload = JSON.stringify(
      Object.fromEntries(Object.entries(change.properties).map(([name, value]) => [name, wireValue(value)])),
    );
    const key = rowKey(rows[index]!, table);
    try {
      await client.write(
        change.kind === 'create' ? 'POST' : 'PATCH',
        table.resource,
        change.kind === 'create' ? undefined : key,
        payload,
      );
      if (change.kind === 'create') inserted += 1;
      else updated += 1;
    } catch (error) {
      if (!isKitError(error) || (error.status !== 400 && error.status !== 409)) throw error;
      rejected.push({
        index,
        code: 'GP_REFUSED',
        message: `GP refused ${table.kind} ${key}: ${error.vendorMessage ?? error.message}`,
      });
    }
  }
  return { inserted, updated, alreadyCommitted, rejected };
}

export async function planMasters(
  client: GpClient,
  target: TargetTable,
  table: GpTable,
  rows: readonly DataRow[],
): Promise<WritePlan> {
  const planned = await changes(client, target, table, rows);
  return {
    inserts: planned.filter((change) => change.kind === 'create').length,
    updates: planned.filter((change) => change.kind === 'update').length,
    unchanged: planned.filter((change) => change.kind === 'same').length,
  };
}
