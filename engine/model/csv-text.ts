/**
 * Whole, small CSV texts (lookup tables) through the one CSV parser (`csv-parser.ts`), the one the file
 * source streams exports with: a text it refuses (`"ab"c`, a quote never closed) is refused here too.
 */
import { CsvParser } from './csv-parser.ts';
import { MlcError } from './errors.ts';

/** One record and the physical line it starts on (1-based; quoted newlines count), for messages that name a line. */
export interface CsvTextRecord {
  readonly cells: string[];
  readonly line: number;
}

/**
 * Every record of the text with its line, blank lines skipped. Throws a CsvFormatError (CSV_MALFORMED)
 * for text that is not CSV; rows of the wrong width are the caller's to judge (the studio's CSV import
 * reports each one, a lookup file refuses the first). `label` names the text in messages.
 */
export function csvRecords(text: string, label: string): CsvTextRecord[] {
  const records: CsvTextRecord[] = [];
  const parser = new CsvParser({ delimiter: ',', file: label });
  const onRecord = (cells: string[], line: number): void => void records.push({ cells, line });
  parser.push(text, onRecord);
  parser.finish(onRecord);
  return records;
}

export function parseCsvText(text: string, label: string): { header: string[]; rows: string[][] } {
  const [first, ...rows] = csvRecords(text, label);
  const header = first?.cells ?? [];
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      throw new MlcError(
        'CSV_RAGGED_LINE',
        `${label}, line ${row.line}: expected ${header.length} values like the header, found ${row.cells.length}`,
      );
    }
  }
  return { header, rows: rows.map((row) => row.cells) };
}
