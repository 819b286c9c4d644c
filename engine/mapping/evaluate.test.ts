import { describe, expect, it } from 'vitest';
import { parseColumnType, type ColumnType } from '../model/column-type.ts';
import { Decimal, PlainDate, Timestamp, toJsonValue, type Value } from '../model/values/index.ts';
import { evaluate } from './evaluate.ts';
import { compileMapping, type CompiledMapping, type MappingColumnSpec } from './mapping.ts';
import { datedTable, GL_LABEL, GL_LOOKUPS, GL_SCHEMA, testContext } from './test-fixtures.ts';
import { T } from './types.ts';

function columnType(text: string): ColumnType {
  const parsed = parseColumnType(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.type;
}

function col(column: string, type: string, expression: string, required = false): MappingColumnSpec {
  return { column, type: columnType(type), expression, required };
}

function compile(columns: readonly MappingColumnSpec[], lookups = GL_LOOKUPS): CompiledMapping {
  const result = compileMapping({ columns }, { schema: GL_SCHEMA, lookups, entityLabel: GL_LABEL });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.column}: ${d.message}`).join('\n'));
  return result.mapping;
}

const ROW: Record<string, Value> = {
  JRNENTRY: 1001,
  ACTNUMST: '4000-100',
  DEBITAMT: Decimal.parse('150.25'),
  CRDTAMNT: Decimal.parse('0.10'),
  TRXDATE: PlainDate.of(2024, 1, 15),
  DSCRIPTN: 'Invoice "A"',
  POSTED: true,
  MODIFIED: Timestamp.parse('2024-01-15T10:00:00+01:00'),
  'Account Number': '4000-100',
  vendor: { name: 'Acme', address: [{ city: 'Oslo', zip: '0150' }] },
  tags: ['a', 'b'],
  extra: null,
};

/** The JSON form of one expression's value over one row, as preview shows it. */
function valueOf(expression: string, type = 'string', row: Record<string, Value> = ROW): unknown {
  const mapping = compile([col('out', type, expression)]);
  const result = evaluate(mapping, [row], testContext());
  expect(result.held).toEqual([]);
  return toJsonValue(result.rows[0]?.['out'] ?? null);
}

function heldReasons(columns: readonly MappingColumnSpec[], row: Record<string, Value> = ROW) {
  const result = evaluate(compile(columns), [row], testContext());
  expect(result.rows).toEqual([]);
  return result.held[0]?.reasons;
}

describe('evaluating constructs', () => {
  it('reads fields, nested paths, list items and quoted names', () => {
    expect(valueOf('ACTNUMST')).toBe('4000-100');
    expect(valueOf('vendor.address[0].city')).toBe('Oslo');
    expect(valueOf('[Account Number]')).toBe('4000-100');
    expect(valueOf('tags[1]')).toBe('b');
  });

  it('gives NULL for a missing field, a position past the end, or a NULL on the way', () => {
    expect(valueOf('tags[5]')).toBeNull();
    expect(valueOf('vendor.address[3].city')).toBeNull();
    expect(valueOf('vendor.name', 'string', { ...ROW, vendor: null })).toBeNull();
    expect(valueOf('DSCRIPTN', 'string', { JRNENTRY: 1 })).toBeNull();
  });

  it('computes exact decimal arithmetic', () => {
    expect(valueOf('DEBITAMT - CRDTAMNT', 'decimal(19,2)')).toBe('150.15');
    expect(valueOf('0.1 + 0.2', 'decimal(19,2)')).toBe('0.30');
    expect(valueOf('ROUND(DEBITAMT / 3, 2)', 'decimal(19,2)')).toBe('50.08');
    expect(valueOf('-DEBITAMT', 'decimal(19,2)')).toBe('-150.25');
    expect(valueOf('JRNENTRY * 2 + 1', 'integer')).toBe(2003);
  });

  it('compares, joins text and calls functions', () => {
    expect(valueOf('IF(LEFT(ACTNUMST, 1) = "4", "REVENUE", "OTHER")')).toBe('REVENUE');
    expect(valueOf('DEBITAMT > 100', 'boolean')).toBe(true);
    expect(valueOf('ACTNUMST & "/" & JRNENTRY & "/" & TRXDATE')).toBe('4000-100/1001/2024-01-15');
    expect(valueOf('DSCRIPTN')).toBe('Invoice "A"');
    expect(valueOf('AND(POSTED, NOT(DEBITAMT < 0))', 'boolean')).toBe(true);
  });

  it('widens an integer branch where the checker promised a decimal', () => {
    const mapping = compile([col('out', 'decimal(19,2)', 'IF(POSTED, 1, 2.5) + 0')]);
    expect(toJsonValue(evaluate(mapping, [ROW], testContext()).rows[0]?.['out'] ?? null)).toBe('1.00');
  });
});

describe('LOOKUP at run time', () => {
  it('returns the entry for the key', () => {
    expect(valueOf('LOOKUP(cost_centers, ACTNUMST)')).toBe('CC-SALES');
  });

  it('holds the row on a miss without a default, naming the table and key', () => {
    expect(
      heldReasons([col('cc', 'string', 'LOOKUP(cost_centers, ACTNUMST)')], { ...ROW, ACTNUMST: '9999-999' }),
    ).toEqual([
      {
        column: 'cc',
        code: 'LOOKUP_MISS',
        message: 'Lookup table "cost_centers" has no entry for the key "9999-999".',
      },
    ]);
  });

  it('uses the default on a miss, even an explicit NULL', () => {
    const row = { ...ROW, ACTNUMST: '9999-999' };
    expect(valueOf('LOOKUP(cost_centers, ACTNUMST, "UNMAPPED")', 'string', row)).toBe('UNMAPPED');
    expect(valueOf('LOOKUP(cost_centers, ACTNUMST, NULL)', 'string', row)).toBeNull();
  });

  it('evaluates the default only on a miss', () => {
    // The default would hold the row (division by zero) if it were evaluated on a hit.
    expect(valueOf('LOOKUP(cost_centers, ACTNUMST, TEXT(1 / 0))')).toBe('CC-SALES');
  });

  it('looks up as of a date in an effective-dated table', () => {
    const rates = datedTable('fx_rates', T.string, T.decimal, [
      { key: 'EUR', from: PlainDate.of(2023, 1, 1), value: Decimal.parse('1.10') },
      { key: 'EUR', from: PlainDate.of(2024, 1, 1), value: Decimal.parse('1.20') },
    ]);
    const lookups = new Map([['fx_rates', rates]]);
    const mapping = compile([col('rate', 'decimal(9,4)', 'LOOKUP(fx_rates, "EUR", TRXDATE)')], lookups);
    const early = { ...ROW, TRXDATE: PlainDate.of(2023, 6, 1) };
    const tooEarly = { ...ROW, TRXDATE: PlainDate.of(2022, 6, 1) };
    const result = evaluate(mapping, [ROW, early, tooEarly], testContext(lookups));
    expect(result.rows.map((r) => toJsonValue(r['rate'] ?? null))).toEqual(['1.2000', '1.1000']);
    expect(result.held[0]?.reasons[0]?.message).toBe(
      'Lookup table "fx_rates" has no entry for the key "EUR" effective on 2022-06-01.',
    );
  });

  it('uses the tables of the run context over the ones known at compile time', () => {
    const mapping = compile([col('cc', 'string', 'LOOKUP(cost_centers, ACTNUMST)')]);
    const other = new Map([['cost_centers', { ...GL_LOOKUPS.get('cost_centers')!, get: () => 'FROM-RUN' }]]);
    expect(evaluate(mapping, [ROW], testContext(other)).rows[0]?.['cc']).toBe('FROM-RUN');
  });
});

describe('holding rows', () => {
  it('holds a row whose required column is empty, and only that row', () => {
    const mapping = compile([
      col('jrn', 'integer', 'JRNENTRY'),
      col('cost_center', 'string', 'LOOKUP(cost_centers, ACTNUMST, NULL)', true),
    ]);
    const result = evaluate(mapping, [ROW, { ...ROW, ACTNUMST: 'nope' }, { ...ROW, JRNENTRY: 3 }], testContext());
    expect(result.rows.map((r) => r['jrn'])).toEqual([1001, 3]);
    expect(result.held).toEqual([
      {
        index: 1,
        row: { ...ROW, ACTNUMST: 'nope' },
        reasons: [
          { column: 'cost_center', code: 'REQUIRED_EMPTY', message: 'Required column "cost_center" is empty.' },
        ],
      },
    ]);
  });

  it('holds a decimal that does not fit the column, saying to use ROUND', () => {
    expect(heldReasons([col('amount', 'decimal(19,2)', 'DEBITAMT / 3')])).toEqual([
      {
        column: 'amount',
        code: 'DECIMAL_TOO_MANY_PLACES',
        message:
          'Column "amount" is decimal(19,2), but the value 50.08333333333333333333333333333333 has more than 2 decimal places; use ROUND(..., 2).',
      },
    ]);
    expect(heldReasons([col('amount', 'decimal(4,2)', 'DEBITAMT')])?.[0]?.code).toBe('DECIMAL_TOO_MANY_DIGITS');
  });

  it('writes decimals with the column scale and widens integers', () => {
    expect(valueOf('DEBITAMT * 1.000', 'decimal(19,2)')).toBe('150.25');
    expect(valueOf('JRNENTRY', 'decimal(10,2)')).toBe('1001.00');
  });

  it('lists the reason of every failing column of a held row', () => {
    const reasons = heldReasons([
      col('cc', 'string', 'LOOKUP(cost_centers, "x")'),
      col('ok', 'string', 'ACTNUMST'),
      col('ratio', 'decimal(19,6)', 'DEBITAMT / 0'),
    ]);
    expect(reasons?.map((r) => [r.column, r.code])).toEqual([
      ['cc', 'LOOKUP_MISS'],
      ['ratio', 'DIVISION_BY_ZERO'],
    ]);
  });

  it('holds a value of the wrong kind from a field of unknown type', () => {
    expect(heldReasons([col('n', 'integer', 'extra')], { ...ROW, extra: 'text' })?.[0]).toMatchObject({
      code: 'WRONG_TYPE',
    });
  });

  it('holds instead of failing the run when a field has an unexpected runtime kind', () => {
    const reasons = heldReasons([col('a', 'decimal(19,2)', 'DEBITAMT - CRDTAMNT')], { ...ROW, DEBITAMT: 'oops' });
    expect(reasons?.[0]?.column).toBe('a');
  });
});

describe('compiling a mapping', () => {
  it('reports every problem of every column at once, with the column and position', () => {
    const result = compileMapping(
      {
        columns: [
          col('account', 'string', 'ACTNMST'),
          col('amount', 'decimal(19,2)', 'ROUND(DEBITAMT - , 2)'),
          col('qty', 'integer', 'DEBITAMT'),
          col('account', 'string', 'ACTNUMST'),
        ],
      },
      { schema: GL_SCHEMA, lookups: GL_LOOKUPS, entityLabel: GL_LABEL },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.column, d.code, d.start.line, d.start.column])).toEqual([
      ['account', 'type.unknown-field', 1, 1],
      ['amount', 'syntax.missing-operand', 1, 16],
      ['qty', 'type.target-mismatch', 1, 1],
      ['account', 'mapping.duplicate-column', 1, 1],
    ]);
  });

  it('warns when a required column is always empty', () => {
    const mapping = compile([col('x', 'string', 'NULL', true)]);
    expect(mapping.warnings.map((w) => [w.column, w.code])).toEqual([['x', 'type.always-empty']]);
  });

  it('reuses the compiled column for the same text, schema and tables', () => {
    const first = compile([col('a', 'decimal(19,2)', 'ROUND(DEBITAMT - CRDTAMNT, 2)')]);
    const second = compile([col('a', 'decimal(19,2)', 'ROUND(DEBITAMT - CRDTAMNT, 2)')]);
    expect(second.columns[0]?.expression).toBe(first.columns[0]?.expression);
    const otherSchema = compileMapping(
      { columns: [col('a', 'decimal(19,2)', 'ROUND(DEBITAMT - CRDTAMNT, 2)')] },
      { schema: { ...GL_SCHEMA, DEBITAMT: T.integer }, lookups: GL_LOOKUPS },
    );
    expect(otherSchema.ok && otherSchema.mapping.columns[0]?.expression).not.toBe(first.columns[0]?.expression);
  });

  it('folds parts that need no row into constants, but never the run date', () => {
    const folded = compile([col('d', 'decimal(19,2)', 'ROUND(10 / 4, 2) + 0')]);
    const fn = folded.columns[0]?.expression.evaluate;
    expect(fn?.({}, { ctx: testContext(), tables: [] })).toBe(fn?.({ other: 1 }, { ctx: testContext(), tables: [] }));
    const today = compile([col('d', 'date', 'TODAY()')]);
    const ctx = { ...testContext(), runDate: PlainDate.of(2030, 5, 6) };
    expect(toJsonValue(evaluate(today, [ROW], ctx).rows[0]?.['d'] ?? null)).toBe('2030-05-06');
    const fiscal = compile([col('p', 'integer', 'FISCALPERIOD(DATE(2024, 7, 15))')]);
    expect(evaluate(fiscal, [ROW], { ...testContext(), fiscalYearStartMonth: 1 }).rows[0]?.['p']).toBe(7);
    expect(evaluate(fiscal, [ROW], { ...testContext(), fiscalYearStartMonth: 7 }).rows[0]?.['p']).toBe(1);
  });

  it('keeps a constant that fails to a per-row hold instead of a compile error', () => {
    expect(heldReasons([col('x', 'decimal(19,2)', '1 / 0')])?.[0]?.code).toBe('DIVISION_BY_ZERO');
  });

  it('refuses a column named __proto__, which no row object could hold', () => {
    const result = compileMapping(
      { columns: [col('__proto__', 'string', 'ACTNUMST')] },
      { schema: GL_SCHEMA, lookups: GL_LOOKUPS },
    );
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(['mapping.reserved-column']);
  });

  it('reads a field named like an inherited property as NULL when the row lacks it', () => {
    const schema = { constructor: T.string, toString: T.string };
    const result = compileMapping(
      { columns: [col('a', 'string', 'constructor'), col('b', 'string', 'toString')] },
      { schema, lookups: GL_LOOKUPS },
    );
    if (!result.ok) throw new Error('did not compile');
    expect(evaluate(result.mapping, [{}], testContext()).rows).toEqual([{ a: null, b: null }]);
    expect(evaluate(result.mapping, [{ constructor: 'x', toString: 'y' }], testContext()).rows).toEqual([
      { a: 'x', b: 'y' },
    ]);
  });

  it('refuses to evaluate when a lookup table is not loaded', () => {
    const mapping = compile([col('cc', 'string', 'LOOKUP(cost_centers, ACTNUMST)')]);
    const bare = { ...mapping, lookups: new Map() };
    expect(() => evaluate(bare, [ROW], testContext(new Map()))).toThrow(
      'Column "cc" uses the lookup table "cost_centers", which is not loaded.',
    );
  });
});
