/** Column-mapping commands: pure edits, no empty undo steps, names that never overwrite a column. */
import { describe, expect, it } from 'vitest';
import { parsePipelineText, type Pipeline } from '../../engine/model/index.ts';
import example from '../../assets/examples/csv-to-duckdb.json' with { type: 'json' };
import {
  addColumn,
  columnTypeForField,
  fieldReference,
  isUnmapped,
  mapField,
  pasteColumns,
  pastedColumns,
  putColumns,
  removeColumns,
  renameColumn,
  setExpression,
  toColumnName,
  uniqueColumnName,
  UNMAPPED_EXPRESSION,
  updateColumn,
} from './mappings.ts';

const EXAMPLE = parsePipelineText(JSON.stringify(example)).pipeline!;

function columnsOf(pipeline: Pipeline): string[] {
  return Object.keys(pipeline.streams.gl_lines!.mappings);
}

function mapping(pipeline: Pipeline, column: string) {
  return pipeline.streams.gl_lines!.mappings[column];
}

describe('field references', () => {
  it('writes a plain name as it is and brackets a name the language cannot read bare', () => {
    expect(fieldReference('ACTNUMST')).toBe('ACTNUMST');
    expect(fieldReference('Account Number')).toBe('[Account Number]');
    expect(fieldReference('NULL')).toBe('[NULL]');
    expect(fieldReference('odd]name')).toBe('[odd]]name]');
    expect(fieldReference('2024 total')).toBe('[2024 total]');
  });

  it('tells an unmapped column (blank or NULL) from one with a formula', () => {
    expect(isUnmapped(UNMAPPED_EXPRESSION)).toBe(true);
    expect(isUnmapped(' null ')).toBe(true);
    expect(isUnmapped('=NULL')).toBe(true);
    expect(isUnmapped('')).toBe(true);
    expect(isUnmapped('ACTNUMST')).toBe(false);
    expect(isUnmapped('IF(X, NULL, 1)')).toBe(false);
  });
});

describe('mapping a field onto a column', () => {
  it('sets the formula to the field, keeping the type, required mark and notes', () => {
    const next = mapField('gl_lines', 'cost_center', 'Account Number')(EXAMPLE);
    expect(mapping(next, 'cost_center')).toEqual({
      ...mapping(EXAMPLE, 'cost_center'),
      expression: '[Account Number]',
    });
    expect(columnsOf(next)).toEqual(columnsOf(EXAMPLE));
  });

  it('returns the same pipeline when the column already reads that field (no empty undo step)', () => {
    expect(mapField('gl_lines', 'account', 'ACTNUMST')(EXAMPLE)).toBe(EXAMPLE);
  });

  it('leaves the pipeline alone for a stream that does not exist', () => {
    expect(mapField('nope', 'account', 'X')(EXAMPLE)).toBe(EXAMPLE);
  });
});

describe('column names', () => {
  it('makes a valid column name from any text', () => {
    expect(toColumnName('Account Number')).toBe('Account_Number');
    expect(toColumnName('2024 total')).toBe('_2024_total');
    expect(toColumnName('  --  ')).toBe('column');
    expect(toColumnName('a'.repeat(300))).toHaveLength(128);
    expect(toColumnName('DEX_ROW_TS')).toBe('DEX_ROW_TS');
  });

  it('numbers a name that is taken, skipping numbers that are taken too', () => {
    expect(uniqueColumnName(new Set(['a']), 'b')).toBe('b');
    expect(uniqueColumnName(new Set(['name', 'name_2']), 'name')).toBe('name_3');
    const long = 'x'.repeat(128);
    expect(uniqueColumnName(new Set([long]), long)).toBe(`${'x'.repeat(126)}_2`);
  });
});

describe('paste', () => {
  it('renames pasted columns that clash, in clipboard order, never overwriting one', () => {
    const copied = {
      account: mapping(EXAMPLE, 'account')!,
      extra: { type: 'string', expression: 'DSCRIPTN' },
      account_2: { type: 'integer', expression: '1' },
    };
    expect(Object.keys(pastedColumns(EXAMPLE.streams.gl_lines!.mappings, copied))).toEqual([
      'account_2',
      'extra',
      'account_2_2',
    ]);
    const next = pasteColumns('gl_lines', copied)(EXAMPLE);
    expect(columnsOf(next)).toEqual([...columnsOf(EXAMPLE), 'account_2', 'extra', 'account_2_2']);
    expect(mapping(next, 'account')).toBe(mapping(EXAMPLE, 'account'));
    expect(mapping(next, 'account_2')).toEqual(mapping(EXAMPLE, 'account'));
    expect(mapping(next, 'account_2_2')).toEqual({ type: 'integer', expression: '1' });
  });

  it('pastes nothing into a stream that does not exist', () => {
    expect(pasteColumns('nope', { a: { type: 'string', expression: 'X' } })(EXAMPLE)).toBe(EXAMPLE);
  });
});

describe('adding and removing columns', () => {
  it('adds a column at the end and refuses to overwrite one with the same name', () => {
    const added = addColumn('gl_lines', 'region', { type: 'string', expression: UNMAPPED_EXPRESSION })(EXAMPLE);
    expect(columnsOf(added).at(-1)).toBe('region');
    expect(addColumn('gl_lines', 'account', { type: 'string', expression: 'X' })(EXAMPLE)).toBe(EXAMPLE);
  });

  it('removes several columns in one edit and ignores names that are not there', () => {
    const next = removeColumns('gl_lines', ['debit', 'credit', 'nope'])(EXAMPLE);
    expect(columnsOf(next)).toEqual(columnsOf(EXAMPLE).filter((name) => name !== 'debit' && name !== 'credit'));
    expect(removeColumns('gl_lines', ['nope'])(EXAMPLE)).toBe(EXAMPLE);
  });

  it('keeps the other commands pure: the original pipeline is untouched', () => {
    const before = JSON.stringify(EXAMPLE);
    setExpression('gl_lines', 'account', 'TRIM(ACTNUMST)')(EXAMPLE);
    putColumns('gl_lines', { account: { type: 'string', expression: 'X' } })(EXAMPLE);
    updateColumn('gl_lines', 'account', { required: false })(EXAMPLE);
    renameColumn('gl_lines', 'account', 'gl_account')(EXAMPLE);
    expect(JSON.stringify(EXAMPLE)).toBe(before);
  });
});

describe('types for new columns', () => {
  it('gives a source decimal the ledger decimal and an unknown field text', () => {
    expect(columnTypeForField('decimal')).toBe('decimal(18,2)');
    expect(columnTypeForField('date')).toBe('date');
    expect(columnTypeForField('unknown')).toBe('string');
  });
});
