/**
 * Calls with one varying first argument take the library's specialized path (FunctionSpec.specialize
 * through call-closures.ts), which skips the argument array and checks constants once. On random
 * values of every kind, including ones a typed field should not hold (an untyped source), each must
 * give what the general path gives (the same call with the constant read from a field instead) and
 * what the library's calling convention gives: the same value, or a hold with the same code and reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp, type Value } from '../model/values/index.ts';
import { check } from './checker.ts';
import type { ExpressionEnv, RowFunction, SourceRow } from './closure-types.ts';
import { compileExpression } from './compiler.ts';
import { findFunction } from './functions/index.ts';
import { invokeWithValues } from './functions/invoke.ts';
import type { EvalContext } from './functions/spec.ts';
import { parse } from './parser.ts';
import { T } from './types.ts';

const SCHEMA = { TXT: T.string, NUM: T.decimal, DAY: T.date, A: T.integer, B: T.integer };

function compiled(text: string): RowFunction {
  const parsed = parse(text);
  const checked = check(parsed.ast, { schema: SCHEMA, lookups: new Map() });
  const problems = [...parsed.problems, ...checked.problems].filter((problem) => problem.severity === 'error');
  if (problems.length > 0) throw new Error(`${text}: ${problems.map((problem) => problem.message).join('; ')}`);
  return compileExpression(parsed.ast, checked).evaluate;
}

/** A value or a hold, comparable with toEqual (decimals by their written form, which keeps the scale). */
function outcome(run: () => Value): unknown {
  try {
    const value = run();
    return {
      value:
        value instanceof Decimal || value instanceof PlainDate || value instanceof Timestamp
          ? `${value.constructor.name}:${value.toString()}`
          : value,
    };
  } catch (error) {
    const { code, reason } = error as { code?: string; reason?: string };
    return { hold: code ?? String(error), reason };
  }
}

function context(fiscalYearStartMonth = 7): EvalContext {
  return { runDate: PlainDate.of(2024, 3, 31), lookups: new Map(), fiscalYearStartMonth };
}

const decimal = fc
  .record({ coefficient: fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), scale: fc.integer({ min: 0, max: 8 }) })
  .map(({ coefficient, scale }) => Decimal.of(coefficient, scale));
const date = fc.integer({ min: -700_000, max: 2_900_000 }).map((day) => PlainDate.fromEpochDay(day));
const timestamp = fc
  .constantFrom('2024-12-31T23:30:00-05:00', '2024-06-30T23:00:00+02:00', '2023-01-01T00:00:00Z')
  .map((text) => Timestamp.parse(text));
/** Text with astral characters and lone surrogates as well as plain ASCII codes. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 8, unit: 'grapheme' }),
  fc.string({ maxLength: 8, unit: 'binary' }),
  fc.constantFrom('4000-100', '😀ab', 'a😀b'),
);
/** Mostly the proven kind, sometimes another (an untyped source) or NULL. */
function mostly(proven: fc.Arbitrary<Value>): fc.Arbitrary<Value> {
  return fc.oneof(
    { arbitrary: proven, weight: 6 },
    {
      arbitrary: fc.oneof(text, fc.integer({ min: -1e6, max: 1e6 }), decimal, date, fc.boolean(), fc.constant(null)),
      weight: 2,
    },
  );
}

/** `name(first, ...constants)` three ways: specialized, general (constants read from fields A, B), and the library. */
function expectSamePaths(
  name: string,
  first: string,
  value: Value,
  constants: readonly number[],
  fiscalYearStartMonth?: number,
): void {
  const written = constants.map((constant) => String(constant)).join(', ');
  const fields = ['A', 'B'].slice(0, constants.length).join(', ');
  const fast = compiled(`${name}(${first}${written === '' ? '' : `, ${written}`})`);
  const general = compiled(`${name}(${first}${fields === '' ? '' : `, ${fields}`})`);
  const ctx = context(fiscalYearStartMonth);
  const env: ExpressionEnv = { ctx, tables: [] };
  const row: SourceRow = { [first]: value, A: constants[0] ?? null, B: constants[1] ?? null };
  const expected = outcome(() => invokeWithValues(findFunction(name)!, [value, ...constants], ctx));
  expect(outcome(() => fast(row, env))).toEqual(expected);
  if (constants.length > 0) expect(outcome(() => general(row, env))).toEqual(expected);
}

describe('specialized calls behave as general ones', () => {
  it('LEFT and MID, counting characters', () => {
    fc.assert(
      fc.property(mostly(text), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 14 }), (value, a, b) => {
        expectSamePaths('LEFT', 'TXT', value, [a]);
        expectSamePaths('LEFT', 'TXT', value, []);
        expectSamePaths('MID', 'TXT', value, [a, b]);
      }),
      { numRuns: 300 },
    );
  });

  it('ROUND of decimals, integers and other kinds', () => {
    fc.assert(
      fc.property(
        mostly(fc.oneof(decimal, fc.integer({ min: -1e9, max: 1e9 }))),
        fc.integer({ min: -12, max: 12 }),
        (value, digits) => {
          expectSamePaths('ROUND', 'NUM', value, [digits]);
          expectSamePaths('ROUND', 'NUM', value, []);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('TEXT without a format and with a constant one', () => {
    // The field's type must fit the format for the formula to check; the value may be any kind.
    const formats = ['0.00', '#,##0', 'yyyy-mm-dd', 'dd mmm yyyy', '0.0%'];
    fc.assert(
      fc.property(
        mostly(fc.oneof(decimal, date, timestamp, fc.integer())),
        fc.constantFrom(...formats),
        (value, format) => {
          expectSamePaths('TEXT', 'NUM', value, []);
          const ctx = context();
          const env: ExpressionEnv = { ctx, tables: [] };
          const field = format.includes('y') ? 'DAY' : 'NUM';
          const fast = compiled(`TEXT(${field}, "${format}")`);
          const general = compiled(`TEXT(${field}, TXT)`);
          const expected = outcome(() => invokeWithValues(findFunction('TEXT')!, [value, format], ctx));
          expect(outcome(() => fast({ [field]: value }, env))).toEqual(expected);
          expect(outcome(() => general({ [field]: value, TXT: format }, env))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("YEAR, MONTH, DAY and FISCALPERIOD, with a constant start month or the run's", () => {
    fc.assert(
      fc.property(
        mostly(fc.oneof(date, timestamp)),
        fc.integer({ min: 0, max: 13 }),
        fc.constantFrom(1, 7, 12, 0, 13, 2.5),
        (value, start, runStart) => {
          for (const name of ['YEAR', 'MONTH', 'DAY']) expectSamePaths(name, 'DAY', value, []);
          expectSamePaths('FISCALPERIOD', 'DAY', value, [start]);
          expectSamePaths('FISCALPERIOD', 'DAY', value, [], runStart);
        },
      ),
      { numRuns: 300 },
    );
  });
});
