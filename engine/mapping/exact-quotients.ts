/**
 * ROUND over + - * / with a division, computed as a fraction and rounded once.
 *
 * Elsewhere a quotient carries 34 significant digits (Decimal.divide). That is exact enough for
 * everything but a result lying exactly on a half: 0.03 * (0.0005 / 0.0006) * 511 is 12.775, and
 * with 5/6 cut to 0.8333...3 the product is 12.77499...9, which ROUND(..., 2) would make 12.77
 * where exact arithmetic says 12.78. So the compiler hands the first argument of ROUND, when it is
 * such a chain and ROUND's places are written out, to the closures here: they keep numerator and
 * denominator apart (`ExactQuotient`, which never leaves that ROUND), and the value given to ROUND
 * is the fraction cut toward zero one place past the places it keeps. Rounding half away from zero
 * looks at that one place only, so ROUND gives the exact answer. It is also cheaper: the chain
 * multiplies small numbers and divides once.
 *
 * NULL (an empty number counts as 0), holds and every other kind of value behave as in the
 * operators' closures: anything but a fraction goes to the same value helpers.
 */
import { Decimal, type Value } from '../model/values/index.ts';
import type { ArithmeticOperator } from './ast.ts';
import type { ExpressionEnv, SourceRow } from './closure-types.ts';
import {
  addValues,
  blankOperands,
  divideValues,
  multiplyValues,
  negateValue,
  subtractValues,
} from './functions/arithmetic.ts';

/** numerator / denominator, with a positive denominator. */
export class ExactQuotient {
  constructor(
    readonly numerator: Decimal,
    readonly denominator: Decimal,
  ) {}

  /** As a value: the quotient with its 34 significant digits, as `/` gives it anywhere else. */
  toValue(): Decimal {
    return this.numerator.divide(this.denominator);
  }
}

export type ExactValue = Value | ExactQuotient;
export type ExactFunction = (row: SourceRow, env: ExpressionEnv) => ExactValue;

/** What ROUND(..., places) is given: a fraction cut toward zero at places + 1 (at least 0) places. */
export function cutForRounding(value: ExactValue, places: number): Value {
  return value instanceof ExactQuotient
    ? value.numerator.divide(value.denominator, Math.max(places + 1, 0), 'down')
    : value;
}

export function exactNegate(value: ExactValue): ExactValue {
  if (value instanceof ExactQuotient) return new ExactQuotient(value.numerator.negate(), value.denominator);
  return value === null ? null : negateValue(value);
}

/**
 * `leftZero` and `rightZero` are what an empty side counts as (blankZero of its checked type), as
 * in the operators' closures.
 */
export function exactArithmetic(
  operator: ArithmeticOperator,
  left: ExactFunction,
  right: ExactFunction,
  leftZero: Value,
  rightZero: Value,
): ExactFunction {
  // An empty number counts as its zero and the fraction stays exact; anything else (an empty date)
  // gets what the operators give it.
  const withBlanks = (a: ExactValue, b: ExactValue): ExactValue => {
    const x = a ?? leftZero;
    const y = b ?? rightZero;
    if (!isNumeric(x) || !isNumeric(y)) return blankOperands(operator, plain(a), plain(b), leftZero, rightZero);
    switch (operator) {
      case '+':
        return exactAdd(x, y, false);
      case '-':
        return exactAdd(x, y, true);
      case '*':
        return exactMultiply(x, y);
      case '/':
        return exactDivide(x, y);
    }
  };
  switch (operator) {
    case '+':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? withBlanks(a, b) : exactAdd(a, b, false);
      };
    case '-':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? withBlanks(a, b) : exactAdd(a, b, true);
      };
    case '*':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? withBlanks(a, b) : exactMultiply(a, b);
      };
    case '/':
      return (row, env) => {
        const a = left(row, env);
        const b = right(row, env);
        return a === null || b === null ? withBlanks(a, b) : exactDivide(a, b);
      };
  }
}

function exactAdd(a: ExactValue, b: ExactValue, subtract: boolean): ExactValue {
  if (!(a instanceof ExactQuotient) && !(b instanceof ExactQuotient))
    return subtract ? subtractValues(a, b) : addValues(a, b);
  if (a === null || b === null) return null;
  if (!isNumeric(a) || !isNumeric(b))
    return subtract ? subtractValues(plain(a), plain(b)) : addValues(plain(a), plain(b));
  // a/p ± b/q = (a*q ± b*p) / (p*q)
  const left = times(numeratorOf(a), denominatorOf(b));
  const right = times(numeratorOf(b), denominatorOf(a));
  return new ExactQuotient(
    subtract ? left.subtract(right) : left.add(right),
    times(denominatorOf(a), denominatorOf(b)),
  );
}

function exactMultiply(a: ExactValue, b: ExactValue): ExactValue {
  if (!(a instanceof ExactQuotient) && !(b instanceof ExactQuotient)) return multiplyValues(a, b);
  if (a === null || b === null) return null;
  if (!isNumeric(a) || !isNumeric(b)) return multiplyValues(plain(a), plain(b));
  return new ExactQuotient(times(numeratorOf(a), numeratorOf(b)), times(denominatorOf(a), denominatorOf(b)));
}

function exactDivide(a: ExactValue, b: ExactValue): ExactValue {
  if (a === null || b === null) return null;
  // Anything but two numbers, and a zero divisor, hold the row as `/` does, with its words.
  if (!isNumeric(a) || !isNumeric(b) || numeratorOf(b).isZero()) return divideValues(plain(a), plain(b));
  // (a/p) / (b/q) = (a*q) / (p*b), the sign moved to the numerator.
  const numerator = times(numeratorOf(a), denominatorOf(b));
  const denominator = times(denominatorOf(a), numeratorOf(b));
  return denominator.sign() < 0
    ? new ExactQuotient(numerator.negate(), denominator.negate())
    : new ExactQuotient(numerator, denominator);
}

function isNumeric(value: ExactValue): value is number | Decimal | ExactQuotient {
  return typeof value === 'number' || value instanceof Decimal || value instanceof ExactQuotient;
}

function plain(value: ExactValue): Value {
  return value instanceof ExactQuotient ? value.toValue() : value;
}

function numeratorOf(value: number | Decimal | ExactQuotient): Decimal {
  return value instanceof ExactQuotient
    ? value.numerator
    : typeof value === 'number'
      ? Decimal.fromInteger(value)
      : value;
}

function denominatorOf(value: number | Decimal | ExactQuotient): Decimal {
  return value instanceof ExactQuotient ? value.denominator : Decimal.ONE;
}

/** a * b, without a multiplication when either is the plain denominator 1. */
function times(a: Decimal, b: Decimal): Decimal {
  return b === Decimal.ONE ? a : a === Decimal.ONE ? b : a.multiply(b);
}
