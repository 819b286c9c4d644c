/**
 * Spreadsheet number formats for TEXT(value, format), written from exact decimals: `0.00`,
 * `#,##0.00`, `000`, `0%`, `0.0%`, `$#,##0.00`, `#,##0.00;(#,##0.00)`, `000-000`, `#,##0,` ...
 *
 * A format is compiled once (a literal one when the formula is checked). What it supports:
 * digit placeholders `0` (a digit, or 0) and `#` (a digit, or nothing), one `.`, `,` between
 * integer placeholders (groups of three) or after the last one (divides by 1000), `%` (times 100),
 * text in double quotes or one character after `\`, `_x` (a space as wide as x: a space), the
 * characters spreadsheets show as they are ($ - + ( ) : ! ^ & ' ~ { } < > = / space, and € £ ¥),
 * and up to three sections `positive;negative;zero`. Anything else (letters, `E+`, `?`, `@`,
 * `[Red]`, `*`) is an error, so a format is never half read. Rounding is half away from zero, on
 * the exact value, as a spreadsheet rounds what it shows.
 */
import { Decimal } from '../../model/values/index.ts';

type Token =
  | { readonly kind: 'digit'; readonly char: '0' | '#' }
  | { readonly kind: 'point' }
  | { readonly kind: 'literal'; readonly text: string };

interface Section {
  /** Placeholders and literals before the point (or all of them without one). */
  readonly integer: readonly Token[];
  /** After the point; undefined without a point. */
  readonly fraction: readonly Token[] | undefined;
  readonly grouping: boolean;
  /** Powers of 1000 to divide by (trailing commas). */
  readonly thousands: number;
  /** Powers of 100 to multiply by (% signs). */
  readonly percents: number;
}

export interface NumberFormat {
  readonly source: string;
  readonly sections: readonly Section[];
}

export interface NumberFormatProblem {
  readonly message: string;
  /** Offsets into the format text. */
  readonly at: { readonly start: number; readonly end: number };
}

const SHOWN_AS_IS = new Set([..."$-+():!^&'~{}<>=/ €£¥"]);

/** The compiled format, or the first problem in it. */
export function compileNumberFormat(source: string): { format: NumberFormat } | { error: NumberFormatProblem } {
  const sections: Section[] = [];
  let start = 0;
  const texts = splitSections(source);
  if (texts.length > 3) {
    const at = source.length;
    return {
      error: {
        message: 'a number format has at most three sections (positive;negative;zero)',
        at: { start: at - 1, end: at },
      },
    };
  }
  for (const text of texts) {
    const compiled = compileSection(text, start);
    if ('error' in compiled) return compiled;
    sections.push(compiled.section);
    start += text.length + 1;
  }
  return { format: { source, sections } };
}

/** Sections split at `;` outside quotes and escapes. */
function splitSections(source: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\' && !quoted && i + 1 < source.length) {
      current += char + (source[++i] as string);
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ';' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

function compileSection(text: string, offset: number): { section: Section } | { error: NumberFormatProblem } {
  const tokens: Token[] = [];
  let percents = 0;
  let pendingCommas = 0;
  let grouping = false;
  let thousands = 0;
  let seenPoint = false;
  const problem = (message: string, start: number, end = start + 1) => ({
    error: { message, at: { start: offset + start, end: offset + end } },
  });
  /** Commas since the last placeholder: grouping when another integer placeholder follows. */
  const settleCommas = (followedByIntegerDigit: boolean): void => {
    if (pendingCommas === 0) return;
    if (followedByIntegerDigit) grouping = true;
    else thousands += pendingCommas;
    pendingCommas = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '0' || char === '#') {
      settleCommas(!seenPoint);
      tokens.push({ kind: 'digit', char });
    } else if (char === '.') {
      if (seenPoint) return problem('a number format has one decimal point', i);
      settleCommas(false);
      seenPoint = true;
      tokens.push({ kind: 'point' });
    } else if (char === ',') {
      if (!tokens.some((token) => token.kind === 'digit') || seenPoint)
        return problem(
          'a comma belongs between digit placeholders (#,##0) or right after them (#,##0, for thousands)',
          i,
        );
      pendingCommas++;
    } else if (char === '%') {
      settleCommas(false);
      percents++;
      tokens.push({ kind: 'literal', text: '%' });
    } else if (char === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return problem('this quote is not closed', i);
      settleCommas(false);
      tokens.push({ kind: 'literal', text: text.slice(i + 1, close) });
      i = close;
    } else if (char === '\\' || char === '_') {
      const next = text[i + 1];
      if (next === undefined) return problem(`${char} needs a character after it`, i);
      settleCommas(false);
      tokens.push({ kind: 'literal', text: char === '\\' ? next : ' ' });
      i++;
    } else if (SHOWN_AS_IS.has(char)) {
      settleCommas(false);
      tokens.push({ kind: 'literal', text: char });
    } else {
      return problem(
        `"${char}" has no meaning in a number format; put text in double quotes (0.00" EUR") or use 0, #, ".", ",", %`,
        i,
      );
    }
  }
  settleCommas(false);
  if (!tokens.some((token) => token.kind === 'digit') && text.length > 0 && !tokens.every((t) => t.kind === 'literal'))
    return problem('a number format needs a digit placeholder (0 or #)', 0, text.length);
  const pointAt = tokens.findIndex((token) => token.kind === 'point');
  return {
    section: {
      integer: pointAt < 0 ? tokens : tokens.slice(0, pointAt),
      fraction: pointAt < 0 ? undefined : tokens.slice(pointAt + 1),
      grouping,
      thousands,
      percents,
    },
  };
}

