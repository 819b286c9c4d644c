/**
 * Date patterns for PARSE_DATE and FORMAT_DATE, written as in a spreadsheet's TEXT(): compiled once
 * per pattern text and cached. Reading and writing with a compiled pattern is in date-format.ts.
 *
 * Parts (letters in any case, as in spreadsheets):
 *   YYYY 2024 · YY 24 · M 1 · MM 01 · MMM Jan · MMMM January · D 5 · DD 05 · DDD Fri · DDDD Friday
 *   h 9 · hh 09 (12-hour with AM/PM) · m 5 · mm 05 (minutes right after an hour or before seconds)
 *   s 7 · ss 07 · .0 to .000000 after seconds (fractions, cut, not rounded) · AM/PM, am/pm, A/P, a/p
 *   MON: the month's three letters in the case written (MON -> JAN, Mon -> Jan, mon -> jan).
 * Names are English and written as spreadsheets do (Jan, January, Fri, Friday). Text in double
 * quotes, or one character after a backslash, is written as it is; so is any character that is not
 * a letter. Any other letter, or a known letter repeated a number of times that means nothing
 * (YYY, MMMMM), makes the pattern an error with its position: a pattern is never half read.
 */

/** Characters [start, end) of the pattern text. */
export interface PatternRange {
  readonly start: number;
  readonly end: number;
}

export type PatternToken = (
  | { readonly kind: 'year'; readonly digits: 2 | 4 }
  | { readonly kind: 'month' | 'day' | 'hour' | 'minute' | 'second'; readonly padded: boolean }
  | { readonly kind: 'monthName'; readonly long: boolean; readonly writtenCase?: string }
  | { readonly kind: 'weekday'; readonly long: boolean }
  | { readonly kind: 'fraction'; readonly digits: number }
  | { readonly kind: 'ampm'; readonly short: boolean; readonly lower: boolean }
  | { readonly kind: 'literal'; readonly text: string }
) & { readonly at: PatternRange };

export interface PatternProblem {
  readonly message: string;
  readonly at: PatternRange;
}

export interface DatePattern {
  readonly source: string;
  readonly tokens: readonly PatternToken[];
  /** The first part that writes a time of day (h, m, s, a fraction, AM/PM), if any. */
  readonly timePart?: PatternToken;
  /** Hours run 1 to 12 (the pattern has AM/PM). */
  readonly twelveHour: boolean;
  /** Why the pattern cannot read a date (a part missing, repeated, or run into another), if so. */
  readonly cannotRead?: PatternProblem;
}

export type PatternResult = { readonly pattern: DatePattern } | { readonly error: PatternProblem };

export const PATTERN_PARTS = 'YYYY, YY, M, MM, MMM, MMMM, D, DD, DDD, DDDD, h, hh, m, mm, s, ss, AM/PM';

const cache = new Map<string, PatternResult>();

export function compileDatePattern(source: string): PatternResult {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const result = compile(source);
  if (cache.size > 1000) cache.clear();
  cache.set(source, result);
  return result;
}

/** `the date format "DD-QQ-YYYY"` for messages. */
export function describePattern(source: string): string {
  return `the date format ${JSON.stringify(source)}`;
}

function compile(source: string): PatternResult {
  const tokens: PatternToken[] = [];
  let at = 0;
  while (at < source.length) {
    const read = readToken(source, at, tokens[tokens.length - 1]);
    if ('message' in read) return { error: read };
    tokens.push(read);
    at = read.at.end;
  }
  const resolved = resolveMinutes(tokens);
  const timePart = resolved.find((token) => TIME_KINDS.has(token.kind));
  const cannotRead = readingProblem(source, resolved);
  return {
    pattern: {
      source,
      tokens: resolved,
      twelveHour: resolved.some((token) => token.kind === 'ampm'),
      ...(timePart === undefined ? {} : { timePart }),
      ...(cannotRead === undefined ? {} : { cannotRead }),
    },
  };
}

const TIME_KINDS = new Set<PatternToken['kind']>(['hour', 'minute', 'second', 'fraction', 'ampm']);

function readToken(source: string, at: number, previous: PatternToken | undefined): PatternToken | PatternProblem {
  const ch = source[at] ?? '';
  const range = (length: number): PatternRange => ({ start: at, end: at + length });
  if (ch === '"') {
    const close = source.indexOf('"', at + 1);
    if (close < 0) return problemAt(source, range(1), 'opens a quote it does not close');
    return { kind: 'literal', text: source.slice(at + 1, close), at: { start: at, end: close + 1 } };
  }
  if (ch === '\\') {
    if (at + 1 >= source.length)
      return problemAt(source, range(1), 'ends with a backslash; put the character to write as it is after it');
    return { kind: 'literal', text: source[at + 1] ?? '', at: range(2) };
  }
  const ahead = source.slice(at, at + 5).toUpperCase();
  if (ahead === 'AM/PM') return { kind: 'ampm', short: false, lower: ch === 'a', at: range(5) };
  if (ahead.startsWith('A/P')) return { kind: 'ampm', short: true, lower: ch === 'a', at: range(3) };
  if (ahead.startsWith('MON'))
    return { kind: 'monthName', long: false, writtenCase: source.slice(at, at + 3), at: range(3) };
  if (/[A-Za-z]/.test(ch)) {
    let end = at + 1;
    while (end < source.length && (source[end] ?? '').toUpperCase() === ch.toUpperCase()) end++;
    const run = source.slice(at, end);
    return letterRun(run.toUpperCase(), range(run.length)) ?? problemAt(source, range(run.length), notAPart(run));
  }
  if (ch === '.' && previous?.kind === 'second') {
    const zeros = /^0+/.exec(source.slice(at + 1))?.[0].length ?? 0;
    if (zeros > 6)
      return problemAt(
        source,
        range(zeros + 1),
        'writes more than 6 digits of a second; a timestamp holds microseconds (.000000)',
      );
    if (zeros > 0) return { kind: 'fraction', digits: zeros, at: range(zeros + 1) };
  }
  return { kind: 'literal', text: ch, at: range(1) };
}

