/**
 * Repeated subexpressions computed once per row (shared-values.ts): which occurrences may reuse a
 * value, and, on random expressions full of repeats over random rows, that sharing never changes a
 * value or a hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp, type Value } from '../model/values/index.ts';
import { print } from './printer.ts';
import { check } from './checker.ts';
import type { ExpressionEnv, SourceRow } from './closure-types.ts';
import { compileExpression } from './compiler.ts';
import { lookupInfos } from './mapping.ts';
import { parse } from './parser.ts';
import { sharedValues } from './shared-values.ts';
import { GL_LOOKUPS, testContext } from './test-fixtures.ts';
import { T } from './types.ts';

const SCHEMA = { S1: T.string, S2: T.string, I1: T.integer, D1: T.decimal, D2: T.decimal, B1: T.boolean };
const SCOPE = { schema: SCHEMA, lookups: lookupInfos(GL_LOOKUPS) };

function checked(text: string): { ast: ReturnType<typeof parse>['ast']; result: ReturnType<typeof check> } {
  const parsed = parse(text);
  const result = check(parsed.ast, SCOPE);
  const errors = [...parsed.problems, ...result.problems].filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`${text}: ${errors.map((problem) => problem.message).join('; ')}`);
  return { ast: parsed.ast, result };
}

/** The reusing occurrences of `text`, printed. */
function reused(text: string): string[] {
  const { ast, result } = checked(text);
  return [...sharedValues(ast, result).reuses.keys()].map((node) => print(node));
}

describe('which repeats are computed once', () => {
  it('reuses what has certainly run earlier in the same evaluation', () => {
    expect(reused('IF(LEFT(S1, 1) = "4", "R", IF(LEFT(S1, 1) = "5", "C", "E"))')).toEqual(['LEFT(S1, 1)']);
    expect(reused('LEFT(S1, 1) & IF(B1, LEFT(S1, 1), "")')).toEqual(['LEFT(S1, 1)']);
    expect(reused('ROUND(D1 - D2, 2) + ROUND(D1 - D2, 2)')).toEqual(['ROUND(D1 - D2, 2)']);
  });

  it('does not reuse what may not have run: branches, lazy arguments, a LOOKUP default', () => {
    expect(reused('IF(B1, LEFT(S1, 1), LEFT(S1, 1))')).toEqual([]);
    expect(reused('IF(B1, LEFT(S1, 1), "") & LEFT(S1, 1)')).toEqual([]);
    expect(reused('COALESCE(S2, LEFT(S1, 1)) & LEFT(S1, 1)')).toEqual([]);
    expect(reused('AND(B1, LEFT(S1, 1) = "4") = (LEFT(S1, 1) = "4")')).toEqual([]);
    expect(reused('LOOKUP(cost_centers, S1, LEFT(S1, 1)) & LEFT(S1, 1)')).toEqual([]);
  });

  it('never shares a LOOKUP, a constant or a field', () => {
    expect(reused('LOOKUP(cost_centers, S1) & LOOKUP(cost_centers, S1)')).toEqual([]);
    expect(reused('S1 & S1 & LEFT("abc", 1) & LEFT("abc", 1)')).toEqual([]);
  });

  it('never shares a link of a & chain, which is compiled as a whole and never runs on its own', () => {
    const text = '((S1 & "a") & "b") & LEFT(S1 & "a", 3)';
    expect(reused(text)).toEqual([]);
    const { ast, result } = checked(text);
    const env: ExpressionEnv = { ctx: testContext(), tables: [] };
    expect(compileExpression(ast, result).evaluate({ S1: 'x' }, env)).toBe('xabxa');
  });
});

type Kind = 'S' | 'I' | 'D' | 'B';
type Pool = Readonly<Record<Kind, readonly string[]>>;

const LEAVES: Record<Kind, readonly string[]> = {
  S: ['S1', 'S2', '"4"', '"ab"', 'NULL'],
  I: ['I1', '0', '3', 'NULL'],
  D: ['D1', 'D2', '1.5', '0.00'],
  B: ['B1', 'TRUE', 'NULL'],
};

