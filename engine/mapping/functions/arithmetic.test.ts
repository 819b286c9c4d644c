import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp, formatValue, valueKind, type Value } from '../../model/values/index.ts';
import { T, type MappingType } from '../types.ts';
import {
  addValues,
  compareForOperator,
  divideValues,
  multiplyValues,
  negateValue,
  operatorResultType,
  subtractValues,
  type OperatorForTypes,
} from './arithmetic.ts';
import { RowHold } from './spec.ts';

const dec = (text: string): Decimal => Decimal.parse(text);
const date = (text: string): PlainDate => PlainDate.parse(text);
const shown = (value: Value): string => `${valueKind(value)} ${formatValue(value)}`;

function holdCode(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof RowHold) return error.code;
    throw error;
  }
  throw new Error('expected a hold');
}

describe('addValues and subtractValues', () => {
  it('keep integers integers and mix exactly with decimals', () => {
    expect(shown(addValues(2, 3))).toBe('integer 5');
    expect(shown(addValues(2, dec('0.50')))).toBe('decimal 2.50');
    expect(shown(subtractValues(dec('0.3'), dec('0.1')))).toBe('decimal 0.2');
    expect(shown(subtractValues(2, 5))).toBe('integer -3');
  });

  it('hold when an integer leaves the safe range', () => {
    expect(holdCode(() => addValues(Number.MAX_SAFE_INTEGER, 1))).toBe('INTEGER_OVERFLOW');
    expect(holdCode(() => subtractValues(Number.MIN_SAFE_INTEGER, 1))).toBe('INTEGER_OVERFLOW');
  });

  it('do date arithmetic in days', () => {
    expect(shown(addValues(date('2024-02-28'), 2))).toBe('date 2024-03-01');
    expect(shown(addValues(1, date('2024-12-31')))).toBe('date 2025-01-01');
    expect(shown(subtractValues(date('2024-03-01'), 1))).toBe('date 2024-02-29');
    expect(shown(subtractValues(date('2024-03-01'), date('2024-01-01')))).toBe('integer 60');
    expect(holdCode(() => addValues(date('9999-12-31'), 1))).toBe('OUT_OF_RANGE');
  });

  it('propagate NULL and hold mismatched kinds', () => {
    expect(addValues(null, 1)).toBeNull();
    expect(subtractValues(date('2024-01-01'), null)).toBeNull();
    expect(holdCode(() => addValues('a', 1))).toBe('WRONG_TYPE');
    expect(holdCode(() => addValues(date('2024-01-01'), dec('1.5')))).toBe('WRONG_TYPE');
  });
});

describe('multiplyValues, divideValues, negateValue', () => {
  it('multiply exactly', () => {
    expect(shown(multiplyValues(3, 4))).toBe('integer 12');
    expect(shown(multiplyValues(3, dec('0.25')))).toBe('decimal 0.75');
    expect(Object.is(multiplyValues(-3, 0), 0)).toBe(true);
    expect(holdCode(() => multiplyValues(2 ** 30, 2 ** 30))).toBe('INTEGER_OVERFLOW');
    expect(multiplyValues(null, 2)).toBeNull();
  });

  it('divide to a decimal, integers too, and hold division by zero', () => {
    expect(shown(divideValues(1, 3))).toBe('decimal 0.3333333333333333333333333333333333');
    expect(shown(divideValues(10, 4))).toBe('decimal 2.500000');
    expect(shown(divideValues(dec('10.00000000'), 4))).toBe('decimal 2.50000000');
    expect(holdCode(() => divideValues(1, dec('0.00')))).toBe('DIVISION_BY_ZERO');
    expect(holdCode(() => divideValues(1, 0))).toBe('DIVISION_BY_ZERO');
    expect(divideValues(null, 0)).toBeNull();
  });

  it('negate numbers only', () => {
    expect(shown(negateValue(dec('1.50')))).toBe('decimal -1.50');
    expect(Object.is(negateValue(0), 0)).toBe(true);
    expect(negateValue(null)).toBeNull();
    expect(holdCode(() => negateValue('a'))).toBe('WRONG_TYPE');
  });

  it('integer arithmetic agrees with exact bigint arithmetic or holds', () => {
    const safe = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(safe, safe, (a, b) => {
        for (const [op, exact] of [
          [addValues, BigInt(a) + BigInt(b)],
          [subtractValues, BigInt(a) - BigInt(b)],
          [multiplyValues, BigInt(a) * BigInt(b)],
        ] as const) {
          const fits = exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER);
          if (fits) expect(op(a, b)).toBe(Number(exact));
          else expect(holdCode(() => op(a, b))).toBe('INTEGER_OVERFLOW');
        }
      }),
    );
  });
});

