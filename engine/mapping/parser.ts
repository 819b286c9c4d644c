/**
 * Reads expression text into an AST by precedence climbing. The parser never stops at the first
 * mistake: it reports it, skips to the next `,` or `)` at the same depth and carries on, so an
 * analyst sees every problem at once. Unreadable parts become `error` nodes.
 *
 * Precedence, lowest first (spreadsheet order):
 *   = <> < <= > >=   comparison
 *   &                text concatenation
 *   + -              addition, subtraction
 *   * /              multiplication, division
 *   -                negation (prefix)
 * All binary operators group from the left: `a - b - c` is `(a - b) - c`.
 */
import { childrenOf, type BinaryOperator, type Expr, type PathSegment, type TextRange } from './ast.ts';
import { problem, type Problem } from './diagnostics.ts';
import { lex, type Token } from './lexer.ts';

export interface ParseResult {
  readonly ast: Expr;
  /** Syntax problems, in the order found. Empty when the text parsed cleanly. */
  readonly problems: readonly Problem[];
}

/** How tightly each binary operator binds; higher binds tighter. */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  '=': 1,
  '<>': 1,
  '<': 1,
  '<=': 1,
  '>': 1,
  '>=': 1,
  '&': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
};

/** Deeper nesting than any real formula; guards the recursive parser against hostile input. */
const MAX_DEPTH = 200;
const KEYWORDS = new Set(['TRUE', 'FALSE', 'NULL']);

export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word.toUpperCase());
}

/**
 * The deepest tree any later step will walk. Long chains like `a + b + c + ...` nest one level per
 * operator, so a hostile expression could otherwise overflow the stack of the checker or compiler.
 */
const MAX_TREE_DEPTH = 1000;

export function parse(text: string): ParseResult {
  const { tokens, problems: lexProblems } = lex(text);
  const parser = new Parser(tokens, [...lexProblems]);
  const ast = parser.parseDocument();
  if (treeDepth(ast) <= MAX_TREE_DEPTH) return { ast, problems: parser.problems };
  const range = { start: 0, end: text.length };
  const tooDeep = problem(
    'syntax.too-deep',
    `This expression nests more than ${MAX_TREE_DEPTH} levels deep; split it up.`,
    range,
  );
  return { ast: { kind: 'error', range }, problems: [...parser.problems, tooDeep] };
}

