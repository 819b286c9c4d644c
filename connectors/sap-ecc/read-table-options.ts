/**
 * The `OPTIONS` table of RFC_READ_TABLE: an Open SQL WHERE clause sent as `TEXT` lines of at most 72
 * characters (RFC_DB_OPT-TEXT). SAP concatenates the lines, so a line may break only between tokens; SAP's
 * adapter guide says 71, so lines here stay within 70. Operators and parentheses are their own tokens with
 * spaces around them (a `(` glued to a name is OPTION_NOT_VALID since NetWeaver 7.50 SP22). Facts: README.md.
 */
import { MlcError } from '../../engine/model/errors.ts';

/** The width of RFC_DB_OPT-TEXT: SAP refuses a longer line. */
export const OPTION_TEXT_WIDTH = 72;
/** The width this connector writes: below SAP's 72 and its adapter guide's 71. */
export const OPTION_LINE_LIMIT = 70;

/** One token of a WHERE clause is longer than a line can carry (a literal that no split could keep whole). */
export class OptionTokenTooLongError extends MlcError {
  override readonly name = 'OptionTokenTooLongError';
  constructor(token: string, limit: number) {
    super(
      'SAP_OPTION_TOO_LONG',
      `a filter value is ${token.length} characters with its quotes; SAP's RFC_READ_TABLE carries at most ${limit} characters per line of its WHERE clause`,
    );
  }
}

/** The WHERE clause's tokens as OPTIONS lines: joined by one space, a new line only between tokens. */
export function optionLines(tokens: readonly string[], limit = OPTION_LINE_LIMIT): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (token.length === 0) continue;
    if (token.length > limit) throw new OptionTokenTooLongError(token, limit);
    const next = line === '' ? token : `${line} ${token}`;
    if (next.length <= limit) {
      line = next;
    } else {
      lines.push(line);
      line = token;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A character literal: quoted, a quote inside doubled (Open SQL's escape). */
export function charLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A date literal `'YYYYMMDD'` from an ISO day (`2024-03-01`). */
export function dateLiteral(isoDay: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay)) throw new RangeError(`not an ISO day: ${isoDay}`);
  return `'${isoDay.replaceAll('-', '')}'`;
}

/**
 * SAP's ALPHA input conversion: a key made only of digits is zero-padded to its field length (vendor `100003`
 * is stored `0000100003`); a key with any other character is stored as typed. WHERE literals must use this form.
 */
export function alphaInput(key: string, length: number): string {
  const trimmed = key.trim();
  if (!/^\d+$/.test(trimmed) || trimmed.length > length) return trimmed;
  return trimmed.padStart(length, '0');
}

/**
 * A key range as tokens, `( F >= 'a' AND F <= 'b' )`, for paging inside stable slices (rows come back in no
 * order, so a page is only ever a whole slice).
 */
export function keyRangeTokens(field: string, from: string, to: string): string[] {
  return ['(', field, '>=', charLiteral(from), 'AND', field, '<=', charLiteral(to), ')'];
}

/** `field >= 'YYYYMMDD'`: day-granular, inclusive (the same day is read again and de-duplicated by key). */
export function onOrAfterDayTokens(field: string, isoDay: string): string[] {
  return [field, '>=', dateLiteral(isoDay)];
}
