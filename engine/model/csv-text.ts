/** A small RFC 4180 parser for whole, small CSV texts (lookup tables). Large files stream through the file connector. */

/** One record and the physical line it starts on (1-based; quoted newlines count), for messages that name a line. */
export interface CsvTextRecord {
  readonly cells: string[];
  readonly line: number;
}

/**
 * Every record of the text with its line, blank lines skipped. Throws only for a quote never closed,
 * since everything after it would be one value; rows of the wrong width are the caller's to judge
 * (the studio's CSV import reports each one, a lookup file refuses the first).
 */
export function csvRecords(text: string, label: string): CsvTextRecord[] {
  const records: CsvTextRecord[] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (inQuotes) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') inQuotes = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') inQuotes = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push({ cells: record, line: recordLine });
      record = [];
      field = '';
      line++;
      recordLine = line;
    } else field += char;
  }
  if (inQuotes) throw new Error(`${label}: a quoted value is never closed (from line ${line})`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push({ cells: record, line: recordLine });
  }
  return records;
}

export function parseCsvText(text: string, label: string): { header: string[]; rows: string[][] } {
  const [header = [], ...rows] = csvRecords(text, label).map((record) => record.cells);
  rows.forEach((row, index) => {
    if (row.length !== header.length) {
      throw new Error(`${label}, line ${index + 2}: expected ${header.length} values like the header, found ${row.length}`);
    }
  });
  return { header, rows };
}
