/**
 * A small SQL tokenizer for the Databricks-to-DuckDB translation: it keeps string literals, quoted
 * identifiers and comments whole, so rewrites never touch text inside them.
 */
export type TokenKind = 'word' | 'backtick' | 'dquote' | 'string' | 'number' | 'param' | 'punct' | 'space';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c))
      push(
        'space',
        scanWhile(sql, i, (ch) => /\s/.test(ch)),
      );
    else if (c === '-' && next === '-') push('space', lineEnd(sql, i));
    else if (c === '/' && next === '*') push('space', blockCommentEnd(sql, i));
    else if (c === "'" || c === '"' || c === '`')
      push(c === "'" ? 'string' : c === '"' ? 'dquote' : 'backtick', quotedEnd(sql, i, c));
    else if (/[A-Za-z_]/.test(c))
      push(
        'word',
        scanWhile(sql, i, (ch) => /[A-Za-z0-9_]/.test(ch)),
      );
    else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next)))
      push(
        'number',
        scanWhile(sql, i, (ch) => /[0-9.eE]/.test(ch)),
      );
    else if (c === ':' && /[A-Za-z_]/.test(next) && sql[i - 1] !== ':')
      push(
        'param',
        scanWhile(sql, i + 1, (ch) => /[A-Za-z0-9_]/.test(ch)),
      );
    else if (c === ':' && next === ':') push('punct', i + 2);
    else push('punct', i + 1);
  }
  return tokens;
}

export function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((token) => token.text).join('');
}

/** Tokens without spaces and comments, for pattern matching. */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => token.kind !== 'space');
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toUpperCase());
}

/** The unquoted name of an identifier token (plain, backticked or double-quoted). */
export function identifierName(token: Token): string {
  if (token.kind === 'backtick') return token.text.slice(1, -1).replaceAll('``', '`');
  if (token.kind === 'dquote') return token.text.slice(1, -1).replaceAll('""', '"');
  return token.text;
}

export function isIdentifier(token: Token | undefined): token is Token {
  return token !== undefined && (token.kind === 'word' || token.kind === 'backtick' || token.kind === 'dquote');
}

function scanWhile(sql: string, from: number, test: (ch: string) => boolean): number {
  let end = from;
  while (end < sql.length && test(sql[end] ?? '')) end += 1;
  return end;
}

function lineEnd(sql: string, from: number): number {
  const end = sql.indexOf('\n', from);
  return end === -1 ? sql.length : end;
}

function blockCommentEnd(sql: string, from: number): number {
  const end = sql.indexOf('*/', from + 2);
  return end === -1 ? sql.length : end + 2;
}

function quotedEnd(sql: string, from: number, quote: string): number {
  let end = from + 1;
  while (end < sql.length) {
    const ch = sql[end];
    // Spark strings also take backslash escapes; doubled quotes close-and-reopen in every dialect here.
    if (ch === '\\' && quote === "'") end += 2;
    else if (ch === quote && sql[end + 1] === quote) end += 2;
    else if (ch === quote) return end + 1;
    else end += 1;
  }
  return sql.length;
}
