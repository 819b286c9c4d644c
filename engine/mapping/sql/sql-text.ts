/**
 * Pieces of DuckDB SQL text: quoting, and the text-order key. Only text is produced here; nothing
 * runs a database (this folder is environment-neutral, like the rest of mapping/).
 */
import { printableAsciiRank } from '../functions/text-order.ts';

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A hold as SQL: a struct of the same code and message the JS back end's RowHold carries. */
export function holdStruct(code: string, messageSql: string): string {
  return `{'code': ${quoteText(code)}, 'message': ${messageSql}}`;
}

/** SQL that is true when the text holds only printable ASCII characters (or is empty). */
export function isPrintableAscii(textSql: string): string {
  return `regexp_full_match(${textSql}, '[ -~]*')`;
}

const PRINTABLE = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
/** Each printable character's collation rank as one character from U+0100 on, so byte order is rank order. */
const RANKS = Array.from(PRINTABLE, (character) =>
  String.fromCharCode(0x100 + printableAsciiRank(character.charCodeAt(0))),
).join('');

/**
 * The key whose binary order is the language's text order, for printable ASCII text: each character
 * becomes its collator rank (both cases one rank), so `"a" < "B"` and `"-1" < "a"` hold as in
 * functions/text-order.ts. For any other text the key means nothing; the caller marks such rows.
 */
export function textOrderKey(textSql: string): string {
  return `translate(${textSql}, ${quoteText(PRINTABLE)}, ${quoteText(RANKS)})`;
}
