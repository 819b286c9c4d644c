/**
 * Every library function the SQL back end does not compile, with why. A formula using one of them
 * runs on the JS back end (the stream is JS-only): nothing computes a different number in the
 * warehouse. A test checks that every function in the catalog is either compiled (`SQL_FUNCTIONS`
 * in compile-sql.ts) or listed here, so a new function cannot go missing silently.
 */
const NOT_YET = 'not compiled to SQL yet; it runs on the JS back end';
const FORMATTING = 'writes text with the language’s own number and date formatting, which DuckDB does not reproduce';

export const JS_ONLY_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['TEXT', FORMATTING],
  ['FORMAT_DATE', FORMATTING],
  ['PARSE_DATE', 'reads dates by the language’s own patterns and holds on a mismatch; DuckDB’s strptime differs'],
  ['NUMBER', 'reads numbers as exports write them (thousands separators, signs), which a SQL cast does not'],
  ['DECIMAL', 'parses text to an exact decimal with the language’s own rules and hold reasons'],
  ['INTEGER', 'parses text to an integer with the language’s own rules and hold reasons'],
  ['VALUE', 'reads numbers as exports write them, which a SQL cast does not'],
  ['TODAY', 'reads the run date from the run’s context, which the SQL text does not carry yet'],
  ['FISCALPERIOD', 'reads the fiscal year start from the run’s context, which the SQL text does not carry yet'],
  ['HASH', 'hashes the language’s canonical value encoding (SHA-256); not reproduced in SQL yet'],
  ['SPLIT', 'gives a list; lists are not compiled to SQL yet'],
  ['TEXTJOIN', NOT_YET],
  ['EXACT', NOT_YET],
  ['SWITCH', 'its no-match hold names the value as the language formats it, which DuckDB does not reproduce'],
  ['ISEMPTY', 'counts every Unicode space as blank; not reproduced in SQL yet'],
  ['MIN', 'compares mixed values in the language’s order and skips empty ones; not compiled to SQL yet'],
  ['MAX', 'compares mixed values in the language’s order and skips empty ones; not compiled to SQL yet'],
  ['SIGN', NOT_YET],
  ['INT', NOT_YET],
  ['MROUND', NOT_YET],
  ['ROUNDUP', NOT_YET],
  ['ROUNDDOWN', NOT_YET],
  ['TRUNC', NOT_YET],
  ['MID', NOT_YET],
  ['TRIM_ENDS', 'takes every Unicode space off the ends; not reproduced in SQL yet'],
  ['SUBSTITUTE', NOT_YET],
  ['PAD', NOT_YET],
  ['EDATE', 'month arithmetic with the language’s end-of-month rule; not compiled to SQL yet'],
  ['EOMONTH', 'month arithmetic with the language’s end-of-month rule; not compiled to SQL yet'],
  ['WEEKDAY', NOT_YET],
  ['NETWORKDAYS', NOT_YET],
  ['DATEDIF', NOT_YET],
  ['DATE', 'builds a date and holds on an invalid one with the language’s reasons; not compiled to SQL yet'],
  ['TO_DATE', 'timestamps and zones are not compiled to SQL yet'],
]);
