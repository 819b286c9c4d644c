/**
 * The file source's use of the one CSV parser (engine/model/csv-parser.ts): its refusals raised as
 * FileSourceErrors naming the file and line, and the delimiter checked as configuration.
 */
import { CsvParser, delimiterProblem } from '../../engine/model/csv-parser.ts';
import { FileSourceError } from './errors.ts';

export type { CsvRecordHandler } from '../../engine/model/csv-parser.ts';

export function fileCsvParser(delimiter: string, file: string, maxRecordChars?: number): CsvParser {
  assertUsableDelimiter(delimiter);
  return new CsvParser({
    delimiter,
    file,
    ...(maxRecordChars === undefined ? {} : { maxRecordChars }),
    error: (message, where) => new FileSourceError('CSV_MALFORMED', message, where),
  });
}

export function assertUsableDelimiter(delimiter: string): void {
  const problem = delimiterProblem(delimiter);
  if (problem !== undefined) throw new FileSourceError('FILE_CONFIG_INVALID', problem);
}
