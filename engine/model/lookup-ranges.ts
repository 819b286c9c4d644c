/**
 * Range rows of a lookup table (from .. to, both inclusive): the overlap check and the index LOOKUP
 * searches. Bounds and keys arrive typed and made comparable by the key rule (`lookup-keys.ts`).
 *
 * The index cuts the key line at every bound into pieces: each bound itself, and the open gap up to
 * the next bound. No row starts or ends inside a piece, so every key in it is held by the same rows,
 * and the answer for a piece (per effective date) is computed once when the table is built. A lookup
 * is then one binary search over the bounds, never a scan of the rows.
 */
import { compareKeys } from './lookup-keys.ts';
import type { PlainDate, Value } from './values/index.ts';

export interface RangeRow {
  readonly from: Value;
  readonly to: Value;
  readonly value: Value;
  /** Effective-dated tables: the first day the row applies (a later row supersedes it for the keys it holds). */
  readonly effectiveFrom?: PlainDate;
}

/** Two rows (0-based, `first` nearer the top) that hold the same key on the same date. */
export interface RangeOverlap {
  readonly first: number;
  readonly second: number;
  /** A key both hold: the later of the two starts. */
  readonly key: Value;
}

function dateKey(row: RangeRow): string {
  return row.effectiveFrom === undefined ? '' : row.effectiveFrom.toString();
}

/**
 * Rows that overlap another row with the same effective date, each reported once with one row it
 * overlaps. Sorted by start, a row overlaps an earlier-starting one exactly when it starts before the
 * furthest end seen so far, so one pass after the sort finds them all.
 */
export function findRangeOverlaps(rows: readonly RangeRow[]): RangeOverlap[] {
  const byDate = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const list = byDate.get(dateKey(row)) ?? [];
    list.push(index);
    byDate.set(dateKey(row), list);
  });
  const overlaps: RangeOverlap[] = [];
  for (const indexes of byDate.values()) {
    indexes.sort((a, b) => compareKeys(rows[a]!.from, rows[b]!.from) || a - b);
    let reach: number | undefined;
    for (const index of indexes) {
      const row = rows[index]!;
      if (reach !== undefined && compareKeys(row.from, rows[reach]!.to) <= 0) {
        overlaps.push({ first: Math.min(reach, index), second: Math.max(reach, index), key: row.from });
      }
      if (reach === undefined || compareKeys(row.to, rows[reach]!.to) > 0) reach = index;
    }
  }
  return overlaps.sort((a, b) => a.second - b.second || a.first - b.first);
}

interface DatedAnswer {
  readonly from: PlainDate | undefined;
  readonly value: Value;
}

/** Row indexes in force, per effective date, each list kept sorted so its first row is the winner. */
class ActiveRows {
  private readonly byDate = new Map<string, { from: PlainDate | undefined; rows: number[] }>();

  add(row: number, from: PlainDate | undefined, key: string): void {
    const entry = this.byDate.get(key) ?? { from, rows: [] };
    let at = entry.rows.length;
    while (at > 0 && entry.rows[at - 1]! > row) at--;
    entry.rows.splice(at, 0, row);
    this.byDate.set(key, entry);
  }

  remove(row: number, key: string): void {
    const entry = this.byDate.get(key);
    if (!entry) return;
    entry.rows.splice(entry.rows.indexOf(row), 1);
    if (entry.rows.length === 0) this.byDate.delete(key);
  }

  answers(rows: readonly RangeRow[]): DatedAnswer[] {
    const answers: DatedAnswer[] = [];
    for (const { from, rows: active } of this.byDate.values()) answers.push({ from, value: rows[active[0]!]!.value });
    return answers.length > 1 ? answers.sort((a, b) => compareDates(a.from, b.from)) : answers;
  }
}

function compareDates(a: PlainDate | undefined, b: PlainDate | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return a.compare(b);
}

const NONE: readonly DatedAnswer[] = [];

/**
 * Range rows ready to answer. Rows that overlap on one date (allowed only when the table declares
 * "first-row-wins") answer by table order: the row nearer the top wins.
 */
export class RangeIndex {
  /** Every distinct bound, sorted. */
  private readonly bounds: Value[] = [];
  /** Answers for a key equal to bounds[i], by effective date. */
  private readonly atBound: (readonly DatedAnswer[])[] = [];
  /** Answers for a key strictly between bounds[i] and bounds[i + 1]. */
  private readonly afterBound: (readonly DatedAnswer[])[] = [];

  constructor(rows: readonly RangeRow[]) {
    const all = rows.flatMap((row) => [row.from, row.to]).sort(compareKeys);
    for (const bound of all) {
      const last = this.bounds[this.bounds.length - 1];
      if (this.bounds.length === 0 || compareKeys(last!, bound) !== 0) this.bounds.push(bound);
    }
    const starting = this.bounds.map((): number[] => []);
    const ending = this.bounds.map((): number[] => []);
    rows.forEach((row, index) => {
      starting[this.position(row.from)]!.push(index);
      ending[this.position(row.to)]!.push(index);
    });
    const active = new ActiveRows();
    for (let at = 0; at < this.bounds.length; at++) {
      for (const row of starting[at]!) active.add(row, rows[row]!.effectiveFrom, dateKey(rows[row]!));
      this.atBound.push(active.answers(rows));
      for (const row of ending[at]!) active.remove(row, dateKey(rows[row]!));
      this.afterBound.push(active.answers(rows));
    }
  }

  /** The index of the last bound at or before `key`, or -1. */
  private position(key: Value): number {
    let low = 0;
    let high = this.bounds.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (compareKeys(this.bounds[middle]!, key) <= 0) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /**
   * The value of the row whose range holds `key` (made comparable by the table's key rule), or
   * undefined. Effective-dated: the row with the latest date on or before `asOf` (the latest of all
   * without `asOf`), so a later row supersedes an earlier one for the keys it holds.
   */
  find(key: Value, asOf?: PlainDate): Value | undefined {
    const at = this.position(key);
    if (at < 0) return undefined;
    const answers = compareKeys(this.bounds[at]!, key) === 0 ? this.atBound[at]! : (this.afterBound[at] ?? NONE);
    if (answers.length === 0) return undefined;
    if (asOf === undefined) return answers[answers.length - 1]!.value;
    let found: Value | undefined;
    for (const answer of answers) {
      if (answer.from === undefined || answer.from.compare(asOf) <= 0) found = answer.value;
      else break;
    }
    return found;
  }
}
