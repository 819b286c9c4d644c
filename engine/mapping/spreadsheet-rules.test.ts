/**
 * Formulas give what a spreadsheet gives (LANGUAGE.md, "Spreadsheet rules"), through the whole path:
 * checked, compiled (with its fast paths and constant folding) and run on rows.
 */
import { describe, expect, it } from 'vitest';
import { parseColumnType } from '../model/column-type.ts';
import { Decimal, PlainDate, toJsonValue, type Value } from '../model/values/index.ts';
import { evaluate, type EvaluationResult } from './evaluate.ts';
import { compileMapping } from './mapping.ts';
import { GL_LOOKUPS, GL_SCHEMA, testContext } from './test-fixtures.ts';

const ROW: Record<string, Value> = {
  JRNENTRY: 7,
  ACTNUMST: '4000-100',
  DEBITAMT: Decimal.parse('10.00'),
  CRDTAMNT: null,
  TRXDATE: PlainDate.of(2024, 1, 31),
  DSCRIPTN: 'Posted',
  POSTED: null,
  extra: 'Zürich',
};

function run(expression: string, type: string, row: Record<string, Value> = ROW, required = false): EvaluationResult {
  const parsed = parseColumnType(type);
  if (!parsed.ok) throw new Error(parsed.message);
  const compiled = compileMapping(
    { columns: [{ column: 'out', type: parsed.type, expression, required }] },
    { schema: GL_SCHEMA, lookups: GL_LOOKUPS },
  );
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  return evaluate(compiled.mapping, [row], testContext());
}

function value(expression: string, type = 'boolean', row: Record<string, Value> = ROW): unknown {
  const result = run(expression, type, row);
  expect(result.held).toEqual([]);
  return toJsonValue(result.rows[0]?.['out'] ?? null);
}

describe('text compares without regard to case, in dictionary order', () => {
  it('= and <> ignore case, on fields, constants and folded constants alike', () => {
    expect(value('DSCRIPTN = "posted"')).toBe(true);
    expect(value('DSCRIPTN <> "POSTED"')).toBe(false);
    expect(value('"posted" = DSCRIPTN')).toBe(true);
    expect(value('"Posted" = "posted"')).toBe(true);
    expect(value('LOWER(DSCRIPTN) = DSCRIPTN')).toBe(true);
    expect(value('extra = "zürich"')).toBe(true);
  });

  it('accents count', () => {
    expect(value('extra = "Zurich"')).toBe(false);
    expect(value('extra > "Zurich"')).toBe(true);
  });

  it('< <= > >= order text as a dictionary does', () => {
    expect(value('"a" < "B"')).toBe(true);
    expect(value('DSCRIPTN < "q"')).toBe(true);
    expect(value('DSCRIPTN >= "POSTED"')).toBe(true);
    expect(value('DSCRIPTN > "posted"')).toBe(false);
    expect(value('"apple" <= DSCRIPTN')).toBe(true);
  });

  it('IFS, SWITCH, AND and OR see the same equality', () => {
    expect(value('IFS(DSCRIPTN = "POSTED", "p", TRUE, "other")', 'string')).toBe('p');
    expect(value('SWITCH(DSCRIPTN, "draft", "d", "posted", "p", "other")', 'string')).toBe('p');
    expect(value('AND(DSCRIPTN = "posted", ACTNUMST <> "4000-1OO")')).toBe(true);
    expect(value('OR(DSCRIPTN = "x", DSCRIPTN = "POSTED")')).toBe(true);
  });

  it('MIN and MAX of text follow the same order', () => {
    expect(value('MIN("b", "A", "c")', 'string')).toBe('A');
    expect(value('MAX("b", "A", "C")', 'string')).toBe('C');
  });
});

function heldCode(expression: string, type: string, row: Record<string, Value> = ROW): string | undefined {
  return run(expression, type, row).held[0]?.reasons[0]?.code;
}

