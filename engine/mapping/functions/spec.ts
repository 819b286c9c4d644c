/**
 * The contract between the standard library (engine/mapping/functions) and the checker/compiler.
 * A function is data: its name, a signature and help text for completions and hover, a type rule
 * used before any row runs, and an implementation over runtime values.
 */
import type { DiagnosticCode } from '../diagnostics.ts';
import type { Value } from '../../model/values/index.ts';
import type { MappingType } from '../types.ts';

/** What a running expression may ask of its surroundings. */
export interface EvalContext {
  /** The run date: TODAY() returns this, never the wall clock, so a rerun gives the same rows. */
  readonly runDate: import('../../model/values/index.ts').PlainDate;
  /** Lookup tables by name (used by LOOKUP; resolved by the compiler). */
  readonly lookups: ReadonlyMap<string, LookupTable>;
  /** First month of the fiscal year (1-12) for FISCALPERIOD; 1 when the pipeline does not say. */
  readonly fiscalYearStartMonth: number;
}

export interface LookupTable {
  readonly name: string;
  /** Value for a key, or undefined on a miss. With `asOf`, the row effective on that date. */
  get(key: Value, asOf?: Value): Value | undefined;
  /** The type of the values the table returns (for the checker). */
  readonly valueType: MappingType;
  /** The type of the keys the table is indexed by. */
  readonly keyType: MappingType;
  /** Rows carry effective-from dates: LOOKUP(table, key, date) answers with the row in force on that date. */
  readonly effectiveDated?: boolean;
}

/**
 * Thrown by an implementation when the *row* cannot be produced and must be held for review
 * (a LOOKUP miss, a value out of range, a date that does not exist). The runner puts the row in
 * the hold queue with `reason`; it never becomes a silent null.
 */
export class RowHold extends Error {
  constructor(
    readonly reason: string,
    readonly code: string,
  ) {
    super(reason);
    this.name = 'RowHold';
  }
}

export interface ParamSpec {
  readonly name: string;
  /** Plain-words description of the parameter for signature help. */
  readonly description: string;
  readonly optional?: boolean;
  /** The last parameter may repeat (MIN, MAX, COALESCE, AND, OR, IFS pairs...). */
  readonly variadic?: boolean;
  /**
   * What an argument left empty between commas stands for (`IF(c, x, )`, `SUBSTITUTE(t, "-", )`): a
   * spreadsheet reads it as 0, "" or FALSE by the parameter's kind. Undefined: it cannot be left empty
   * (the checker says so), since no value would be what a spreadsheet gives.
   */
  readonly whenOmitted?: Value;
}

export type TypeRuleResult = { readonly type: MappingType } | { readonly error: string; readonly argIndex?: number };

/**
 * A problem in an argument written as a literal, found before any row runs: a date pattern with a
 * part FORMAT_DATE does not know, a two-digit year given to DATE.
 */
export interface LiteralProblem {
  readonly message: string;
  readonly argIndex: number;
  /** The characters at fault inside a text argument (offsets into its value); the whole argument when absent. */
  readonly within?: { readonly start: number; readonly end: number };
  /** An error stops the mapping; a warning is shown and the mapping runs. */
  readonly severity: 'error' | 'warning';
  /** The diagnostic's code; `type.argument` when absent. */
  readonly code?: DiagnosticCode;
  /** For a warning: what to write in place of the argument, and the fix's label. */
  readonly replacement?: { readonly text: string; readonly title: string };
}

/** A call site's own evaluate, of its one varying (first) argument: see FunctionSpec.specialize. */
export type SpecializedCall = (value: Value, ctx: EvalContext) => Value;

export interface FunctionSpec {
  /** Upper-case name as written in formulas, e.g. 'LEFT'. Names are matched case-insensitively. */
  readonly name: string;
  /** Display signature for completions, e.g. 'LEFT(text, [count])'. */
  readonly signature: string;
  /** One or two sentences in words an analyst understands. */
  readonly description: string;
  /** Example for docs and hover, e.g. 'LEFT("40100", 1) = "4"'. */
  readonly example: string;
  readonly params: readonly ParamSpec[];
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  /** Given the static argument types, the result type or a plain-words error. */
  returnType(args: readonly MappingType[]): TypeRuleResult;
  /**
   * Optional: checks the arguments written as literals (`literals[i]` is undefined for one that is
   * not), with the argument types, once the types fit. The same problems in a value computed per row
   * hold that row when it runs.
   */
  checkLiterals?(argTypes: readonly MappingType[], literals: readonly (Value | undefined)[]): readonly LiteralProblem[];
  /**
   * Evaluation strategy:
   *  - 'strict'  : all args are evaluated first; if `nullPropagating` and any is null, the result is null
   *                without calling `evaluate`.
   *  - 'lazy'    : args are thunks, evaluated on demand (IF, IFS, SWITCH, AND, OR, COALESCE) so the
   *                branch not taken cannot hold the row.
   */
  readonly strategy: 'strict' | 'lazy';
  readonly nullPropagating: boolean;
  /** For 'strict' functions. */
  evaluate?(args: readonly Value[], ctx: EvalContext): Value;
  /**
   * Optional, for 'strict' functions: a faster `evaluate` for a call site where only the first
   * argument varies per row, given the argument types the checker proved and the values of the
   * other, constant, arguments (`constants[0]` is undefined), e.g. LEFT(ACTNUMST, 4) with a text
   * first argument and a count of 4. It lets the library check constant arguments once instead of
   * on every row. It takes the first argument's value, never NULL when the function propagates
   * NULLs, rather than an argument array: storing each row's value (a new Decimal, say) into an
   * array that lives as long as the call site costs the engine a write barrier per row.
   * Undefined keeps `evaluate`. The result must give the same value or hold as `evaluate` for
   * every value it can be called with; a value of another kind than proven (an untyped source)
   * must still go to `evaluate`.
   */
  specialize?(argTypes: readonly MappingType[], constants: readonly (Value | undefined)[]): SpecializedCall | undefined;
  /** For 'lazy' functions. */
  evaluateLazy?(args: readonly (() => Value)[], ctx: EvalContext): Value;
  /** True when the result depends on nothing but the arguments (enables constant folding). TODAY is not pure per se but fixed per run. */
  readonly pure: boolean;
}
