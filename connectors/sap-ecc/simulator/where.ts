/**
 * The simulator's reading of RFC_READ_TABLE's OPTIONS, as strict as SAP's dynamic WHERE: each line at most
 * 72 characters, tokens separated by spaces (a `(` glued to a name is no field name, so it is refused), literals in quotes with `''`
 * for a quote, comparisons of a field with a literal joined by AND/OR/NOT and parentheses. Anything else is
 * OPTION_NOT_VALID, as on SAP. Character comparison is on the stored (internal, zero-padded) text.
 */
export const OPTION_TEXT_WIDTH = 72;

export type Row = Readonly<Record<string, string>>;
export type Predicate = (row: Row) => boolean;

export class OptionNotValid extends Error {}

const OPERATORS: Record<string, (a: string, b: string) => boolean> = {
  '=': (a, b) => a === b,
  EQ: (a, b) => a === b,
  '<>': (a, b) => a !== b,
  NE: (a, b) => a !== b,
  '>': (a, b) => a > b,
  GT: (a, b) => a > b,
  '>=': (a, b) => a >= b,
  GE: (a, b) => a >= b,
  '<': (a, b) => a < b,
  LT: (a, b) => a < b,
  '<=': (a, b) => a <= b,
  LE: (a, b) => a <= b,
};

/** Tokens of all lines; a line longer than 72 is refused. */
export function tokenize(lines: readonly string[]): string[] {
  const tokens: string[] = [];
  for (const line of lines) {
    if (line.length > OPTION_TEXT_WIDTH) throw new OptionNotValid(`line longer than ${OPTION_TEXT_WIDTH}`);
    let i = 0;
    while (i < line.length) {
      if (line[i] === ' ') {
        i++;
        continue;
      }
      let token = '';
      if (line[i] === "'") {
        token = "'";
        i++;
        for (;;) {
          if (i >= line.length) throw new OptionNotValid('unterminated literal');
          if (line[i] === "'" && line[i + 1] === "'") {
            token += "''";
            i += 2;
          } else if (line[i] === "'") {
            token += "'";
            i++;
            break;
          } else token += line[i++];
        }
        if (i < line.length && line[i] !== ' ') throw new OptionNotValid('no space after a literal');
      } else {
        while (i < line.length && line[i] !== ' ') token += line[i++];
      }
      tokens.push(token);
    }
  }
  return tokens;
}

/** A predicate over rows, or OptionNotValid; an unknown field is OptionNotValid too (SAP checks the names). */
export function parseWhere(lines: readonly string[], fields: ReadonlySet<string>): Predicate {
  const tokens = tokenize(lines);
  if (tokens.length === 0) return () => true;
  let at = 0;
  const peek = () => tokens[at]?.toUpperCase();
  const or = (): Predicate => {
    let left = and();
    while (peek() === 'OR') {
      at++;
      const l = left;
      const r = and();
      left = (row) => l(row) || r(row);
    }
    return left;
  };
  const and = (): Predicate => {
    let left = not();
    while (peek() === 'AND') {
      at++;
      const l = left;
      const r = not();
      left = (row) => l(row) && r(row);
    }
    return left;
  };
  const not = (): Predicate => {
    if (peek() === 'NOT') {
      at++;
      const inner = not();
      return (row) => !inner(row);
    }
    return primary();
  };
  const primary = (): Predicate => {
    if (tokens[at] === '(') {
      at++;
      const inner = or();
      if (tokens[at++] !== ')') throw new OptionNotValid('missing )');
      return inner;
    }
    const field = tokens[at++]?.toUpperCase();
    const operator = tokens[at++]?.toUpperCase();
    const literal = tokens[at++];
    if (field === undefined || !fields.has(field)) throw new OptionNotValid(`unknown field ${field ?? ''}`);
    const compare = operator === undefined ? undefined : OPERATORS[operator];
    if (compare === undefined || literal === undefined || !literal.startsWith("'"))
      throw new OptionNotValid('not a comparison');
    const value = literal.slice(1, -1).replaceAll("''", "'");
    // Character fields compare blank-padded, so ' ' matches an empty flag.
    return (row) => compare((row[field] ?? '').trimEnd(), value.trimEnd());
  };
  const predicate = or();
  if (at !== tokens.length) throw new OptionNotValid(`unexpected ${tokens[at] ?? ''}`);
  return predicate;
}
