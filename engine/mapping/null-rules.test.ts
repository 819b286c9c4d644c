/**
 * One test per NULL rule written in LANGUAGE.md ("NULL"), in the same order.
 */
import { describe, expect, it } from 'vitest';
import { parseColumnType } from '../model/column-type.ts';
import { Decimal, PlainDate, toJsonValue, type Value } from '../model/values/index.ts';
import { evaluate, type EvaluationResult } from './evaluate.ts';
import { compileMapping } from './mapping.ts';
import { GL_LOOKUPS, GL_SCHEMA, testContext } from './test-fixtures.ts';

const FULL: Record<string, Value> = {
  JRNENTRY: 7,
  ACTNUMST: '4000-100',
  DEBITAMT: Decimal.parse('10.00'),
  CRDTAMNT: Decimal.parse('2.50'),
  TRXDATE: PlainDate.of(2024, 1, 31),
  DSCRIPTN: 'rent',
  POSTED: true,
  vendor: { name: 'Acme', address: [] },
  tags: [],
};
const EMPTY: Record<string, Value> = {
  ...FULL,
  ACTNUMST: null,
  DEBITAMT: null,
  TRXDATE: null,
  DSCRIPTN: null,
  POSTED: null,
  vendor: null,
};

function run(expression: string, type: string, row: Record<string, Value>, required = false): EvaluationResult {
  const parsed = parseColumnType(type);
  if (!parsed.ok) throw new Error(parsed.message);
  const compiled = compileMapping(
    { columns: [{ column: 'out', type: parsed.type, expression, required }] },
    { schema: GL_SCHEMA, lookups: GL_LOOKUPS },
  );
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  return evaluate(compiled.mapping, [row], testContext());
}

function value(expression: string, type: string, row: Record<string, Value> = EMPTY): unknown {
  const result = run(expression, type, row);
  expect(result.held).toEqual([]);
  return toJsonValue(result.rows[0]?.['out'] ?? null);
}

