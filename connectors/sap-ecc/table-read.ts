/**
 * Reading one SAP table through RFC_READ_TABLE the way its limits demand (README.md):
 * - the fields' widths come from SAP itself: one `NO_DATA='X'` call answers FIELDS with OFFSET/LENGTH and no
 *   rows (remembered per table), and they are grouped so each call's row stays within 512 characters;
 * - each group is read over the same WHERE clause (a key range or a list of keys), every group carrying the
 *   key fields, and the rows are joined back by key. A key one group returned and another did not (a row
 *   inserted or deleted between the calls) is a problem on that record, never a silent drop;
 * - no ROWSKIPS paging: rows come back in no order, so a page is always a whole WHERE slice (ROWCOUNT 0)
 *   that the caller keeps small (a key range of a known size, or a short key list).
 */
import type { Value } from '../../engine/model/values/value.ts';
import { fieldGroups, type FieldWidth } from './read-table-fields.ts';
import { optionLines } from './read-table-options.ts';
import { parseWaLine, type WaField, type WaProblem } from './read-table-rows.ts';
import type { SapRfcClient } from './client.ts';
import type { RfcAnswer } from './rfc-xml.ts';

export const DELIMITER = '|';

export interface TableRow {
  readonly values: Record<string, Value>;
  readonly problems: WaProblem[];
}

/** The plan of a table's fields (their widths), asked once per table and source. */
export type FieldPlans = Map<string, Promise<readonly WaField[]>>;

export function newFieldPlans(): FieldPlans {
  return new Map();
}

function readCall(table: string, fields: readonly string[], where: readonly string[], noData: boolean) {
  return {
    functionName: 'RFC_READ_TABLE',
    imports: { QUERY_TABLE: table, DELIMITER, NO_DATA: noData ? 'X' : '', ROWSKIPS: '0', ROWCOUNT: '0' },
    tables: {
      OPTIONS: optionLines(where).map((TEXT) => ({ TEXT })),
      FIELDS: fields.map((FIELDNAME) => ({ FIELDNAME })),
      DATA: [],
    },
  };
}

function fieldsOf(answer: RfcAnswer): WaField[] {
  return answer.table('FIELDS').map((field) => ({
    name: (field.FIELDNAME ?? '').trim(),
    offset: Number(field.OFFSET ?? '0'),
    length: Number(field.LENGTH ?? '0'),
    type: (field.TYPE ?? 'C').trim(),
  }));
}

/** The FIELDS answer of a `NO_DATA='X'` call: SAP's own widths, whatever the release. */
export function planFields(
  client: SapRfcClient,
  plans: FieldPlans,
  table: string,
  fields: readonly string[],
): Promise<readonly WaField[]> {
  const id = `${table}:${fields.join(',')}`;
  let plan = plans.get(id);
  if (plan === undefined) {
    plan = client.call(readCall(table, fields, [], true), { table }).then(fieldsOf);
    plans.set(id, plan);
    // A failed plan is asked again next time, not remembered.
    plan.catch(() => plans.delete(id));
  }
  return plan;
}

export const keyOf = (values: Readonly<Record<string, Value>>, keys: readonly string[]): string =>
  keys.map((key) => String(values[key] ?? '')).join('\u0000');

/**
 * The rows of `table` matching `where` (tokens), all `fields` read in as many calls as the 512 limit asks,
 * joined by `keys`. Rows come back keyed (a row SAP sent twice is kept once).
 */
export async function readRows(
  client: SapRfcClient,
  plans: FieldPlans,
  table: string,
  keys: readonly string[],
  fields: readonly string[],
  where: readonly string[],
): Promise<Map<string, TableRow>> {
  const plan = await planFields(client, plans, table, fields);
  const widths: FieldWidth[] = plan.map((field) => ({ name: field.name, length: field.length }));
  const keyWidths = widths.filter((field) => keys.includes(field.name));
  const groups = fieldGroups(table, keyWidths, widths);
  const joined = new Map<string, TableRow>();
  const seenBy: Set<string>[] = [];
  for (const group of groups) {
    const answer = await client.call(
      readCall(
        table,
        group.map((field) => field.name),
        where,
        false,
      ),
      { table },
    );
    const answerFields = fieldsOf(answer);
    const seen = new Set<string>();
    for (const item of answer.table('DATA')) {
      const row = parseWaLine(answerFields, item.WA ?? '');
      const id = keyOf(row.values, keys);
      seen.add(id);
      const before = joined.get(id);
      if (before === undefined) joined.set(id, { values: { ...row.values }, problems: [...row.problems] });
      else {
        Object.assign(before.values, row.values);
        before.problems.push(...row.problems.filter((p) => !before.problems.some((q) => q.field === p.field)));
      }
    }
    seenBy.push(seen);
  }
  if (groups.length > 1)
    for (const [id, row] of joined) {
      const missing = groups.filter((_, i) => !seenBy[i]!.has(id)).flatMap((group) => group.map((f) => f.name));
      const notKeys = missing.filter((name) => !keys.includes(name));
      if (notKeys.length > 0)
        row.problems.push({
          field: notKeys[0]!,
          message: `${table} ${keys.map((k) => String(row.values[k] ?? '')).join('/')}: SAP returned this row in one of the calls that read ${table} in column groups but not in another (it changed between the calls), so ${notKeys.join(', ')} could not be read; the next run reads it again`,
        });
    }
  return joined;
}

/** The distinct values of the key field(s) of the rows matching `where`, sorted: one narrow call. */
export async function readKeys(
  client: SapRfcClient,
  table: string,
  keyField: string,
  where: readonly string[],
): Promise<string[]> {
  const answer = await client.call(readCall(table, [keyField], where, false), { table });
  const fields = fieldsOf(answer);
  const keys = new Set<string>();
  for (const item of answer.table('DATA')) {
    const value = parseWaLine(fields, item.WA ?? '').values[keyField];
    if (typeof value === 'string' && value !== '') keys.add(value);
  }
  return [...keys].sort();
}
