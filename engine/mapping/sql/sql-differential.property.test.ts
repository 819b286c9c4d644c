/**
 * The SQL back end against the JS back end: seeded random typed rows (some fields empty, some text
 * outside printable ASCII) go through both, the JS closures and a real in-memory DuckDB, and every
 * row must give the same value, or the same hold with the same code and message. A row the SQL marks
 * for the JS back end (text it does not reproduce) is left to JS, and must really hold such text.
 * A whole mapping is compared too: target rows, and held rows with the same reasons in column order.
 * Decimals compare by value: a target column gives every value its own scale (column-output.ts).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, PlainDate, formatValue, type Value } from '../../model/values/index.ts';
import { check } from '../checker.ts';
import { evaluate, type HoldReason } from '../evaluate.ts';
import { compileMapping, type MappingColumnSpec } from '../mapping.ts';
import { compileExpression } from '../compiler.ts';
import { FUNCTIONS } from '../functions/index.ts';
import { RowHold } from '../functions/spec.ts';
import { parse } from '../parser.ts';
import { T, type MappingType } from '../types.ts';
import { compileSqlMapping, HOLD_REASONS_COLUMN, NEEDS_JS_COLUMN } from './compile-sql-mapping.ts';
import { compileSql, SQL_FUNCTIONS, type SqlExpression } from './compile-sql.ts';
import { JS_ONLY_FUNCTIONS } from './js-only.ts';

const SEED = 20261208;
const RUNS = 25;

// Seeded random typed rows: the same rows as JS values and as the DuckDB table source_rows.
const SCHEMA: Record<string, MappingType> = {
  a: T.integer,
  b: T.integer,
  d: T.decimal,
  e: T.decimal,
  s: T.string,
  t: T.string,
  p: T.boolean,
  q: T.boolean,
  dt: T.date,
  du: T.date,
};
const COLUMNS =
  'a BIGINT, b BIGINT, d DECIMAL(18,2), e DECIMAL(18,3), s VARCHAR, t VARCHAR, p BOOLEAN, q BOOLEAN, dt DATE, du DATE';

// Printable ASCII mostly (letters of both cases, digits, punctuation, spaces), sometimes an accent or a control.
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...'aAbBzZ09 -_.,~{}[]'.split('')), maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('é', 'E', 'e', '\u00ad', 'ß', ' ', '\t'), maxLength: 4 }) },
);
const integer = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -200, max: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: -300_000, max: 300_000 }) },
);
const scaled = (places: number) =>
  fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }).map((units) => {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
  });
const day = fc.integer({ min: 0, max: 3650 }).map((n) => PlainDate.of(2020, 1, 1).addDays(n));
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { freq: 5 });

const rowArbitrary = fc.record({
  a: maybe(integer),
  b: maybe(integer),
  d: maybe(scaled(2)),
  e: maybe(scaled(3)),
  s: maybe(text),
  t: maybe(text),
  p: maybe(fc.boolean()),
  q: maybe(fc.boolean()),
  dt: maybe(day),
  du: maybe(day),
});
type GeneratedRow = typeof rowArbitrary extends fc.Arbitrary<infer R> ? R : never;

function jsRow(row: GeneratedRow): Record<string, Value> {
  return {
    ...row,
    d: row.d === null ? null : Decimal.parse(row.d),
    e: row.e === null ? null : Decimal.parse(row.e),
  };
}

function sqlLiteral(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (value instanceof PlainDate) return `DATE '${value.toString()}'`;
  return String(value);
}

/** The rows as the table `source_rows`, replacing the last one. */
async function loadSourceRows(connection: DuckDBConnection, rows: readonly GeneratedRow[]): Promise<void> {
  const values = rows
    .map(
      (row, id) =>
        `(${id}, ${Object.keys(SCHEMA)
          .map((name) => sqlLiteral(row[name as keyof GeneratedRow]))
          .join(', ')})`,
    )
    .join(', ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE source_rows (id INTEGER, ${COLUMNS})`);
  await connection.run(`INSERT INTO source_rows VALUES ${values}`);
}

/** Formulas over the row; together they use every operator and every function the SQL back end claims. */
const FORMULAS = [
  'a + b',
  'a - b * 3',
  'a * b * b',
  '-a + d',
  'd * e - a',
  '-d',
  'a = b',
  'a < d',
  'd >= e',
  'p = q',
  'p < q',
  'dt < du',
  'dt = du',
  's = t',
  's < t',
  's <> "abc"',
  's >= t',
  's & "-" & a & p & dt',
  'CONCATENATE(s, a, NULL, q)',
  'IF(p, a, b)',
  'IF(p, d)',
  'IF(a > 0, s, t)',
  'IF(q, a * b)',
  'IFS(a > 100, "big", a > 0, "small")',
  'IFS(p, a * b * b, TRUE, 0)',
  'AND(p, q)',
  'OR(p, q, a > 0)',
  'AND(p, a * b * b * b > 0)',
  'NOT(p)',
  'NOT(a > b)',
  'COALESCE(d, e, 0)',
  'COALESCE(s, t)',
  'COALESCE(a, b * b * b)',
  'ISBLANK(s)',
  'ISBLANK(d)',
  'ROUND(d, 1)',
  'ROUND(e, 2)',
  'ROUND(d * e, 3)',
  'd * e * d + a',
  'ROUND(a, 2)',
  'ABS(d - e)',
  'ABS(a - b)',
  'MOD(a, b)',
  'MOD(a * 7, 3) + MOD(-a, b - 1)',
  'LEFT(s, 2)',
  'LEFT(s)',
  'RIGHT(t, 3)',
  'LEN(s)',
  'UPPER(s)',
  'LOWER(t)',
  'TRIM(s)',
  'YEAR(dt)',
  'MONTH(dt) + DAY(du)',
];

interface Outcome {
  readonly value?: string;
  readonly hold?: { readonly code: string; readonly message: string };
}

function canonical(value: Value | string | boolean | null, type: MappingType): string | undefined {
  if (value === null) return undefined;
  if (type.kind === 'decimal') return normalizeDecimalText(String(value));
  if (type.kind === 'boolean') return String(value).toLowerCase();
  if (value instanceof PlainDate) return formatValue(value);
  return String(value);
}

function normalizeDecimalText(text: string): string {
  if (!text.includes('.')) return text === '-0' ? '0' : text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

function jsOutcome(formula: string, row: Record<string, Value>): Outcome {
  const ast = parse(formula).ast;
  const checked = check(ast, { schema: SCHEMA, lookups: new Map() });
  const compiled = compileExpression(ast, checked);
  try {
    const value = compiled.evaluate(row, {
      ctx: { runDate: PlainDate.of(2024, 3, 31), lookups: new Map(), fiscalYearStartMonth: 7 },
      tables: [],
    });
    if (value === null) return {};
    if (value instanceof Decimal) return { value: normalizeDecimalText(value.toString()) };
    return { value: canonical(value, checked.type) };
  } catch (error) {
    if (error instanceof RowHold) return { hold: { code: error.code, message: error.reason } };
    throw error;
  }
}

function sqlOf(formula: string): { sql: SqlExpression; type: MappingType } {
  const ast = parse(formula).ast;
  const checked = check(ast, { schema: SCHEMA, lookups: new Map() });
  const verdict = compileSql(ast, checked);
  if (!('sql' in verdict)) throw new Error(`${formula} is JS-only: ${verdict.jsOnly}`);
  return { sql: verdict.sql, type: checked.type };
}

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function sqlOutcomes(
  formula: string,
  rows: readonly GeneratedRow[],
): Promise<{ outcome: Outcome; needsJs: boolean }[]> {
  const { sql, type } = sqlOf(formula);
  await loadSourceRows(connection, rows);
  const reader = await connection.runAndReadAll(
    `SELECT CAST(${sql.value} AS VARCHAR), (${sql.hold}).code, (${sql.hold}).message, ${sql.needsJs} FROM source_rows ORDER BY id`,
  );
  return reader.getRows().map(([value, code, message, needsJs]) => ({
    outcome:
      code !== null
        ? { hold: { code: String(code), message: String(message) } }
        : value === null
          ? {}
          : { value: type.kind === 'decimal' ? normalizeDecimalText(String(value)) : canonical(value as string, type) },
    needsJs: needsJs === true,
  }));
}

const PRINTABLE_ASCII = /^[ -~]*$/;

describe('the SQL back end gives what the JS back end gives', () => {
  it('every formula compiles to SQL', () => {
    for (const formula of FORMULAS) expect(() => sqlOf(formula), formula).not.toThrow();
  });

  it.each(FORMULAS)('%s: same values, same holds with the same reasons', async (formula) => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArbitrary, { minLength: 1, maxLength: 25 }), async (rows) => {
        const fromSql = await sqlOutcomes(formula, rows);
        rows.forEach((row, index) => {
          const { outcome, needsJs } = fromSql[index] as { outcome: Outcome; needsJs: boolean };
          if (needsJs) {
            // Left to the JS back end: only text outside printable ASCII does that.
            expect([row.s, row.t].some((value) => value !== null && !PRINTABLE_ASCII.test(value))).toBe(true);
            return;
          }
          compared++;
          expect(outcome, `${formula} on ${JSON.stringify(row)}`).toEqual(jsOutcome(formula, jsRow(row)));
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(compared).toBeGreaterThan(0);
  });

  it('the formulas use every function the SQL back end claims', () => {
    const used = new Set(FORMULAS.flatMap((formula) => [...formula.matchAll(/([A-Z]+)\(/g)].map((m) => m[1])));
    for (const name of SQL_FUNCTIONS) expect(used, name).toContain(name);
  });
});

describe('every function is claimed by the SQL back end or says why it is JS-only', () => {
  it('covers the whole catalog, and nothing is both', () => {
    for (const name of FUNCTIONS.keys()) {
      const claimed = SQL_FUNCTIONS.has(name);
      const reason = JS_ONLY_FUNCTIONS.get(name);
      expect(claimed || (reason !== undefined && reason.length > 0), name).toBe(true);
      expect(claimed && reason !== undefined, name).toBe(false);
    }
    for (const name of [...SQL_FUNCTIONS, ...JS_ONLY_FUNCTIONS.keys()]) expect(FUNCTIONS.has(name), name).toBe(true);
  });

  it('a formula using a JS-only function or / gets a verdict naming it', () => {
    const verdictOf = (formula: string) => {
      const ast = parse(formula).ast;
      return compileSql(ast, check(ast, { schema: SCHEMA, lookups: new Map() }));
    };
    expect(verdictOf('IF(p, TEXT(d), s)')).toEqual({ jsOnly: expect.stringMatching(/^TEXT: /) });
    expect(verdictOf('ROUND(d / 3, 2)')).toEqual({ jsOnly: expect.stringContaining('the operator /') });
    expect(verdictOf('d & "x"')).toEqual({ jsOnly: expect.stringContaining('decimal') });
    expect(verdictOf('ROUND(d, 39)')).toEqual({ jsOnly: expect.stringContaining('from 0 to 38') });
    expect(verdictOf('ROUND(d, -1)')).toEqual({ jsOnly: expect.stringContaining('from 0 to 38') });
    expect(verdictOf('MOD(d, 2)')).toEqual({ jsOnly: expect.stringContaining('MOD of decimals') });
  });
});

const MAPPING_SEED = 8122026;

const MAPPING: readonly MappingColumnSpec[] = [
  { column: 'account', type: { kind: 'string' }, expression: 'UPPER(TRIM(s)) & "-" & MOD(a, 7)', required: true },
  { column: 'code', type: { kind: 'string' }, expression: 'IF(s < t, t, LEFT(s, 2))', required: true },
  { column: 'units', type: { kind: 'integer' }, expression: 'a * b * b * b', required: false },
  { column: 'bucket', type: { kind: 'string' }, expression: 'IFS(a > 150, "high", a > 0, "low")', required: false },
  { column: 'period', type: { kind: 'integer' }, expression: 'MOD(a, b) + MONTH(dt)', required: true },
  { column: 'posted', type: { kind: 'date' }, expression: 'COALESCE(dt, du)', required: true },
  { column: 'open', type: { kind: 'boolean' }, expression: 'AND(p, q)', required: false },
];

function canonicalRow(row: Record<string, Value>): Record<string, string | null> {
  return Object.fromEntries(
    MAPPING.map(({ column }) => {
      const value = row[column] ?? null;
      return [column, value === null ? null : formatValue(value)];
    }),
  );
}

function selectSql(): string {
  const verdict = compileSqlMapping(MAPPING, SCHEMA, 'SELECT * FROM source_rows', ['id']);
  if (!('sql' in verdict)) throw new Error(`JS-only: ${verdict.jsOnly.column}: ${verdict.jsOnly.reason}`);
  return verdict.sql;
}

interface SqlRow {
  readonly values: Record<string, string | null>;
  readonly reasons: HoldReason[];
  readonly needsJs: boolean;
}

async function runSql(rows: readonly GeneratedRow[]): Promise<SqlRow[]> {
  await loadSourceRows(connection, rows);
  const names = MAPPING.map(({ column }) => column);
  const select = `SELECT ${names.map((name) => `CAST("${name}" AS VARCHAR)`).join(', ')}, to_json(${HOLD_REASONS_COLUMN}), ${NEEDS_JS_COLUMN} FROM (${selectSql()}) ORDER BY id`;
  const reader = await connection.runAndReadAll(select);
  return reader.getRows().map((cells) => ({
    values: Object.fromEntries(names.map((name, i) => [name, cells[i] === null ? null : String(cells[i])])),
    reasons: JSON.parse(String(cells[names.length])) as HoldReason[],
    needsJs: cells[names.length + 1] === true,
  }));
}

const JS_MAPPING = (() => {
  const compiled = compileMapping({ columns: MAPPING }, { schema: SCHEMA, lookups: new Map() });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.mapping;
})();
const CONTEXT = { runDate: undefined as never, lookups: new Map(), fiscalYearStartMonth: 1 };

describe('a mapping run by SQL gives the JS back end’s rows and holds', () => {
  it('the same target rows, and the same held rows with the same reasons', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(rowArbitrary, { minLength: 1, maxLength: 30 }), async (rows) => {
        const fromSql = await runSql(rows);
        const fromJs = evaluate(JS_MAPPING, rows.map(jsRow), CONTEXT);
        const jsTargets = fromJs.rows.map(canonicalRow);
        const heldByIndex = new Map(fromJs.held.map((held) => [held.index, held.reasons]));
        let target = 0;
        rows.forEach((row, index) => {
          const sqlRow = fromSql[index] as SqlRow;
          const jsReasons = heldByIndex.get(index);
          const jsTarget = jsReasons === undefined ? jsTargets[target++] : undefined;
          if (sqlRow.needsJs) {
            expect([row.s, row.t].some((text) => text !== null && !/^[ -~]*$/.test(text))).toBe(true);
            return;
          }
          const where = JSON.stringify(row);
          if (jsReasons === undefined) {
            expect(sqlRow.reasons, where).toEqual([]);
            expect(sqlRow.values, where).toEqual(jsTarget);
          } else {
            expect(sqlRow.reasons, where).toEqual(jsReasons);
            for (const reason of jsReasons) seen.add(reason.code);
          }
        });
      }),
      { numRuns: 40, seed: MAPPING_SEED },
    );
    // The seeded rows reach every kind of hold this mapping can give.
    expect([...seen].sort()).toEqual(
      ['DIVISION_BY_ZERO', 'INTEGER_OVERFLOW', 'NO_CONDITION', 'NO_MATCH', 'REQUIRED_BLANK', 'REQUIRED_EMPTY'].sort(),
    );
  });

  it('names the column and the reason when a column has no faithful SQL form', () => {
    const columns: MappingColumnSpec[] = [
      ...MAPPING,
      {
        column: 'amount',
        type: { kind: 'decimal', precision: 19, scale: 2 },
        expression: 'ROUND(d, 2)',
        required: true,
      },
    ];
    expect(compileSqlMapping(columns, SCHEMA, 'SELECT * FROM source_rows')).toEqual({
      jsOnly: { column: 'amount', reason: expect.stringContaining('decimal(19,2)') },
    });
    const dividing: MappingColumnSpec[] = [
      { column: 'n', type: { kind: 'string' }, expression: '"x" & a / b', required: false },
    ];
    expect(compileSqlMapping(dividing, SCHEMA, 'SELECT * FROM source_rows')).toEqual({
      jsOnly: { column: 'n', reason: expect.stringContaining('the operator /') },
    });
  });
});
