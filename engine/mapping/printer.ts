/**
 * Canonical text of an expression: function names in upper case, one space around binary
 * operators, `, ` between arguments, parentheses only where precedence needs them, odd field names
 * in [brackets]. Parsing the printed text gives the same tree back (ranges aside), which a property
 * test checks on random trees.
 */
import type { Expr, PathSegment } from './ast.ts';
import { isIdentifierText } from './lexer.ts';
import { BINARY_PRECEDENCE, isKeyword } from './parser.ts';

/** Negation binds tighter than every binary operator. */
const UNARY_PRECEDENCE = 5;
const ATOM_PRECEDENCE = 6;

export function print(node: Expr): string {
  switch (node.kind) {
    case 'field':
      return printPath(node.path);
    case 'string':
      return quoteText(node.value);
    case 'number':
      return node.text;
    case 'boolean':
      return node.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'omitted':
      return '';
    case 'unary':
      return node.operator + wrap(node.operand, precedenceOf(node.operand) < UNARY_PRECEDENCE);
    case 'binary': {
      const own = BINARY_PRECEDENCE[node.operator];
      const left = wrap(node.left, precedenceOf(node.left) < own);
      // Operators group from the left, so an equal-precedence right side needs parentheses.
      const right = wrap(node.right, precedenceOf(node.right) <= own);
      return `${left} ${node.operator} ${right}`;
    }
    case 'call':
      return `${node.name}(${node.args.map(print).join(', ')})`;
    case 'error':
      throw new Error('An expression with a syntax error cannot be printed; fix the error first.');
  }
}

/** `vendor.address[0].city`, `[Account Number]`, `vendor.[Street Name]`. */
export function printPath(path: readonly PathSegment[]): string {
  let text = '';
  path.forEach((segment, position) => {
    switch (segment.kind) {
      case 'name':
        if (position > 0) text += '.';
        text += quoteNameIfNeeded(segment.name);
        break;
      case 'index':
        text += `[${segment.index}]`;
        break;
    }
  });
  return text;
}

export function quoteNameIfNeeded(name: string): string {
  return isIdentifierText(name) && !isKeyword(name) ? name : `[${name.replaceAll(']', ']]')}]`;
}

export function quoteText(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

function precedenceOf(node: Expr): number {
  switch (node.kind) {
    case 'binary':
      return BINARY_PRECEDENCE[node.operator];
    case 'unary':
      return UNARY_PRECEDENCE;
    case 'field':
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'call':
    case 'omitted':
    case 'error':
      return ATOM_PRECEDENCE;
  }
}

function wrap(node: Expr, needsParentheses: boolean): string {
  const text = print(node);
  return needsParentheses ? `(${text})` : text;
}
