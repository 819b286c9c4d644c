import type { Value } from '../../model/values/index.ts';
import type { EvalContext, FunctionSpec, LiteralProblem, ParamSpec, SpecializedCall, TypeRuleResult } from './spec.ts';
import type { MappingType } from '../types.ts';

export interface StrictDefinition {
  readonly name: string;
  readonly signature: string;
  readonly description: string;
  readonly example: string;
  readonly params: readonly ParamSpec[];
  returnType(args: readonly MappingType[]): TypeRuleResult;
  /** See FunctionSpec.checkLiterals. */
  checkLiterals?(argTypes: readonly MappingType[], literals: readonly (Value | undefined)[]): readonly LiteralProblem[];
  evaluate(args: readonly Value[], ctx: EvalContext): Value;
  /** See FunctionSpec.specialize. */
  specialize?(argTypes: readonly MappingType[], constants: readonly (Value | undefined)[]): SpecializedCall | undefined;
  /** Defaults to true: a NULL argument gives NULL without calling evaluate. */
  readonly nullPropagating?: boolean;
  /** Defaults to true. */
  readonly pure?: boolean;
}

/**
 * A strict function spec, with argument counts taken from its params (optional ones lower the
 * minimum, a variadic one lifts the maximum), so the counts cannot drift from the signature help.
 */
export function strictFunction(definition: StrictDefinition): FunctionSpec {
  const { params } = definition;
  return {
    ...definition,
    // A required variadic parameter counts once: MIN(value, ...) needs at least one value.
    minArgs: params.filter((param) => param.optional !== true).length,
    maxArgs: params.some((param) => param.variadic === true) ? Infinity : params.length,
    strategy: 'strict',
    nullPropagating: definition.nullPropagating ?? true,
    pure: definition.pure ?? true,
  };
}
