/**
 * Databricks SQL -> DuckDB SQL, just enough for a warehouse loader (databricks.md section 9, "SQL
 * translation layer"): backticks, `:name` parameters, Spark string literals, three-part names (each
 * Unity Catalog catalog is an attached DuckDB database), Delta-only clauses DuckDB cannot parse,
 * TIMESTAMP as an instant, and the shape of a MERGE so the simulator can refuse duplicate source keys.
 */
import { parseAlter, type AlterShape } from './sql-alter.ts';
import { parseStaging, StagingSyntaxError, type StagingShape } from './sql-staging.ts';
import { identifierName, isIdentifier, isWord, joinTokens, tokenize, type Token } from './sql-tokens.ts';

export type StatementKind = 'query' | 'merge' | 'insert' | 'modify' | 'ddl' | 'use' | 'describe' | 'staging';

export interface MergeShape {
  /** `FROM target [alias] JOIN source alias ON condition`, for the duplicate-key check. */
  readonly joinSql: string;
  /** The expression naming one target row, e.g. `t.rowid`. */
  readonly targetRow: string;
  readonly updatesMatched: boolean;
}

export interface Translated {
  readonly kind: StatementKind;
  readonly sql: string;
  readonly merge?: MergeShape;
  /** Named parameters in the order of their numbers in `sql` (`$1` is the first). */
  readonly parameterNames?: readonly string[];
  /** `USE` targets and `DESCRIBE` tables, with catalogs already mapped. */
  readonly name?: readonly string[];
  /** Delta `ALTER TABLE` forms the warehouse checks against the table's properties. */
  readonly alter?: AlterShape;
  /** Volume statements (CREATE VOLUME, PUT, COPY INTO), run by the warehouse itself. */
  readonly staging?: StagingShape;
}

