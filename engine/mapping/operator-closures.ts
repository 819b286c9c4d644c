/**
 * Closures for the operators. Each operator has its own function literal so the engine can inline
 * the one operation it calls; the values' semantics stay in functions/arithmetic.ts, with only
 * exact shortcuts here (two integers compare as JS compares them, two texts by text-order.ts, which
 * is what compareForOperator does for them too).
 */
import { formatValue, type Value } from '../model/values/index.ts';
import type { ArithmeticOperator, ComparisonOperator } from './ast.ts';
import type { CompiledNode, RowFunction } from './closure-types.ts';
import {
  addValues,
  blankOperands,
  compareForOperator,
  divideValues,
  multiplyValues,
  subtractValues,
} from './functions/arithmetic.ts';
import { compareText, textEquals } from './functions/text-order.ts';

/**
 * Arithmetic: an empty side counts as its zero (`leftZero`, `rightZero`: blankZero of the side's
 * checked type), as an empty cell does in a spreadsheet. Both sides are always evaluated, so
 * whether a row is held never depends on which side happened to be NULL.
 */
export function arithmetic(
  operator: ArithmeticOperator,
  left: RowFunction,
  right: RowFunction,
  leftZero: Value = 0,
  rightZero: Value = 0,
): RowFunction {
  switch (operator) {
    case '+':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? blankOperands('+', a, b, leftZero, rightZero) : addValues(a, b);
      };
    case '-':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? blankOperands('-', a, b, leftZero, rightZero) : subtractValues(a, b);
      };
    case '*':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? blankOperands('*', a, b, leftZero, rightZero) : multiplyValues(a, b);
      };
    case '/':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? blankOperands('/', a, b, leftZero, rightZero) : divideValues(a, b);
      };
  }
}

/** Comparisons: an empty side counts as the other side's zero (compareForOperator), so the answer is TRUE or FALSE. */
export function comparison(operator: ComparisonOperator, left: RowFunction, right: RowFunction): RowFunction {
  switch (operator) {
    case '=':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (typeof a === 'number' && typeof b === 'number') return a === b;
        if (typeof a === 'string' && typeof b === 'string') return textEquals(a, b);
        return compareForOperator(a, b) === 0;
      };
    case '<>':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (typeof a === 'number' && typeof b === 'number') return a !== b;
        if (typeof a === 'string' && typeof b === 'string') return !textEquals(a, b);
        return compareForOperator(a, b) !== 0;
      };
    case '<':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (typeof a === 'number' && typeof b === 'number') return a < b;
        if (typeof a === 'string' && typeof b === 'string') return compareText(a, b) < 0;
        return compareForOperator(a, b) < 0;
      };
    case '<=':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (typeof a === 'number' && typeof b === 'number') return a <= b;
        if (typeof a === 'string' && typeof b === 'string') return compareText(a, b) <= 0;
        return compareForOperator(a, b) <= 0;
      };
    case '>':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (typeof a === 'number' && typeof b === 'number') return a > b;
        if (typeof a === 'string' && typeof b === 'string') return compareText(a, b) > 0;
        return compareForOperator(a, b) > 0;
      };
    case '>=':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (typeof a === 'number' && typeof b === 'number') return a >= b;
        if (typeof a === 'string' && typeof b === 'string') return compareText(a, b) >= 0;
        return compareForOperator(a, b) >= 0;
      };
  }
}

/** A part's text: as TEXT writes it, NULL as empty text. */
function textOf(value: Value): string {
  if (typeof value === 'string') return value;
  // An integer written as formatValue writes it, but converted inline (see TEXT in functions/casts.ts).
  return typeof value === 'number' ? `${value}` : formatValue(value);
}

/**
 * `a & b & c` as one closure over its parts. Spreadsheet rule: NULL joins as empty text; values
 * are written as TEXT writes them. Constant parts are written once, here, and runs of them merged.
 * Up to four varying parts get a closure of their own shape (`"FY" & YEAR(d) & "-P" & p` is two),
 * so each call in it sees one part's closure instead of a loop calling all of them in turn.
 */
export function concatenation(parts: readonly CompiledNode[]): RowFunction {
  // fixed[k] is the constant text before varying part k; fixed[runs.length] is the text after the last.
  const fixed: string[] = [''];
  const runs: RowFunction[] = [];
  for (const part of parts) {
    if (part.constant !== undefined) {
      fixed[runs.length] += formatValue(part.constant.value);
      continue;
    }
    runs.push(part.evaluate);
    fixed.push('');
  }
  const p0 = fixed[0] ?? '';
  const p1 = fixed[1] ?? '';
  const p2 = fixed[2] ?? '';
  const p3 = fixed[3] ?? '';
  const p4 = fixed[4] ?? '';
  const [r0, r1, r2, r3] = runs;
  switch (runs.length) {
    case 0:
      return () => p0;
    case 1: {
      const a = r0 as RowFunction;
      return (row, env) => p0 + textOf(a(row, env)) + p1;
    }
    case 2: {
      const a = r0 as RowFunction;
      const b = r1 as RowFunction;
      return (row, env) => p0 + textOf(a(row, env)) + p1 + textOf(b(row, env)) + p2;
    }
    case 3: {
      const a = r0 as RowFunction;
      const b = r1 as RowFunction;
      const c = r2 as RowFunction;
      return (row, env) => p0 + textOf(a(row, env)) + p1 + textOf(b(row, env)) + p2 + textOf(c(row, env)) + p3;
    }
    case 4: {
      const a = r0 as RowFunction;
      const b = r1 as RowFunction;
      const c = r2 as RowFunction;
      const d = r3 as RowFunction;
      return (row, env) =>
        p0 + textOf(a(row, env)) + p1 + textOf(b(row, env)) + p2 + textOf(c(row, env)) + p3 + textOf(d(row, env)) + p4;
    }
  }
  const count = runs.length;
  return (row, env) => {
    let joined = p0;
    for (let i = 0; i < count; i++) joined += textOf((runs[i] as RowFunction)(row, env)) + (fixed[i + 1] as string);
    return joined;
  };
}