describe('NULL rules', () => {
  it('1. a missing field, a NULL on the way along a path, or a list position past the end reads as NULL', () => {
    expect(value('vendor.name', 'string')).toBeNull();
    expect(value('vendor.name', 'string', { JRNENTRY: 1 })).toBeNull();
    expect(value('vendor.address[2].city', 'string', FULL)).toBeNull();
  });

  it('2. in arithmetic an empty number counts as 0, as an empty cell does; an empty date stays empty', () => {
    expect(value('DEBITAMT - CRDTAMNT', 'decimal(19,2)')).toBe('-2.50');
    expect(value('CRDTAMNT * DEBITAMT', 'decimal(19,2)')).toBe('0.00');
    expect(value('DEBITAMT / CRDTAMNT', 'decimal(19,2)')).toBe('0.00');
    expect(run('CRDTAMNT / DEBITAMT', 'decimal(19,2)', EMPTY).held[0]?.reasons[0]?.code).toBe('DIVISION_BY_ZERO');
    expect(value('-DEBITAMT', 'decimal(19,2)')).toBe('0.00');
    expect(value('TRXDATE + 1', 'date')).toBeNull();
  });

  it('3. in a comparison an empty value counts as 0, empty text, FALSE or a day before any date; NULL = NULL', () => {
    expect(value('ACTNUMST = "4000-100"', 'boolean')).toBe(false);
    expect(value('ACTNUMST = ""', 'boolean')).toBe(true);
    expect(value('DSCRIPTN = NULL', 'boolean')).toBe(true);
    expect(value('DEBITAMT >= 0', 'boolean')).toBe(true);
    expect(value('IF(ACTNUMST = "x", "yes", "no")', 'string')).toBe('no');
    expect(value('IF(ISBLANK(ACTNUMST), "blank", "set")', 'string')).toBe('blank');
  });

  it('4. & joins NULL as empty text, so its result is never NULL', () => {
    expect(value('"A" & ACTNUMST & "B"', 'string')).toBe('AB');
    expect(value('ACTNUMST & DSCRIPTN', 'string')).toBe('');
  });

  it('5. most functions give NULL for a NULL argument; the library documents the exceptions', () => {
    expect(value('LEFT(ACTNUMST, 1)', 'string')).toBeNull();
    expect(value('ROUND(DEBITAMT, 2)', 'decimal(19,2)')).toBeNull();
    expect(value('COALESCE(ACTNUMST, "none")', 'string')).toBe('none');
    expect(value('AND(POSTED, FALSE)', 'boolean')).toBe(false);
    expect(value('AND(POSTED, TRUE)', 'boolean')).toBe(true);
    expect(value('NOT(POSTED)', 'boolean')).toBe(true);
    expect(value('EXACT(ACTNUMST, "")', 'boolean')).toBe(true);
  });

  it('6. LOOKUP with a NULL key (or a NULL as-of date) is NULL, not a miss', () => {
    expect(value('LOOKUP(cost_centers, ACTNUMST)', 'string')).toBeNull();
    expect(value('LOOKUP(fx_rates, "EUR", TRXDATE)', 'decimal(9,4)')).toBeNull();
  });

  it('7. a LOOKUP miss holds the row unless a default is given; the default may be NULL', () => {
    const miss = { ...FULL, ACTNUMST: '0000' };
    expect(run('LOOKUP(cost_centers, ACTNUMST)', 'string', miss).held[0]?.reasons[0]?.code).toBe('LOOKUP_MISS');
    expect(value('LOOKUP(cost_centers, ACTNUMST, NULL)', 'string', miss)).toBeNull();
  });

  it('8. NULL in a required column holds the row; in an optional column it is written as NULL', () => {
    const held = run('ACTNUMST', 'string', EMPTY, true);
    expect(held.rows).toEqual([]);
    expect(held.held[0]?.reasons).toEqual([
      { column: 'out', code: 'REQUIRED_EMPTY', message: 'Required column "out" is empty.' },
    ]);
    expect(run('ACTNUMST', 'string', EMPTY, false).rows).toEqual([{ out: null }]);
  });

  it('8. text that is empty or only spaces (a no-break space, an ideographic space) holds a required column too; an optional one keeps it', () => {
    const reasons = (expression: string) => run(expression, 'string', FULL, true).held[0]?.reasons;
    expect(reasons('""')).toEqual([
      {
        column: 'out',
        code: 'REQUIRED_BLANK',
        message: 'Required column "out" is blank: the expression gave empty text.',
      },
    ]);
    expect(reasons('"   "')?.[0]?.message).toBe(
      'Required column "out" is blank: the expression gave only spaces (U+0020).',
    );
    expect(reasons('" \u00A0\t"')?.[0]?.message).toBe(
      'Required column "out" is blank: the expression gave only spaces (U+0020 U+00A0 U+0009).',
    );
    expect(reasons('MID(ACTNUMST, 99, 1) & "\u3000"')?.[0]?.code).toBe('REQUIRED_BLANK');
    expect(reasons('LEFT(ACTNUMST, 0)')?.[0]?.code).toBe('REQUIRED_BLANK');
    expect(run('" x "', 'string', FULL, true).rows).toEqual([{ out: ' x ' }]);
    expect(run('"\u00A0"', 'string', FULL, false).rows).toEqual([{ out: '\u00A0' }]);
    expect(run('""', 'string', FULL, false).rows).toEqual([{ out: '' }]);
  });

  it('9. both sides of an operator and every argument of a function are evaluated, so a hold does not depend on another part being NULL', () => {
    const result = run('DEBITAMT + LEN(LOOKUP(cost_centers, "none"))', 'decimal(19,2)', EMPTY);
    expect(result.held[0]?.reasons[0]?.code).toBe('LOOKUP_MISS');
    const inFunction = run('LEFT(ACTNUMST, LEN(LOOKUP(cost_centers, "none")))', 'string', EMPTY);
    expect(inFunction.held[0]?.reasons[0]?.code).toBe('LOOKUP_MISS');
  });
});
