/**
 * The shape of a Delta `ALTER TABLE`, for the forms a loader evolving its table sends:
 * `SET TBLPROPERTIES (...)` (DuckDB has no table properties: the simulator keeps them itself, because
 * Delta gates type widening and DROP COLUMN on them), `ADD COLUMNS (a T, b U)` (DuckDB adds one column
 * per statement), `ALTER COLUMN c TYPE T` and `DROP COLUMN[S] (a, b)`.
 */
import { identifierName, isIdentifier, isWord, significant, type Token } from './sql-tokens.ts';

export type AlterAction = 'set-properties' | 'add-columns' | 'change-type' | 'drop-columns';

export interface AlterShape {
  /** The table as written (catalog not mapped). */
  readonly table: readonly string[];
  readonly action: AlterAction;
  /** `SET TBLPROPERTIES`, keys lower-cased. */
  readonly properties?: Readonly<Record<string, string>>;
  /** `ADD COLUMNS`: each column definition's tokens, spaces kept. */
  readonly definitions?: readonly (readonly Token[])[];
  /** Columns dropped or changed. */
  readonly columns?: readonly string[];
}

/** Undefined for any other ALTER (it then runs as DuckDB reads it). */
export function parseAlter(tokens: readonly Token[]): AlterShape | undefined {
  const sig = significant(tokens);
  if (!isWord(sig[0], 'ALTER') || !isWord(sig[1], 'TABLE')) return undefined;
  const table: string[] = [];
  let i = 2;
  while (isIdentifier(sig[i])) {
    table.push(identifierName(sig[i] as Token));
    if (sig[i + 1]?.text !== '.') break;
    i += 2;
  }
  i += 1;
  if (isWord(sig[i], 'SET') && isWord(sig[i + 1], 'TBLPROPERTIES')) {
    const properties: Record<string, string> = {};
    const inside = sig.slice(i + 3);
    for (let k = 0; k + 2 < inside.length; k += 4) {
      if (inside[k + 1]?.text !== '=') break;
      properties[unquote(inside[k] as Token).toLowerCase()] = unquote(inside[k + 2] as Token);
    }
    return { table, action: 'set-properties', properties };
  }
  if (isWord(sig[i], 'ADD') && isWord(sig[i + 1], 'COLUMNS', 'COLUMN')) {
    const start = tokens.indexOf(sig[i + 2] as Token);
    const grouped = tokens[start]?.text === '(';
    return {
      table,
      action: 'add-columns',
      definitions: splitTopLevel(
        tokens.slice(grouped ? start + 1 : start, grouped ? closing(tokens, start) : tokens.length),
      ),
    };
  }
  if (isWord(sig[i], 'ALTER', 'CHANGE') && isWord(sig[i + 1], 'COLUMN') && isIdentifier(sig[i + 2])) {
    return { table, action: 'change-type', columns: [identifierName(sig[i + 2] as Token)] };
  }
  if (isWord(sig[i], 'DROP') && isWord(sig[i + 1], 'COLUMNS', 'COLUMN')) {
    const names = sig
      .slice(i + 2)
      .filter(isIdentifier)
      .map(identifierName);
    return { table, action: 'drop-columns', columns: names };
  }
  return undefined;
}

function unquote(token: Token): string {
  return token.kind === 'string' || token.kind === 'dquote' ? token.text.slice(1, -1) : token.text;
}

function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i]?.text === '(') depth += 1;
    else if (tokens[i]?.text === ')' && --depth === 0) return i;
  }
  return tokens.length;
}

/** Splits on commas outside parentheses (a DECIMAL(p,s) stays whole). */
function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(') depth += 1;
    if (token.text === ')') depth -= 1;
    if (depth === 0 && token.text === ',') parts.push([]);
    else parts[parts.length - 1]?.push(token);
  }
  return parts.filter((part) => significant(part).length > 0);
}