/** The number written with the format, as a spreadsheet's TEXT writes it. */
export function writeNumber(format: NumberFormat, value: Decimal): string {
  const [positive, negative, zero] = format.sections as [Section, Section | undefined, Section | undefined];
  if (value.isZero() && zero !== undefined) return writeSection(zero, value);
  if (value.sign() < 0 && negative !== undefined) return writeSection(negative, value.abs());
  const written = writeSection(positive, value.abs());
  return value.sign() < 0 ? `-${written}` : written;
}

function writeSection(section: Section, magnitude: Decimal): string {
  // Exact scaling: moving the point never rounds.
  const shift = 2 * section.percents - 3 * section.thousands;
  let scaled = magnitude;
  if (shift > 0) scaled = scaled.multiply(Decimal.of(10n ** BigInt(shift), 0));
  if (shift < 0) scaled = Decimal.of(scaled.coefficient, scaled.scale - shift);
  const fraction = section.fraction ?? [];
  const places = fraction.filter((token) => token.kind === 'digit').length;
  const rounded = scaled.round(places).toFixed(places);
  const [wholeDigits = '0', fractionDigits = ''] = rounded.split('.');
  return (
    writeInteger(section, wholeDigits) + (section.fraction === undefined ? '' : writeFraction(fraction, fractionDigits))
  );
}

/** Integer placeholders take digits from the right; the leftmost takes all that remain. */
function writeInteger(section: Section, wholeDigits: string): string {
  const tokens = section.integer;
  const placeholders = tokens.filter((token) => token.kind === 'digit');
  const minimum = placeholders.filter((token) => token.kind === 'digit' && token.char === '0').length;
  let digits = wholeDigits === '0' ? '' : wholeDigits;
  if (digits.length < minimum) digits = digits.padStart(minimum, '0');
  if (section.grouping) {
    // Grouped: the digits go where the first placeholder is, in groups of three.
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const first = tokens.findIndex((token) => token.kind === 'digit');
    return tokens
      .map((token, index) => (token.kind === 'literal' ? token.text : index === first ? grouped : ''))
      .join('');
  }
  let remaining = digits;
  const out: string[] = [];
  let placeholdersLeft = placeholders.length;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i] as Token;
    if (token.kind === 'literal') {
      out.push(token.text);
      continue;
    }
    if (token.kind !== 'digit') continue;
    placeholdersLeft--;
    if (placeholdersLeft === 0) {
      out.push(remaining);
      remaining = '';
    } else {
      out.push(remaining.slice(-1));
      remaining = remaining.slice(0, -1);
    }
  }
  return out.reverse().join('');
}

/** Fraction placeholders take digits from the left; trailing zeros at # places are left out. */
function writeFraction(tokens: readonly Token[], fractionDigits: string): string {
  let keep = fractionDigits.length;
  const digitTokens = tokens.filter((token) => token.kind === 'digit');
  while (keep > 0 && digitTokens[keep - 1]?.char === '#' && fractionDigits[keep - 1] === '0') keep--;
  let next = 0;
  let text = '.';
  for (const token of tokens) {
    if (token.kind === 'literal') text += token.text;
    else if (token.kind === 'digit') {
      if (next < keep) text += fractionDigits[next] as string;
      next++;
    }
  }
  return text;
}

/** Whether a format reads as a number format rather than a date pattern: no date or time letters outside quotes. */
export function looksLikeDatePattern(source: string): boolean {
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\' && !quoted) {
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && /[ymdhsYMDHS]/.test(char)) return true;
  }
  return false;
}
