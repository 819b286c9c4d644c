/**
 * Small helpers for exercising library functions the way the compiler calls them; used by this
 * folder's tests and handy for anyone checking a function by hand.
 */
import { PlainDate, type Value } from '../../model/values/index.ts';
import type { MappingType } from '../types.ts';
import { findFunction } from './index.ts';
import { invokeFunction } from './invoke.ts';
import { RowHold, type EvalContext, type FunctionSpec, type TypeRuleResult } from './spec.ts';

export function testContext(overrides: Partial<EvalContext> = {}): EvalContext {
  return { runDate: PlainDate.of(2024, 3, 15), lookups: new Map(), fiscalYearStartMonth: 1, ...overrides };
}

export function specOf(name: string): FunctionSpec {
  const spec = findFunction(name);
  if (spec === undefined) throw new Error(`no function ${name}`);
  return spec;
}

/** Calls the function with already-evaluated arguments through the real calling convention. */
export function call(name: string, args: readonly Value[], ctx: EvalContext = testContext()): Value {
  return invokeFunction(
    specOf(name),
    args.map((arg) => () => arg),
    ctx,
  );
}

/** The hold a call raises, as { code, reason }; throws when the call does not hold. */
export function holdOf(
  name: string,
  args: readonly Value[],
  ctx: EvalContext = testContext(),
): { code: string; reason: string } {
  try {
    call(name, args, ctx);
  } catch (error) {
    if (error instanceof RowHold) return { code: error.code, reason: error.reason };
    throw error;
  }
  throw new Error(`${name} did not hold the row`);
}

export function typeRule(name: string, args: readonly MappingType[]): TypeRuleResult {
  return specOf(name).returnType(args);
}

/** The result type's kind, or the error text. */
export function typeOf(name: string, args: readonly MappingType[]): string {
  const result = typeRule(name, args);
  return 'type' in result ? describe(result.type) : `error: ${result.error}`;
}

function describe(type: MappingType): string {
  return type.kind === 'list' ? `list<${describe(type.element)}>` : type.kind;
}
