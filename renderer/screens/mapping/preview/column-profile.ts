/**
 * A column's profile over the preview sample: empty values, distinct values, smallest and largest,
 * the most common values and, for numbers and dates, how the values spread over ten equal bins.
 * Numbers are compared and binned as exact decimals (money never passes through floats); dates by
 * their day number. Pure, with unit tests; the grid shows it for a clicked column or source field.
 */
import { Decimal, PlainDate } from '../../../../engine/model/values/index.ts';
import type { JsonValue, PreviewResult } from '../../../api/wire.ts';
import { valueText } from './preview-rows.ts';

export const PROFILE_BINS = 10;
export const PROFILE_TOP_VALUES = 5;

export type ProfileKind = 'number' | 'date' | 'text' | 'empty';

export interface ProfileBin {
  /** Lower edge, written like the values (inclusive). */
  readonly from: string;
  /** Upper edge (exclusive, except the last bin, which holds the largest value). */
  readonly to: string;
  readonly count: number;
}

export interface ColumnProfile {
  /** Values looked at (one per sample row). */
  readonly values: number;
  /** No value at all. */
  readonly nulls: number;
  /** Text with nothing but spaces in it. */
  readonly blanks: number;
  /** Different values among those neither null nor blank (1.0 and 1.00 are one number). */
  readonly distinct: number;
  readonly kind: ProfileKind;
  readonly min: string | null;
  readonly max: string | null;
  /** Most common first, ties in text order. */
  readonly top: readonly { readonly value: string; readonly count: number }[];
  /** Ten bins from min to max, for numbers and dates with at least two different values. */
  readonly bins: readonly ProfileBin[];
}

/** The profile of one list of values. */
export function profileValues(values: readonly (JsonValue | undefined)[]): ColumnProfile {
  let nulls = 0;
  let blanks = 0;
  const present: JsonValue[] = [];
  for (const value of values) {
    if (value === null || value === undefined) nulls++;
    else if (typeof value === 'string' && value.trim() === '') blanks++;
    else present.push(value);
  }
  const kind = kindOf(present);
  const base = { values: values.length, nulls, blanks, kind };
  if (kind === 'number') return { ...base, ...numberFigures(present.map(asDecimal)) };
  if (kind === 'date') return { ...base, ...dateFigures(present.map((value) => PlainDate.parse(value as string))) };
  const texts = present.map((value) => valueText(value));
  const sorted = [...new Set(texts)].sort();
  return {
    ...base,
    distinct: sorted.length,
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
    top: topValues(texts),
    bins: [],
  };
}

/** The profile of a mapped column, over the rows the sample mapped (held rows have no value). */
export function profileMappedColumn(result: PreviewResult, column: string): ColumnProfile {
  return profileValues(result.rows.map((row) => row[column] ?? null));
}

/** The source fields the columns read, as the preview answer carries them. */
export function sourceFieldsOf(result: PreviewResult): string[] {
  const fields = new Set<string>();
  for (const source of result.rowSources) for (const name of Object.keys(source.values)) fields.add(name);
  for (const held of result.held) for (const name of Object.keys(held.sourceRecord)) fields.add(name);
  return [...fields];
}

/** The profile of a source field over every record of the sample, mapped or held. */
export function profileSourceField(result: PreviewResult, field: string): ColumnProfile {
  const records = [
    ...result.rowSources.map((source) => ({ position: source.position, values: source.values })),
    ...result.held.map((held) => ({ position: held.position, values: held.sourceRecord })),
  ].sort((a, b) => a.position - b.position);
  return profileValues(records.map((record) => record.values[field] ?? null));
}

function kindOf(present: readonly JsonValue[]): ProfileKind {
  if (present.length === 0) return 'empty';
  if (present.every((value) => asDecimalOrUndefined(value) !== undefined)) return 'number';
  if (present.every((value) => typeof value === 'string' && PlainDate.tryParse(value) !== undefined)) return 'date';
  return 'text';
}

function asDecimalOrUndefined(value: JsonValue): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Decimal.fromNumber(value) : undefined;
  if (typeof value === 'string') return Decimal.tryParse(value);
  return undefined;
}

function asDecimal(value: JsonValue): Decimal {
  return asDecimalOrUndefined(value)!;
}

function numberFigures(numbers: readonly Decimal[]) {
  const sorted = [...numbers].sort((a, b) => a.compare(b));
  const min = sorted[0]!;
  const max = sorted.at(-1)!;
  // One number, however written: "1.0" and "1.00" count together, shown as first written.
  const keys = numbers.map((n) => n.stripTrailingZeros().toString());
  const firstWritten = new Map<string, string>();
  numbers.forEach((n, index) => {
    if (!firstWritten.has(keys[index]!)) firstWritten.set(keys[index]!, n.toString());
  });
  return {
    distinct: firstWritten.size,
    min: min.toString(),
    max: max.toString(),
    top: topValues(keys).map((entry) => ({ value: firstWritten.get(entry.value)!, count: entry.count })),
    bins: decimalBins(numbers, min, max),
  };
}

/** Ten equal bins from min to max; a value's bin is floor((v - min) * 10 / (max - min)), worked in whole numbers. */
function decimalBins(numbers: readonly Decimal[], min: Decimal, max: Decimal): ProfileBin[] {
  if (min.equals(max)) return [];
  const scale = Math.max(...numbers.map((n) => n.scale));
  const low = min.rescale(scale).coefficient;
  const span = max.rescale(scale).coefficient - low;
  const counts = new Array<number>(PROFILE_BINS).fill(0);
  for (const n of numbers) counts[binIndex(n.rescale(scale).coefficient - low, span)]!++;
  const width = max.subtract(min);
  const edge = (i: number) =>
    min.add(width.multiply(Decimal.fromInteger(i)).divide(Decimal.fromInteger(PROFILE_BINS), scale + 1)).toString();
  return counts.map((count, i) => ({ from: edge(i), to: edge(i + 1), count }));
}

function dateFigures(dates: readonly PlainDate[]) {
  const days = dates.map((date) => date.toEpochDay());
  const low = Math.min(...days);
  const high = Math.max(...days);
  const texts = dates.map((date) => date.toString());
  const bins: ProfileBin[] = [];
  if (low !== high) {
    const span = BigInt(high - low);
    const counts = new Array<number>(PROFILE_BINS).fill(0);
    for (const day of days) counts[binIndex(BigInt(day - low), span)]!++;
    const edge = (i: number) =>
      PlainDate.fromEpochDay(low + Number((span * BigInt(i)) / BigInt(PROFILE_BINS))).toString();
    counts.forEach((count, i) =>
      bins.push({
        from: edge(i),
        to: i === PROFILE_BINS - 1 ? PlainDate.fromEpochDay(high).toString() : edge(i + 1),
        count,
      }),
    );
  }
  return {
    distinct: new Set(texts).size,
    min: PlainDate.fromEpochDay(low).toString(),
    max: PlainDate.fromEpochDay(high).toString(),
    top: topValues(texts),
    bins,
  };
}

/** Which of the ten bins an offset from the minimum falls in; the maximum belongs to the last. */
function binIndex(offset: bigint, span: bigint): number {
  return Math.min(PROFILE_BINS - 1, Number((offset * BigInt(PROFILE_BINS)) / span));
}

function topValues(keys: readonly string[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, PROFILE_TOP_VALUES)
    .map(([value, count]) => ({ value, count }));
}
