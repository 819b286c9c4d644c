/**
 * Operator closures for operand types the checker proved, chosen at compile time: a decimal minus
 * a decimal calls Decimal.subtract directly, text compared with text is textEquals. Each fast path tests
 * the runtime kinds it relies on and hands anything else (NULL, or another kind from an untyped
 * field) to the generic value helpers, so values, NULLs and holds stay those of operator-closures.ts.
 * Undefined means "no fast path for these types": the caller keeps the generic closure.
 */
import { Decimal, type Value } from '../model/values/index.ts';
import type { ArithmeticOperator, ComparisonOperator } from './ast.ts';
import type { CompiledNode, RowFunction } from './closure-types.ts';
import {
  addValues,
  blankOperands,
  compareForOperator,
  multiplyValues,
  subtractValues,
} from './functions/arithmetic.ts';
import { equalsText, textEquals } from './functions/text-order.ts';
import type { MappingType } from './types.ts';

/** + - * on two proven decimals; `/` keeps the generic path (it checks the divisor and scale). */
export function typedArithmetic(
  operator: ArithmeticOperator,
  left: RowFunction,
  right: RowFunction,
  leftType: MappingType,
  rightType: MappingType,
): RowFunction | undefined {
  if (leftType.kind !== 'decimal' || rightType.kind !== 'decimal') return undefined;
  switch (operator) {
    case '+':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a instanceof Decimal && b instanceof Decimal) return a.add(b);
        return a === null || b === null ? blankOperands('+', a, b, Decimal.ZERO, Decimal.ZERO) : addValues(a, b);
      };
    case '-':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a instanceof Decimal && b instanceof Decimal) return a.subtract(b);
        return a === null || b === null ? blankOperands('-', a, b, Decimal.ZERO, Decimal.ZERO) : subtractValues(a, b);
      };
    case '*':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a instanceof Decimal && b instanceof Decimal) return a.multiply(b);
        return a === null || b === null ? blankOperands('*', a, b, Decimal.ZERO, Decimal.ZERO) : multiplyValues(a, b);
      };
    case '/':
      return undefined;
  }
}

/** What `a <operator> b` gives on any values: the generic rule (an empty side counts as the other's zero). */
export function compareWith(operator: ComparisonOperator, a: Value, b: Value): Value {
  const o = compareForOperator(a, b);
  switch (operator) {
    case '=':
      return o === 0;
    case '<>':
      return o !== 0;
    case '<':
      return o < 0;
    case '<=':
      return o <= 0;
    case '>':
      return o > 0;
    case '>=':
      return o >= 0;
  }
}

/**
 * `=` and `<>` between proven texts. The common shape `LEFT(ACTNUMST, 1) = "4"` compares with a
 * constant on the right, which is then read once here instead of calling its closure per row.
 * The generic fallback keeps the operands in their written order, so a hold names them as written.
 */
export function typedComparison(
  operator: ComparisonOperator,
  left: CompiledNode,
  right: CompiledNode,
  leftType: MappingType,
  rightType: MappingType,
): RowFunction | undefined {
  if (operator !== '=' && operator !== '<>') return undefined;
  if (leftType.kind !== 'string' || rightType.kind !== 'string') return undefined;
  const equal = operator === '=';
  if (typeof right.constant?.value === 'string' && left.constant === undefined) {
    const known = right.constant.value;
    const matches = equalsText(known);
    const run = left.evaluate;
    if (equal) {
      return (row, env) => {
        const a = run(row, env);
        return typeof a === 'string' ? matches(a) : compareWith('=', a, known);
      };
    }
    return (row, env) => {
      const a = run(row, env);
      return typeof a === 'string' ? !matches(a) : compareWith('<>', a, known);
    };
  }
  const runLeft = left.evaluate;
  const runRight = right.evaluate;
  if (equal) {
    return (row, env) => {
      const a = runLeft(row, env);
      const b = runRight(row, env);
      return typeof a === 'string' && typeof b === 'string' ? textEquals(a, b) : compareWith('=', a, b);
    };
  }
  return (row, env) => {
    const a = runLeft(row, env);
    const b = runRight(row, env);
    return typeof a === 'string' && typeof b === 'string' ? !textEquals(a, b) : compareWith('<>', a, b);
  };
}
