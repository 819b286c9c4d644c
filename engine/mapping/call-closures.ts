/**
 * Closures for library function calls, following the calling convention of functions/invoke.ts:
 * strict functions get values (NULL in gives NULL out when the function propagates NULLs), lazy
 * ones get thunks. Constant arguments are placed once, so `LEFT(ACTNUMST, 4)` evaluates one
 * argument per row.
 */
import type { Value } from '../model/values/index.ts';
import type { CompiledNode, ExpressionEnv, RowFunction, SourceRow } from './closure-types.ts';
import type { FunctionSpec, SpecializedCall } from './functions/spec.ts';
import type { MappingType } from './types.ts';

type Implementation = NonNullable<FunctionSpec['evaluate']>;
type OneValueCall = (call: SpecializedCall, run: RowFunction, propagatesNull: boolean) => RowFunction;

/**
 * Calls with one varying argument (LEFT(x, 4), ROUND(x, 2), YEAR(d)...) are the commonest. Like
 * row-writers.ts, this table gives call sites their own function literal in turn, so the engine can
 * inline the library function and the argument's closure into each site instead of going through
 * one shared, generic call (measured: about 10% of a realistic mapping's time).
 */
/* prettier-ignore */
const ONE_VALUE_CALL: readonly OneValueCall[] = [
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
  (call, run, nulls) => (row, env) => { const v = run(row, env); return v === null && nulls ? null : call(v, env.ctx); },
];
let nextOneValueCall = 0;

/**
 * Strict call. Every argument runs even after a NULL, so a hold never depends on argument order.
 * With one varying argument, the library's specialized evaluate for the call site takes its value
 * (FunctionSpec.specialize). Otherwise the argument array is made once per call site and refilled
 * per row: library functions read their arguments and never keep the array, and a call site is
 * never re-entered while it runs (expressions do not recurse).
 */
export function strictCall(
  spec: FunctionSpec,
  args: readonly CompiledNode[],
  argTypes: readonly MappingType[],
): RowFunction {
  const general = spec.evaluate;
  if (general === undefined) throw new Error(`${spec.name} is strict but has no evaluate.`);
  const values: Value[] = args.map((arg) => (arg.constant === undefined ? null : arg.constant.value));
  const varying = args.flatMap((arg, i) => (arg.constant === undefined ? [i] : []));
  const propagatesNull = spec.nullPropagating;
  const constantNull = args.some((arg) => arg.constant !== undefined && arg.constant.value === null);
  if (constantNull && propagatesNull) {
    return (row, env) => {
      for (const i of varying) (args[i] as CompiledNode).evaluate(row, env);
      return null;
    };
  }
  const [first, second] = varying;
  if (varying.length === 0) return (_row, env) => general(values, env.ctx);
  if (varying.length === 1 && first !== undefined) {
    const run = (args[first] as CompiledNode).evaluate;
    const factory = ONE_VALUE_CALL[nextOneValueCall++ % ONE_VALUE_CALL.length] as OneValueCall;
    // The library may check constant arguments once, here, for this call site.
    const specialized =
      first === 0
        ? spec.specialize?.(
            argTypes,
            args.map((arg) => arg.constant?.value),
          )
        : undefined;
    return factory(specialized ?? inArray(general, values, first), run, propagatesNull);
  }
  if (varying.length === 2 && first !== undefined && second !== undefined) {
    const runFirst = (args[first] as CompiledNode).evaluate;
    const runSecond = (args[second] as CompiledNode).evaluate;
    return (row, env) => {
      const a = runFirst(row, env);
      const b = runSecond(row, env);
      if ((a === null || b === null) && propagatesNull) return null;
      values[first] = a;
      values[second] = b;
      return general(values, env.ctx);
    };
  }
  const runs = varying.map((i) => (args[i] as CompiledNode).evaluate);
  return (row, env) => {
    let sawNull = false;
    for (let k = 0; k < runs.length; k++) {
      const value = (runs[k] as RowFunction)(row, env);
      if (value === null) sawNull = true;
      values[varying[k] as number] = value;
    }
    return sawNull && propagatesNull ? null : general(values, env.ctx);
  };
}

/** The general evaluate of a call with one varying argument, at position `at` of its argument array. */
function inArray(general: Implementation, values: Value[], at: number): SpecializedCall {
  return (value, ctx) => {
    values[at] = value;
    return general(values, ctx);
  };
}

/**
 * Lazy call (IF, AND, COALESCE...): arguments are thunks evaluated on demand. The thunks are made
 * once per call site and read the current row from it, since a call site is never re-entered while
 * it runs.
 */
export function lazyCall(spec: FunctionSpec, args: readonly CompiledNode[], emptyEnv: ExpressionEnv): RowFunction {
  const implementation = spec.evaluateLazy;
  if (implementation === undefined) throw new Error(`${spec.name} is lazy but has no evaluateLazy.`);
  let currentRow: SourceRow = {};
  let currentEnv: ExpressionEnv = emptyEnv;
  const thunks = args.map((arg): (() => Value) => {
    const constant = arg.constant;
    if (constant !== undefined) return () => constant.value;
    const run = arg.evaluate;
    return () => run(currentRow, currentEnv);
  });
  return (row, env) => {
    currentRow = row;
    currentEnv = env;
    return implementation(thunks, env.ctx);
  };
}

/**
 * IF(condition, then[, else]) without thunks: a boolean or NULL condition picks its branch here,
 * saving IF's thunks and its library call on every row. Any other condition value (a non-boolean
 * from an untyped field) goes to the library's IF, so it holds with the library's reason.
 */
export function ifCall(
  spec: FunctionSpec,
  args: readonly CompiledNode[],
  emptyEnv: ExpressionEnv,
): RowFunction | undefined {
  const [condition, then, otherwise] = args;
  if (condition === undefined || then === undefined || args.length > 3) return undefined;
  const general = lazyCall(spec, args, emptyEnv);
  const test = condition.evaluate;
  const runThen = then.evaluate;
  if (otherwise === undefined) {
    return (row, env) => {
      const value = test(row, env);
      if (value === true) return runThen(row, env);
      return value === false || value === null ? false : general(row, env);
    };
  }
  const runOtherwise = otherwise.evaluate;
  return (row, env) => {
    const value = test(row, env);
    if (value === true) return runThen(row, env);
    return value === false || value === null ? runOtherwise(row, env) : general(row, env);
  };
}
