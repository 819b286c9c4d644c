/**
 * Date patterns for PARSE_DATE and FORMAT_DATE, compiled once per pattern text and cached.
 *
 * Tokens (case-insensitive, longest first): YYYY four-digit year; MM / DD two-digit month / day;
 * M / D month / day in one or two digits; MON the month's English three-letter name. Any other
 * letter is refused (two-digit years are ambiguous, so YY is not offered); every other character is
 * written and expected literally. FORMAT_DATE writes MON in the case it is written: MON -> JAN,
 * Mon -> Jan, mon -> jan. Reading month names ignores case.
 */
import { MONTH_NAMES, PlainDate, dateProblem } from '../../model/values/index.ts';

type Token =
  | { readonly kind: 'year' }
  | { readonly kind: 'month' | 'day'; readonly padded: boolean }
  | { readonly kind: 'monthName'; readonly written: string }
  | { readonly kind: 'literal'; readonly text: string };

export interface DatePattern {
  readonly source: string;
  readonly tokens: readonly Token[];
  /** Anchored regex for reading, with one group per field token. */
  readonly reader: RegExp;
  /** Why the pattern cannot read dates (a field missing or repeated), or undefined. */
  readonly cannotRead?: string;
}

export type PatternResult = { readonly pattern: DatePattern } | { readonly error: string };

const cache = new Map<string, PatternResult>();
const SHORT_MONTHS = MONTH_NAMES.map((name) => name.slice(0, 3).toUpperCase());

export function compileDatePattern(source: string): PatternResult {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const result = compile(source);
  if (cache.size > 1000) cache.clear();
  cache.set(source, result);
  return result;
}

function compile(source: string): PatternResult {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at).toUpperCase();
    if (rest.startsWith('YYYY')) {
      tokens.push({ kind: 'year' });
      at += 4;
    } else if (rest.startsWith('MON')) {
      tokens.push({ kind: 'monthName', written: source.slice(at, at + 3) });
      at += 3;
    } else if (rest.startsWith('MM') || rest.startsWith('DD')) {
      tokens.push({ kind: rest.startsWith('MM') ? 'month' : 'day', padded: true });
      at += 2;
    } else if (rest.startsWith('M') || rest.startsWith('D')) {
      tokens.push({ kind: rest.startsWith('M') ? 'month' : 'day', padded: false });
      at += 1;
    } else if (/[A-Z]/.test(rest[0] ?? '')) {
      const word = /^[A-Za-z]+/.exec(source.slice(at))?.[0] ?? '';
      return { error: `the date format ${JSON.stringify(source)} has "${word}", which is not a date part; use YYYY, MM, DD, M, D or MON` };
    } else {
      tokens.push({ kind: 'literal', text: source[at] ?? '' });
      at += 1;
    }
  }
  const counts = { year: 0, month: 0, day: 0 };
  let regex = '^';
  for (const token of tokens) {
    switch (token.kind) {
      case 'year':
        counts.year++;
        regex += '(\\d{4})';
        break;
      case 'month':
      case 'day':
        counts[token.kind]++;
        regex += token.padded ? '(\\d{2})' : '(\\d{1,2})';
        break;
      case 'monthName':
        counts.month++;
        regex += '([A-Za-z]{3})';
        break;
      case 'literal':
        regex += token.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        break;
      default: {
        const unknown: never = token;
        throw new Error(`unknown token ${String(unknown)}`);
      }
    }
  }
  const missing = (['year', 'month', 'day'] as const).filter((part) => counts[part] !== 1);
  const cannotRead =
    missing.length === 0 ? undefined : `the date format ${JSON.stringify(source)} needs exactly one year, one month and one day to read a date`;
  return { pattern: { source, tokens, reader: new RegExp(`${regex}$`), ...(cannotRead === undefined ? {} : { cannotRead }) } };
}

/** Reads `text` with the pattern: the date, or why not in plain words. */
export function readDate(pattern: DatePattern, text: string): PlainDate | string {
  if (pattern.cannotRead !== undefined) return pattern.cannotRead;
  const match = pattern.reader.exec(text);
  if (match === null) return 'it does not have that shape';
  let year = 0;
  let month = 0;
  let day = 0;
  let group = 1;
  for (const token of pattern.tokens) {
    if (token.kind === 'literal') continue;
    const part = match[group++] ?? '';
    if (token.kind === 'year') year = Number(part);
    else if (token.kind === 'day') day = Number(part);
    else if (token.kind === 'month') month = Number(part);
    else {
      month = SHORT_MONTHS.indexOf(part.toUpperCase()) + 1;
      if (month === 0) return `"${part}" is not a month name`;
    }
  }
  const problem = dateProblem(year, month, day);
  return problem === undefined ? PlainDate.of(year, month, day) : problem;
}

export function writeDate(pattern: DatePattern, date: PlainDate): string {
  let out = '';
  for (const token of pattern.tokens) {
    switch (token.kind) {
      case 'year':
        out += String(date.year).padStart(4, '0');
        break;
      case 'month':
        out += token.padded ? String(date.month).padStart(2, '0') : String(date.month);
        break;
      case 'day':
        out += token.padded ? String(date.day).padStart(2, '0') : String(date.day);
        break;
      case 'monthName':
        out += monthNameInCase(date.month, token.written);
        break;
      case 'literal':
        out += token.text;
        break;
      default: {
        const unknown: never = token;
        throw new Error(`unknown token ${String(unknown)}`);
      }
    }
  }
  return out;
}

function monthNameInCase(month: number, written: string): string {
  const name = (MONTH_NAMES[month - 1] ?? '').slice(0, 3);
  if (written === written.toUpperCase()) return name.toUpperCase();
  if (written === written.toLowerCase()) return name.toLowerCase();
  return name;
}
