/**
 * Differential test: every function the mapping language shares with a spreadsheet engine written
 * independently (@formulajs/formulajs) is called with the same random arguments (seeded, so every
 * run draws the same), and the answers must agree. Where they do not, the difference must be one
 * listed in LANGUAGE.md ("Where a spreadsheet gives something else"), which this test reads: a
 * difference nobody wrote down fails, and so does a shared function that is neither compared here
 * nor listed there as not compared.
 *
 * How answers are compared (the rule LANGUAGE.md states):
 *  - a refusal on both sides (a held row; a formulajs error value) agrees;
 *  - text, booleans and dates must be equal;
 *  - numbers are compared as decimals (formulajs's number read as the shortest decimal that prints
 *    it). Where formulajs computed in floats (an argument or the answer has a fraction), a difference
 *    below 1e-10 of the largest number involved (an argument or the answer, at least 1), that is
 *    agreement to 10 significant digits, counts as equal: float noise, not a different answer.
 *    Anything larger must be explained.
 *
 * A quarter of the cases have some arguments empty (NULL; formulajs takes null as an empty cell), so
 * the empty-value rules are compared too. No comparison operator is used (spreadsheet-rules.test.ts
 * compares those). A listed difference that no generated case needs any more fails the last test.
 */
import * as formulajs from '@formulajs/formulajs';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, type Value } from '../model/values/index.ts';
import { FUNCTIONS } from './functions/index.ts';
import { invokeWithValues } from './functions/invoke.ts';
import { RowHold, type EvalContext } from './functions/spec.ts';

const SEED = 20261208;
const RUNS = 250;
const CONTEXT: EvalContext = { runDate: PlainDate.of(2024, 3, 31), lookups: new Map(), fiscalYearStartMonth: 1 };

/** The ids in LANGUAGE.md's table of differences, each with what it says. */
function documentedDifferences(): Map<string, string> {
  const text = readFileSync(new URL('./LANGUAGE.md', import.meta.url), 'utf8');
  const start = text.indexOf('## Where a spreadsheet gives something else');
  if (start < 0) throw new Error('LANGUAGE.md has no section "Where a spreadsheet gives something else"');
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const ids = new Map<string, string>();
  for (const match of section.matchAll(/^\| `([A-Za-z0-9:_-]+)` \|(.*)$/gm))
    ids.set(match[1] as string, match[2] as string);
  return ids;
}
const DOCUMENTED = documentedDifferences();

// ---- values both ways ---------------------------------------------------------------------------

type Outcome = { kind: 'refused'; why: string } | { kind: 'value'; value: Value };

function ours(name: string, args: readonly Value[]): Outcome {
  const spec = FUNCTIONS.get(name);
  if (spec === undefined) throw new Error(`no function ${name}`);
  try {
    return { kind: 'value', value: invokeWithValues(spec, args, CONTEXT) };
  } catch (error) {
    if (error instanceof RowHold) return { kind: 'refused', why: `${error.code}: ${error.reason}` };
    throw error;
  }
}

function toFormulajs(value: Value): unknown {
  if (value instanceof Decimal) return Number(value.toString());
  if (value instanceof PlainDate) return new Date(value.year, value.month - 1, value.day);
  if (Array.isArray(value)) return value.map(toFormulajs);
  return value;
}

function theirs(name: string, args: readonly Value[]): Outcome {
  const fn = (formulajs as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
  if (fn === undefined) throw new Error(`formulajs has no ${name}`);
  let result: unknown;
  try {
    result = fn(...args.map(toFormulajs));
  } catch (error) {
    return { kind: 'refused', why: String(error) };
  }
  if (result instanceof Error) return { kind: 'refused', why: result.message };
  if (result instanceof Date) {
    if (Number.isNaN(result.getTime())) return { kind: 'refused', why: 'invalid date' };
    return { kind: 'value', value: PlainDate.of(result.getFullYear(), result.getMonth() + 1, result.getDate()) };
  }
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) return { kind: 'refused', why: String(result) };
    return { kind: 'value', value: Decimal.fromNumber(result) };
  }
  if (typeof result === 'string' || typeof result === 'boolean') return { kind: 'value', value: result };
  // An empty cell passed through (IFS, SWITCH choosing an empty argument).
  if (result === null || result === undefined) return { kind: 'value', value: null };
  return { kind: 'refused', why: `unexpected ${typeof result}` };
}

