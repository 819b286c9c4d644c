/**
 * Closures for the operators. Each operator has its own function literal so the engine can inline
 * the one operation it calls; the values' semantics stay in functions/arithmetic.ts, with only
 * exact shortcuts here (two texts or two integers compare as JS compares them, which is what
 * compareForOperator does for them too).
 */
import { formatValue, type Value } from '../model/values/index.ts';
import type { ArithmeticOperator, ComparisonOperator } from './ast.ts';
import type { CompiledNode, RowFunction } from './closure-types.ts';
import { addValues, compareForOperator, divideValues, multiplyValues, subtractValues } from './functions/arithmetic.ts';

/**
 * Arithmetic: NULL on either side gives NULL (as in SQL). Both sides are always evaluated, so
 * whether a row is held never depends on which side happened to be NULL.
 */
export function arithmetic(operator: ArithmeticOperator, left: RowFunction, right: RowFunction): RowFunction {
  switch (operator) {
    case '+':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? null : addValues(a, b);
      };
    case '-':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? null : subtractValues(a, b);
      };
    case '*':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? null : multiplyValues(a, b);
      };
    case '/':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? null : divideValues(a, b);
      };
  }
}

/** Same kind of text or integer on both sides: JS compares them exactly as the language does. */
function sameSimpleKind(a: Value, b: Value): boolean {
  const kind = typeof a;
  return (kind === 'string' || kind === 'number') && kind === typeof b;
}

/** -1, 0 or 1; NULL (unknown) when either side is NULL. */
function order(a: Value, b: Value): -1 | 0 | 1 | null {
  return compareForOperator(a, b);
}

/** Comparisons: NULL on either side gives NULL (unknown), so IF takes its else branch. */
export function comparison(operator: ComparisonOperator, left: RowFunction, right: RowFunction): RowFunction {
  switch (operator) {
    case '=':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a === null || b === null) return null;
        if (sameSimpleKind(a, b)) return a === b;
        const o = order(a, b);
        return o === null ? null : o === 0;
      };
    case '<>':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a === null || b === null) return null;
        if (sameSimpleKind(a, b)) return a !== b;
        const o = order(a, b);
        return o === null ? null : o !== 0;
      };
    case '<':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a === null || b === null) return null;
        if (sameSimpleKind(a, b)) return (a as string) < (b as string);
        const o = order(a, b);
        return o === null ? null : o < 0;
      };
    case '<=':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a === null || b === null) return null;
        if (sameSimpleKind(a, b)) return (a as string) <= (b as string);
        const o = order(a, b);
        return o === null ? null : o <= 0;
      };
    case '>':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a === null || b === null) return null;
        if (sameSimpleKind(a, b)) return (a as string) > (b as string);
        const o = order(a, b);
        return o === null ? null : o > 0;
      };
    case '>=':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        if (a === null || b === null) return null;
        if (sameSimpleKind(a, b)) return (a as string) >= (b as string);
        const o = order(a, b);
        return o === null ? null : o >= 0;
      };
  }
}

/**
 * `a & b & c` as one closure over its parts. Spreadsheet rule: NULL joins as empty text; values
 * are written as TEXT writes them. Constant parts are written once, here.
 */
export function concatenation(parts: readonly CompiledNode[]): RowFunction {
  const texts = parts.map((part) => (part.constant === undefined ? undefined : formatValue(part.constant.value)));
  const runs = parts.map((part) => (part.constant === undefined ? part.evaluate : undefined));
  const count = parts.length;
  return (row, env) => {
    let joined = '';
    for (let i = 0; i < count; i++) {
      const text = texts[i];
      if (text !== undefined) {
        joined += text;
        continue;
      }
      const value = (runs[i] as RowFunction)(row, env);
      joined += typeof value === 'string' ? value : formatValue(value);
    }
    return joined;
  };
}
