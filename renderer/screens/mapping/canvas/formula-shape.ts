/**
 * What the canvas draws for one column's formula: the source fields it reads, the lookup tables it
 * goes through, and whether it is more than a field (a transform node between). Pure; cached by
 * formula text, since most edits leave most formulas as they were and a 300-column stream would
 * otherwise parse every formula on every edit.
 */
import { fieldsRead, parse, type Expr } from '../../../../engine/mapping/index.ts';
import { isUnmapped } from '../../../commands/mappings.ts';

export interface FormulaShape {
  /** Formula NULL (or blank): the column waits for a field. */
  readonly unmapped: boolean;
  /** The source fields read (their first path step), in order of first use. */
  readonly fields: readonly string[];
  readonly lookups: readonly string[];
  /** The transform node's text; null when the formula is a plain field or a plain lookup of one. */
  readonly transform: string | null;
  /** The formula does not parse: its transform node says so. */
  readonly broken: boolean;
}

/** Longer formulas show their outer function on the canvas; the whole text is in the tooltip. */
const LABEL_LIMIT = 40;
const CACHE_LIMIT = 5000;
const cache = new Map<string, FormulaShape>();

export function formulaShape(expression: string): FormulaShape {
  const cached = cache.get(expression);
  if (cached) return cached;
  const shape = analyse(expression);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, shape);
  return shape;
}

function analyse(expression: string): FormulaShape {
  if (isUnmapped(expression)) return { unmapped: true, fields: [], lookups: [], transform: null, broken: false };
  const parsed = parse(expression);
  const read = fieldsRead(expression);
  const fields = [...new Set(read.fields.map((use) => use.root))];
  const lookups = read.lookups.map((use) => use.table);
  const plain = parsed.problems.length === 0 && (parsed.ast.kind === 'field' || isPlainLookup(parsed.ast));
  return {
    unmapped: false,
    fields,
    lookups,
    transform: plain ? null : transformLabel(expression, parsed.ast),
    broken: parsed.problems.length > 0,
  };
}

/**
 * A formula that is a LOOKUP of a computed key draws as transform -> lookup: the transform shows the
 * key it computes (`MID(ACTNUMST, 5, 1)`), since the lookup node already names the table.
 */
function transformLabel(expression: string, ast: Expr): string {
  const key = ast.kind === 'call' && ast.name === 'LOOKUP' ? ast.args[1] : undefined;
  if (key === undefined || key.kind === 'error') return formulaLabel(expression, ast);
  return formulaLabel(expression.slice(key.range.start, key.range.end), key);
}

/** `LOOKUP(table, FIELD)` or with a constant default: the lookup node alone says it all. */
function isPlainLookup(ast: Expr): boolean {
  if (ast.kind !== 'call' || ast.name !== 'LOOKUP') return false;
  const [, key, third] = ast.args;
  const constant =
    third === undefined ||
    third.kind === 'string' ||
    third.kind === 'number' ||
    third.kind === 'boolean' ||
    third.kind === 'null';
  return ast.args.length <= 3 && key?.kind === 'field' && constant;
}

/** The formula as written, one line; a long one as its outer function, `IF(…)`. */
export function formulaLabel(expression: string, ast?: Expr): string {
  const text = expression.replace(/\s+/g, ' ').trim();
  if (text.length <= LABEL_LIMIT) return text;
  if (ast?.kind === 'call') return `${ast.name}(…)`;
  return `${text.slice(0, LABEL_LIMIT - 1)}…`;
}
