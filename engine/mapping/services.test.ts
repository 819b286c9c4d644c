import { describe, expect, it } from 'vitest';
import { parseColumnType } from '../model/column-type.ts';
import type { CheckScope } from './checker.ts';
import { lookupInfos } from './mapping.ts';
import { completionsAt, diagnosticsFor, fieldsRead, hoverAt } from './services.ts';
import { GL_LABEL, GL_LOOKUPS, GL_SCHEMA } from './test-fixtures.ts';

const SCOPE: CheckScope = { schema: GL_SCHEMA, lookups: lookupInfos(GL_LOOKUPS), entityLabel: GL_LABEL };

/** Completions at the `|` in the text. */
function complete(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  return completionsAt(text, offset, SCOPE);
}

function hover(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return hoverAt(textWithCursor.replace('|', ''), offset, SCOPE);
}

describe('completionsAt', () => {
  it('offers fields with types, functions with signatures, tables and keywords in an empty spot', () => {
    const all = complete('ROUND(|');
    expect(all.find((c) => c.label === 'DEBITAMT')).toMatchObject({
      kind: 'field',
      detail: 'decimal',
      insertText: 'DEBITAMT',
    });
    expect(all.find((c) => c.label === 'LEFT')).toMatchObject({
      kind: 'function',
      detail: 'LEFT(text, [count])',
      insertText: 'LEFT(',
    });
    expect(all.find((c) => c.label === 'LOOKUP')?.detail).toBe('LOOKUP(table, key, [default | as-of date])');
    expect(all.find((c) => c.label === 'cost_centers')).toMatchObject({
      kind: 'lookup',
      insertText: 'LOOKUP(cost_centers, ',
    });
    expect(all.some((c) => c.label === 'NULL' && c.kind === 'keyword')).toBe(true);
  });

  it('filters by the typed prefix and replaces the whole word', () => {
    const found = complete('IF(ACT|');
    expect(found.map((c) => c.label)).toEqual(['ACTNUMST']);
    expect(found[0]?.range).toEqual({ start: 3, end: 6 });
    expect(complete('rou|').map((c) => c.label)).toEqual(['ROUND', 'ROUNDDOWN', 'ROUNDUP']);
  });

  it('quotes odd field names when inserting them', () => {
    expect(complete('Acc|')[0]).toMatchObject({ label: 'Account Number', insertText: '[Account Number]' });
    expect(complete('[Acc|')[0]).toMatchObject({
      label: 'Account Number',
      insertText: '[Account Number]',
      range: { start: 0, end: 4 },
    });
  });

  it('offers only table names in the first argument of LOOKUP', () => {
    const found = complete('LOOKUP(|');
    expect(found.every((c) => c.kind === 'lookup')).toBe(true);
    expect(found.map((c) => c.label).sort()).toEqual(['cost_centers', 'fx_rates']);
    expect(found.find((c) => c.label === 'cost_centers')?.insertText).toBe('cost_centers');
    expect(complete('LOOKUP(co|').map((c) => c.label)).toEqual(['cost_centers']);
    expect(complete('LOOKUP(cost_centers, |').some((c) => c.kind === 'field')).toBe(true);
    expect(complete('LOOKUP(LEFT(a, 1), |').some((c) => c.kind === 'field')).toBe(true);
  });

  it('offers the fields of a record after a dot, also through list items', () => {
    expect(complete('vendor.|').map((c) => c.label)).toEqual(['name', 'address']);
    expect(complete('vendor.address[0].|').map((c) => [c.label, c.detail])).toEqual([
      ['city', 'string'],
      ['zip', 'string'],
    ]);
    expect(complete('vendor.address[0].ci|').map((c) => c.label)).toEqual(['city']);
    expect(complete('ACTNUMST.|')).toEqual([]);
  });

  it('offers nothing inside text', () => {
    expect(complete('"AC|"')).toEqual([]);
    expect(complete('LEFT("AC|')).toEqual([]);
  });
});