// CRDTAMNT and POSTED are empty in ROW.
describe('an empty value counts as a spreadsheet counts an empty cell', () => {
  it('in arithmetic, as 0', () => {
    expect(value('DEBITAMT + CRDTAMNT', 'decimal(19,2)')).toBe('10.00');
    expect(value('CRDTAMNT - DEBITAMT', 'decimal(19,2)')).toBe('-10.00');
    expect(value('DEBITAMT * CRDTAMNT', 'decimal(19,2)')).toBe('0.00');
    expect(value('CRDTAMNT / DEBITAMT', 'decimal(19,2)')).toBe('0.00');
    expect(value('-CRDTAMNT', 'decimal(19,2)')).toBe('0.00');
    expect(value('CRDTAMNT + CRDTAMNT', 'decimal(19,2)')).toBe('0.00');
    expect(value('JRNENTRY + NULL', 'integer')).toBe(7);
    expect(value('ROUND((DEBITAMT + CRDTAMNT) / 3, 2)', 'decimal(19,2)')).toBe('3.33');
    expect(value('ROUND(CRDTAMNT / 3 + 1, 2)', 'decimal(19,2)')).toBe('1.00');
  });

  it('dividing by an empty value holds the row, as #DIV/0! does', () => {
    expect(heldCode('DEBITAMT / CRDTAMNT', 'decimal(19,2)')).toBe('DIVISION_BY_ZERO');
    expect(heldCode('ROUND(DEBITAMT / CRDTAMNT, 2)', 'decimal(19,2)')).toBe('DIVISION_BY_ZERO');
  });

  it('as 0 days added to a date; an empty date stays empty', () => {
    expect(value('TRXDATE + extra', 'date', { ...ROW, extra: null })).toBe('2024-01-31');
    expect(value('TRXDATE - extra', 'date', { ...ROW, extra: null })).toBe('2024-01-31');
    expect(value('TRXDATE + 1', 'date', { ...ROW, TRXDATE: null })).toBeNull();
    expect(value('DATE(2024, 2, 1) - TRXDATE', 'integer', { ...ROW, TRXDATE: null })).toBeNull();
  });

  it('in comparisons, as 0, empty text, FALSE or before any date, so a comparison is TRUE or FALSE', () => {
    expect(value('CRDTAMNT > 0')).toBe(false);
    expect(value('CRDTAMNT = 0')).toBe(true);
    expect(value('CRDTAMNT < 1')).toBe(true);
    expect(value('extra = ""', 'boolean', { ...ROW, extra: null })).toBe(true);
    expect(value('POSTED = FALSE')).toBe(true);
    expect(value('CRDTAMNT = NULL')).toBe(true);
    expect(value('TRXDATE < DATE(1900, 1, 1)', 'boolean', { ...ROW, TRXDATE: null })).toBe(true);
  });

  it('IF(NOT(c), a, b) takes the other branch than IF(c, a, b)', () => {
    expect(value('IF(CRDTAMNT > 0, "fee", "no fee")', 'string')).toBe('no fee');
    expect(value('IF(NOT(CRDTAMNT > 0), "no fee", "fee")', 'string')).toBe('no fee');
    expect(value('NOT(POSTED)')).toBe(true);
    expect(value('IF(POSTED, "yes", "no")', 'string')).toBe('no');
  });

  it('AND and OR skip empty values; with nothing else to go on they hold the row (#VALUE!)', () => {
    expect(value('AND(POSTED, TRUE)')).toBe(true);
    expect(value('OR(POSTED, FALSE)')).toBe(false);
    expect(heldCode('AND(POSTED)', 'boolean')).toBe('NO_CONDITION');
    expect(heldCode('OR(POSTED, POSTED)', 'boolean')).toBe('NO_CONDITION');
  });
});

describe('conditions without a match', () => {
  it('two-argument IF gives FALSE when the condition is not true', () => {
    expect(value('IF(DEBITAMT < 0, TRUE)')).toBe(false);
    expect(value('IF(CRDTAMNT > 0, DEBITAMT > 5)')).toBe(false);
  });

  it('IFS and SWITCH with no match hold the row (#N/A), never write an empty value', () => {
    const ifs = run('IFS(DEBITAMT > 100, "big", DEBITAMT > 50, "medium")', 'string', ROW);
    expect(ifs.held[0]?.reasons[0]).toMatchObject({ code: 'NO_MATCH' });
    expect(ifs.held[0]?.reasons[0]?.message).toContain('TRUE');
    const switched = run('SWITCH(DSCRIPTN, "draft", "d", "void", "v")', 'string', ROW);
    expect(switched.held[0]?.reasons[0]).toMatchObject({ code: 'NO_MATCH' });
    expect(value('SWITCH(DSCRIPTN, "draft", "d", "other")', 'string')).toBe('other');
    expect(value('IFS(DEBITAMT > 100, "big", TRUE, "small")', 'string')).toBe('small');
  });

  it('SWITCH compares an empty value as = does', () => {
    expect(value('SWITCH(CRDTAMNT, 0, "zero", "other")', 'string')).toBe('zero');
    expect(value('SWITCH(extra, "", "empty", "other")', 'string', { ...ROW, extra: null })).toBe('empty');
  });
});

describe('TRIM and ISBLANK mean what they mean in a spreadsheet', () => {
  it('TRIM takes spaces off both ends and leaves one space between words', () => {
    expect(value('TRIM("  ACME   Corp  ")', 'string')).toBe('ACME Corp');
    expect(value('TRIM("a  b\tc")', 'string')).toBe('a b\tc');
  });

  it('TRIM_ENDS takes spaces, tabs and line breaks off both ends only (what TRIM did before)', () => {
    expect(value('TRIM_ENDS("  ACME   Corp \t")', 'string')).toBe('ACME   Corp');
  });

  it('ISBLANK is TRUE for an empty value only; ISEMPTY also for empty text and spaces', () => {
    expect(value('ISBLANK(POSTED)')).toBe(true);
    expect(value('ISBLANK("")')).toBe(false);
    expect(value('ISBLANK("  ")')).toBe(false);
    expect(value('ISEMPTY(POSTED)')).toBe(true);
    expect(value('ISEMPTY("")')).toBe(true);
    expect(value('ISEMPTY(" \u00a0")')).toBe(true);
    expect(value('ISEMPTY("x")')).toBe(false);
  });
});