function letterRun(run: string, at: PatternRange): PatternToken | undefined {
  switch (run) {
    case 'YYYY':
      return { kind: 'year', digits: 4, at };
    case 'YY':
      return { kind: 'year', digits: 2, at };
    case 'M':
    case 'MM':
      // Month or minutes: resolveMinutes decides from the neighbours, as spreadsheets do.
      return { kind: 'month', padded: run.length === 2, at };
    case 'MMM':
    case 'MMMM':
      return { kind: 'monthName', long: run.length === 4, at };
    case 'D':
    case 'DD':
      return { kind: 'day', padded: run.length === 2, at };
    case 'DDD':
    case 'DDDD':
      return { kind: 'weekday', long: run.length === 4, at };
    case 'H':
    case 'HH':
      return { kind: 'hour', padded: run.length === 2, at };
    case 'S':
    case 'SS':
      return { kind: 'second', padded: run.length === 2, at };
    default:
      return undefined;
  }
}

function notAPart(run: string): string {
  const known: Record<string, string> = {
    Y: 'YYYY for a four-digit year or YY for two digits',
    M: 'M, MM, MMM (Jan) or MMMM (January) for the month, m or mm for minutes',
    D: 'D, DD, DDD (Fri) or DDDD (Friday)',
    H: 'h or hh for the hour',
    S: 's or ss for seconds',
  };
  const hint = known[(run[0] ?? '').toUpperCase()];
  if (hint !== undefined) return `has "${run}", which is not a date part; write ${hint}`;
  const letter = run[0] ?? '';
  return `has "${run}", which is not a date part (${PATTERN_PARTS}); write letters meant as text after a backslash (\\${letter}) or in quotes`;
}

function problemAt(source: string, at: PatternRange, what: string): PatternProblem {
  return { message: `${describePattern(source)} ${what} (at character ${at.start + 1})`, at };
}

/** An M or MM right after an hour, or right before seconds, is minutes (literals between do not count). */
function resolveMinutes(tokens: readonly PatternToken[]): PatternToken[] {
  const parts = tokens.filter((token) => token.kind !== 'literal');
  return tokens.map((token) => {
    if (token.kind !== 'month') return token;
    const index = parts.indexOf(token);
    const before = parts[index - 1]?.kind;
    const after = parts[index + 1]?.kind;
    return before === 'hour' || after === 'second' ? { ...token, kind: 'minute' } : token;
  });
}

const DIGIT_KINDS = new Set<PatternToken['kind']>(['year', 'month', 'day', 'hour', 'minute', 'second', 'fraction']);

/** Why text cannot be read back with these parts, or undefined. */
function readingProblem(source: string, tokens: readonly PatternToken[]): PatternProblem | undefined {
  const whole = { start: 0, end: source.length };
  const count = (kinds: readonly PatternToken['kind'][]): PatternToken[] =>
    tokens.filter((token) => kinds.includes(token.kind));
  for (const kinds of [['year'], ['month', 'monthName'], ['day']] as const) {
    const found = count(kinds);
    if (found.length === 1) continue;
    const at = found[1]?.at ?? whole;
    return { message: `${describePattern(source)} needs exactly one year, one month and one day to read a date`, at };
  }
  for (const kind of ['weekday', 'hour', 'minute', 'second', 'fraction', 'ampm'] as const) {
    const repeated = count([kind])[1];
    if (repeated !== undefined)
      return problemAt(source, repeated.at, `has a second ${PART_WORDS[kind]}, so it cannot read text`);
  }
  // Digits run together read two ways when two parts of them have no fixed width: "112" as M D is 1/12 or 11/2.
  let flexible: PatternToken | undefined;
  for (const token of tokens) {
    if (!DIGIT_KINDS.has(token.kind)) {
      flexible = undefined;
      continue;
    }
    if (!isFlexible(token)) continue;
    if (flexible !== undefined) {
      return problemAt(
        source,
        { start: flexible.at.start, end: token.at.end },
        'has two parts of one or two digits with nothing between them, so digits read two ways; use the two-digit forms (MM, DD, hh, mm, ss) or put a separator between them',
      );
    }
    flexible = token;
  }
  return undefined;
}

function isFlexible(token: PatternToken): boolean {
  return (
    (token.kind === 'month' ||
      token.kind === 'day' ||
      token.kind === 'hour' ||
      token.kind === 'minute' ||
      token.kind === 'second') &&
    !token.padded
  );
}

const PART_WORDS = {
  weekday: 'weekday',
  hour: 'hour',
  minute: 'minutes part',
  second: 'seconds part',
  fraction: 'fraction of a second',
  ampm: 'AM/PM',
} as const;
