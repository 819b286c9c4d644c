/**
 * Checks of lookup tables: one source of rows, the right shape of row (a key, or a range with
 * "ranges": true), dates where needed, bounds of the table's key type, and no key with two answers
 * (a key given twice under the table's key rule, or two ranges holding one key on one date, unless the
 * table declares that the first row wins).
 */
import { comparableKey, keyIdentity, keyMatchOf, typedBound } from './lookup-keys.ts';
import { findRangeOverlaps, type RangeRow } from './lookup-ranges.ts';
import { formatPath, type Problem } from './problems.ts';
import type { LookupDefinition, LookupKeyMatch, LookupRow } from './schema/lookup.ts';
import type { Pipeline } from './schema/pipeline.ts';
import { compareValues, formatValue, PlainDate, type Value } from './values/index.ts';

/** `rows`: every row the problem concerns (both rows of an overlap), when not just the one in `path`. */
type Push = (path: PropertyKey[], code: string, message: string, rows?: number[]) => void;

export function checkLookups(pipeline: Pipeline): Problem[] {
  const problems: Problem[] = [];
  for (const [name, lookup] of Object.entries(pipeline.lookups ?? {})) {
    const push: Push = (path, code, message) =>
      problems.push({ path: formatPath(['lookups', name, ...path]), code, message, severity: 'error' });
    checkLookup(name, lookup, push);
  }
  return problems;
}

/** A problem of one table, with its path inside the table (`rows[2].from`) and the rows it concerns. */
export interface LookupTableProblem extends Problem {
  readonly rows: readonly number[];
}

/** The problems of one table: what the studio's grid marks on its rows. */
export function lookupTableProblems(name: string, lookup: LookupDefinition): LookupTableProblem[] {
  const problems: LookupTableProblem[] = [];
  checkLookup(name, lookup, (path, code, message, rows) =>
    problems.push({
      path: formatPath(path),
      code,
      message,
      severity: 'error',
      rows: rows ?? (path[0] === 'rows' && typeof path[1] === 'number' ? [path[1]] : []),
    }),
  );
  return problems;
}

function checkLookup(name: string, lookup: LookupDefinition, push: Push): void {
  if (lookup.rows && lookup.file) push([], 'lookup-two-sources', 'Give either "rows" or "file", not both.');
  if (!lookup.rows && !lookup.file) push([], 'lookup-no-rows', 'Give the rows, or a CSV "file" with the rows.');
  if (lookup.file && lookup.effectiveDated && !lookup.file.effectiveFromColumn) {
    push(
      ['file', 'effectiveFromColumn'],
      'lookup-no-dates',
      'An effective-dated table needs the column holding effective-from dates.',
    );
  }
  if (lookup.file) checkFileColumns(lookup, push);
  for (const [index, row] of (lookup.rows ?? []).entries()) {
    if (lookup.effectiveDated && row.effectiveFrom === undefined) {
      push(
        ['rows', index, 'effectiveFrom'],
        'lookup-no-dates',
        'This table is effective-dated: give the date from which the row applies.',
      );
    }
  }
  if (lookup.ranges === true) {
    if (lookup.keyType === 'boolean')
      push(['ranges'], 'lookup-range-type', `"${name}" has yes/no keys, which have no ranges; use key rows.`);
    else checkRangeRows(name, lookup, push);
  } else checkKeyRows(lookup, push);
}

function checkFileColumns(lookup: LookupDefinition, push: Push): void {
  const file = lookup.file!;
  if (lookup.ranges === true) {
    if (file.fromColumn === undefined || file.toColumn === undefined)
      push(
        ['file'],
        'lookup-range-columns',
        'A table of ranges reads them from two columns: give "fromColumn" and "toColumn".',
      );
    if (file.keyColumn !== undefined)
      push(
        ['file', 'keyColumn'],
        'lookup-range-columns',
        'A table of ranges has no key column; use "fromColumn" and "toColumn".',
      );
  } else {
    if (file.keyColumn === undefined)
      push(['file'], 'lookup-key-column', 'Give "keyColumn", the column holding the keys (or set "ranges": true).');
    if (file.fromColumn !== undefined || file.toColumn !== undefined)
      push(
        ['file'],
        'lookup-key-column',
        '"fromColumn" and "toColumn" are for a table of ranges: set "ranges": true, or remove them.',
      );
  }
}