export class TranslationError extends Error {
  constructor(
    readonly errorClass: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** The DuckDB database that holds a Unity Catalog catalog (`main` is reserved in DuckDB). */
export function duckCatalog(catalog: string): string {
  return `uc_${catalog.toLowerCase()}`;
}

export function catalogFromDuck(database: string): string | undefined {
  return database.startsWith('uc_') ? database.slice(3) : undefined;
}

export function quoteDuck(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function translate(databricksSql: string): Translated {
  const raw = tokenize(databricksSql.trim().replace(/;\s*$/, ''));
  const staging = parseStagingOrRefuse(raw);
  if (staging !== undefined) return { kind: 'staging', sql: '', staging };
  const alter = parseAlter(raw);
  if (alter !== undefined) return translateAlter(raw, alter);
  const tokens = stripDeltaClauses(raw);
  const words = tokens.filter((t) => t.kind !== 'space');
  const first = words[0]?.text.toUpperCase() ?? '';
  const second = words[1]?.text.toUpperCase() ?? '';
  if (first === 'USE') {
    const rest = words.slice(isWord(words[1], 'CATALOG', 'SCHEMA', 'DATABASE') ? 2 : 1);
    return { kind: 'use', sql: second, name: chainNames(rest) };
  }
  // `DESCRIBE QUERY <select>`: the query's columns and Spark types, without running it.
  if ((first === 'DESCRIBE' || first === 'DESC') && isWord(words[1], 'QUERY')) {
    const parameterNames: string[] = [];
    const query = tokens.slice(tokens.indexOf(words[1] as Token) + 1);
    return { kind: 'describe', sql: joinTokens(rewrite(query, 3, parameterNames)), parameterNames };
  }
  if (
    (first === 'DESCRIBE' || first === 'DESC') &&
    !isWord(words[1], 'HISTORY', 'QUERY', 'FUNCTION', 'CATALOG', 'SCHEMA', 'DATABASE')
  ) {
    return { kind: 'describe', sql: '', name: chainNames(words.slice(isWord(words[1], 'TABLE') ? 2 : 1)) };
  }
  // In CREATE/DROP SCHEMA a two-part name is catalog.schema; elsewhere it is schema.table.
  const schemaStatement = (first === 'CREATE' || first === 'DROP') && /^(SCHEMA|DATABASE)$/.test(second);
  const parameterNames: string[] = [];
  const sql = joinTokens(rewrite(tokens, schemaStatement ? 2 : 3, parameterNames));
  switch (first) {
    case 'MERGE':
      return { kind: 'merge', sql, merge: mergeShape(sql), parameterNames };
    case 'INSERT':
      return { kind: 'insert', sql, parameterNames };
    case 'UPDATE':
    case 'DELETE':
      return { kind: 'modify', sql, parameterNames };
    case 'CREATE':
    case 'DROP':
    case 'ALTER':
    case 'TRUNCATE':
    case 'SET':
      return { kind: 'ddl', sql, parameterNames };
    default:
      return { kind: 'query', sql, parameterNames };
  }
}

function parseStagingOrRefuse(tokens: Token[]): StagingShape | undefined {
  try {
    return parseStaging(tokens);
  } catch (error) {
    if (error instanceof StagingSyntaxError)
      throw new TranslationError(
        'PARSE_SYNTAX_ERROR',
        '42601',
        `[PARSE_SYNTAX_ERROR] ${error.message}. SQLSTATE: 42601`,
      );
    throw error;
  }
}

function translateAlter(raw: Token[], alter: AlterShape): Translated {
  const names = alter.table.length === 3 ? [duckCatalog(alter.table[0] ?? ''), ...alter.table.slice(1)] : alter.table;
  const table = names.map(quoteDuck).join('.');
  switch (alter.action) {
    case 'set-properties':
      return { kind: 'ddl', sql: '', alter };
    case 'add-columns':
      return {
        kind: 'ddl',
        sql: (alter.definitions ?? [])
          .map(
            (definition) =>
              `ALTER TABLE ${table} ADD COLUMN ${joinTokens(rewrite(stripDeltaClauses([...definition]), 3)).trim()}`,
          )
          .join('; '),
        alter,
      };
    case 'drop-columns':
      return {
        kind: 'ddl',
        sql: (alter.columns ?? []).map((column) => `ALTER TABLE ${table} DROP COLUMN ${quoteDuck(column)}`).join('; '),
        alter,
      };
    case 'change-type':
      return { kind: 'ddl', sql: joinTokens(rewrite(raw, 3)), alter };
  }
}

/** Drops `USING DELTA`, `TBLPROPERTIES (...)`, `PARTITIONED BY (...)`, `CLUSTER BY (...)` and `COMMENT '...'`. */
function stripDeltaClauses(tokens: Token[]): Token[] {
  const out: Token[] = [];
  const nextSignificant = (from: number): number => {
    let i = from;
    while (tokens[i]?.kind === 'space') i += 1;
    return i;
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const n = nextSignificant(i + 1);
    if (isWord(token, 'USING') && isWord(tokens[n], 'DELTA')) i = n;
    else if (isWord(token, 'COMMENT') && tokens[n]?.kind === 'string') i = n;
    else if (isWord(token, 'TBLPROPERTIES') && tokens[n]?.text === '(') i = groupEnd(tokens, n);
    else if (isWord(token, 'PARTITIONED', 'CLUSTER') && isWord(tokens[n], 'BY')) {
      const open = nextSignificant(n + 1);
      i = tokens[open]?.text === '(' ? groupEnd(tokens, open) : open;
    } else out.push(token);
  }
  return out;
}

/** Index of the `)` closing the `(` at `open`. */
function groupEnd(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i]?.text === '(') depth += 1;
    else if (tokens[i]?.text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/**
 * Named parameters become numbered ones (`:amt` -> `$3`), in order of first use: DuckDB resolves
 * numbered parameters by index, while named ones are looked up one by one, which made statements
 * with thousands of parameters (a 500-row MERGE) slow in proportion to the square of their count.
 */
function rewrite(tokens: readonly Token[], catalogChainLength: number, parameterNames: string[] = []): Token[] {
  const out: Token[] = [];
  const numbers = new Map(parameterNames.map((name, index) => [name, index]));
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const chain = isIdentifier(token) && tokens[i - 1]?.text !== '.' ? chainAt(tokens, i) : [];
    if (chain.length >= catalogChainLength && chain.length >= 2) {
      const names = chain.map((index) => identifierName(tokens[index] as Token));
      names[0] = duckCatalog(names[0] ?? '');
      out.push({ kind: 'dquote', text: names.map(quoteDuck).join('.') });
      i = chain[chain.length - 1] ?? i;
    } else if (token.kind === 'backtick') out.push({ kind: 'dquote', text: quoteDuck(identifierName(token)) });
    // Spark: double quotes and backslash escapes make string literals (ANSI identifiers are opt-in).
    else if (token.kind === 'dquote' || token.kind === 'string')
      out.push({ kind: 'string', text: `'${sparkString(token.text).replaceAll("'", "''")}'` });
    else if (token.kind === 'param') {
      const name = token.text.slice(1);
      let index = numbers.get(name);
      if (index === undefined) {
        index = parameterNames.push(name) - 1;
        numbers.set(name, index);
      }
      out.push({ kind: 'param', text: `$${index + 1}` });
    } else if (isWord(token, 'TIMESTAMP', 'TIMESTAMP_LTZ')) out.push({ kind: 'word', text: 'TIMESTAMPTZ' });
    else if (isWord(token, 'TIMESTAMP_NTZ')) out.push({ kind: 'word', text: 'TIMESTAMP' });
    else out.push(token);
  }
  return out;
}

/** Token indexes of the identifiers in `a.b.c` starting at `start` (no spaces inside a chain). */
function chainAt(tokens: readonly Token[], start: number): number[] {
  const chain = [start];
  let i = start;
  while (tokens[i + 1]?.text === '.' && isIdentifier(tokens[i + 2])) {
    i += 2;
    chain.push(i);
  }
  return chain;
}

function chainNames(words: readonly Token[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const word = words[i];
    if (!isIdentifier(word)) break;
    names.push(identifierName(word));
    if (words[i + 1]?.text !== '.') break;
  }
  return names;
}

function sparkString(literal: string): string {
  const body = literal.slice(1, -1);
  const quote = literal[0] ?? "'";
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
  return body.replaceAll(quote + quote, quote).replace(/\\(.)/gs, (_, ch: string) => escapes[ch] ?? ch);
}

function mergeShape(sql: string): MergeShape {
  const tokens = tokenize(sql);
  const sig = tokens.map((token, index) => ({ token, index })).filter((entry) => entry.token.kind !== 'space');
  let at = sig.findIndex((entry) => isWord(entry.token, 'INTO')) + 1;
  const targetStart = sig[at]?.index ?? 0;
  while (sig[at + 1]?.token.text === '.') at += 2;
  const targetText = joinTokens(tokens.slice(targetStart, (sig[at]?.index ?? 0) + 1));
  at += 1;
  let targetAlias: string | undefined;
  if (isWord(sig[at]?.token, 'AS')) at += 1;
  if (!isWord(sig[at]?.token, 'USING')) targetAlias = sig[at++]?.token.text;
  const usingAt = at;
  const sourceStart = sig[usingAt + 1]?.index ?? 0;
  const sourceEnd =
    sig[usingAt + 1]?.token.text === '(' ? groupEnd(tokens, sourceStart) : (sig[usingAt + 1]?.index ?? 0);
  at = sig.findIndex((entry) => entry.index > sourceEnd);
  if (isWord(sig[at]?.token, 'AS')) at += 1;
  const sourceAlias = isWord(sig[at]?.token, 'ON') ? undefined : sig[at++]?.token.text;
  if (sig[at]?.token.text === '(') {
    // Databricks: "the source alias must not carry a column list" (databricks.md section 4).
    throw new TranslationError(
      'PARSE_SYNTAX_ERROR',
      '42601',
      "[PARSE_SYNTAX_ERROR] Syntax error at or near '('. A MERGE source alias cannot have a column list. SQLSTATE: 42601",
    );
  }
  const onIndex = sig[at]?.index ?? 0;
  let depth = 0;
  let whenIndex = tokens.length;
  for (let i = onIndex; i < tokens.length; i += 1) {
    const text = tokens[i]?.text;
    if (text === '(') depth += 1;
    else if (text === ')') depth -= 1;
    else if (depth === 0 && isWord(tokens[i], 'WHEN')) {
      whenIndex = i;
      break;
    }
  }
  const tail = tokens.slice(whenIndex).filter((t) => t.kind !== 'space');
  const updatesMatched = tail.some((t, i) => isWord(t, 'WHEN') && isWord(tail[i + 1], 'MATCHED'));
  const source = joinTokens(tokens.slice(sourceStart, sourceEnd + 1));
  const targetRef = targetAlias ?? targetText.split('.').at(-1) ?? targetText;
  return {
    joinSql: `FROM ${targetText}${targetAlias === undefined ? '' : ` AS ${targetAlias}`} JOIN ${source}${sourceAlias === undefined ? '' : ` AS ${sourceAlias}`} ${joinTokens(tokens.slice(onIndex, whenIndex))}`,
    targetRow: `${targetRef}.rowid`,
    updatesMatched,
  };
}
