/**
 * Subexpressions written more than once in one expression are computed once per row:
 * `IF(LEFT(ACTNUMST, 1) = "4", ..., IF(LEFT(ACTNUMST, 1) = "5", ...))` takes the first character
 * once, as a hand-written transform would.
 *
 * An occurrence reuses the value of an identical one only when that one has certainly run earlier in
 * the same evaluation of the expression: it came before in evaluation order and was not inside a
 * branch that may be skipped (IF's then/else, the arguments of other lazy functions, LOOKUP's
 * default or date). The computing occurrence keeps its value in a cell; the later ones read it. So
 * the value read is always this row's, computed by the same closures in the same context, and a
 * hold is raised where it was before (the first occurrence) or not at all.
 *
 * Only what depends on nothing but the row and the run is shared: pure functions and operators over
 * fields and constants. Never LOOKUP (a table may answer differently per call), never a list or
 * record (two consumers would hold one mutable object), never `&` inside a chain (a chain is
 * compiled as a whole, see compiler.ts).
 */
import type { Value } from '../model/values/index.ts';
import { childrenOf, shapeOf, type Expr } from './ast.ts';
import type { CheckResult } from './checker.ts';
import { findFunction } from './functions/index.ts';

export interface ValueCell {
  value: Value;
}

export interface SharedValues {
  /** Occurrences that compute a value later occurrences reuse, with the cell to keep it in. */
  readonly computes: ReadonlyMap<Expr, ValueCell>;
  /** Occurrences that read the value an earlier identical occurrence kept. */
  readonly reuses: ReadonlyMap<Expr, ValueCell>;
}

export function sharedValues(root: Expr, checked: CheckResult): SharedValues {
  const finder = new SharedValueFinder(checked);
  finder.walk(root, new Map());
  const computes = new Map<Expr, ValueCell>();
  const reuses = new Map<Expr, ValueCell>();
  for (const [node, first] of finder.reuseOf) {
    let cell = computes.get(first);
    if (cell === undefined) {
      cell = { value: null };
      computes.set(first, cell);
    }
    reuses.set(node, cell);
  }
  return { computes, reuses };
}

/** Key of a shareable node -> the occurrence that computes it, for what has certainly run so far. */
type Available = ReadonlyMap<string, Expr>;

class SharedValueFinder {
  /** Each reusing occurrence -> the occurrence whose value it reads. */
  readonly reuseOf = new Map<Expr, Expr>();
  private readonly keys = new Map<Expr, string | undefined>();

  constructor(private readonly checked: CheckResult) {}

  /** Walks `node` in evaluation order; returns what has certainly run once it has run. */
  walk(node: Expr, available: Available): Available {
    const key = this.keyOf(node);
    const first = key === undefined ? undefined : available.get(key);
    if (first !== undefined) {
      this.reuseOf.set(node, first);
      return available;
    }
    let after = available;
    for (const [child, always] of this.childrenInOrder(node)) {
      if (always) after = this.walk(child, after);
      else this.walk(child, after);
    }
    if (key === undefined) return after;
    return new Map(after).set(key, node);
  }

  /** Children in the order they run, and whether each always runs when `node` does. */
  private childrenInOrder(node: Expr): [Expr, boolean][] {
    if (node.kind === 'call') {
      if (this.checked.lookups.has(node)) return node.args.slice(1).map((arg, i) => [arg, i === 0]);
      if (findFunction(node.name)?.strategy === 'lazy')
        return node.args.map((arg, i) => [arg, i === 0 && node.name === 'IF']);
    }
    return childrenOf(node).map((child) => [child, true]);
  }

  /** A key shared by identical shareable nodes; undefined for a node that is not shared. */
  private keyOf(node: Expr): string | undefined {
    if (this.keys.has(node)) return this.keys.get(node);
    const key = this.shareable(node)
      ? `${this.checked.types.get(node)?.kind ?? 'any'} ${JSON.stringify(shapeOf(node))}`
      : undefined;
    this.keys.set(node, key);
    return key;
  }

  private shareable(node: Expr): boolean {
    if (node.kind === 'binary' && node.operator === '&') return false;
    if (node.kind !== 'unary' && node.kind !== 'binary' && node.kind !== 'call') return false;
    const kind = this.checked.types.get(node)?.kind;
    if (kind === undefined || kind === 'list' || kind === 'record') return false;
    return this.pureOverRow(node) && this.readsField(node);
  }

  private pureOverRow(node: Expr): boolean {
    if (node.kind === 'call' && (this.checked.lookups.has(node) || findFunction(node.name)?.pure !== true))
      return false;
    return childrenOf(node).every((child) => this.pureOverRow(child));
  }

  /** Without a field the node is a constant, computed once when compiling. */
  private readsField(node: Expr): boolean {
    return node.kind === 'field' || childrenOf(node).some((child) => this.readsField(child));
  }
}
