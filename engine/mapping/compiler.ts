/**
 * The JS back end: turns a checked AST into a tree of closures `(row, env) => Value`. No source
 * text is ever turned into code (no eval, no new Function): each node becomes a small closure that
 * calls its children's closures. Parts that depend on no field are computed once here (constant
 * folding), so `ROUND(x, 2)` does not rebuild the 2 for every row.
 *
 * Closures hold no lookup tables: a compiled expression is cached and reused across runs, and the
 * tables come in through `env` when rows are evaluated.
 */
import { Decimal, formatValue, quoteInput, type Value } from '../model/values/index.ts';
import {
  childrenOf,
  type ArithmeticOperator,
  type BinaryExpr,
  type CallExpr,
  type Expr,
  type FieldRef,
  type PathSegment,
  type UnaryExpr,
} from './ast.ts';
import { ifCall, lazyCall, strictCall } from './call-closures.ts';
import type { CheckResult } from './checker.ts';
import type { CompiledNode, ExpressionEnv, RowFunction, SourceRow } from './closure-types.ts';
import { cutForRounding, exactArithmetic, exactNegate, type ExactFunction } from './exact-quotients.ts';
import { blankZero, negateValue } from './functions/arithmetic.ts';
import { findFunction } from './functions/index.ts';
import { ifWithoutElseGivesFalse } from './functions/logic.ts';
import { omittedValue } from './functions/omitted.ts';
import { RowHold, type EvalContext, type FunctionSpec, type LookupTable } from './functions/spec.ts';
import type { LookupResolution } from './lookup-form.ts';
import { fieldReader as topLevelField } from './field-readers.ts';
import { arithmetic, comparison, concatenation } from './operator-closures.ts';
import { sharedValues, type SharedValues } from './shared-values.ts';
import { typedArithmetic, typedComparison } from './typed-operators.ts';
import type { MappingType } from './types.ts';

export type { ExpressionEnv, RowFunction, SourceRow } from './closure-types.ts';

export interface CompiledExpression {
  readonly evaluate: RowFunction;
  /** Lookup tables the expression uses; `env.tables` must hold them in this order. */
  readonly tables: readonly string[];
}

/** `shareValues: false` computes every occurrence of a repeated subexpression (tests compare the two). */
export function compileExpression(ast: Expr, checked: CheckResult, shareValues = true): CompiledExpression {
  const shared = shareValues ? sharedValues(ast, checked) : { computes: new Map(), reuses: new Map() };
  const compiler = new ClosureCompiler(checked, shared);
  const node = compiler.compile(ast);
  return { evaluate: node.evaluate, tables: compiler.tables };
}

class NotFoldable extends Error {}

/** A context that refuses to be read, so folding never bakes in a run's date or fiscal year. */
const FOLDING_CONTEXT: EvalContext = {
  get runDate(): never {
    throw new NotFoldable();
  },
  get lookups(): never {
    throw new NotFoldable();
  },
  get fiscalYearStartMonth(): never {
    throw new NotFoldable();
  },
};
const FOLDING_ENV: ExpressionEnv = { ctx: FOLDING_CONTEXT, tables: [] };
const EMPTY_ROW: SourceRow = {};
const ANY: MappingType = { kind: 'any' };

class ClosureCompiler {
  readonly tables: string[] = [];

  constructor(
    private readonly checked: CheckResult,
    private readonly shared: SharedValues,
  ) {}

  /** Nodes whose value is known without a row. */
  private readonly constants = new Set<Expr>();

  compile(node: Expr): CompiledNode {
    const reused = this.shared.reuses.get(node);
    if (reused !== undefined) return { evaluate: () => reused.value };
    const compiled = this.foldIfConstant(node, this.compileNode(node));
    if (compiled.constant !== undefined) this.constants.add(node);
    const kept = this.shared.computes.get(node);
    if (kept === undefined || compiled.constant !== undefined) return compiled;
    const run = compiled.evaluate;
    return { evaluate: (row, env) => (kept.value = run(row, env)) };
  }

