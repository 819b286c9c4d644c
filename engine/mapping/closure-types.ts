/**
 * The shapes the JS back end compiles to: an expression becomes `(row, env) => Value`.
 */
import type { Value } from '../model/values/index.ts';
import type { EvalContext, LookupTable } from './functions/spec.ts';

export type SourceRow = Readonly<Record<string, Value>>;

/** What a compiled expression reads besides the row: the run's context and its lookup tables. */
export interface ExpressionEnv {
  readonly ctx: EvalContext;
  /** Tables in the order of `CompiledExpression.tables`. */
  readonly tables: readonly LookupTable[];
}

export type RowFunction = (row: SourceRow, env: ExpressionEnv) => Value;

/** A compiled node; `constant` is set when its value is known without a row. */
export interface CompiledNode {
  readonly evaluate: RowFunction;
  readonly constant?: { readonly value: Value };
}
