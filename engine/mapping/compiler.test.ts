import { describe, expect, it } from 'vitest';
import { PlainDate, toJsonValue, type Value } from '../model/values/index.ts';
import { check } from './checker.ts';
import { compileExpression } from './compiler.ts';
import { evaluate } from './evaluate.ts';
import { compileMapping, lookupInfos } from './mapping.ts';
import { parse } from './parser.ts';
import { GL_LOOKUPS, GL_SCHEMA, testContext } from './test-fixtures.ts';
import { T, type MappingType } from './types.ts';

const ENV = { ctx: testContext(), tables: [] };

function compiled(text: string, schema: Readonly<Record<string, MappingType>> = GL_SCHEMA) {
  const parsed = parse(text);
  const checked = check(parsed.ast, { schema, lookups: lookupInfos(GL_LOOKUPS) });
  expect([...parsed.problems, ...checked.problems]).toEqual([]);
  return compileExpression(parsed.ast, checked).evaluate;
}

function run(text: string, row: Record<string, Value> = {}): unknown {
  return toJsonValue(compiled(text)(row, ENV));
}

describe('operators', () => {
  it('compares text as a dictionary (case aside) and numbers by value, across integer and decimal', () => {
    expect(run('"b" > "a"')).toBe(true);
    expect(run('"B" > "a"')).toBe(true);
    expect(run('JRNENTRY = 7.00', { JRNENTRY: 7 })).toBe(true);
    expect(run('JRNENTRY <> 7', { JRNENTRY: 7 })).toBe(false);
    expect(run('JRNENTRY >= 7.5', { JRNENTRY: 7 })).toBe(false);
    expect(run('JRNENTRY <= 7', { JRNENTRY: 7 })).toBe(true);
    expect(run('TRXDATE < DATE(2024, 2, 1)', { TRXDATE: PlainDate.of(2024, 1, 31) })).toBe(true);
  });

  it('joins any single values as text, however the chain is nested', () => {
    expect(run('"a" & 1 & 2.50 & TRUE & NULL & "z"')).toBe('a12.50truez');
    const joined = compiled('"a" & ("b" & "c")');
    expect(joined({}, ENV)).toBe('abc');
  });
});

describe('function calls', () => {
  it('passes constant arguments and evaluates only the varying ones', () => {
    expect(run('MID(ACTNUMST, 6, 3)', { ACTNUMST: '4000-100' })).toBe('100');
    expect(run('MID(ACTNUMST, JRNENTRY, JRNENTRY)', { ACTNUMST: 'abcdef', JRNENTRY: 2 })).toBe('bc');
    expect(run('MID(ACTNUMST, JRNENTRY, JRNENTRY)', { ACTNUMST: null, JRNENTRY: 2 })).toBeNull();
  });

  it('gives NULL for a constant NULL argument but still runs the other arguments', () => {
    expect(run('LEFT(NULL, JRNENTRY)', { JRNENTRY: 1 })).toBeNull();
    expect(() =>
      compiled('LEFT(NULL, LEN(LOOKUP(cost_centers, "none")))')(
        {},
        { ctx: testContext(), tables: [GL_LOOKUPS.get('cost_centers')!] },
      ),
    ).toThrow(/no entry for the key "none"/);
  });

  it('calls lazy functions with constant and varying branches', () => {
    expect(run('IF(POSTED, "yes", DSCRIPTN)', { POSTED: true, DSCRIPTN: 'x' })).toBe('yes');
    expect(run('IF(POSTED, "yes", DSCRIPTN)', { POSTED: false, DSCRIPTN: 'x' })).toBe('x');
    expect(run('COALESCE(DSCRIPTN, ACTNUMST, "none")', { DSCRIPTN: null, ACTNUMST: null })).toBe('none');
  });
});

describe('field reads', () => {
  it('reads any number of distinct fields correctly', () => {
    const schema: Record<string, MappingType> = {};
    const row: Record<string, Value> = {};
    for (let i = 0; i < 100; i++) {
      schema[`f${i}`] = T.integer;
      row[`f${i}`] = i;
    }
    for (let i = 0; i < 100; i++) expect(compiled(`f${i}`, schema)(row, ENV)).toBe(i);
  });
});

describe('wide mappings', () => {
  it('writes every column of a mapping wider than the per-position writer table', () => {
    const columns = Array.from({ length: 70 }, (_, i) => ({
      column: `c${i}`,
      type: { kind: 'integer' } as const,
      expression: `JRNENTRY + ${i}`,
      required: true,
    }));
    const result = compileMapping({ columns }, { schema: GL_SCHEMA, lookups: GL_LOOKUPS });
    if (!result.ok) throw new Error('did not compile');
    const [row] = evaluate(result.mapping, [{ JRNENTRY: 1 }], testContext()).rows;
    expect(Object.keys(row ?? {})).toHaveLength(70);
    expect(row?.['c0']).toBe(1);
    expect(row?.['c69']).toBe(70);
  });
});
