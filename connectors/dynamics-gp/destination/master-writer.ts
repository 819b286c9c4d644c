/**
 * Employees (or vendors) into GP's master records, idempotent by natural key, whichever GP surface
 * holds them (`MasterRecords`: GP Web Services for employees, SBA `Purchasing/Vendors` for vendors):
 * the batch's keys are read from GP first; a new key is created, a known one is changed with only the
 * properties that differ, and one that already matches is not written at all. So a change that
 * arrives twice (by webhook and again by polling) is applied once. An empty (NULL) column is not sent:
 * it leaves GP's value as it is, so a record BambooHR reports deleted (no fields, only inactive) is
 * made inactive in GP rather than blanked; map an empty text to clear a value. GP's refusal of one
 * record holds that row with GP's words; the others are written. A write whose answer is lost is
 * settled by reading the record again (`writeOne`), never by sending it blind.
 */
import { isTransient } from '../../../engine/model/errors.ts';
import type { DataRow, RejectedRow, TargetTable, WritePlan, WriteResult } from '../../../engine/model/io.ts';
import { PlainDate, type Value } from '../../../engine/model/values/index.ts';
import type { GpTable } from './tables.ts';

/** A property value as GP holds it: text (dates as YYYY-MM-DD...), a boolean, or nothing. */
export type GpValue = string | boolean | null | undefined;
export type GpProperties = Readonly<Record<string, GpValue>>;

/** One GP surface's master records, by the table's GP property names. */
export interface MasterRecords {
  /** The records GP holds for these keys. */
  read(keys: readonly string[]): Promise<ReadonlyMap<string, GpProperties>>;
  /** `properties` holds the key's property too on create; on update only what changes. */
  create(key: string, properties: Readonly<Record<string, Value>>): Promise<void>;
  update(key: string, properties: Readonly<Record<string, Value>>, before: GpProperties): Promise<void>;
  /** GP's words when it refused this one record (the row is held); undefined for anything else (the batch stops). */
  refusal(error: unknown): string | undefined;
}

type Change =
  | {
      readonly kind: 'create' | 'update';
      readonly properties: Record<string, Value>;
      readonly before: GpProperties;
    }
  | { readonly kind: 'same' };

export function wireValue(value: Value): string | boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  return value instanceof PlainDate ? value.toString() : String(value);
}

function sameValue(ours: Value, theirs: GpValue): boolean {
  const wire = wireValue(ours);
  if (wire === null) return theirs === null || theirs === undefined || theirs === '';
  if (ours instanceof PlainDate) return typeof theirs === 'string' && theirs.slice(0, 10) === wire;
  // GP pads char fields with spaces (web-services §8 quirk 11).
  return typeof theirs === 'string' && typeof wire === 'string' ? theirs.trimEnd() === wire : theirs === wire;
}

function rowKey(row: DataRow, table: GpTable): string {
  return String(row[table.keyColumn] ?? '');
}

/** What writing `row` over `before` (GP's record; undefined when GP has none) takes: only what differs. */
function changeOf(target: TargetTable, table: GpTable, row: DataRow, before: GpProperties | undefined): Change {
  const properties: Record<string, Value> = {};
  for (const column of target.columns) {
    const property = table.columns[column.name]!.property;
    const value = row[column.name] ?? null;
    if (value === null) continue;
    if (before === undefined || (column.name !== table.keyColumn && !sameValue(value, before[property])))
      properties[property] = value;
  }
  if (before === undefined) return { kind: 'create', properties, before: {} };
  return Object.keys(properties).length === 0 ? { kind: 'same' } : { kind: 'update', properties, before };
}

async function changes(
  records: MasterRecords,
  target: TargetTable,
  table: GpTable,
  rows: readonly DataRow[],
): Promise<Change[]> {
  const existing = await records.read([...new Set(rows.map((row) => rowKey(row, table)))]);
  // Rows of one key later in the batch see the earlier ones as written (the runner keeps the newest, but be safe).
  const written = new Map<string, GpProperties>();
  return rows.map((row): Change => {
    const key = rowKey(row, table);
    const before = written.get(key) ?? existing.get(key);
    const change = changeOf(target, table, row, before);
    if (change.kind !== 'same')
      written.set(key, {
        ...before,
        ...Object.fromEntries(Object.entries(change.properties).map(([name, value]) => [name, wireValue(value)])),
      });
    return change;
  });
}

/** Sends of one record, counting the first, when the answers are lost (a reset, a 503). */
const SENDS = 4;

/**
 * Writes one record. A write whose answer is lost may or may not have been applied, so the record is
 * read again and only what still differs is sent again: a master record is keyed, so GP cannot hold
 * two of it, and a create GP already applied is found rather than refused. Gives up after SENDS.
 */
async function writeOne(
  records: MasterRecords,
  target: TargetTable,
  table: GpTable,
  row: DataRow,
  first: Exclude<Change, { kind: 'same' }>,
): Promise<void> {
  const key = rowKey(row, table);
  let change: Change = first;
  for (let send = 1; change.kind !== 'same'; send += 1) {
    try {
      if (change.kind === 'create') await records.create(key, change.properties);
      else await records.update(key, change.properties, change.before);
      return;
    } catch (error) {
      if (!isTransient(error) || send >= SENDS) throw error;
      change = changeOf(target, table, row, (await records.read([key])).get(key));
    }
  }
}

export async function writeMasters(
  records: MasterRecords,
  target: TargetTable,
  table: GpTable,
  rows: readonly DataRow[],
): Promise<WriteResult> {
  const planned = await changes(records, target, table, rows);
  const rejected: RejectedRow[] = [];
  let inserted = 0;
  let updated = 0;
  let alreadyCommitted = 0;
  for (const [index, change] of planned.entries()) {
    if (change.kind === 'same') {
      alreadyCommitted += 1;
      continue;
    }
    const key = rowKey(rows[index]!, table);
    try {
      await writeOne(records, target, table, rows[index]!, change);
      if (change.kind === 'create') inserted += 1;
      else updated += 1;
    } catch (error) {
      const words = records.refusal(error);
      if (words === undefined) throw error;
      rejected.push({ index, code: 'GP_REFUSED', message: `GP refused ${table.kind} ${key}: ${words}` });
    }
  }
  return { inserted, updated, alreadyCommitted, rejected };
}

export async function planMasters(
  records: MasterRecords,
  target: TargetTable,
  table: GpTable,
  rows: readonly DataRow[],
): Promise<WritePlan> {
  const planned = await changes(records, target, table, rows);
  return {
    inserts: planned.filter((change) => change.kind === 'create').length,
    updates: planned.filter((change) => change.kind === 'update').length,
    unchanged: planned.filter((change) => change.kind === 'same').length,
  };
}
