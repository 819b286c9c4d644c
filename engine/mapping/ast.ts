/**
 * The syntax tree of a mapping expression. It says what the analyst wrote and nothing about how it
 * runs: the JS closure compiler and the SQL back ends both read this same tree.
 *
 * Every node carries the character offsets it came from (`range`), so errors and hovers point at
 * the exact text.
 */

/** Half-open character offsets into the expression text: [start, end). */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** One step of a field path: a name (`vendor`, `[Street Name]`) or an array position (`[0]`). */
export type PathSegment =
  | { readonly kind: 'name'; readonly name: string; readonly range: TextRange }
  | { readonly kind: 'index'; readonly index: number; readonly range: TextRange };

/** `ACTNUMST`, `vendor.address[0].city`, `[Account Number]`. */
export interface FieldRef {
  readonly kind: 'field';
  /** Never empty; the first segment is always a name. */
  readonly path: readonly PathSegment[];
  readonly range: TextRange;
}

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly range: TextRange;
}

/**
 * A number exactly as written (`42`, `0.05`). It is kept as text so a decimal never passes through
 * binary floating point; with a '.' it is a decimal, without one an integer.
 */
export interface NumberLiteral {
  readonly kind: 'number';
  readonly text: string;
  readonly range: TextRange;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly range: TextRange;
}

export interface NullLiteral {
  readonly kind: 'null';
  readonly range: TextRange;
}

export type UnaryOperator = '-';

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: Expr;
  readonly range: TextRange;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | '&';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  /** Where the operator itself is written (for hover and errors about the operator). */
  readonly operatorRange: TextRange;
  readonly range: TextRange;
}

/** `ROUND(x, 2)`. Boolean logic is spreadsheet style: AND(...), OR(...), NOT(...) are calls. */
export interface CallExpr {
  readonly kind: 'call';
  /** Upper case: function names are matched case-insensitively. */
  readonly name: string;
  readonly nameRange: TextRange;
  readonly args: readonly Expr[];
  readonly range: TextRange;
}

/**
 * An argument left empty between commas, `IF(c, x, )`: the function says what it stands for (a
 * spreadsheet reads it as 0, "" or FALSE by the parameter; ParamSpec.whenOmitted). Its range is
 * empty, where the argument would be.
 */
export interface OmittedArg {
  readonly kind: 'omitted';
  readonly range: TextRange;
}

/** Stands in for text the parser could not read, so the rest of the expression can still be checked. */
export interface ErrorExpr {
  readonly kind: 'error';
  readonly range: TextRange;
}

export type Expr =
  | FieldRef
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | OmittedArg
  | ErrorExpr;

/** The direct children of a node, in source order. */
export function childrenOf(node: Expr): readonly Expr[] {
  switch (node.kind) {
    case 'field':
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'omitted':
    case 'error':
      return [];
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
  }
}

/** Visits every node, parents before children. */
export function walk(node: Expr, visit: (node: Expr) => void): void {
  visit(node);
  for (const child of childrenOf(node)) walk(child, visit);
}

/**
 * The tree without its ranges: what an expression means, not where it was written. Two texts that
 * say the same thing (extra spaces, parentheses, lower-case function names) have equal shapes.
 */
export function shapeOf(node: Expr): unknown {
  switch (node.kind) {
    case 'field':
      return { kind: 'field', path: node.path.map((s) => (s.kind === 'name' ? { name: s.name } : { index: s.index })) };
    case 'string':
      return { kind: 'string', value: node.value };
    case 'number':
      return { kind: 'number', text: node.text };
    case 'boolean':
      return { kind: 'boolean', value: node.value };
    case 'null':
    case 'omitted':
    case 'error':
      return { kind: node.kind };
    case 'unary':
      return { kind: 'unary', operator: node.operator, operand: shapeOf(node.operand) };
    case 'binary':
      return { kind: 'binary', operator: node.operator, left: shapeOf(node.left), right: shapeOf(node.right) };
    case 'call':
      return { kind: 'call', name: node.name, args: node.args.map(shapeOf) };
  }
}
