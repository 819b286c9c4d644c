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
import { childrenOf, type BinaryExpr, type CallExpr, type Expr, type FieldRef, type PathSegment } from './ast.ts';
import type { CheckResult } from './checker.ts';
import {
  addValues,
  compareForOperator,
  divideValues,
  multiplyValues,
  negateValue,
  subtractValues,
} from './functions/arithmetic.ts';
import { findFunction } from './functions/index.ts';
import { RowHold, type EvalContext, type FunctionSpec, type LookupTable } from './functions/spec.ts';
import type { LookupResolution } from './lookup-form.ts';

export type SourceRow = Readonly<Record<string, Value>>;

/** What a compiled expression reads besides the row: the run's context and its lookup tables. */
export interface ExpressionEnv {
  readonly ctx: EvalContext;
  /** Tables in the order of `CompiledExpression.tables`. */
  readonly tables: readonly LookupTable[];
}

export type RowFunction = (row: SourceRow, env: ExpressionEnv) => Value;

export interface CompiledExpression {
  readonly evaluate: RowFunction;
  /** Lookup tables the expression uses; `env.tables` must hold them in this order. */
  readonly tables: readonly string[];
}

export function compileExpression(ast: Expr, checked: CheckResult): CompiledExpression {
  const compiler = new ClosureCompiler(checked);
  const node = compiler.compile(ast);
  return { evaluate: node.evaluate, tables: compiler.tables };
}

/** A compiled node; `constant` is set when the value is known without a row. */
interface Compiled {
  readonly evaluate: RowFunction;
  readonly constant?: { readonly value: Value };
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

class ClosureCompiler {
  readonly tables: string[] = [];

  constructor(private readonly checked: CheckResult) {}

  /** Nodes whose value is known without a row. */
  private readonly constants = new Set<Expr>();

  compile(node: Expr): Compiled {
    const compiled = this.foldIfConstant(node, this.compileNode(node));
    if (compiled.constant !== undefined) this.constants.add(node);
    return compiled;
  }

  private foldIfConstant(node: Expr, compiled: Compiled): Compiled {
    if (compiled.constant !== undefined || !this.foldable(node)) return compiled;
    if (!childrenOf(node).every((child) => this.constants.has(child))) return compiled;
    try {
      return constant(compiled.evaluate(EMPTY_ROW, FOLDING_ENV));
    } catch {
      // It fails or needs the run's context: leave it to run per row, where a failure holds the row.
      return compiled;
    }
  }