  private foldIfConstant(node: Expr, compiled: CompiledNode): CompiledNode {
    if (compiled.constant !== undefined || !this.foldable(node)) return compiled;
    if (!this.operandsOf(node).every((operand) => this.constants.has(operand))) return compiled;
    try {
      return constant(compiled.evaluate(EMPTY_ROW, FOLDING_ENV));
    } catch {
      // It fails or needs the run's context: leave it to run per row, where a failure holds the row.
      return compiled;
    }
  }

  private compileNode(node: Expr): CompiledNode {
    switch (node.kind) {
      case 'string':
        return constant(node.value);
      case 'number':
        return constant(node.text.includes('.') ? Decimal.parse(node.text) : Number(node.text));
      case 'boolean':
        return constant(node.value);
      case 'null':
        return constant(null);
      case 'error':
        throw new Error('An expression with errors cannot be compiled.');
      case 'omitted':
        throw new Error('An argument left empty is compiled by its call.');
      case 'field':
        return { evaluate: fieldReader(node) };
      case 'unary': {
        const operand = this.compile(node.operand).evaluate;
        // An empty number is 0, as an empty cell is (functions/arithmetic.ts).
        const zero = blankZero(this.typeOf(node.operand));
        return {
          evaluate: (row, env) => {
            const value = operand(row, env);
            return value === null ? zero : negateValue(value);
          },
        };
      }
      case 'binary':
        return { evaluate: this.binary(node) };
      case 'call':
        return { evaluate: this.widenIfDecimal(node, this.call(node)) };
    }
  }

  /**
   * A lazy function (IF, COALESCE...) or a LOOKUP default checked as decimal may still pick an
   * integer branch at run time; widen it so the value has the type the checker promised.
   */
  private widenIfDecimal(node: CallExpr, evaluate: RowFunction): RowFunction {
    if (this.checked.types.get(node)?.kind !== 'decimal') return evaluate;
    const lazy = this.checked.lookups.has(node) || findFunction(node.name)?.strategy === 'lazy';
    if (!lazy) return evaluate;
    return (row, env) => {
      const value = evaluate(row, env);
      return typeof value === 'number' ? Decimal.fromInteger(value) : value;
    };
  }

  /** Folding needs every child constant; LOOKUP and impure functions never fold. */
  private foldable(node: Expr): boolean {
    switch (node.kind) {
      case 'unary':
      case 'binary':
        return true;
      case 'call': {
        if (this.checked.lookups.has(node)) return false;
        return findFunction(node.name)?.pure === true;
      }
      case 'field':
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
      case 'omitted':
      case 'error':
        return false;
    }
  }

