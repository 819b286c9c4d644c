/**
 * Batch after batch with one mapping, as a run feeds it: the column writers and the target-row
 * maker are kept between batches (evaluate.ts, row-writers.ts), so these check that what is kept
 * never leaks from one batch or one context into the next.
 */
import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, type Value } from '../model/values/index.ts';
import { evaluate } from './evaluate.ts';
import type { LookupTable } from './functions/spec.ts';
import { compileMapping, type CompiledMapping, type MappingColumnSpec } from './mapping.ts';
import { COST_CENTERS, GL_LABEL, GL_LOOKUPS, GL_SCHEMA, memoryTable, testContext } from './test-fixtures.ts';
import { T } from './types.ts';

function compile(columns: readonly MappingColumnSpec[]): CompiledMapping {
  const result = compileMapping({ columns }, { schema: GL_SCHEMA, lookups: GL_LOOKUPS, entityLabel: GL_LABEL });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.column}: ${d.message}`).join('\n'));
  return result.mapping;
}

function line(account: string, journal: number | null = 1): Record<string, Value> {
  return {
    JRNENTRY: journal,
    ACTNUMST: account,
    DEBITAMT: Decimal.parse('10.50'),
    CRDTAMNT: Decimal.ZERO,
    TRXDATE: PlainDate.of(2024, 2, 29),
  };
}

const STRING = { kind: 'string' } as const;

describe('evaluating batch after batch', () => {
  // Rows made by a constructor, within and beyond the room inside an object, and rows copied from a template.
  it.each([3, 14, 40])('makes plain target rows with every column in column order (%i columns)', (width) => {
    const columns: MappingColumnSpec[] = Array.from({ length: width }, (_, i) => ({
      column: `c${i}`,
      type: STRING,
      expression: `"${i}:" & ACTNUMST`,
      required: false,
    }));
    const mapping = compile(columns);
    for (let batch = 0; batch < 3; batch++) {
      const rows = evaluate(
        mapping,
        Array.from({ length: 20 }, (_, i) => line(`4000-${batch}-${i}`)),
        testContext(),
      ).rows;
      expect(rows).toHaveLength(20);
      for (const [i, row] of rows.entries()) {
        expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
        expect(Object.keys(row)).toEqual(columns.map((column) => column.column));
        expect(row[`c${width - 1}`]).toBe(`${width - 1}:4000-${batch}-${i}`);
      }
    }
  });

  it('gives the rows of a batch that holds nothing, and leaves held rows out of the next', () => {
    const mapping = compile([
      { column: 'journal', type: { kind: 'integer' }, expression: 'JRNENTRY', required: true },
      { column: 'account', type: STRING, expression: 'ACTNUMST', required: true },
    ]);
    const clean = evaluate(mapping, [line('4000-100', 1), line('5000-200', 2)], testContext());
    expect(clean.rows).toEqual([
      { journal: 1, account: '4000-100' },
      { journal: 2, account: '5000-200' },
    ]);
    expect(clean.held).toEqual([]);
    const mixed = evaluate(mapping, [line('4000-100', 3), line('5000-200', null), line('6100-300', 5)], testContext());
    expect(mixed.rows).toEqual([
      { journal: 3, account: '4000-100' },
      { journal: 5, account: '6100-300' },
    ]);
    expect(mixed.held.map((held) => [held.index, held.reasons.map((reason) => reason.code)])).toEqual([
      [1, ['REQUIRED_EMPTY']],
    ]);
    const after = evaluate(mapping, [line('4000-100', 6)], testContext());
    expect(after.rows).toEqual([{ journal: 6, account: '4000-100' }]);
    expect(after.held).toEqual([]);
  });

  it('reads the lookup tables of the context of each batch, also when a context has its table replaced', () => {
    const mapping = compile([
      { column: 'cc', type: STRING, expression: 'LOOKUP(cost_centers, ACTNUMST)', required: true },
    ]);
    const table = (value: string): LookupTable =>
      memoryTable('cost_centers', T.string, T.string, [['4000-100', value]]);
    const first = testContext(new Map([['cost_centers', table('FIRST')]]));
    const secondTables = new Map([['cost_centers', table('SECOND')]]);
    const second = testContext(secondTables);
    const ccOf = (ctx: typeof first): Value | undefined => evaluate(mapping, [line('4000-100')], ctx).rows[0]?.['cc'];
    expect(ccOf(first)).toBe('FIRST');
    expect(ccOf(second)).toBe('SECOND');
    expect(ccOf(first)).toBe('FIRST');
    secondTables.set('cost_centers', table('REPLACED'));
    expect(ccOf(second)).toBe('REPLACED');
    // Without the table in the context, the one known at compile time answers.
    expect(ccOf(testContext(new Map()))).toBe(COST_CENTERS.get('4000-100'));
  });
});
