/**
 * Splits expression text into tokens. Habits from other tools (`==`, `!=`, single quotes, `;` between
 * arguments) are reported with a plain fix and read as the intended token, so the parser can keep
 * going and report what else is wrong.
 */
import type { TextRange } from './ast.ts';
import { problem, type Problem } from './diagnostics.ts';

export type OperatorText = '+' | '-' | '*' | '/' | '&' | '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Token =
  | { readonly kind: 'number'; readonly text: string; readonly range: TextRange }
  | { readonly kind: 'string'; readonly value: string; readonly range: TextRange }
  | { readonly kind: 'identifier'; readonly text: string; readonly range: TextRange }
  /** `[Account Number]`: a quoted field name, or `[0]` an array position after a field. */
  | { readonly kind: 'bracket'; readonly value: string; readonly range: TextRange }
  | { readonly kind: 'operator'; readonly operator: OperatorText; readonly range: TextRange }
  | { readonly kind: '(' | ')' | ',' | '.'; readonly range: TextRange }
  /** Text already reported by the lexer; the parser skips it without a second message. */
  | { readonly kind: 'invalid'; readonly range: TextRange }
  | { readonly kind: 'eof'; readonly range: TextRange };

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly problems: readonly Problem[];
}

const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /[0-9]+(?:\.[0-9]+)?/y;
const WHITESPACE = /\s+/y;

export function isIdentifierText(text: string): boolean {
  IDENTIFIER.lastIndex = 0;
  const match = IDENTIFIER.exec(text);
  return match !== null && match[0].length === text.length;
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const problems: Problem[] = [];
  let pos = 0;

  const matchAt = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = pos;
    return pattern.exec(text)?.[0];
  };
  const push = (token: Token): void => {
    tokens.push(token);
    pos = token.range.end;
  };
  const operator = (op: OperatorText, length: number): void => {
    push({ kind: 'operator', operator: op, range: { start: pos, end: pos + length } });
  };

  while (pos < text.length) {
    const space = matchAt(WHITESPACE);
    if (space !== undefined) {
      pos += space.length;
      continue;
    }
    const ch = text[pos] ?? '';
    const next = text[pos + 1] ?? '';
    const two = ch + next;
    const number = matchAt(NUMBER);
    if (number !== undefined) {
      push({ kind: 'number', text: number, range: { start: pos, end: pos + number.length } });
      continue;
    }
    const word = matchAt(IDENTIFIER);
    if (word !== undefined) {
      push({ kind: 'identifier', text: word, range: { start: pos, end: pos + word.length } });
      continue;
    }
    switch (two) {
      case '<>':
      case '<=':
      case '>=':
        operator(two, 2);
        continue;
      case '==':
        problems.push(
          problem('syntax.wrong-operator', 'Use = to compare values, not ==.', { start: pos, end: pos + 2 }),
        );
        operator('=', 2);
        continue;
      case '!=':
        problems.push(
          problem('syntax.wrong-operator', 'Use <> for "is not equal to", not !=.', { start: pos, end: pos + 2 }),
        );
        operator('<>', 2);
        continue;
      case '&&':
      case '||': {
        const fn = two === '&&' ? 'AND' : 'OR';
        problems.push(
          problem('syntax.wrong-operator', `Combine conditions with ${fn}(first, second), not ${two}.`, {
            start: pos,
            end: pos + 2,
          }),
        );
        push({ kind: 'invalid', range: { start: pos, end: pos + 2 } });
        continue;
      }
    }
    switch (ch) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '&':
      case '=':
      case '<':
      case '>':
        operator(ch, 1);
        continue;
      case '(':
      case ')':
      case ',':
      case '.':
        push({ kind: ch, range: { start: pos, end: pos + 1 } });
        continue;
      case ';':
        problems.push(
          problem('syntax.wrong-separator', 'Separate arguments with a comma, not a semicolon.', {
            start: pos,
            end: pos + 1,
          }),
        );
        push({ kind: ',', range: { start: pos, end: pos + 1 } });
        continue;
      case '"':
      case "'":
        push(readQuoted(text, pos, ch, problems));
        continue;
      case '[':
        push(readBracket(text, pos, problems));
        continue;
    }
    const char = String.fromCodePoint(text.codePointAt(pos) ?? 0);
    const range = { start: pos, end: pos + char.length };
    problems.push(problem('syntax.bad-character', `The character ${JSON.stringify(char)} has no meaning here.`, range));
    push({ kind: 'invalid', range });
  }
  tokens.push({ kind: 'eof', range: { start: text.length, end: text.length } });
  return { tokens, problems };
}

/** A string in double quotes; a doubled quote inside stands for one quote, as in spreadsheets. */
function readQuoted(text: string, start: number, quote: '"' | "'", problems: Problem[]): Token {
  let value = '';
  let pos = start + 1;
  while (pos < text.length) {
    const ch = text[pos];
    if (ch === quote) {
      if (text[pos + 1] === quote) {
        value += quote;
        pos += 2;
        continue;
      }
      const range = { start, end: pos + 1 };
      if (quote === "'")
        problems.push(
          problem('syntax.wrong-quote', 'Put text in double quotes ("like this"), not single quotes.', range),
        );
      return { kind: 'string', value, range };
    }
    value += ch;
    pos++;
  }
  const range = { start, end: text.length };
  problems.push(
    problem(
      'syntax.unclosed-string',
      `This text is missing its closing ${quote === '"' ? 'double quote (")' : "quote (')"}.`,
      range,
    ),
  );
  return { kind: 'string', value, range };
}

/** `[Field Name]`; a doubled `]]` inside stands for one `]`, as in spreadsheet table references. */
function readBracket(text: string, start: number, problems: Problem[]): Token {
  let value = '';
  let pos = start + 1;
  while (pos < text.length) {
    const ch = text[pos];
    if (ch === ']') {
      if (text[pos + 1] === ']') {
        value += ']';
        pos += 2;
        continue;
      }
      return { kind: 'bracket', value, range: { start, end: pos + 1 } };
    }
    value += ch;
    pos++;
  }
  const range = { start, end: text.length };
  problems.push(problem('syntax.unclosed-name', 'This field name is missing its closing ].', range));
  return { kind: 'bracket', value, range };
}