  private binary(node: BinaryExpr): RowFunction {
    switch (node.operator) {
      case '&':
        return concatenation(this.concatParts(node).map((part) => this.compile(part)));
      case '+':
      case '-':
      case '*':
      case '/': {
        const left = this.compile(node.left).evaluate;
        const right = this.compile(node.right).evaluate;
        const leftType = this.typeOf(node.left);
        const rightType = this.typeOf(node.right);
        return (
          typedArithmetic(node.operator, left, right, leftType, rightType) ??
          arithmetic(node.operator, left, right, blankZero(leftType), blankZero(rightType))
        );
      }
      case '=':
      case '<>':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const left = this.compile(node.left);
        const right = this.compile(node.right);
        return (
          typedComparison(node.operator, left, right, this.typeOf(node.left), this.typeOf(node.right)) ??
          comparison(node.operator, left.evaluate, right.evaluate)
        );
      }
    }
  }

  private typeOf(node: Expr): MappingType {
    return this.checked.types.get(node) ?? ANY;
  }

  /** What a node was compiled from: its children, or all parts of a chain of &. */
  private operandsOf(node: Expr): readonly Expr[] {
    return node.kind === 'binary' && node.operator === '&' ? this.concatParts(node) : childrenOf(node);
  }

  /** The parts of a chain `a & b & c`: joining text is associative, so nesting does not matter. */
  private concatParts(node: Expr): Expr[] {
    if (node.kind === 'binary' && node.operator === '&')
      return [...this.concatParts(node.left), ...this.concatParts(node.right)];
    return [node];
  }

  private call(node: CallExpr): RowFunction {
    const lookup = this.checked.lookups.get(node);
    if (lookup !== undefined) return this.lookup(lookup);
    const spec = findFunction(node.name);
    if (spec === undefined) throw new Error(`There is no function ${node.name}.`);
    const args = node.args.map(
      (arg, i) =>
        (i === 0 && spec.name === 'ROUND' ? this.exactRoundOperand(node) : undefined) ??
        (arg.kind === 'omitted' ? this.omitted(spec, i, arg) : this.compile(arg)),
    );
    // IF without an else: FALSE for a true/false result, as in a spreadsheet; else empty (the checker warns).
    const then = node.args[1];
    if (spec.name === 'IF' && args.length === 2 && then !== undefined)
      args.push(constant(ifWithoutElseGivesFalse(this.typeOf(then)) ? false : null));
    switch (spec.strategy) {
      case 'strict':
        return strictCall(
          spec,
          args,
          node.args.map((arg) => this.checked.types.get(arg) ?? ANY),
        );
      case 'lazy':
        return (spec.name === 'IF' ? ifCall(spec, args, FOLDING_ENV) : undefined) ?? lazyCall(spec, args, FOLDING_ENV);
    }
  }

  /** What an argument left empty stands for (the checker refused the call if nothing). */
  private omitted(spec: FunctionSpec, index: number, arg: Expr): CompiledNode {
    const omitted = omittedValue(spec, index);
    if (omitted === undefined) throw new Error(`${spec.name}'s argument ${index + 1} cannot be left empty.`);
    this.constants.add(arg);
    return constant(omitted.value);
  }

  /**
   * ROUND's first argument when it is + - * / with a division and ROUND's places are written out:
   * computed as a fraction and cut one place past them, so the quotient is rounded once, by ROUND
   * (exact-quotients.ts). Undefined compiles it as any other argument.
   */
  private exactRoundOperand(node: CallExpr): CompiledNode | undefined {
    const [operand, placesArg] = node.args;
    const places = placesArg === undefined ? 0 : writtenInteger(placesArg);
    // Beyond ROUND's own range ROUND holds the row, with its words.
    if (operand === undefined || places === undefined || Math.abs(places) > 100 || !this.hasExactDivision(operand))
      return undefined;
    const leaves: Expr[] = [];
    const exact = this.exact(operand, leaves);
    const evaluate: RowFunction = (row, env) => cutForRounding(exact(row, env), places);
    if (!leaves.every((leaf) => this.constants.has(leaf))) return { evaluate };
    try {
      const folded = constant(evaluate(EMPTY_ROW, FOLDING_ENV));
      this.constants.add(operand);
      return folded;
    } catch {
      // A division by zero in constants: it holds each row, as written.
      return { evaluate };
    }
  }

  /** Whether `node` is + - * / or a negation, computed here rather than shared with another occurrence. */
  private exactStep(node: Expr): node is BinaryExpr | UnaryExpr {
    if (this.shared.computes.has(node) || this.shared.reuses.has(node)) return false;
    return node.kind === 'unary' || (node.kind === 'binary' && ARITHMETIC.has(node.operator));
  }

  private hasExactDivision(node: Expr): boolean {
    if (!this.exactStep(node)) return false;
    if (node.kind === 'unary') return this.hasExactDivision(node.operand);
    return node.operator === '/' || this.hasExactDivision(node.left) || this.hasExactDivision(node.right);
  }

  /** The chain's closures over fractions; its other parts compiled as usual, and listed in `leaves`. */
  private exact(node: Expr, leaves: Expr[]): ExactFunction {
    if (!this.exactStep(node)) {
      leaves.push(node);
      return this.compile(node).evaluate;
    }
    if (node.kind === 'unary') {
      const operand = this.exact(node.operand, leaves);
      const zero = blankZero(this.typeOf(node.operand));
      return (row, env) => exactNegate(operand(row, env) ?? zero);
    }
    return exactArithmetic(
      node.operator as ArithmeticOperator,
      this.exact(node.left, leaves),
      this.exact(node.right, leaves),
      blankZero(this.typeOf(node.left)),
      blankZero(this.typeOf(node.right)),
    );
  }

  private lookup(resolution: LookupResolution): RowFunction {
    let slot = this.tables.indexOf(resolution.table);
    if (slot < 0) slot = this.tables.push(resolution.table) - 1;
    const tableName = resolution.table;
    const key = this.compile(resolution.key).evaluate;
    const third = resolution.third === undefined ? undefined : this.compile(resolution.third).evaluate;
    const miss = (keyValue: Value, asOf?: Value): RowHold => {
      const when = asOf === undefined ? '' : ` effective on ${formatValue(asOf)}`;
      return new RowHold(
        `Lookup table "${tableName}" has no entry for the key ${quoteKey(keyValue)}${when}.`,
        'LOOKUP_MISS',
      );
    };
    switch (resolution.mode) {
      case 'hold-on-miss':
        return (row, env) => {
          const keyValue = key(row, env);
          if (keyValue === null) return null;
          const found = (env.tables[slot] as LookupTable).get(keyValue);
          if (found === undefined) throw miss(keyValue);
          return found;
        };
      case 'default': {
        const fallback = third as RowFunction;
        return (row, env) => {
          const keyValue = key(row, env);
          if (keyValue === null) return null;
          const found = (env.tables[slot] as LookupTable).get(keyValue);
          return found === undefined ? fallback(row, env) : found;
        };
      }
      case 'as-of': {
        const asOfDate = third as RowFunction;
        return (row, env) => {
          const keyValue = key(row, env);
          if (keyValue === null) return null;
          const asOf = asOfDate(row, env);
          if (asOf === null) return null;
          const found = (env.tables[slot] as LookupTable).get(keyValue, asOf);
          if (found === undefined) throw miss(keyValue, asOf);
          return found;
        };
      }
    }
  }
}