function checkKeyRows(lookup: LookupDefinition, push: Push): void {
  const keyMatch = keyMatchOf(lookup);
  const seen = new Map<string, number>();
  for (const [index, row] of (lookup.rows ?? []).entries()) {
    if (row.from !== undefined || row.to !== undefined)
      push(
        ['rows', index],
        'lookup-range-in-key-table',
        `Row ${index + 1} gives a range ("from", "to") in a table of single keys: set "ranges": true for a table of ranges.`,
      );
    if (row.key === undefined) {
      push(['rows', index, 'key'], 'lookup-no-key', `Row ${index + 1} has no key.`);
      continue;
    }
    const identity = `${rowKeyIdentity(row.key, lookup, keyMatch)}@${lookup.effectiveDated ? (row.effectiveFrom ?? '') : ''}`;
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, index);
      continue;
    }
    const firstKey = lookup.rows![first]!.key;
    const sameBy =
      typeof row.key === 'string' && !isNumberKeyed(lookup) ? 'keys match ignoring case' : 'the same number';
    const asWritten = firstKey !== row.key ? ` (as ${JSON.stringify(firstKey)}: ${sameBy})` : '';
    push(
      ['rows', index, 'key'],
      'lookup-duplicate-key',
      `The key ${JSON.stringify(row.key)} is already in row ${first + 1}${asWritten}${lookup.effectiveDated ? ' with the same date' : ''}; a lookup must give one answer.`,
      [first, index],
    );
  }
}

function isNumberKeyed(lookup: LookupDefinition): boolean {
  return lookup.keyType === 'integer' || lookup.keyType === 'decimal';
}

/** A written key's identity under the table's rule: numbers by value (4100 and "4100.00" are one key). */
function rowKeyIdentity(key: unknown, lookup: LookupDefinition, keyMatch: LookupKeyMatch): string {
  if (isNumberKeyed(lookup)) {
    const typed = typedBound(key, lookup.keyType);
    if (typed.ok) return keyIdentity(typed.value, keyMatch);
  }
  return typeof key === 'string' ? keyIdentity(key, keyMatch) : JSON.stringify(key);
}

function checkRangeRows(name: string, lookup: LookupDefinition, push: Push): void {
  const keyMatch = keyMatchOf(lookup);
  const typed: { row: RangeRow; index: number }[] = [];
  for (const [index, row] of (lookup.rows ?? []).entries()) {
    if (row.key !== undefined)
      push(
        ['rows', index, 'key'],
        'lookup-key-in-range-table',
        `Row ${index + 1} gives a single key in a table of ranges: write it as "from" and "to" (the same key twice).`,
      );
    const from = rangeBound(name, lookup, row, index, 'from', push);
    const to = rangeBound(name, lookup, row, index, 'to', push);
    if (from === undefined || to === undefined) continue;
    const low = comparableKey(from, keyMatch);
    const high = comparableKey(to, keyMatch);
    if (compareValues(low, high) > 0) {
      push(
        ['rows', index, 'to'],
        'lookup-range-reversed',
        `Row ${index + 1} of "${name}" ends (${formatValue(to)}) before it starts (${formatValue(from)}); a range runs from its first key to its last.`,
      );
      continue;
    }
    const effectiveFrom = lookup.effectiveDated && row.effectiveFrom ? datePart(row.effectiveFrom) : undefined;
    typed.push({ row: { from: low, to: high, value: null, ...(effectiveFrom ? { effectiveFrom } : {}) }, index });
  }
  if (lookup.overlaps === 'first-row-wins') return;
  for (const overlap of findRangeOverlaps(typed.map(({ row }) => row))) {
    const first = typed[overlap.first]!.index;
    const second = typed[overlap.second]!.index;
    const rows = lookup.rows!;
    push(
      ['rows', second, 'from'],
      'lookup-range-overlap',
      `Rows ${first + 1} and ${second + 1} of "${name}" overlap: ${rangeText(rows[first]!)} and ${rangeText(rows[second]!)} both hold ${formatValue(overlap.key)}${lookup.effectiveDated ? ' on the same date' : ''}. ` +
        'Change one of them, or let the first row win ("overlaps": "first-row-wins").',
      [first, second],
    );
  }
}

function rangeBound(
  name: string,
  lookup: LookupDefinition,
  row: LookupRow,
  index: number,
  side: 'from' | 'to',
  push: Push,
): Value | undefined {
  const raw = row[side];
  if (raw === undefined || raw === null || raw === '') {
    push(
      ['rows', index, side],
      'lookup-range-bounds',
      `Row ${index + 1} of "${name}" needs "${side}": the ${side === 'from' ? 'first' : 'last'} key of its range.`,
    );
    return undefined;
  }
  const bound = typedBound(raw, lookup.keyType);
  if (bound.ok) return bound.value;
  push(
    ['rows', index, side],
    'lookup-mixed-keys',
    `Row ${index + 1} of "${name}", "${side}": ${bound.reason}. A table's keys are all text or all numbers (its keyType), so its ranges have one order.`,
  );
  return undefined;
}

function rangeText(row: LookupRow): string {
  return `${JSON.stringify(row.from)} to ${JSON.stringify(row.to)}`;
}

function datePart(text: string): PlainDate | undefined {
  try {
    return PlainDate.parse(text);
  } catch {
    return undefined;
  }
}
