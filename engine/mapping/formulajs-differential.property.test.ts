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
import { dec, EXPLANATIONS, explainsSafely, type Outcome } from './testing/formulajs-differences.ts';

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