/** A key in a message: text in quotes (cut if long), other values as written. */
function quoteKey(key: Value): string {
  return typeof key === 'string' ? quoteInput(key) : formatValue(key);
}

const ARITHMETIC = new Set<string>(['+', '-', '*', '/']);

/** A whole number written in the expression (`2`, `-1`), or undefined. */
function writtenInteger(node: Expr): number | undefined {
  if (node.kind === 'unary') {
    const operand = writtenInteger(node.operand);
    return operand === undefined ? undefined : -operand;
  }
  return node.kind === 'number' && !node.text.includes('.') && Number.isSafeInteger(Number(node.text))
    ? Number(node.text)
    : undefined;
}

function constant(value: Value): CompiledNode {
  return { evaluate: () => value, constant: { value } };
}

/** A field path; a missing field, a NULL on the way or a position past the end gives NULL. */
function fieldReader(node: FieldRef): RowFunction {
  const path = node.path;
  const first = path[0];
  if (first === undefined || first.kind !== 'name') throw new Error('A field path starts with a name.');
  const name = first.name;
  if (path.length === 1) return topLevelField(name);
  const readFirst = topLevelField(name);
  const rest: readonly PathSegment[] = path.slice(1);
  return (row, env) => {
    let value: Value | undefined = readFirst(row, env);
    for (let i = 0; i < rest.length; i++) {
      if (value === undefined || value === null || typeof value !== 'object') return null;
      const segment = rest[i] as PathSegment;
      value =
        segment.kind === 'index'
          ? Array.isArray(value)
            ? (value as readonly Value[])[segment.index]
            : undefined
          : stepInto(value, segment.name);
    }
    return value === undefined ? null : value;
  };
}

function stepInto(value: Value, name: string): Value | undefined {
  if (Array.isArray(value) || !isPlainRecord(value)) return undefined;
  return Object.hasOwn(value as object, name) ? (value as Readonly<Record<string, Value>>)[name] : undefined;
}

function isPlainRecord(value: Value): boolean {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
