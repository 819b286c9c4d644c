/**
 * The pieces of the source conformance harness that are plain functions: reading a stream to the end,
 * the simulator's control totals over HTTP, reconciliation against them, and the incremental read the
 * way the engine's runner does it (closed start at the watermark, records already seen at the watermark
 * dropped by fingerprint).
 */
import { request } from 'undici';
import type { DataRow, EntitySchema, ReadRequest, Source } from '../../../engine/model/io.ts';
import { Decimal, compareValues, toJsonValue, type Value } from '../../../engine/model/values/index.ts';
import type { ControlTotals } from '../simulator/control-totals.ts';

/** A record the simulator created or changed, by entity and the values of its key fields. */
export interface ChangedRecord {
  readonly entity: string;
  readonly key: readonly (string | number)[];
}

export async function readAll(
  source: Source,
  schema: EntitySchema,
  pageSize: number,
  from?: Value,
): Promise<DataRow[]> {
  const rows: DataRow[] = [];
  const read: ReadRequest = {
    entity: schema.entity,
    key: schema.key,
    pageSize,
    ...(schema.cursorField === undefined ? {} : { cursorField: schema.cursorField }),
    ...(from === undefined ? {} : { from: { cursor: from } }),
  };
  for await (const page of source.read(read)) {
    // A value the source could not read would be held by the runner: in a conformance run, none may be.
    if ((page.problems ?? []).length > 0)
      throw new Error(`${schema.entity}: ${page.problems?.map((problem) => problem.message).join('; ')}`);
    rows.push(...page.records);
  }
  return rows;
}

/** `GET /__sim/control-totals`: never faulted, so it answers even on a simulator injecting faults. */
export async function fetchControlTotals(simulatorUrl: string): Promise<ControlTotals> {
  const response = await request(`${simulatorUrl}/__sim/control-totals`);
  if (response.statusCode !== 200) throw new Error(`control totals answered ${response.statusCode}`);
  return (await response.body.json()) as ControlTotals;
}

/** Every way `rows` differs from the control totals of their entity, as sentences; empty when they agree. */
export function reconcile(entity: string, rows: readonly DataRow[], totals: ControlTotals): string[] {
  const expected = totals[entity];
  if (expected === undefined) return [`the simulator has no control totals for ${entity}`];
  const problems: string[] = [];
  if (rows.length !== expected.rows)
    problems.push(`${entity}: read ${rows.length} rows, the simulator holds ${expected.rows}`);
  for (const [field, total] of Object.entries(expected.sums)) {
    let sum = Decimal.ZERO;
    for (const row of rows) {
      const value = row[field];
      if (value instanceof Decimal) sum = sum.add(value);
      else if (value !== null && value !== undefined)
        problems.push(`${entity}.${field}: ${String(value)} is not a decimal`);
    }
    if (compareValues(sum, Decimal.parse(total)) !== 0)
      problems.push(`${entity}.${field}: read sum ${sum.toString()}, control total ${total}`);
  }
  return problems;
}

export function keyText(values: readonly unknown[]): string {
  return JSON.stringify(values.map((value) => String(value)));
}

export function rowKey(row: DataRow, key: readonly string[]): string {
  return keyText(key.map((field) => row[field] ?? null));
}

/** Key plus every field's value: a record changed without its cursor moving still differs. */
export function fingerprint(row: DataRow, key: readonly string[]): string {
  const fields = Object.keys(row)
    .sort()
    .map((field) => [field, toJsonValue(row[field] ?? null)]);
  return `${rowKey(row, key)}#${JSON.stringify(fields)}`;
}

export interface Watermark {
  readonly cursor: Value;
  readonly seenAtCursor: ReadonlySet<string>;
}

/** The highest cursor of a read and the fingerprints of the rows at it, as the runner stores them. */
export function watermarkOf(rows: readonly DataRow[], schema: EntitySchema): Watermark {
  const field = schema.cursorField;
  if (field === undefined) throw new Error(`${schema.entity} has no cursor field`);
  let cursor: Value = null;
  for (const row of rows)
    if (cursor === null || compareValues(row[field] ?? null, cursor) > 0) cursor = row[field] ?? null;
  const seenAtCursor = new Set(
    rows.filter((row) => compareValues(row[field] ?? null, cursor) === 0).map((row) => fingerprint(row, schema.key)),
  );
  return { cursor, seenAtCursor };
}

/** An incremental read from `watermark`, less the rows at the watermark that were already written. */
export async function readChanged(
  source: Source,
  schema: EntitySchema,
  pageSize: number,
  watermark: Watermark,
): Promise<DataRow[]> {
  const field = schema.cursorField ?? '';
  const rows = await readAll(source, schema, pageSize, watermark.cursor);
  const below = rows.filter((row) => compareValues(row[field] ?? null, watermark.cursor) < 0);
  if (below.length > 0)
    throw new Error(
      `${schema.entity}: ${below.length} rows below the watermark ${String(watermark.cursor)} (closed start means >=)`,
    );
  return rows.filter(
    (row) =>
      !(
        compareValues(row[field] ?? null, watermark.cursor) === 0 &&
        watermark.seenAtCursor.has(fingerprint(row, schema.key))
      ),
  );
}

/** Rows in cursor order, as a source that says `orderedByCursor` promises; the first out of order, or -1. */
export function firstOutOfOrder(rows: readonly DataRow[], cursorField: string): number {
  for (let i = 1; i < rows.length; i++)
    if (compareValues(rows[i - 1]?.[cursorField] ?? null, rows[i]?.[cursorField] ?? null) > 0) return i;
  return -1;
}
