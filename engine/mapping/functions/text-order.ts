/**
 * How the language compares text, as spreadsheets do: without regard to case ("Posted" = "posted")
 * and in dictionary order ("a" < "B"), but accents count ("e" <> "é", and "e" < "é" < "f").
 *
 * The order is one fixed collator, the Unicode collation for English at the "accent" strength, so a
 * formula gives the same answer on every machine and in the browser and Node alike, whatever their
 * language settings. Excel (Windows' string comparison, ignoring case) and LibreOffice (the ICU
 * collator, case-insensitive) both compare this way for the letters people type.
 *
 * The collator is slow next to `===`, and comparisons run per row, so text made only of printable
 * ASCII characters is compared here by a table of the collator's own order for those characters
 * (built from the collator when this module loads, so the two can never disagree; a property test
 * checks it). For them the collation is letter by letter: each has one weight and none is ignored.
 */
const COLLATOR = new Intl.Collator('en', { sensitivity: 'accent', usage: 'sort' });

const FIRST_PRINTABLE = 0x20;
const LAST_PRINTABLE = 0x7e;

/** The collator's rank of each printable ASCII character (equal for a letter's two cases); -1 for others. */
const ASCII_RANK: Int16Array = asciiRanks();

function asciiRanks(): Int16Array {
  const ranks = new Int16Array(128).fill(-1);
  const printable: string[] = [];
  for (let code = FIRST_PRINTABLE; code <= LAST_PRINTABLE; code++) printable.push(String.fromCharCode(code));
  printable.sort((a, b) => COLLATOR.compare(a, b));
  let rank = 0;
  printable.forEach((character, index) => {
    const before = printable[index - 1];
    if (before !== undefined && COLLATOR.compare(before, character) !== 0) rank++;
    ranks[character.charCodeAt(0)] = rank;
  });
  return ranks;
}

/**
 * The collator's rank of a printable ASCII character (a letter's two cases share one), or -1 for any
 * other code. The SQL back end maps text to these ranks so the warehouse orders it as compareText does.
 */
export function printableAsciiRank(code: number): number {
  return code >= FIRST_PRINTABLE && code <= LAST_PRINTABLE ? (ASCII_RANK[code] as number) : -1;
}

/**
 * -1, 0 or 1 in the language's text order. Up to the first place where the texts differ other than in
 * a letter's case, printable ASCII characters each have one weight of their own, so when both
 * characters there are printable ASCII their ranks decide, whatever follows (an accent or an
 * ignorable character later on cannot undo a difference of letters). Anything else asks the collator.
 */
export function compareText(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    const rankX = x < 128 ? (ASCII_RANK[x] as number) : -1;
    if (x === y && rankX >= 0) continue;
    const rankY = y < 128 ? (ASCII_RANK[y] as number) : -1;
    if (rankX < 0 || rankY < 0) return collated(a, b);
    if (rankX !== rankY) return rankX < rankY ? -1 : 1;
  }
  if (!onlyPrintableAscii(a, shorter) || !onlyPrintableAscii(b, shorter)) return collated(a, b);
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Whether the two texts are equal in the language's text order (case aside, accents counting). */
export function textEquals(a: string, b: string): boolean {
  return a === b || compareText(a, b) === 0;
}

/**
 * textEquals with one side known when the formula is compiled (`LEFT(ACTNUMST, 1) = "4"`). Known text
 * of printable ASCII without letters equals printable ASCII text only when it is the same text, so
 * the usual row costs one `===` and one scan of a short text.
 */
export function equalsText(known: string): (text: string) => boolean {
  if (!onlyPrintableAscii(known, 0) || /[A-Za-z]/.test(known)) return (text) => textEquals(text, known);
  return (text) => text === known || (!onlyPrintableAscii(text, 0) && collated(text, known) === 0);
}

function onlyPrintableAscii(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < FIRST_PRINTABLE || code > LAST_PRINTABLE) return false;
  }
  return true;
}

function collated(a: string, b: string): -1 | 0 | 1 {
  const order = COLLATOR.compare(a, b);
  return order === 0 ? 0 : order < 0 ? -1 : 1;
}
