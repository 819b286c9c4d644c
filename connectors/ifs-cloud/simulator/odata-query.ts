/**
 * The part of IFS's OData query language the simulator understands, refusing as IFS does
 * (ifs-cloud.md §3): an unknown property is 400 "Malformed Request." with IFS's detail (the live
 * recording's words); a date compared with a quoted string, or an enum property with a plain string
 * instead of `IfsApp.<Projection>.<Enum>'Value'`, is 400 too. Supported: `eq ne gt ge lt le`, `and`,
 * `or`, `not`, parentheses; string, number, date (unquoted), boolean, null and enum literals.
 */
import type { SimEntitySet } from './entities.ts';
import type { SimRow } from './store.ts';

export class ODataRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(JSON.stringify(body));
  }
}

/** §3 live: `{"error":{"code":…,"message":"Malformed Request.","details":[{"code":…,"message":…}]}}`. */
export function malformed(detail: string): ODataRefusal {
  return new ODataRefusal(400, {
    error: {
      code: 'ODP_BAD_REQUEST',
      message: 'Malformed Request.',
      details: [{ code: 'ODP_BAD_REQUEST', message: detail }],
    },
  });
}

export function notDefined(set: SimEntitySet, property: string): ODataRefusal {
  return malformed(
    `The property '${property}', used in a query expression, is not defined in type 'IfsApp.${set.projection}.${set.entityType}'.`,
  );
}

type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'date'; readonly value: string }
  /** An instant (epoch ms), read from the literal by the time-zone rule of the request. */
  | { readonly kind: 'timestamp'; readonly value: number }
  | { readonly kind: 'enum'; readonly type: string; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

type Expr =
  | { readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly op: 'not'; readonly inner: Expr }
  | { readonly op: 'cmp'; readonly comparison: string; readonly property: string; readonly literal: Literal };

const TOKEN =
  /\s*(?:(\()|(\))|(IfsApp\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+)'((?:[^']|'')*)'|'((?:[^']|'')*)'|(\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d))|(\d{4}-\d\d-\d\d)|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*))/y;

type Token =
  | { readonly type: '(' | ')' }
  | { readonly type: 'word'; readonly word: string }
  | { readonly type: 'literal'; readonly literal: Literal };

/**
 * How a request's timestamps are read (§3, docs 24r2 310_time_zone_aware_apis): with
 * `X-Ifs-Time-Zone-Aware-Request: true` a `…Z` literal is UTC; without it IFS reads the wall-clock time in
 * the server's zone, whatever the literal's offset says.
 */
export interface RequestZone {
  readonly zoneAware: boolean;
  readonly serverOffsetMinutes: number;
}

function instant(text: string, zone: RequestZone): number {
  if (zone.zoneAware) return Date.parse(text);
  const wallClock = Date.parse(`${text.replace(/(Z|[+-]\d\d:\d\d)$/, '')}Z`);
  return wallClock - zone.serverOffsetMinutes * 60_000;
}

const UTC: RequestZone = { zoneAware: true, serverOffsetMinutes: 0 };

function tokenize(text: string, zone: RequestZone): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) throw malformed(`Syntax error at position ${at} in '${text}'.`);
    const [, open, close, enumType, enumValue, string, stamp, date, number, word] = match;
    if (open !== undefined) tokens.push({ type: '(' });
    else if (close !== undefined) tokens.push({ type: ')' });
    else if (enumType !== undefined)
      tokens.push({
        type: 'literal',
        literal: { kind: 'enum', type: enumType, value: (enumValue ?? '').replace(/''/g, "'") },
      });
    else if (string !== undefined)
      tokens.push({ type: 'literal', literal: { kind: 'string', value: string.replace(/''/g, "'") } });
    else if (stamp !== undefined)
      tokens.push({ type: 'literal', literal: { kind: 'timestamp', value: instant(stamp, zone) } });
    else if (date !== undefined) tokens.push({ type: 'literal', literal: { kind: 'date', value: date } });
    else if (number !== undefined) tokens.push({ type: 'literal', literal: { kind: 'number', value: Number(number) } });
    else if (word === 'true' || word === 'false')
      tokens.push({ type: 'literal', literal: { kind: 'boolean', value: word === 'true' } });
    else if (word === 'null') tokens.push({ type: 'literal', literal: { kind: 'null' } });
    else tokens.push({ type: 'word', word: word ?? '' });
  }
  return tokens;
}

