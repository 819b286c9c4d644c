/**
 * The mapping language's standard library: every function as data (FunctionSpec), by upper-case name.
 * LOOKUP is not here: it is a special form the checker and compiler handle (lookup-form.ts), and the
 * operators + - * / and comparisons are in arithmetic.ts.
 *
 * NULL rules (each is tested in the group's test file):
 *  - Most functions propagate NULL: when any argument is NULL, the result is NULL and the function
 *    does not run (nullPropagating: true; invoke.ts applies it). LEFT(NULL, 2), ROUND(NULL),
 *    DATE(2024, NULL, 1), TEXT(NULL), NOT(NULL) and FORMAT_DATE(NULL, "YYYY") are all NULL.
 *  - IF, IFS, NOT: an empty condition counts as FALSE, as an empty cell does. IF without an else gives
 *    FALSE (the compiler passes NULL where the value is not a boolean, and the checker warns).
 *  - IFS with no true condition and SWITCH with no equal case and no default hold the row (NO_MATCH).
 *  - SWITCH: cases match as `=` compares (an empty value like 0, "", FALSE or another empty value).
 *  - AND / OR: empty arguments are skipped; only empty ones hold the row (NO_CONDITION).
 *  - COALESCE: the first non-NULL argument; NULL when all are NULL.
 *  - CONCATENATE: NULL is joined as empty text, as & joins it; never NULL.
 *  - TEXTJOIN: NULL values are empty pieces (left out with ignore_empty TRUE); a NULL delimiter or
 *    ignore_empty gives NULL.
 *  - EXACT: NULL is compared as empty text, as a spreadsheet compares an empty cell; never NULL.
 *  - ISBLANK: never NULL; true for NULL only. ISEMPTY: never NULL; true for NULL, '' and whitespace-only text.
 *  - MIN / MAX: NULL arguments are skipped; NULL only when every argument is NULL.
 *  - HASH: NULL is hashed as a value of its own; the result is never NULL.
 *  - TODAY: no arguments; the run date.
 *
 * Lazy functions (IF, IFS, SWITCH, AND, OR, COALESCE) evaluate arguments only as far as needed, so
 * a branch not taken cannot hold the row.
 *
 * Implicit widening: where a type rule says a result is a decimal because one candidate is a decimal
 * (IF(c, 1, 2.5), COALESCE(int_field, 0.0)), the value at run time may still be the integer that was
 * chosen. The caller that knows the checked type widens it (Decimal.fromInteger), since a lazy
 * function cannot know the type of the branch it did not evaluate.
 */
import { CAST_FUNCTIONS } from './casts.ts';
import { DATE_ARITHMETIC_FUNCTIONS } from './date-arithmetic.ts';
import { DATE_FUNCTIONS } from './dates.ts';
import { HASH_FUNCTIONS } from './hash.ts';
import { JOINING_FUNCTIONS } from './joining.ts';
import { LOGIC_FUNCTIONS } from './logic.ts';
import { MATH_FUNCTIONS } from './math.ts';
import { ROUNDING_FUNCTIONS } from './rounding.ts';
import type { FunctionSpec } from './spec.ts';
import { TEXT_FUNCTIONS } from './text.ts';

function byName(groups: readonly (readonly FunctionSpec[])[]): ReadonlyMap<string, FunctionSpec> {
  const map = new Map<string, FunctionSpec>();
  for (const spec of groups.flat()) {
    if (map.has(spec.name)) throw new Error(`two functions are named ${spec.name}`);
    map.set(spec.name, spec);
  }
  return map;
}

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = byName([
  LOGIC_FUNCTIONS,
  TEXT_FUNCTIONS,
  JOINING_FUNCTIONS,
  MATH_FUNCTIONS,
  ROUNDING_FUNCTIONS,
  DATE_FUNCTIONS,
  DATE_ARITHMETIC_FUNCTIONS,
  CAST_FUNCTIONS,
  HASH_FUNCTIONS,
]);

/** The function with this name, matched without regard to case. */
export function findFunction(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name.toUpperCase());
}

export { invokeFunction, invokeWithValues } from './invoke.ts';
export {
  addValues,
  compareForOperator,
  divideValues,
  multiplyValues,
  negateValue,
  operatorResultType,
  subtractValues,
  type OperatorForTypes,
} from './arithmetic.ts';
export { hashValues } from './hash.ts';
export type { LibraryHoldCode } from './arg-values.ts';
export { RowHold } from './spec.ts';
export type { EvalContext, FunctionSpec, LookupTable, ParamSpec, TypeRuleResult } from './spec.ts';
