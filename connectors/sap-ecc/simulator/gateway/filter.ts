/**
 * The part of OData v2's `$filter` the simulated services implement: `eq ne gt ge lt le`, `and`, `or`,
 * `not`, parentheses, `substringof('x',Prop)` (optionally `eq true|false`), and v2 literals: 'text'
 * (quotes doubled), datetime'2026-01-01T00:00:00', datetimeoffset'…Z', numbers, decimals 12.5M, true,
 * false, null. A v4-style bare date, an unknown property or function is refused with Gateway's 400.
 */
import type { SimEntitySet, SimGatewayRow } from './services.ts';

export class FilterRefusal extends Error {}

type Literal = string | number | boolean | null | { readonly instant: number };
type Expr = (row: SimGatewayRow) => boolean;

const TOKEN =
  /\s*(?:(\(|\)|,)|(datetimeoffset|datetime|guid)'([^']*)'|'((?:[^']|'')*)'|(\d{4}-\d\d-\d\d\S*)|(-?\d+(?:\.\d+)?)([MmDdLl])?|([A-Za-z_][A-Za-z0-9_]*))/y;

type Token =
  { readonly kind: 'punct' | 'word'; readonly text: string } | { readonly kind: 'literal'; readonly value: Literal };

function instantOf(text: string, zoned: boolean): number {
  const ms = Date.parse(zoned ? text : `${text}Z`);
  if (Number.isNaN(ms) || (zoned && !/(Z|[+-]\d\d:\d\d)$/.test(text)))
    throw new FilterRefusal(`Invalid literal ${text}`);
  return ms;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) throw new FilterRefusal(`Invalid token detected at position ${at + 1}`);
    if (m[1] !== undefined) tokens.push({ kind: 'punct', text: m[1] });
    else if (m[2] === 'guid') tokens.push({ kind: 'literal', value: m[3] ?? '' });
    else if (m[2] !== undefined)
      tokens.push({ kind: 'literal', value: { instant: instantOf(m[3] ?? '', m[2] === 'datetimeoffset') } });
    else if (m[4] !== undefined) tokens.push({ kind: 'literal', value: m[4].replace(/''/g, "'") });
    else if (m[5] !== undefined) throw new FilterRefusal(`Invalid token detected at position ${at + 1}`);
    else if (m[6] !== undefined) tokens.push({ kind: 'literal', value: Number(m[6]) });
    else if (m[8] === 'true' || m[8] === 'false') tokens.push({ kind: 'literal', value: m[8] === 'true' });
    else if (m[8] === 'null') tokens.push({ kind: 'literal', value: null });
    else tokens.push({ kind: 'word', text: m[8] ?? '' });
  }
  return tokens;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
};

/** A property's stored value in a comparable form: date-times as epoch ms, decimals as numbers. */
function comparable(set: SimEntitySet, property: string, row: SimGatewayRow): Literal {
  const type = set.properties.find((p) => p.name === property)?.type;
  const value = row[property] ?? null;
  if (value === null) return null;
  if (type === 'Edm.DateTime')
    return { instant: instantOf(String(value).length === 10 ? `${String(value)}T00:00:00` : String(value), false) };
  if (type === 'Edm.DateTimeOffset') return { instant: Date.parse(String(value)) };
  if (type === 'Edm.Decimal') return Number(value);
  return value;
}

function order(a: Literal, b: Literal): number | undefined {
  if (a === null || b === null) return a === b ? 0 : undefined;
  if (typeof a === 'object' && typeof b === 'object') return a.instant - b.instant;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : undefined;
  return undefined;
}

/** The filter as a predicate over the set's rows; FilterRefusal carries Gateway's words. */
export function parseFilter(text: string, set: SimEntitySet): Expr {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const word = (): string | undefined => {
    const token = peek();
    return token?.kind === 'word' || token?.kind === 'punct' ? token.text : undefined;
  };
  const expect = (text: string): void => {
    if (word() !== text) throw new FilterRefusal(`Invalid token detected at position ${at + 1}`);
    at += 1;
  };
  const property = (): string => {
    const name = word();
    if (name === undefined || !set.properties.some((p) => p.name === name))
      throw new FilterRefusal(`Property ${name ?? ''} not found in type ${set.entityType}`);
    at += 1;
    return name;
  };
  const literal = (): Literal => {
    const token = peek();
    if (token?.kind !== 'literal') throw new FilterRefusal(`Invalid token detected at position ${at + 1}`);
    at += 1;
    return token.value;
  };
  const primary = (): Expr => {
    if (word() === 'not') {
      at += 1;
      const inner = primary();
      return (row) => !inner(row);
    }
    if (word() === '(') {
      at += 1;
      const inner = or();
      expect(')');
      return inner;
    }
    if (word() === 'substringof') {
      at += 1;
      expect('(');
      const needle = literal();
      expect(',');
      const name = property();
      expect(')');
      let wanted = true;
      if (word() === 'eq') {
        at += 1;
        wanted = literal() === true;
      }
      return (row) => String(row[name] ?? '').includes(String(needle)) === wanted;
    }
    const name = property();
    const operator = word();
    const compare = operator === undefined ? undefined : COMPARE[operator];
    if (compare === undefined) throw new FilterRefusal(`Invalid token detected at position ${at + 1}`);
    at += 1;
    const value = literal();
    return (row) => {
      const difference = order(comparable(set, name, row), value);
      return difference === undefined ? operator === 'ne' : compare(difference, 0);
    };
  };
  const and = (): Expr => {
    let left = primary();
    while (word() === 'and') {
      at += 1;
      const [l, r] = [left, primary()];
      left = (row) => l(row) && r(row);
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (word() === 'or') {
      at += 1;
      const [l, r] = [left, and()];
      left = (row) => l(row) || r(row);
    }
    return left;
  };
  const expression = or();
  if (at < tokens.length) throw new FilterRefusal(`Invalid token detected at position ${at + 1}`);
  return expression;
}