export function parseFilter(text: string, set: SimEntitySet, zone: RequestZone = UTC): Expr {
  const tokens = tokenize(text, zone);
  let at = 0;
  const word = (): string | undefined => {
    const token = tokens[at];
    return token?.type === 'word' ? token.word : undefined;
  };
  const orExpr = (): Expr => {
    let left = andExpr();
    while (word() === 'or') {
      at += 1;
      left = { op: 'or', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): Expr => {
    let left = unary();
    while (word() === 'and') {
      at += 1;
      left = { op: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (word() === 'not') {
      at += 1;
      return { op: 'not', inner: unary() };
    }
    if (tokens[at]?.type === '(') {
      at += 1;
      const inner = orExpr();
      if (tokens[at]?.type !== ')') throw malformed(`Missing ')' in '${text}'.`);
      at += 1;
      return inner;
    }
    const property = word();
    if (property === undefined) throw malformed(`Syntax error in '${text}'.`);
    at += 1;
    const comparison = word();
    if (comparison === undefined || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(comparison))
      throw malformed(`Syntax error in '${text}'.`);
    at += 1;
    const token = tokens[at];
    if (token?.type !== 'literal') throw malformed(`Syntax error in '${text}'.`);
    at += 1;
    const literal = token.literal;
    checkTypes(set, property, literal);
    return { op: 'cmp', comparison, property, literal };
  };
  const expr = orExpr();
  if (at !== tokens.length) throw malformed(`Syntax error in '${text}'.`);
  return expr;
}

function checkTypes(set: SimEntitySet, property: string, literal: Literal): void {
  const type = property === 'Objstate' && set.stateEnum !== undefined ? 'enum' : set.properties[property];
  if (type === undefined) throw notDefined(set, property);
  if (literal.kind === 'null') return;
  const incompatible = (edm: string, given: string) =>
    malformed(`The types '${edm}' and '${given}' are not compatible.`);
  if (type === 'date' && literal.kind !== 'date')
    throw incompatible(
      'Edm.Date',
      literal.kind === 'string' ? 'Edm.String' : literal.kind === 'timestamp' ? 'Edm.DateTimeOffset' : 'Edm.Decimal',
    );
  if (type === 'timestamp' && literal.kind !== 'timestamp')
    throw incompatible('Edm.DateTimeOffset', literal.kind === 'string' ? 'Edm.String' : 'Edm.Date');
  if (type === 'number' && literal.kind !== 'number') throw incompatible('Edm.Decimal', 'Edm.String');
  if (type === 'string' && literal.kind !== 'string')
    throw incompatible('Edm.String', literal.kind === 'date' ? 'Edm.Date' : 'Edm.Decimal');
  if (type === 'enum') {
    const enumName = property === 'Objstate' ? set.stateEnum : undefined;
    if (literal.kind !== 'enum') throw incompatible(`IfsApp.${set.projection}.${enumName ?? property}`, 'Edm.String');
    if (enumName !== undefined && literal.type !== `IfsApp.${set.projection}.${enumName}`)
      throw malformed(`The enum type '${literal.type}' is not defined in projection '${set.projection}'.`);
  }
}

export function matches(expr: Expr, row: SimRow): boolean {
  switch (expr.op) {
    case 'and':
      return matches(expr.left, row) && matches(expr.right, row);
    case 'or':
      return matches(expr.left, row) || matches(expr.right, row);
    case 'not':
      return !matches(expr.inner, row);
    case 'cmp': {
      const value = row.values[expr.property] ?? null;
      const literal = expr.literal;
      const wanted = literal.kind === 'null' ? null : literal.value;
      if (value === null || wanted === null)
        return expr.comparison === 'eq' ? value === wanted : expr.comparison === 'ne' && value !== wanted;
      const order =
        literal.kind === 'timestamp'
          ? compare(Date.parse(String(value)), literal.value)
          : compare(value, wanted as string | number | boolean);
      switch (expr.comparison) {
        case 'eq':
          return order === 0;
        case 'ne':
          return order !== 0;
        case 'gt':
          return order > 0;
        case 'ge':
          return order >= 0;
        case 'lt':
          return order < 0;
        default:
          return order <= 0;
      }
    }
  }
}

/** Numbers (amounts are decimal text) by value, everything else as text. */
export function compare(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof b === 'number' || typeof a === 'number') {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `$orderby=VoucherDate,Company desc`: unknown properties refused like a filter's. */
export function orderRows(rows: readonly SimRow[], orderBy: string | null, set: SimEntitySet): SimRow[] {
  if (orderBy === null || orderBy.trim() === '') return [...rows];
  const terms = orderBy.split(',').map((term) => {
    const [property = '', direction = 'asc'] = term.trim().split(/\s+/);
    if (set.properties[property] === undefined && !(property === 'Objstate' && set.stateEnum !== undefined))
      throw notDefined(set, property);
    return { property, sign: direction === 'desc' ? -1 : 1 };
  });
  // Each row's sort key is worked out once (numbers as numbers), not in every comparison: a page of a large
  // set is sorted whole, as a database without an index on the order would.
  const numeric = terms.map(({ property }) => set.properties[property] === 'number');
  const keyed = rows.map((row) => ({
    row,
    key: terms.map(({ property }, i) => {
      const value = row.values[property] ?? null;
      return value === null ? null : numeric[i] ? Number(value) : String(value);
    }),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < terms.length; i++) {
      const x = a.key[i] ?? null;
      const y = b.key[i] ?? null;
      if (x === y) continue;
      const sign = terms[i]!.sign;
      if (x === null) return -sign;
      if (y === null) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  });
  return keyed.map((entry) => entry.row);
}

export function selected(select: string | null, set: SimEntitySet): readonly string[] | undefined {
  if (select === null || select.trim() === '') return undefined;
  const names = select.split(',').map((name) => name.trim());
  for (const name of names)
    if (set.properties[name] === undefined && !(name === 'Objstate' && set.stateEnum !== undefined))
      throw notDefined(set, name);
  return names;
}
