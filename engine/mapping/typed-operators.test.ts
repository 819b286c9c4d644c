import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, type Value } from '../model/values/index.ts';
import { ifCall, lazyCall } from './call-closures.ts';
import type { CompiledNode, ExpressionEnv } from './closure-types.ts';
import { specOf, testContext } from './functions/testing.ts';
import { arithmetic, comparison, concatenation } from './operator-closures.ts';
import { typedArithmetic, typedComparison } from './typed-operators.ts';
import type { MappingType } from './types.ts';

const ENV: ExpressionEnv = { ctx: testContext(), tables: [] };
const STRING: MappingType = { kind: 'string' };
const DECIMAL: MappingType = { kind: 'decimal' };

/** The value, or the hold's code and reason, of running `run`. */
function outcome(run: () => Value): unknown {
  try {
    return { value: run() };
  } catch (error) {
    const { code, reason } = error as { code?: string; reason?: string };
    return { hold: code ?? String(error), reason };
  }
}

const varying = (value: Value): CompiledNode => ({ evaluate: () => value });
const fixed = (value: Value): CompiledNode => ({ evaluate: () => value, constant: { value } });

/** Values a proven type may still meet at run time: its own kind, NULL, and other kinds (a schema that lied). */
const MIXED: readonly Value[] = [
  Decimal.parse('12.50'),
  Decimal.parse('-3'),
  Decimal.ZERO,
  7,
  -2,
  null,
  '4',
  '',
  'abc',
  true,
  PlainDate.of(2024, 2, 29),
];

describe('typed operator fast paths', () => {
  it('decimal + - * give the generic value or hold for every runtime kind and NULL', () => {
    for (const operator of ['+', '-', '*'] as const) {
      for (const a of MIXED) {
        for (const b of MIXED) {
          const fast = typedArithmetic(operator, varying(a).evaluate, varying(b).evaluate, DECIMAL, DECIMAL);
          expect(fast, operator).toBeDefined();
          const generic = arithmetic(operator, varying(a).evaluate, varying(b).evaluate, Decimal.ZERO, Decimal.ZERO);
          expect(
            outcome(() => fast!({}, ENV)),
            `${String(a)} ${operator} ${String(b)}`,
          ).toEqual(outcome(() => generic({}, ENV)));
        }
      }
    }
  });

  it('has no fast path for division or for operands not both proven decimal', () => {
    const run = varying(1).evaluate;
    expect(typedArithmetic('/', run, run, DECIMAL, DECIMAL)).toBeUndefined();
    expect(typedArithmetic('+', run, run, DECIMAL, { kind: 'integer' })).toBeUndefined();
    expect(typedArithmetic('+', run, run, { kind: 'any' }, DECIMAL)).toBeUndefined();
  });

  it('text = and <> give the generic value or hold, with a constant on either side or none', () => {
    for (const operator of ['=', '<>'] as const) {
      for (const a of MIXED) {
        for (const b of MIXED) {
          const shapes: [CompiledNode, CompiledNode][] = [
            [varying(a), varying(b)],
            [varying(a), fixed(b)],
            [fixed(a), varying(b)],
          ];
          for (const [left, right] of shapes) {
            const fast = typedComparison(operator, left, right, STRING, STRING);
            expect(fast, operator).toBeDefined();
            const generic = comparison(operator, left.evaluate, right.evaluate);
            expect(
              outcome(() => fast!({}, ENV)),
              `${String(a)} ${operator} ${String(b)}`,
            ).toEqual(outcome(() => generic({}, ENV)));
          }
        }
      }
    }
  });

  it('has no comparison fast path for ordering or for operands not both proven text', () => {
    expect(typedComparison('<', varying('a'), varying('b'), STRING, STRING)).toBeUndefined();
    expect(typedComparison('=', varying('a'), varying('b'), STRING, { kind: 'any' })).toBeUndefined();
  });
});

describe('IF without thunks', () => {
  it('gives what the library IF gives for every condition value, with and without else', () => {
    const spec = specOf('IF');
    const conditions: Value[] = [true, false, null, 1, 'yes', Decimal.ONE];
    for (const condition of conditions) {
      for (const args of [
        [varying(condition), varying('then'), varying('else')],
        [varying(condition), fixed('then')],
      ]) {
        const fast = ifCall(spec, args, ENV);
        expect(fast).toBeDefined();
        const general = lazyCall(spec, args, ENV);
        expect(
          outcome(() => fast!({}, ENV)),
          String(condition),
        ).toEqual(outcome(() => general({}, ENV)));
      }
    }
  });

  it('evaluates only the branch it takes', () => {
    const explode: CompiledNode = {
      evaluate: () => {
        throw new Error('branch not taken was evaluated');
      },
    };
    const spec = specOf('IF');
    expect(ifCall(spec, [varying(true), varying(1), explode], ENV)!({}, ENV)).toBe(1);
    expect(ifCall(spec, [varying(null), explode, varying(2)], ENV)!({}, ENV)).toBe(2);
  });
});

describe('concatenation', () => {
  it('joins any number of constant and varying parts as the part-by-part rule does', () => {
    const values: Value[] = ['FY', 2024, null, Decimal.parse('1.50'), true, PlainDate.of(2024, 1, 31), ''];
    for (let count = 0; count <= 7; count++) {
      for (let shape = 0; shape < 1 << count; shape++) {
        const parts = Array.from({ length: count }, (_, i) => {
          const value = values[i % values.length] as Value;
          return (shape >> i) & 1 ? fixed(value) : varying(value);
        });
        const expected = parts.map((part) => {
          const value = part.evaluate({}, ENV);
          return value === null
            ? ''
            : value instanceof Decimal || value instanceof PlainDate
              ? value.toString()
              : String(value);
        });
        expect(concatenation(parts)({}, ENV)).toBe(expected.join(''));
      }
    }
  });

  it('evaluates varying parts in order, so the first failing part is the one that holds', () => {
    const seen: number[] = [];
    const part = (n: number): CompiledNode => ({
      evaluate: () => {
        seen.push(n);
        return n;
      },
    });
    concatenation([part(1), fixed('-'), part(2), part(3), fixed('-'), part(4), part(5)])({}, ENV);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
});
