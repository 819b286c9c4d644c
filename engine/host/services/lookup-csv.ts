/**
 * CSV text -> typed lookup rows, for the studio's CSV import and for showing a file-based table. The
 * parser is the one the runner reads lookup files with (engine/model/csv-text.ts), so what the
 * studio imports is what a run would read. Unlike a run, which refuses a bad file at its first bad
 * line, an import keeps every good row and names each line it could not use, so the analyst fixes
 * the few and keeps the rest.
 */
import type { FieldTypeName, LookupRow } from '../../model/index.ts';
import { MlcError } from '../../model/errors.ts';
import { coerceValue, PlainDate, toJsonValue } from '../../model/values/index.ts';
import { csvRecords } from '../../model/csv-text.ts';

export interface LookupCsvRequest {
  readonly text: string;
  readonly keyColumn?: string | undefined;
  readonly valueColumn?: string | undefined;
  readonly effectiveFromColumn?: string | undefined;
  readonly keyType?: FieldTypeName | undefined;
  readonly valueType?: FieldTypeName | undefined;
  readonly effectiveDated?: boolean | undefined;
  /** A file table of ranges: its rows' first and last keys come from these two columns (no key column). */
  readonly ranges?: { readonly fromColumn: string; readonly toColumn: string } | undefined;
}

export interface LookupCsvResult {
  readonly columns: string[];
  /** The key column; for a table of ranges, the column of the first keys. */
  readonly keyColumn: string;
  readonly toColumn?: string;
  readonly valueColumn: string;
  readonly effectiveFromColumn?: string;
  readonly rows: LookupRow[];
  readonly badLines: { line: number; message: string }[];
}

/** Header words that usually name each column, tried in order when the analyst has not chosen. */
const KEY_WORDS = ['key', 'account', 'code', 'id'];
const VALUE_WORDS = ['value', 'cost_center', 'costcenter', 'name'];
const DATE_WORDS = ['effective_from', 'effectivefrom', 'effective', 'from', 'date'];

function guess(columns: readonly string[], words: readonly string[], taken: readonly string[]): string | undefined {
  const free = columns.filter((column) => !taken.includes(column));
  const normal = (text: string) =>
    text
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
  for (const word of words) {
    const found =
      free.find((column) => normal(column) === word) ?? free.find((column) => normal(column).includes(word));
    if (found !== undefined) return found;
  }
  return undefined;
}

function columnIndex(columns: readonly string[], column: string, label: string): number {
  const index = columns.indexOf(column);
  if (index < 0)
    throw new MlcError(
      'CSV_COLUMN_MISSING',
      `${label} has no column "${column}" (its columns: ${columns.join(', ')}).`,
    );
  return index;
}

/** `label` names the text in messages: "The CSV file", or a lookup file's path. */
export function lookupRowsFromCsv(request: LookupCsvRequest, label = 'The CSV file'): LookupCsvResult {
  let records;
  try {
    records = csvRecords(request.text, label);
  } catch (error) {
    throw new MlcError('CSV_UNREADABLE', `${error instanceof Error ? error.message : String(error)}.`);
  }
  const [header, ...body] = records;
  if (header === undefined)
    throw new MlcError(
      'CSV_EMPTY',
      `${label} is empty: it needs a header line naming the columns, then one line per row.`,
    );
  const columns = header.cells.map((cell) => cell.trim());
  const keyColumn = request.ranges?.fromColumn ?? request.keyColumn ?? guess(columns, KEY_WORDS, []) ?? columns[0]!;
  const valueColumn =
    request.valueColumn ??
    guess(columns, VALUE_WORDS, [keyColumn]) ??
    columns.find((column) => column !== keyColumn) ??
    keyColumn;
  const effectiveFromColumn =
    request.effectiveFromColumn ??
    (request.effectiveDated ? guess(columns, DATE_WORDS, [keyColumn, valueColumn]) : undefined);
  const keyAt = columnIndex(columns, keyColumn, label);
  const toColumn = request.ranges?.toColumn;
  const toAt = toColumn === undefined ? -1 : columnIndex(columns, toColumn, label);
  const valueAt = columnIndex(columns, valueColumn, label);
  const dateAt = effectiveFromColumn === undefined ? -1 : columnIndex(columns, effectiveFromColumn, label);

  const rows: LookupRow[] = [];
  const badLines: { line: number; message: string }[] = [];
  const seen = new Map<string, number>();
  for (const { cells, line } of body) {
    const bad = (message: string) => badLines.push({ line, message });
    if (cells.length !== columns.length) {
      bad(`expected ${columns.length} values like the header, found ${cells.length}`);
      continue;
    }
    const rawKey = cells[keyAt]!;
    if (rawKey.trim() === '') {
      bad(`the key (column ${keyColumn}) is empty`);
      continue;
    }
    const key = coerceValue(rawKey, request.keyType ?? 'string');
    if (!key.ok) {
      bad(`column ${keyColumn}: ${key.reason}`);
      continue;
    }
    const value = coerceValue(cells[valueAt]!, request.valueType ?? 'string');
    if (!value.ok) {
      bad(`column ${valueColumn}: ${value.reason}`);
      continue;
    }
    let effectiveFrom: string | undefined;
    if (dateAt >= 0) {
      effectiveFrom = cells[dateAt]!.trim();
      if (PlainDate.tryParse(effectiveFrom) === undefined) {
        bad(`column ${effectiveFromColumn}: "${effectiveFrom.slice(0, 40)}" is not a date written as YYYY-MM-DD`);
        continue;
      }
    }
    const jsonKey = toJsonValue(key.value) as LookupRow['key'];
    if (toAt >= 0) {
      // A range: its last key typed like its first; overlaps are the pipeline check's to name (both rows).
      const last = coerceValue(cells[toAt]!, request.keyType ?? 'string');
      if (!last.ok || last.value === null) {
        bad(`column ${toColumn}: ${last.ok ? 'the last key of the range is empty' : last.reason}`);
        continue;
      }
      rows.push({
        from: jsonKey,
        to: toJsonValue(last.value) as LookupRow['to'],
        value: toJsonValue(value.value) as LookupRow['value'],
        ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
      });
      continue;
    }
    const identity = `${JSON.stringify(jsonKey)}@${effectiveFrom ?? ''}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      bad(
        `the key ${JSON.stringify(jsonKey)}${effectiveFrom ? ` from ${effectiveFrom}` : ''} is already on line ${first}; a lookup must give one answer`,
      );
      continue;
    }
    seen.set(identity, line);
    rows.push({
      key: jsonKey,
      value: toJsonValue(value.value) as LookupRow['value'],
      ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
    });
  }
  return {
    columns,
    keyColumn,
    ...(toColumn !== undefined ? { toColumn } : {}),
    valueColumn,
    ...(effectiveFromColumn !== undefined ? { effectiveFromColumn } : {}),
    rows,
    badLines,
  };
}