describe('hoverAt', () => {
  it('shows the type of a field, and of the path up to the step under the cursor', () => {
    expect(hover('ROUND(DEBIT|AMT, 2)')).toMatchObject({ type: 'decimal', contents: ['DEBITAMT: decimal'] });
    expect(hover('ven|dor.address[0].city')).toMatchObject({ type: 'record', contents: ['vendor: record'] });
    expect(hover('vendor.address[0].ci|ty')).toMatchObject({ type: 'string' });
  });

  it('shows function help and the result type on a function name', () => {
    const found = hover('RO|UND(DEBITAMT - CRDTAMNT, 2)');
    expect(found?.type).toBe('decimal');
    expect(found?.contents[0]).toBe('ROUND(number, [digits]): decimal');
    expect(found?.contents.length).toBe(3);
  });

  it('shows help for the spreadsheet functions, and that of the call over an empty argument', () => {
    const found = hover('TEXT|JOIN("-", TRUE, ACTNUMST)');
    expect(found?.contents[0]).toBe('TEXTJOIN(delimiter, ignore_empty, value1, [value2, ...]): string');
    expect(hover('TE|XT(DEBITAMT, "#,##0.00")')?.contents[0]).toBe('TEXT(value, [format]): string');
    expect(complete('NETWO|').map((c) => c.label)).toEqual(['NETWORKDAYS']);
    // Over an empty argument: the call it belongs to.
    expect(hover('IF(POSTED, 1, |)')?.contents[0]).toBe('IF(...): integer');
  });

  it('shows the type of an operator result and of literals', () => {
    expect(hover('DEBITAMT -| CRDTAMNT')).toMatchObject({ type: 'decimal', range: { start: 9, end: 10 } });
    expect(hover('"ab|c"')?.type).toBe('string');
    expect(hover('12.5|0')?.type).toBe('decimal');
  });

  it('describes the lookup table named in LOOKUP', () => {
    expect(hover('LOOKUP(cost_cen|ters, ACTNUMST)')?.contents).toEqual(['lookup table cost_centers: string -> string']);
    expect(hover('LOO|KUP(cost_centers, ACTNUMST)')?.contents[0]).toBe(
      'LOOKUP(table, key, [default | as-of date]): string',
    );
  });

  it('shows nothing over empty space outside the expression', () => {
    expect(hover('ACTNUMST   |')).toBeUndefined();
  });
});

describe('diagnosticsFor', () => {
  it('reports syntax and type problems together with line and column', () => {
    const found = diagnosticsFor('IF(ACTNMST = "4",\n  DEBITAMT +, 1)', SCOPE);
    expect(found.map((d) => [d.code, d.start.line, d.start.column])).toEqual([
      ['type.unknown-field', 1, 4],
      ['syntax.missing-operand', 2, 12],
    ]);
  });

  it('checks the result against the target column', () => {
    const target = { column: 'qty', type: { kind: 'integer' } as const };
    expect(diagnosticsFor('DEBITAMT', SCOPE, target).map((d) => d.code)).toEqual(['type.target-mismatch']);
    const amount = parseColumnType('decimal(19,2)');
    if (!amount.ok) throw new Error('bad type');
    expect(diagnosticsFor('JRNENTRY', SCOPE, { column: 'amount', type: amount.type })).toEqual([]);
  });
});

describe('fieldsRead', () => {
  it('lists the fields and tables an expression reads, once each, in order of first use', () => {
    const text =
      'IF(LEFT(ACTNUMST, 1) = "4", LOOKUP(cost_centers, ACTNUMST), vendor.address[0].city & [Account Number])';
    const read = fieldsRead(text);
    expect(read.fields.map((f) => [f.path, f.root, f.ranges.length])).toEqual([
      ['ACTNUMST', 'ACTNUMST', 2],
      ['vendor.address[0].city', 'vendor', 1],
      ['[Account Number]', 'Account Number', 1],
    ]);
    expect(read.lookups.map((l) => l.table)).toEqual(['cost_centers']);
    const [first] = read.lookups[0]?.ranges ?? [];
    expect(first && text.slice(first.start, first.end)).toBe('cost_centers');
  });

  it('reads what parsed even when the text has errors', () => {
    expect(fieldsRead('ROUND(DEBITAMT - , 2) & ACTNUMST').fields.map((f) => f.path)).toEqual(['DEBITAMT', 'ACTNUMST']);
  });
});