const TOLERANCE = Decimal.parse('1E-10');

function hasFraction(value: Value): boolean {
  return value instanceof Decimal && !value.isInteger();
}

function sameOutcome(a: Outcome, b: Outcome, computedInFloats: boolean, args: readonly Value[]): boolean {
  if (a.kind === 'refused' || b.kind === 'refused') return a.kind === b.kind;
  const x = a.value;
  const y = b.value;
  const numeric = (v: Value): v is number | Decimal => typeof v === 'number' || v instanceof Decimal;
  if (numeric(x) && numeric(y)) {
    const dx = typeof x === 'number' ? Decimal.fromInteger(x) : x;
    const dy = typeof y === 'number' ? Decimal.fromInteger(y) : y;
    if (dx.equals(dy)) return true;
    if (!computedInFloats && !hasFraction(dx) && !hasFraction(dy)) return false;
    // Float noise scales with the largest number the float computation saw: an argument or the answer.
    let scale = Decimal.ONE;
    for (const seen of [dx, ...args.filter(numeric).map(dec)]) if (seen.abs().compare(scale) > 0) scale = seen.abs();
    return dx.subtract(dy).abs().compare(scale.multiply(TOLERANCE)) <= 0;
  }
  if (x instanceof PlainDate && y instanceof PlainDate) return x.equals(y);
  return x === y;
}

function show(outcome: Outcome): string {
  if (outcome.kind === 'refused') return `refused (${outcome.why})`;
  const value = outcome.value;
  return value instanceof Decimal || value instanceof PlainDate ? value.toString() : JSON.stringify(value);
}

// ---- the known, documented differences -----------------------------------------------------------

/** Says whether a difference on these arguments is the documented one. */
type Explanation = (args: readonly Value[], ours: Outcome, theirs: Outcome, name: string) => boolean;

const dec = (value: Value): Decimal => (typeof value === 'number' ? Decimal.fromInteger(value) : (value as Decimal));
const scaled = (value: Value, digits: Value): Decimal => {
  const places = digits as number;
  const d = dec(value);
  return places >= 0
    ? d.multiply(Decimal.of(10n ** BigInt(places), 0))
    : d.divide(Decimal.of(10n ** BigInt(-places), 0));
};
const isHalf = (d: Decimal): boolean => d.subtract(d.round(0, 'floor')).equals(Decimal.parse('0.5'));
const textOf = (value: Value): string => (typeof value === 'string' ? value : '');

/**
 * Keyed by the id LANGUAGE.md lists. Each is as narrow as the case it explains: the arguments that
 * produce it, not "anything goes" for a function.
 */