  private compileNode(node: Expr): Compiled {
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
      case 'field':
        return { evaluate: fieldReader(node) };
      case 'unary': {
        const operand = this.compile(node.operand).evaluate;
        return {
          evaluate: (row, env) => {
            const value = operand(row, env);
            return value === null ? null : negateValue(value);
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
      case 'error':
        return false;
    }
  }

  private binary(node: BinaryExpr): RowFunction {
    const leftNode = this.compile(node.left);
    const rightNode = this.compile(node.right);
    const left = leftNode.evaluate;
    const right = rightNode.evaluate;
    switch (node.operator) {
      case '&':
        // Spreadsheet rule: an empty (NULL) side joins as empty text.
        return (row, env) => formatValue(left(row, env)) + formatValue(right(row, env));
      case '+':
        return nullSafe(left, right, addValues);
      case '-':
        return nullSafe(left, right, subtractValues);
      case '*':
        return nullSafe(left, right, multiplyValues);
      case '/':
        return nullSafe(left, right, divideValues);
      case '=':
        return comparison(left, right, (order) => order === 0);
      case '<>':
        return comparison(left, right, (order) => order !== 0);
      case '<':
        return comparison(left, right, (order) => order < 0);
      case '<=':
        return comparison(left, right, (order) => order <= 0);
      case '>':
        return comparison(left, right, (order) => order > 0);
      case '>=':
        return comparison(left, right, (order) => order >= 0);
    }
  }

  private call(node: CallExpr): RowFunction {
    const lookup = this.checked.lookups.get(node);
    if (lookup !== undefined) return this.lookup(lookup);
    const spec = findFunction(node.name);
    if (spec === undefined) throw new Error(`There is no function ${node.name}.`);
    const args = node.args.map((arg) => this.compile(arg));
    switch (spec.strategy) {
      case 'strict':
        return strictCall(spec, args.map((a) => a.evaluate));
      case 'lazy':
        return lazyCall(spec, args.map((a) => a.evaluate));
    }
  }

  private lookup(resolution: LookupResolution): RowFunction {
    let slot = this.tables.indexOf(resolution.table);
    if (slot < 0) slot = this.tables.push(resolution.table) - 1;
    const tableName = resolution.table;
    const key = this.compile(resolution.key).evaluate;
    const third = resolution.third === undefined ? undefined : this.compile(resolution.third).evaluate;
    const miss = (keyValue: Value, asOf?: Value): RowHold => {
      const when = asOf === undefined ? '' : ` effective on ${formatValue(asOf)}`;
      return new RowHold(`Lookup table "${tableName}" has no entry for the key ${quoteKey(keyValue)}${when}.`, 'LOOKUP_MISS');
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

function quoteKey(key: Value): string {
  return typeof key === 'string' ? quoteInput(key) : quoteInput(formatValue(key)).slice(1, -1);
}

function constant(value: Value): Compiled {
  return { evaluate: () => value, constant: { value } };
}

/**
 * Arithmetic: NULL on either side gives NULL (as in SQL). Both sides are always evaluated, so
 * whether a row is held never depends on which side happened to be NULL.
 */
function nullSafe(left: RowFunction, right: RowFunction, operate: (a: Value, b: Value) => Value): RowFunction {
  return (row, env) => {
    const a = left(row, env);
    const b = right(row, env);
    return a === null || b === null ? null : operate(a, b);
  };
}

/** Comparisons: NULL on either side gives NULL (unknown), so IF takes its else branch. */
function comparison(left: RowFunction, right: RowFunction, test: (order: -1 | 0 | 1) => boolean): RowFunction {
  return (row, env) => {
    const a = left(row, env);
    const b = right(row, env);
    if (a === null || b === null) return null;
    const order = compareForOperator(a, b);
    return order === null ? null : test(order);
  };
}

/** A field path; a missing field, a NULL on the way or a position past the end gives NULL. */
function fieldReader(node: FieldRef): RowFunction {
  const path = node.path;
  const first = path[0];
  if (first === undefined || first.kind !== 'name') throw new Error('A field path starts with a name.');
  const name = first.name;
  if (path.length === 1) {
    return (row) => {
      const value = row[name];
      return value === undefined ? null : value;
    };
  }
  const rest: readonly PathSegment[] = path.slice(1);
  return (row) => {
    let value: Value | undefined = row[name];
    for (let i = 0; i < rest.length; i++) {
      if (value === undefined || value === null || typeof value !== 'object') return null;
      const segment = rest[i] as PathSegment;
      value = segment.kind === 'index' ? (Array.isArray(value) ? (value as readonly Value[])[segment.index] : undefined) : stepInto(value, segment.name);
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

/**
 * Strict call: evaluate every argument, give NULL for a NULL argument when the function propagates
 * nulls, then call. The argument array is made once per call site and refilled per row: library
 * functions read their arguments and never keep the array.
 */
function strictCall(spec: FunctionSpec, args: readonly RowFunction[]): RowFunction {
  const implementation = spec.evaluate;
  if (implementation === undefined) throw new Error(`${spec.name} is strict but has no evaluate.`);
  const values: Value[] = args.map(() => null);
  const count = args.length;
  const propagatesNull = spec.nullPropagating;
  return (row, env) => {
    // Every argument runs even after a NULL, so a hold never depends on argument order.
    let sawNull = false;
    for (let i = 0; i < count; i++) {
      const value = (args[i] as RowFunction)(row, env);
      if (value === null) sawNull = true;
      values[i] = value;
    }
    return sawNull && propagatesNull ? null : implementation(values, env.ctx);
  };
}

/**
 * Lazy call (IF, AND, COALESCE...): arguments are thunks evaluated on demand. The thunks are made
 * once per call site and read the current row from it, since a call site is never re-entered while
 * it runs (expressions do not recurse).
 */
function lazyCall(spec: FunctionSpec, args: readonly RowFunction[]): RowFunction {
  const implementation = spec.evaluateLazy;
  if (implementation === undefined) throw new Error(`${spec.name} is lazy but has no evaluateLazy.`);
  let currentRow: SourceRow = EMPTY_ROW;
  let currentEnv: ExpressionEnv = FOLDING_ENV;
  const thunks = args.map((arg) => () => arg(currentRow, currentEnv));
  return (row, env) => {
    currentRow = row;
    currentEnv = env;
    return implementation(thunks, env.ctx);
  };
}