describe('compareForOperator', () => {
  it('compares numbers across kinds, text, dates, timestamps and booleans', () => {
    expect(compareForOperator(1, dec('1.00'))).toBe(0);
    expect(compareForOperator(dec('0.99'), 1)).toBe(-1);
    expect(compareForOperator('b', 'a')).toBe(1);
    expect(compareForOperator(date('2024-01-01'), date('2024-01-02'))).toBe(-1);
    expect(
      compareForOperator(Timestamp.parse('2024-01-01T06:00:00Z'), Timestamp.parse('2024-01-01T00:00:00-06:00')),
    ).toBe(0);
    expect(compareForOperator(false, true)).toBe(-1);
  });

  it("counts an empty side as the other side's zero, and holds incomparable kinds", () => {
    expect(compareForOperator(null, 1)).toBe(-1);
    expect(compareForOperator(null, dec('-0.5'))).toBe(1);
    expect(compareForOperator(dec('0.00'), null)).toBe(0);
    expect(compareForOperator('a', null)).toBe(1);
    expect(compareForOperator('', null)).toBe(0);
    expect(compareForOperator(null, false)).toBe(0);
    expect(compareForOperator(null, date('0001-01-01'))).toBe(-1);
    expect(compareForOperator(null, null)).toBe(0);
    expect(holdCode(() => compareForOperator(date('2024-01-01'), Timestamp.parse('2024-01-01T00:00:00Z')))).toBe(
      'WRONG_TYPE',
    );
    expect(holdCode(() => compareForOperator('1', 1))).toBe('WRONG_TYPE');
  });
});

describe('operatorResultType', () => {
  const kind = (op: OperatorForTypes, left: MappingType, right: MappingType): string => {
    const result = operatorResultType(op, left, right);
    return 'type' in result ? result.type.kind : `error: ${result.error}`;
  };

  it('types arithmetic', () => {
    expect(kind('+', T.integer, T.integer)).toBe('integer');
    expect(kind('+', T.integer, T.decimal)).toBe('decimal');
    expect(kind('*', T.decimal, T.null)).toBe('decimal');
    expect(kind('*', T.integer, T.null)).toBe('integer');
    expect(kind('-', T.integer, T.any)).toBe('any');
    expect(kind('/', T.integer, T.integer)).toBe('decimal');
    expect(kind('+', T.date, T.integer)).toBe('date');
    expect(kind('+', T.integer, T.date)).toBe('date');
    expect(kind('-', T.date, T.integer)).toBe('date');
    expect(kind('-', T.date, T.date)).toBe('integer');
  });

  it('explains what does not work', () => {
    expect(kind('+', T.string, T.string)).toBe(
      'error: + adds numbers, or whole days to a date; it cannot add a string and a string. To join text, use &.',
    );
    expect(kind('+', T.date, T.decimal)).toContain('cannot add a date and a decimal');
    expect(kind('-', T.integer, T.date)).toContain('cannot subtract a date from an integer');
    expect(kind('*', T.date, T.integer)).toContain('* multiplies numbers');
    expect(kind('/', T.string, T.integer)).toContain('/ divides numbers');
  });

  it('types comparisons', () => {
    expect(kind('=', T.integer, T.decimal)).toBe('boolean');
    expect(kind('<', T.string, T.string)).toBe('boolean');
    expect(kind('>=', T.date, T.null)).toBe('boolean');
    expect(kind('<>', T.any, T.timestamp)).toBe('boolean');
    expect(kind('=', T.string, T.integer)).toContain('= cannot compare a string with an integer. Convert one side');
    expect(kind('<', T.date, T.timestamp)).toContain('Use TO_DATE');
    expect(kind('=', T.list(T.string), T.string)).toContain('compares single values');
  });

  it('agrees with the runtime: every well-typed pair of sample values evaluates without a type hold', () => {
    const samples: [MappingType, Value][] = [
      [T.integer, 7],
      [T.decimal, dec('2.50')],
      [T.string, 'a'],
      [T.boolean, true],
      [T.date, date('2024-01-31')],
      [T.timestamp, Timestamp.parse('2024-01-31T10:00:00Z')],
    ];
    const run: Record<OperatorForTypes, (a: Value, b: Value) => Value> = {
      '+': addValues,
      '-': subtractValues,
      '*': multiplyValues,
      '/': divideValues,
      '=': compareForOperator,
      '<>': compareForOperator,
      '<': compareForOperator,
      '<=': compareForOperator,
      '>': compareForOperator,
      '>=': compareForOperator,
    };
    for (const op of Object.keys(run) as OperatorForTypes[]) {
      for (const [leftType, left] of samples) {
        for (const [rightType, right] of samples) {
          const rule = operatorResultType(op, leftType, rightType);
          if ('type' in rule) {
            const result = run[op](left, right);
            if (op === '+' || op === '-' || op === '*' || op === '/')
              expect(valueKind(result), `${op} ${leftType.kind} ${rightType.kind}`).toBe(rule.type.kind);
          } else {
            expect(() => run[op](left, right), `${op} ${leftType.kind} ${rightType.kind}`).toThrow(RowHold);
          }
        }
      }
    }
  });
});
