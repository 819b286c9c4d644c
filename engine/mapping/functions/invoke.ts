/**
 * The calling convention of library functions, written once so the compiler, constant folding and
 * the tests all apply the same null rule (see index.ts).
 */
import type { Value } from '../../model/values/index.ts';
import type { EvalContext, FunctionSpec } from './spec.ts';

/** Calls `spec` with argument thunks: lazy functions get the thunks, strict ones get values. */
export function invokeFunction(spec: FunctionSpec, args: readonly (() => Value)[], ctx: EvalContext): Value {
  if (spec.strategy === 'lazy') {
    if (spec.evaluateLazy === undefined) throw new Error(`${spec.name} is lazy but has no evaluateLazy`);
    return spec.evaluateLazy(args, ctx);
  }
  return invokeWithValues(
    spec,
    args.map((arg) => arg()),
    ctx,
  );
}

/** Calls a strict function with evaluated arguments, returning NULL for a NULL argument when it propagates nulls. */
export function invokeWithValues(spec: FunctionSpec, values: readonly Value[], ctx: EvalContext): Value {
  if (spec.strategy === 'lazy')
    return invokeFunction(
      spec,
      values.map((value) => () => value),
      ctx,
    );
  if (spec.evaluate === undefined) throw new Error(`${spec.name} is strict but has no evaluate`);
  if (spec.nullPropagating && values.includes(null)) return null;
  return spec.evaluate(values, ctx);
}