const EXPLANATIONS: Record<string, { readonly functions: readonly string[]; readonly explains: Explanation }> = {
  // formulajs multiplies by 10^digits in binary floats; an exact decimal on a boundary lands on either side.
  'float-boundary': {
    functions: ['ROUND', 'ROUNDUP', 'ROUNDDOWN', 'TRUNC', 'MROUND', 'MOD', 'TEXT'],
    explains: ([x, y], mine, _theirs, name) => {
      if (mine.kind !== 'value' || x === undefined) return false;
      if (typeof y === 'string') {
        // TEXT: the value, times 100 per %, on a half at the format's places.
        const places = (y.split(';')[0]?.split('.')[1] ?? '').replace(/[^0#]/g, '').length;
        return isHalf(scaled(x, places + 2 * (y.split('%').length - 1)));
      }
      if (y === undefined) return false;
      if (name !== 'MOD' && name !== 'MROUND') {
        const onStep = scaled(x, y);
        return isHalf(onStep) || onStep.isInteger();
      }
      const ratio = dec(x).divide(dec(y));
      return ratio.isInteger() || isHalf(ratio);
    },
  },
  // Our text functions count characters as people see them; a spreadsheet counts UTF-16 units.
  'astral-characters': {
    functions: ['LEFT', 'RIGHT', 'MID', 'LEN'],
    explains: ([text]) => typeof text === 'string' && /[\uD800-\uDFFF]/.test(text),
  },
  // Decimals keep their written places in text (12.50), as & writes them; a spreadsheet writes 12.5.
  'decimal-places-in-text': {
    functions: ['CONCATENATE', 'TEXTJOIN'],
    explains: (args) =>
      args.some((arg) => arg instanceof Decimal && arg.toString() !== arg.stripTrailingZeros().toString()),
  },
  // Booleans are written true/false, as & writes them; a spreadsheet writes TRUE/FALSE.
  'boolean-text': {
    functions: ['CONCATENATE', 'TEXTJOIN'],
    explains: (args) => args.some((arg) => typeof arg === 'boolean'),
  },
  // formulajs's TEXTJOIN leaves out 0 and FALSE as if empty; a spreadsheet keeps them.
  'formulajs-TEXTJOIN-falsy': {
    functions: ['TEXTJOIN'],
    explains: (args) =>
      args[1] === true && args.slice(2).some((arg) => arg === 0 || (arg instanceof Decimal && arg.isZero())),
  },
  // VALUE refuses separators not grouped by three; formulajs (and a lenient spreadsheet) drops them.
  'VALUE-grouping': {
    functions: ['VALUE'],
    explains: ([text], mine) => mine.kind === 'refused' && /[0-9],[0-9]/.test(textOf(text ?? null)),
  },
  // formulajs drops the parentheses of (100); a spreadsheet reads it as -100, as VALUE does.
  'formulajs-VALUE-parentheses': {
    functions: ['VALUE'],
    explains: ([text]) => /^\s*\(/.test(textOf(text ?? null)),
  },
  // formulajs's SUBSTITUTE with an instance skips an occurrence at the very start and counts overlapping ones.
  'formulajs-SUBSTITUTE-instance': {
    functions: ['SUBSTITUTE'],
    explains: ([text, old], _mine, _theirs) => {
      const t = textOf(text ?? null);
      const o = textOf(old ?? null);
      return o !== '' && (t.startsWith(o) || overlaps(t, o));
    },
  },
  // formulajs counts workdays only forwards; a spreadsheet gives a negative count when end is before start.
  'formulajs-NETWORKDAYS-backwards': {
    functions: ['NETWORKDAYS'],
    explains: ([start, end]) => (start as PlainDate).compare(end as PlainDate) > 0,
  },
  // formulajs's DATEDIF "Y" goes through YEARFRAC; around February 29 it counts a year a day early or late.
  'formulajs-DATEDIF-Y': {
    functions: ['DATEDIF'],
    explains: ([start, end, unit]) =>
      textOf(unit ?? null).toUpperCase() === 'Y' &&
      [start, end].some((d) => (d as PlainDate).month === 2 || (d as PlainDate).month === 3),
  },
  // formulajs's DATEDIF "YD" picks the wrong year when the end's day is before the start's in the same month.
  'formulajs-DATEDIF-YD': {
    functions: ['DATEDIF'],
    explains: ([start, end, unit]) =>
      textOf(unit ?? null).toUpperCase() === 'YD' &&
      ((start as PlainDate).month === (end as PlainDate).month ||
        (start as PlainDate).month === 2 ||
        (start as PlainDate).month === 3),
  },
  // formulajs gives a negative count where a spreadsheet refuses an end before the start (#NUM!).
  'formulajs-DATEDIF-backwards': {
    functions: ['DATEDIF'],
    explains: ([start, end], mine) => mine.kind === 'refused' && (start as PlainDate).compare(end as PlainDate) > 0,
  },
  // formulajs answers "" for empty text before checking the count or start; a spreadsheet checks them.
  'formulajs-empty-text': {
    functions: ['LEFT', 'RIGHT', 'MID', 'SUBSTITUTE'],
    explains: ([text]) => text === '',
  },
  // formulajs's MOD takes the sign of the divisor by a formula that is wrong once either side is
  // negative (MOD(1, -3) gives -1, MOD(-1, -2) gives 3); a spreadsheet gives -2 and -1, as the language does.
  'formulajs-MOD-signs': {
    functions: ['MOD'],
    explains: ([x, y], mine) => mine.kind === 'value' && (dec(x ?? 0).sign() < 0 || dec(y ?? 0).sign() < 0),
  },
  // formulajs takes a negative count as none; a spreadsheet refuses it (#VALUE!), as the language holds the row.
  'formulajs-negative-count': {
    functions: ['LEFT', 'RIGHT', 'MID'],
    explains: (args, mine) =>
      mine.kind === 'refused' && args.slice(1).some((arg) => typeof arg === 'number' && arg < 0),
  },
  // formulajs refuses MID with a count of 0; a spreadsheet gives empty text.
  'formulajs-MID-zero-count': {
    functions: ['MID'],
    explains: ([, , n], mine) => n === 0 && mine.kind === 'value' && mine.value === '',
  },
  // formulajs's DATEDIF "MD" with an end in January rolls the start into the end's own month.
  'formulajs-DATEDIF-MD-january': {
    functions: ['DATEDIF'],
    explains: ([start, end, unit]) =>
      textOf(unit ?? null).toUpperCase() === 'MD' &&
      (end as PlainDate).month === 1 &&
      (end as PlainDate).day < (start as PlainDate).day,
  },
  // formulajs moves the start's year, then its month, on a JS Date, which rolls a day the month lacks
  // (February 29, the 31st) into the next month at each step; Excel's DATE rolls once.
  'formulajs-DATEDIF-rolled-day': {
    functions: ['DATEDIF'],
    explains: ([start, , unit]) =>
      ['MD', 'YD'].includes(textOf(unit ?? null).toUpperCase()) && (start as PlainDate).day > 28,
  },
  // formulajs refuses a sign before a currency symbol ("-$0.01"); a spreadsheet reads it, as VALUE does.
  'formulajs-VALUE-sign-currency': {
    functions: ['VALUE'],
    explains: ([text]) => /^\s*-\$/.test(textOf(text ?? null)),
  },
  // formulajs sees a % only at the very end, so "-1% " with a space after is read as -1.
  'formulajs-VALUE-percent-spaces': {
    functions: ['VALUE'],
    explains: ([text]) => /%\s+$/.test(textOf(text ?? null)) || /^\s+%/.test(textOf(text ?? null)),
  },
  // formulajs reads text that is not a number ("abc", "12-", "1.2.3") as some number; a spreadsheet refuses it.
  'formulajs-VALUE-lenient': {
    functions: ['VALUE'],
    explains: ([text], mine) =>
      mine.kind === 'refused' && !/^\s*-?\$?[0-9,]*\.?[0-9]*%?\s*$/.test(textOf(text ?? null)),
  },
  // A function given an empty value is empty (LANGUAGE.md, "Deliberate differences"); a spreadsheet reads
  // the empty cell as 0 or "". Only where the language says so: the function propagates NULL.
  'empty-argument': {
    functions: [
      'ABS',
      'SIGN',
      'ROUND',
      'ROUNDUP',
      'ROUNDDOWN',
      'TRUNC',
      'INT',
      'MOD',
      'MROUND',
      'LEFT',
      'RIGHT',
      'MID',
      'LEN',
      'TRIM',
      'UPPER',
      'LOWER',
      'SUBSTITUTE',
      'TEXT',
      'VALUE',
      'DATE',
      'YEAR',
      'MONTH',
      'DAY',
      'EOMONTH',
      'EDATE',
      'WEEKDAY',
      'NETWORKDAYS',
      'DATEDIF',
    ],
    explains: (args, mine, _theirs, name) =>
      FUNCTIONS.get(name)?.nullPropagating === true &&
      mine.kind === 'value' &&
      mine.value === null &&
      args.some((arg) => arg === null),
  },
  // The value chosen is an empty field: empty here, shown as 0 by a spreadsheet (as `=A1`; formulajs gives
  // 0, or passes the empty cell through).
  'empty-passed-through': {
    functions: ['IF', 'IFS', 'SWITCH'],
    explains: (args, mine, other) =>
      mine.kind === 'value' &&
      mine.value === null &&
      args.some((arg) => arg === null) &&
      (other.kind === 'value'
        ? other.value === null || (other.value instanceof Decimal && other.value.isZero())
        : false),
  },
  // MIN / MAX of empty values only: empty here, 0 in a spreadsheet (LANGUAGE.md, "Deliberate differences").
  'MIN-MAX-all-empty': {
    functions: ['MIN', 'MAX'],
    explains: (args, mine) => mine.kind === 'value' && mine.value === null && args.every((arg) => arg === null),
  },
  // A TEXTJOIN with an empty delimiter or flag is empty: nothing says how to join.
  'TEXTJOIN-empty-delimiter': {
    functions: ['TEXTJOIN'],
    explains: ([delimiter, flag], mine) =>
      mine.kind === 'value' && mine.value === null && (delimiter === null || flag === null),
  },
  // formulajs compares SWITCH's cases with ===: case counts and an empty value equals only another empty
  // value; a spreadsheet compares as = does, as the language does.
  'formulajs-SWITCH-equality': {
    functions: ['SWITCH'],
    explains: ([value, ...cases]) =>
      cases.some(
        (c) =>
          (typeof value === 'string' &&
            typeof c === 'string' &&
            value !== c &&
            value.toLowerCase() === c.toLowerCase()) ||
          (value === null) !== (c === null),
      ),
  },
  // Dates are written YYYY-MM-DD by & and CONCATENATE; a spreadsheet writes the serial number.
  'date-in-text': {
    functions: ['CONCATENATE', 'TEXTJOIN'],
    explains: (args) => args.some((arg) => arg instanceof PlainDate),
  },
  // formulajs's TEXT formats a binary float: past 15 significant digits (after x100 for %) it loses some.
  'formulajs-TEXT-float-digits': {
    functions: ['TEXT'],
    explains: ([value, format]) => dec(value ?? 0).precision() + (textOf(format ?? null).includes('%') ? 2 : 0) >= 15,
  },
  // formulajs's TEXT reads only the first section's places and a leading $; sections, literals and 000 padding differ.
  'formulajs-TEXT-formats': {
    functions: ['TEXT'],
    explains: ([, format]) => /[;"\\]|^0{2,}$|^0{2,}[^.]/.test(textOf(format ?? null)),
  },
};

/** An explanation written for values that meets an empty argument explains nothing (it does not crash the run). */
function explainsSafely(explains: Explanation, args: readonly Value[], mine: Outcome, other: Outcome, name: string) {
  try {
    return explains(args, mine, other, name);
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

function overlaps(text: string, old: string): boolean {
  for (let i = text.indexOf(old); i >= 0; i = text.indexOf(old, i + 1)) {
    const next = text.indexOf(old, i + 1);
    if (next >= 0 && next < i + old.length) return true;
  }
  return false;
}

/** Not compared at all, with why (the ids LANGUAGE.md lists as `not-compared:NAME`). */
const NOT_COMPARED = ['DECIMAL', 'TODAY'];

// ---- argument generators ---------------------------------------------------------------------------

const decimal = (maxScale = 4, magnitude = 10n ** 9n) =>
  fc
    .record({
      coefficient: fc.bigInt({ min: -magnitude, max: magnitude }),
      scale: fc.integer({ min: 0, max: maxScale }),
    })
    .map(({ coefficient, scale }) => Decimal.of(coefficient, scale));
/** Amounts as ERPs hold them: up to 13+ digits before the point, 2 after. */
const amount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((c) => Decimal.of(c, 2));
const integer = fc.integer({ min: -100_000, max: 100_000 });
const number = fc.oneof(integer, decimal(), amount);
const smallText = fc.string({ unit: fc.constantFrom('a', 'A', 'b', '-', ' ', 'é', '0', '1'), maxLength: 10 });
const anyText = fc.oneof(smallText, fc.string({ maxLength: 6, unit: 'grapheme' }));
const date = fc
  .integer({ min: PlainDate.of(1950, 1, 1).toEpochDay(), max: PlainDate.of(2080, 12, 31).toEpochDay() })
  .map((d) => PlainDate.fromEpochDay(d));
const monthEnds = fc
  .record({ year: fc.integer({ min: 1999, max: 2030 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => PlainDate.of(year, month, 1).endOfMonth());
const someDate = fc.oneof(date, monthEnds);
const boolean = fc.boolean();
const exportedNumber = fc
  .record({
    value: fc.oneof(amount, decimal(2)),
    grouped: fc.boolean(),
    currency: fc.boolean(),
    parentheses: fc.boolean(),
    percent: fc.boolean(),
    pad: fc.constantFrom('', ' ', '  '),
    broken: fc.constantFrom(undefined, '1,23', 'abc', '12-', '1.2.3'),
  })
  .map(({ value, grouped, currency, parentheses, percent, pad, broken }) => {
    if (broken !== undefined) return broken;
    const abs = value.abs().toString();
    const [whole = '', fraction] = abs.split('.');
    const digits = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
    const body = `${currency ? '$' : ''}${digits}${fraction === undefined ? '' : `.${fraction}`}${percent ? '%' : ''}`;
    const signed = value.sign() < 0 ? (parentheses ? `(${body})` : `-${body}`) : body;
    return `${pad}${signed}${pad}`;
  });

const dateText = someDate.chain((d) =>
  fc.constantFrom(d.toString(), `${d.month}/${d.day}/${d.year}`, `${d.day}-${d.month}-${d.year}`),
);
/** A few values of each kind, for SWITCH's value and cases (text in both cases, so case is tried). */
const switchValue = fc.oneof(
  fc.constantFrom<Value>('a', 'A', 'b', '', 0, 1, 2),
  fc.constantFrom(Decimal.parse('1.00'), Decimal.parse('0.0')),
);

type Draw = fc.Arbitrary<readonly Value[]>;
const args = (...parts: fc.Arbitrary<Value>[]): Draw => fc.tuple(...parts) as unknown as Draw;
const digits = fc.integer({ min: -4, max: 5 });
const count = fc.integer({ min: -1, max: 12 });

/** Each shared function, with how to draw its arguments (several shapes where it takes several). */
const COMPARED: Record<string, readonly Draw[]> = {
  ABS: [args(number)],
  SIGN: [args(number)],
  MIN: [args(number, number), args(number, number, number)],
  MAX: [args(number, number), args(number, number, number)],
  ROUND: [args(number, digits), args(number)],
  ROUNDUP: [args(number, digits)],
  ROUNDDOWN: [args(number, digits)],
  TRUNC: [args(number, digits), args(number)],
  INT: [args(number)],
  MOD: [args(number, number), args(integer, fc.integer({ min: -12, max: 12 }))],
  MROUND: [args(number, fc.oneof(decimal(2, 1000n), fc.integer({ min: -100, max: 100 })))],
  LEFT: [args(anyText, count), args(anyText)],
  RIGHT: [args(anyText, count), args(anyText)],
  MID: [args(anyText, fc.integer({ min: 0, max: 12 }), count)],
  LEN: [args(anyText)],
  TRIM: [args(smallText), args(smallText.map((t) => `  ${t}   ${t} `))],
  UPPER: [args(anyText)],
  LOWER: [args(anyText)],
  EXACT: [
    args(smallText, smallText),
    args(
      smallText,
      smallText.map((t) => t.toUpperCase()),
    ),
  ],
  SUBSTITUTE: [
    args(smallText, fc.constantFrom('a', '-', 'A', ' ', 'aa', 'x'), smallText),
    args(smallText, fc.constantFrom('a', '-', 'A', ' ', 'aa', 'x'), smallText, fc.integer({ min: 0, max: 4 })),
  ],
  CONCATENATE: [args(smallText, number), args(smallText, boolean, integer, smallText), args(smallText, someDate)],
  TEXTJOIN: [
    args(fc.constantFrom('-', ', ', ''), boolean, smallText, smallText, fc.oneof(smallText, integer, fc.constant(0))),
    args(fc.constantFrom('|'), boolean, fc.array(smallText, { maxLength: 4 }), smallText),
  ],
  TEXT: [
    args(
      number,
      fc.constantFrom('0', '0.00', '#,##0', '#,##0.00', '0%', '0.0%', '$#,##0.00', '000', '#,##0.00;(#,##0.00)'),
    ),
  ],
  VALUE: [args(exportedNumber), args(dateText)],
  IF: [args(boolean, number, number), args(boolean, smallText, smallText)],
  AND: [args(boolean, boolean), args(boolean, boolean, boolean)],
  OR: [args(boolean, boolean), args(boolean, boolean, boolean)],
  NOT: [args(boolean)],
  ISBLANK: [args(fc.oneof(smallText, number, boolean, someDate))],
  IFS: [args(boolean, number, boolean, number), args(boolean, smallText, boolean, smallText, boolean, smallText)],
  SWITCH: [
    args(switchValue, switchValue, smallText),
    args(switchValue, switchValue, smallText, switchValue, smallText),
    args(switchValue, switchValue, smallText, smallText),
  ],
  DATE: [
    args(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: -13, max: 26 }), fc.integer({ min: -40, max: 70 })),
  ],
  YEAR: [args(someDate)],
  MONTH: [args(someDate)],
  DAY: [args(someDate)],
  EOMONTH: [args(someDate, fc.integer({ min: -30, max: 30 }))],
  EDATE: [args(someDate, fc.integer({ min: -30, max: 30 }))],
  WEEKDAY: [args(someDate), args(someDate, fc.constantFrom(1, 2, 3, 11, 12, 13, 14, 15, 16, 17))],
  NETWORKDAYS: [
    args(
      someDate,
      someDate.map((d) => d.addDays(0)),
    ),
    args(
      date,
      fc.integer({ min: -60, max: 60 }).map((n) => PlainDate.of(2024, 1, 15).addDays(n)),
    ),
    args(
      fc.constant(PlainDate.of(2024, 1, 1)),
      fc.integer({ min: 0, max: 90 }).map((n) => PlainDate.of(2024, 1, 1).addDays(n)),
      fc.array(
        fc.integer({ min: 0, max: 90 }).map((n) => PlainDate.of(2024, 1, 1).addDays(n)),
        { maxLength: 5 },
      ),
    ),
  ],
  DATEDIF: [args(someDate, someDate, fc.constantFrom('Y', 'M', 'D', 'MD', 'YM', 'YD', 'y', 'md'))],
};

/**
 * The arguments for a function: its shapes, and the same shapes with some arguments empty (NULL, which
 * formulajs takes as an empty cell), so the empty-value rules are compared too.
 */
function drawsFor(name: string): Draw {
  const draws = fc.oneof(...(COMPARED[name] ?? []));
  const withEmpties = fc
    .tuple(draws, fc.uniqueArray(fc.nat({ max: 5 }), { minLength: 1, maxLength: 6 }))
    .map(([drawn, emptied]) => drawn.map((arg, i) => (emptied.includes(i) ? null : arg)));
  return fc.oneof({ weight: 3, arbitrary: draws }, { weight: 1, arbitrary: withEmpties });
}

/** The documented differences some generated case needed: a listed one no case needs is stale. */
const NEEDED = new Set<string>();

// ---- the tests ------------------------------------------------------------------------------------

describe('differential test against an independent spreadsheet engine (formulajs)', () => {
  const shared = [...FUNCTIONS.keys()].filter((name) => name in formulajs).sort();

  it('compares every function both have, or LANGUAGE.md says why not', () => {
    const unaccounted = shared.filter(
      (name) =>
        COMPARED[name] === undefined && !(NOT_COMPARED.includes(name) && DOCUMENTED.has(`not-compared:${name}`)),
    );
    expect(unaccounted).toEqual([]);
    for (const name of NOT_COMPARED) expect(DOCUMENTED.has(`not-compared:${name}`), name).toBe(true);
  });

  it('lists in LANGUAGE.md every difference this test accepts, and accepts every difference listed', () => {
    const undocumented = Object.keys(EXPLANATIONS).filter((id) => !DOCUMENTED.has(id));
    expect(undocumented).toEqual([]);
    // A `beyond-formulajs:` row is a spreadsheet's behaviour formulajs does not have (it answers as the
    // language does), so no case here can show it; the row names the test that shows the language's side.
    const unchecked = [...DOCUMENTED.keys()].filter(
      (id) => !id.startsWith('not-compared:') && !id.startsWith('beyond-formulajs:') && !(id in EXPLANATIONS),
    );
    expect(unchecked).toEqual([]);
  });

  for (const name of Object.keys(COMPARED).sort()) {
    it(`${name} agrees, or differs only as documented`, () => {
      // Only a difference LANGUAGE.md lists explains anything: delete its row and the cases it covers fail here.
      const explanations = Object.entries(EXPLANATIONS).filter(
        ([id, e]) => e.functions.includes(name) && DOCUMENTED.has(id),
      );
      fc.assert(
        fc.property(drawsFor(name), (drawn) => {
          const mine = ours(name, drawn);
          const other = theirs(name, drawn);
          const floats = drawn.some(hasFraction) || (other.kind === 'value' && hasFraction(other.value));
          if (sameOutcome(mine, other, floats, drawn)) return;
          const explaining = explanations.filter(([, e]) => explainsSafely(e.explains, drawn, mine, other, name));
          // Every listed difference that explains the case is needed by it (not only the first found).
          for (const [id] of explaining) NEEDED.add(id);
          if (explaining.length > 0) return;
          const shown = drawn.map((arg) =>
            arg instanceof Decimal || arg instanceof PlainDate ? arg.toString() : JSON.stringify(arg),
          );
          throw new Error(
            `${name}(${shown.join(', ')}): ours ${show(mine)}, formulajs ${show(other)}; not a documented difference`,
          );
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  // Runs after every function above (a file's tests run in order): the table stays true both ways.
  it('lists no stale difference: every one listed is needed by some generated case', () => {
    const stale = Object.keys(EXPLANATIONS).filter((id) => DOCUMENTED.has(id) && !NEEDED.has(id));
    expect(stale).toEqual([]);
  });
});
