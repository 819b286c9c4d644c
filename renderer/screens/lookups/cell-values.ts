/**
 * What a grid cell holds in the pipeline file: an integer key is a number, a yes/no value a boolean,
 * everything else the text typed (decimals and dates stay text, so no digit is lost to floating point).
 * An empty value cell is "no value yet" (null); the table's declared types are checked by the engine.
 */
import type { FieldTypeName, LookupDefinition, LookupRow } from '../../../engine/model/index.ts';
import { lookupTableProblems } from '../../../engine/model/lookup-checks.ts';

export type Cell = LookupRow['key'];

export function cellFromText(text: string, type: FieldTypeName | undefined, role: 'key' | 'value'): Cell {
  const trimmed = text.trim();
  if (trimmed === '') return role === 'value' ? null : '';
  if (type === 'integer' && /^-?\d{1,15}$/.test(trimmed)) return Number(trimmed);
  if (type === 'boolean' && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  return trimmed;
}

export function cellText(value: Cell | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The date typed for an effective-dated row: kept as written (the engine names a bad one), empty means none. */
export function dateFromText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The table's problems by row, as the pipeline check finds them (a key given twice under the table's
 * key rule, ranges that overlap, a bound of the wrong type): each problem on every row it concerns,
 * so both rows of an overlap are marked.
 */
export function rowProblems(table: string, lookup: LookupDefinition): Map<number, string[]> {
  const byRow = new Map<number, string[]>();
  for (const problem of lookupTableProblems(table, lookup)) {
    for (const row of problem.rows) byRow.set(row, [...(byRow.get(row) ?? []), problem.message]);
  }
  return byRow;
}

/** Today on this computer's calendar, as YYYY-MM-DD: the date a new effective-dated row starts from unless changed. */
export function todayText(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