/** An expression of `kind` with leaves from `pool` as well, so subexpressions repeat often. */
function expression(kind: Kind, depth: number, pool: Pool): fc.Arbitrary<string> {
  const leaf = fc.constantFrom(...LEAVES[kind], ...pool[kind], ...pool[kind], ...pool[kind]);
  if (depth === 0) return leaf;
  const s = expression('S', depth - 1, pool);
  const i = expression('I', depth - 1, pool);
  const d = expression('D', depth - 1, pool);
  const b = expression('B', depth - 1, pool);
  const small = fc.integer({ min: -1, max: 9 });
  const composite: Record<Kind, fc.Arbitrary<string>[]> = {
    S: [
      fc.tuple(s, small).map(([x, n]) => `LEFT(${x}, ${n})`),
      fc.tuple(s, small, small).map(([x, a, n]) => `MID(${x}, ${a}, ${n})`),
      fc.tuple(s, s).map(([x, y]) => `(${x} & ${y})`),
      fc.tuple(b, s, s).map(([c, x, y]) => `IF(${c}, ${x}, ${y})`),
      fc.tuple(s, s).map(([x, y]) => `COALESCE(${x}, ${y})`),
      fc.tuple(s, s).map(([x, y]) => `LOOKUP(cost_centers, ${x}, ${y})`),
      i.map((x) => `TEXT(${x})`),
    ],
    I: [
      fc.tuple(i, i).map(([x, y]) => `(${x} + ${y})`),
      fc.tuple(i, i).map(([x, y]) => `(${x} * ${y})`),
      s.map((x) => `LEN(${x})`),
      fc.tuple(b, i, i).map(([c, x, y]) => `IF(${c}, ${x}, ${y})`),
    ],
    D: [
      fc.tuple(d, d).map(([x, y]) => `(${x} - ${y})`),
      fc.tuple(d, d).map(([x, y]) => `(${x} / ${y})`),
      fc.tuple(d, small).map(([x, n]) => `ROUND(${x}, ${n})`),
      fc.tuple(b, d, d).map(([c, x, y]) => `IF(${c}, ${x}, ${y})`),
    ],
    B: [
      fc.tuple(s, s).map(([x, y]) => `(${x} = ${y})`),
      fc.tuple(i, i).map(([x, y]) => `(${x} < ${y})`),
      fc.tuple(d, d).map(([x, y]) => `(${x} > ${y})`),
      fc.tuple(b, b).map(([x, y]) => `AND(${x}, ${y})`),
      fc.tuple(b, b).map(([x, y]) => `OR(${x}, ${y})`),
      b.map((x) => `NOT(${x})`),
    ],
  };
  return fc.oneof({ arbitrary: leaf, weight: 1 }, { arbitrary: fc.oneof(...composite[kind]), weight: 2 });
}

const NO_POOL: Pool = { S: [], I: [], D: [], B: [] };
const pool: fc.Arbitrary<Pool> = fc.record({
  S: fc.array(expression('S', 2, NO_POOL), { minLength: 1, maxLength: 2 }),
  I: fc.array(expression('I', 2, NO_POOL), { minLength: 1, maxLength: 2 }),
  D: fc.array(expression('D', 2, NO_POOL), { minLength: 1, maxLength: 2 }),
  B: fc.array(expression('B', 2, NO_POOL), { minLength: 1, maxLength: 2 }),
});
const formula = fc
  .tuple(fc.constantFrom<Kind>('S', 'I', 'D', 'B'), pool)
  .chain(([kind, repeats]) => expression(kind, 3, repeats));

/** Mostly the field's kind, sometimes NULL or another kind (an untyped source). */
function field(proven: fc.Arbitrary<Value>): fc.Arbitrary<Value> {
  return fc.oneof(
    { arbitrary: proven, weight: 6 },
    { arbitrary: fc.constantFrom<Value>(null, 'text', 7, true, Decimal.parse('2.5')), weight: 1 },
  );
}
const decimal = fc.constantFrom('0', '0.00', '1.5', '-2.25', '100.10', '3').map((text) => Decimal.parse(text));
const row: fc.Arbitrary<SourceRow> = fc.record({
  S1: field(fc.oneof(fc.constantFrom('4000-100', '5000-200', '6100-300', '', '😀4'), fc.string({ maxLength: 6 }))),
  S2: field(fc.constantFrom('4000-100', 'x', '')),
  I1: field(fc.integer({ min: -5, max: 5 })),
  D1: field(decimal),
  D2: field(decimal),
  B1: field(fc.boolean()),
});

function outcome(run: () => Value): unknown {
  try {
    const value = run();
    return {
      value:
        value instanceof Decimal || value instanceof PlainDate || value instanceof Timestamp ? value.toString() : value,
    };
  } catch (error) {
    const { code, reason } = error as { code?: string; reason?: string };
    return { hold: code ?? String(error), reason };
  }
}

describe('sharing repeated subexpressions', () => {
  // Found by the property below: a shared quotient (34 places) and the same quotient kept exact under
  // ROUND (6 places) are one zero, and dividing by zero named them differently.
  it('holds a division by zero with the same words whether the zero dividend was shared or kept exact', () => {
    const env: ExpressionEnv = { ctx: testContext(), tables: [GL_LOOKUPS.get('cost_centers')!] };
    const text = 'ROUND(((D1 - D1) - ((D2 / (1.5 / D1)) / (D2 / (1.5 / D1)))), 0)';
    const { ast, result } = checked(text);
    const source = { S1: '4000-100', S2: '4000-100', I1: 0, D1: Decimal.parse('-2.25'), D2: Decimal.ZERO, B1: false };
    const shared = outcome(() => compileExpression(ast, result).evaluate(source, env));
    expect(shared).toEqual(outcome(() => compileExpression(ast, result, false).evaluate(source, env)));
    expect(shared).toEqual({ hold: 'DIVISION_BY_ZERO', reason: 'division by zero: the decimal 0 divided by 0' });
  });

  it('gives the values and holds of computing every occurrence, row after row', () => {
    const env: ExpressionEnv = { ctx: testContext(), tables: [GL_LOOKUPS.get('cost_centers')!] };
    fc.assert(
      fc.property(formula, fc.array(row, { minLength: 1, maxLength: 6 }), (text, rows) => {
        const { ast, result } = checked(text);
        const shared = compileExpression(ast, result);
        const computed = compileExpression(ast, result, false);
        for (const source of rows)
          expect(
            outcome(() => shared.evaluate(source, env)),
            text,
          ).toEqual(outcome(() => computed.evaluate(source, env)));
      }),
      { numRuns: 500 },
    );
  });
});
