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