/** Depth of the tree, without recursion (the tree may be deeper than the stack allows). */
function treeDepth(root: Expr): number {
  let deepest = 0;
  const pending: [Expr, number][] = [[root, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > deepest) deepest = depth;
    for (const child of childrenOf(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

class Parser {
  private index = 0;
  private depth = 0;
  private tooDeepReported = false;

  constructor(
    private readonly tokens: readonly Token[],
    readonly problems: Problem[],
  ) {}

  parseDocument(): Expr {
    const first = this.peek();
    if (first.kind === 'eof') {
      this.report('syntax.empty', 'The expression is empty.', first.range);
      return { kind: 'error', range: first.range };
    }
    // Spreadsheet users often start a formula with '='; accept it and ignore it.
    if (first.kind === 'operator' && first.operator === '=') this.index++;
    const ast = this.parseExpression(0);
    // Anything left over is a mistake; report it and keep reading so later mistakes show too.
    const extra = this.peek();
    if (extra.kind !== 'eof') {
      if (extra.kind !== 'invalid') this.report('syntax.unexpected', leftoverMessage(extra), extra.range);
      // Keep reading values after the mistake so later mistakes show too; skip the rest silently.
      while (this.peek().kind !== 'eof') {
        if (startsValue(this.peek())) this.parseExpression(0);
        else this.index++;
      }
    }
    return ast;
  }

  private parseExpression(minPrecedence: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator') return left;
      const operator = token.operator;
      const precedence = BINARY_PRECEDENCE[operator];
      if (precedence <= minPrecedence) return left;
      this.index++;
      const right = this.parseExpression(precedence);
      left = {
        kind: 'binary',
        operator,
        left,
        right,
        operatorRange: token.range,
        range: span(left.range, right.range),
      };
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (token.kind === 'operator' && token.operator === '-') {
      this.index++;
      if (!this.enter(token.range)) return { kind: 'error', range: token.range };
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'unary', operator: '-', operand, range: span(token.range, operand.range) };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.index++;
        return { kind: 'number', text: token.text, range: token.range };
      case 'string':
        this.index++;
        return { kind: 'string', value: token.value, range: token.range };
      case 'identifier':
        return this.parseWord(token);
      case 'bracket':
        return this.parseField();
      case '(':
        return this.parseParenthesized(token);
      case 'invalid':
        // Already reported by the lexer: skip it and try again with what follows.
        this.index++;
        return this.parsePrimary();
      case 'eof':
      case ',':
      case ')': {
        const where = token.kind === 'eof' ? 'at the end' : `before ${token.kind}`;
        const previous = this.tokens[this.index - 1];
        const message =
          previous?.kind === 'operator'
            ? `A value is missing after ${previous.operator}.`
            : `A value is missing ${where}.`;
        const at = { start: token.range.start, end: token.range.start };
        this.report('syntax.missing-operand', message, previous?.kind === 'operator' ? previous.range : at);
        return { kind: 'error', range: at };
      }
      case 'operator':
      case '.':
        this.report('syntax.unexpected', `Expected a value here, not ${describe(token)}.`, token.range);
        return this.skipToSeparator();
    }
  }

  private parseWord(token: Token & { kind: 'identifier' }): Expr {
    const after = this.tokens[this.index + 1];
    if (after?.kind === '(') return this.parseCall(token);
    const upper = token.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') {
      this.index++;
      return { kind: 'boolean', value: upper === 'TRUE', range: token.range };
    }
    if (upper === 'NULL') {
      this.index++;
      return { kind: 'null', range: token.range };
    }
    return this.parseField();
  }

  private parseCall(nameToken: Token & { kind: 'identifier' }): Expr {
    this.index += 2; // name and '('
    const open = span(nameToken.range, this.tokens[this.index - 1]?.range ?? nameToken.range);
    if (!this.enter(open)) return this.skipToSeparator();
    const args: Expr[] = [];
    let end = open.end;
    if (this.peek().kind === ')') {
      end = this.next().range.end;
    } else {
      for (;;) {
        // An argument left empty (`IF(c, x, )`, `SUBSTITUTE(t, "-", )`): the function says what it stands for.
        const upcoming = this.peek();
        const empty = upcoming.kind === ',' || (upcoming.kind === ')' && args.length > 0);
        args.push(
          empty
            ? { kind: 'omitted', range: { start: upcoming.range.start, end: upcoming.range.start } }
            : this.parseExpression(0),
        );
        let separator = this.peek();
        if (separator.kind !== ',' && separator.kind !== ')' && separator.kind !== 'eof') {
          if (separator.kind !== 'invalid')
            this.report('syntax.unexpected', afterValueMessage(separator, 'argument'), separator.range);
          this.skipToSeparator();
          separator = this.peek();
        }
        if (separator.kind === ',') {
          this.index++;
          continue;
        }
        if (separator.kind === ')') {
          end = this.next().range.end;
          break;
        }
        this.report('syntax.unclosed-paren', `${nameToken.text.toUpperCase()}( is missing its closing ).`, open);
        end = separator.range.start;
        break;
      }
    }
    this.depth--;
    return {
      kind: 'call',
      name: nameToken.text.toUpperCase(),
      nameRange: nameToken.range,
      args,
      range: { start: nameToken.range.start, end },
    };
  }

  private parseParenthesized(open: Token): Expr {
    this.index++;
    if (!this.enter(open.range)) return this.skipToSeparator();
    const inner = this.parseExpression(0);
    this.depth--;
    let close = this.peek();
    if (close.kind !== ')' && close.kind !== 'eof') {
      if (close.kind !== 'invalid')
        this.report('syntax.unexpected', afterValueMessage(close, 'parenthesis'), close.range);
      this.skipToSeparator();
      close = this.peek();
    }
    if (close.kind === ')') this.index++;
    else if (close.kind === 'eof') this.report('syntax.unclosed-paren', 'This ( is missing its closing ).', open.range);
    return inner;
  }

  /** A field path: a name or [quoted name], then `.name`, `.[name]` or `[0]` steps. */
  private parseField(): Expr {
    const path: PathSegment[] = [];
    const first = this.next();
    path.push(this.nameSegment(first));
    for (;;) {
      const token = this.peek();
      if (token.kind === '.') {
        this.index++;
        const name = this.peek();
        if (name.kind === 'identifier' || name.kind === 'bracket') {
          this.index++;
          path.push(this.nameSegment(name));
          continue;
        }
        this.report('syntax.unexpected', `Expected a field name after the dot, not ${describe(name)}.`, name.range);
        break;
      }
      if (token.kind === 'bracket') {
        this.index++;
        path.push(this.bracketStep(token));
        continue;
      }
      break;
    }
    const last = path[path.length - 1] ?? path[0];
    return { kind: 'field', path, range: span(first.range, last?.range ?? first.range) };
  }

  private nameSegment(token: Token): PathSegment {
    const name = token.kind === 'identifier' ? token.text : token.kind === 'bracket' ? token.value : '';
    if (token.kind === 'bracket' && name.trim() === '') {
      this.report('syntax.empty-name', 'A field name in [ ] cannot be empty.', token.range);
    }
    return { kind: 'name', name, range: token.range };
  }

  /** Right after a field, `[0]` picks an item of a list; any other bracketed text is a field name. */
  private bracketStep(token: Token & { kind: 'bracket' }): PathSegment {
    if (!/^\s*[0-9]+\s*$/.test(token.value)) return this.nameSegment(token);
    const index = Number(token.value);
    if (!Number.isSafeInteger(index) || index > 0x7fffffff) {
      this.report('syntax.bad-index', `${token.value.trim()} is too large to be a position in a list.`, token.range);
      return { kind: 'index', index: 0, range: token.range };
    }
    return { kind: 'index', index, range: token.range };
  }

  /** Skips to the next `,` or `)` at this depth (or the end) and returns an error node for the skipped text. */
  private skipToSeparator(): Expr {
    const start = this.peek().range.start;
    let end = start;
    let nesting = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') break;
      if (nesting === 0 && (token.kind === ',' || token.kind === ')')) break;
      if (token.kind === '(') nesting++;
      if (token.kind === ')') nesting--;
      end = token.range.end;
      this.index++;
    }
    return { kind: 'error', range: { start, end } };
  }

  private enter(range: TextRange): boolean {
    if (this.depth < MAX_DEPTH) {
      this.depth++;
      return true;
    }
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.report('syntax.too-deep', `This expression nests more than ${MAX_DEPTH} levels deep; split it up.`, range);
    }
    return false;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.eof();
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private eof(): Token {
    const last = this.tokens[this.tokens.length - 1];
    return last ?? { kind: 'eof', range: { start: 0, end: 0 } };
  }

  private report(code: Problem['code'], message: string, range: TextRange): void {
    this.problems.push(problem(code, message, range));
  }
}

function span(from: TextRange, to: TextRange): TextRange {
  return { start: from.start, end: to.end };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'number':
      return `the number ${token.text}`;
    case 'string':
      return `the text ${JSON.stringify(token.value)}`;
    case 'identifier':
      return `"${token.text}"`;
    case 'bracket':
      return `[${token.value}]`;
    case 'operator':
      return `the operator ${token.operator}`;
    case '(':
    case ')':
    case ',':
    case '.':
      return `"${token.kind}"`;
    case 'invalid':
      return 'unreadable text';
    case 'eof':
      return 'the end';
  }
}

function startsValue(token: Token): boolean {
  switch (token.kind) {
    case 'number':
    case 'string':
    case 'identifier':
    case 'bracket':
    case '(':
      return true;
    case 'operator':
      return token.operator === '-';
    case ')':
    case ',':
    case '.':
    case 'invalid':
    case 'eof':
      return false;
  }
}

function leftoverMessage(token: Token): string {
  if (token.kind === ')') return 'This ) has no matching (.';
  if (token.kind === ',') return 'A comma only separates the arguments of a function, e.g. ROUND(amount, 2).';
  return afterValueMessage(token, 'expression');
}

function afterValueMessage(token: Token, context: 'argument' | 'parenthesis' | 'expression'): string {
  if (token.kind === 'identifier') {
    const upper = token.text.toUpperCase();
    if (upper === 'AND' || upper === 'OR')
      return `Combine conditions with ${upper}(first, second), not with the word ${token.text} between them.`;
  }
  switch (context) {
    case 'argument':
      return `Expected a comma or ) after this argument, not ${describe(token)}.`;
    case 'parenthesis':
      return `Expected ) here, not ${describe(token)}.`;
    case 'expression':
      return `An operator (such as + or &) is missing before ${describe(token)}.`;
  }
}
