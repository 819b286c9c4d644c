import { describe, expect, it } from 'vitest';
import { parseColumnType, type ColumnType } from '../model/column-type.ts';
import { check, checkTarget, type CheckScope } from './checker.ts';
import type { LookupInfo } from './lookup-form.ts';
import { parse } from './parser.ts';
import { GL_LABEL, GL_SCHEMA } from './test-fixtures.ts';
import { formatType } from './type-rules.ts';
import { T } from './types.ts';

const LOOKUPS = new Map<string, LookupInfo>([
  ['cost_centers', { keyType: T.string, valueType: T.string, effectiveDated: false }],
  ['fx_rates', { keyType: T.string, valueType: T.decimal, effectiveDated: true }],
  ['hire_dates', { keyType: T.integer, valueType: T.date, effectiveDated: false }],
]);
const SCOPE: CheckScope = { schema: GL_SCHEMA, lookups: LOOKUPS, entityLabel: GL_LABEL };

function typeOf(text: string): string {
  const parsed = parse(text);
  expect(parsed.problems).toEqual([]);
  const result = check(parsed.ast, SCOPE);
  expect(result.problems.map((p) => p.message)).toEqual([]);
  return formatType(result.type);
}

function errorsOf(text: string): { code: string; message: string; at: string }[] {
  const parsed = parse(text);
  expect(parsed.problems).toEqual([]);
  return check(parsed.ast, SCOPE).problems.map((p) => ({
    code: p.code,
    message: p.message,
    at: text.slice(p.range.start, p.range.end),
  }));
}

function column(text: string): ColumnType {
  const parsed = parseColumnType(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.type;
}

describe('types of constructs', () => {
  it('types literals; a number is a decimal exactly when it has a dot', () => {
    expect(typeOf('"x"')).toBe('string');
    expect(typeOf('12')).toBe('integer');
    expect(typeOf('12.50')).toBe('decimal');
    expect(typeOf('TRUE')).toBe('boolean');
    expect(typeOf('NULL')).toBe('NULL');
  });

  it('types fields, nested paths, list items and quoted names from the schema', () => {
    expect(typeOf('DEBITAMT')).toBe('decimal');
    expect(typeOf('vendor.address[0].city')).toBe('string');
    expect(typeOf('vendor.address')).toBe('list<record>');
    expect(typeOf('[Account Number]')).toBe('string');
    expect(typeOf('extra.anything[3].deeper')).toBe('any type');
  });

  it('types operators', () => {
    expect(typeOf('DEBITAMT - CRDTAMNT')).toBe('decimal');
    expect(typeOf('JRNENTRY + 1')).toBe('integer');
    expect(typeOf('JRNENTRY / 2')).toBe('decimal');
    expect(typeOf('-DEBITAMT')).toBe('decimal');
    expect(typeOf('ACTNUMST & JRNENTRY & TRXDATE')).toBe('string');
    expect(typeOf('LEFT(ACTNUMST, 1) = "4"')).toBe('boolean');
    expect(typeOf('TRXDATE + 30')).toBe('date');
  });

  it('types calls by their function rules', () => {
    expect(typeOf('ROUND(DEBITAMT - CRDTAMNT, 2)')).toBe('decimal');
    expect(typeOf('IF(LEFT(ACTNUMST, 1) = "4", "REVENUE", "OTHER")')).toBe('string');
    expect(typeOf('IF(POSTED, 1, 2.5)')).toBe('decimal');
    expect(typeOf('AND(POSTED, DEBITAMT > 0)')).toBe('boolean');
  });
});

describe('field errors', () => {
  it('names the unknown field, the source, and the likely intended one', () => {
    expect(errorsOf('ACTNMST')).toEqual([
      {
        code: 'type.unknown-field',
        message: 'There is no field "ACTNMST" in GL journal lines. Did you mean "ACTNUMST"?',
        at: 'ACTNMST',
      },
    ]);
    expect(errorsOf('vendor.nmae')[0]?.message).toBe('There is no field "nmae" in vendor. Did you mean "name"?');
    expect(errorsOf('WHOLLYUNKNOWN')[0]?.message).toBe('There is no field "WHOLLYUNKNOWN" in GL journal lines.');
  });

  it('explains paths that step into the wrong kind of value', () => {
    expect(errorsOf('vendor.address.city')).toEqual([
      {
        code: 'type.not-a-record',
        message: 'vendor.address is a list; pick one item with [0] before ".city".',
        at: 'city',
      },
    ]);
    expect(errorsOf('ACTNUMST[0]')[0]).toMatchObject({ code: 'type.not-a-list', at: '[0]' });
    expect(errorsOf('ACTNUMST.x')[0]?.message).toBe('ACTNUMST is a string, not a record, so it has no field "x".');
  });

  it('does not treat inherited object properties as fields', () => {
    expect(errorsOf('constructor')[0]?.code).toBe('type.unknown-field');
    expect(errorsOf('toString')[0]?.code).toBe('type.unknown-field');
  });
});

describe('operator and call errors', () => {
  it('points at the operator with a plain message', () => {
    expect(errorsOf('ACTNUMST + 1')).toEqual([
      {
        code: 'type.operator',
        message: '+ adds numbers, or whole days to a date; it cannot add a string and an integer. To join text, use &.',
        at: '+',
      },
    ]);
    expect(errorsOf('-ACTNUMST')[0]?.code).toBe('type.operator');
    expect(errorsOf('tags & "x"')[0]).toMatchObject({ code: 'type.operator', at: 'tags' });
  });

  it('reports unknown functions with a suggestion and wrong argument counts', () => {
    expect(errorsOf('RUOND(DEBITAMT, 2)')).toEqual([
      { code: 'type.unknown-function', message: 'There is no function RUOND. Did you mean ROUND?', at: 'RUOND' },
    ]);
    expect(errorsOf('LEFT()')[0]).toMatchObject({ code: 'type.argument-count', at: 'LEFT()' });
    expect(errorsOf('LEFT()')[0]?.message).toContain('LEFT takes 1 to 2 arguments, not 0');
  });

  it('points at the argument the function rule rejects', () => {
    expect(errorsOf('LEFT(DEBITAMT, 1)')[0]).toMatchObject({ code: 'type.argument', at: 'DEBITAMT' });
  });

  it('reports every problem in one pass', () => {
    const found = errorsOf('IF(ACTNMST = "4", DEBITAMT + ACTNUMST, RUOND(1))');
    expect(found.map((p) => p.code)).toEqual(['type.unknown-field', 'type.operator', 'type.unknown-function']);
  });

  it('refuses integers beyond exact range and suggests a decimal', () => {
    expect(errorsOf('12345678901234567890')[0]?.message).toBe(
      '12345678901234567890 is too large for an integer; write 12345678901234567890.0 to make it a decimal.',
    );
  });
});

describe('LOOKUP', () => {
  it('types a lookup by the table value type', () => {
    expect(typeOf('LOOKUP(cost_centers, ACTNUMST)')).toBe('string');
    expect(typeOf('LOOKUP(cost_centers, ACTNUMST, "UNMAPPED")')).toBe('string');
    expect(typeOf('LOOKUP(fx_rates, "EUR", TRXDATE)')).toBe('decimal');
    expect(typeOf('LOOKUP(hire_dates, JRNENTRY, TRXDATE)')).toBe('date');
  });

  it('reads the third argument as an as-of date or a default by its type', () => {
    const resolutionOf = (text: string) => {
      const parsed = parse(text);
      return [...check(parsed.ast, SCOPE).lookups.values()][0]?.mode;
    };
    expect(resolutionOf('LOOKUP(cost_centers, ACTNUMST)')).toBe('hold-on-miss');
    expect(resolutionOf('LOOKUP(cost_centers, ACTNUMST, NULL)')).toBe('default');
    expect(resolutionOf('LOOKUP(fx_rates, "EUR", TRXDATE)')).toBe('as-of');
    expect(resolutionOf('LOOKUP(fx_rates, "EUR", 1)')).toBe('default');
    expect(resolutionOf('LOOKUP(hire_dates, JRNENTRY, TRXDATE)')).toBe('default');
  });

  it('requires a table name as the first argument', () => {
    expect(errorsOf('LOOKUP("cost_centers", ACTNUMST)')[0]).toMatchObject({
      code: 'type.lookup-table-expected',
      at: '"cost_centers"',
    });
    expect(errorsOf('LOOKUP(cost_centres, ACTNUMST)')).toEqual([
      {
        code: 'type.unknown-lookup',
        message: 'There is no lookup table "cost_centres". Did you mean "cost_centers"?',
        at: 'cost_centres',
      },
    ]);
  });

  it('checks the key, the default and as-of dates', () => {
    expect(errorsOf('LOOKUP(cost_centers, JRNENTRY)')[0]).toMatchObject({ code: 'type.lookup-key', at: 'JRNENTRY' });
    expect(errorsOf('LOOKUP(cost_centers, ACTNUMST, 0)')[0]).toMatchObject({ code: 'type.lookup-default', at: '0' });
    expect(errorsOf('LOOKUP(cost_centers, ACTNUMST, TRXDATE)')).toEqual([
      {
        code: 'type.lookup-not-dated',
        message: '"cost_centers" has no effective dates, so it cannot be looked up as of a date.',
        at: 'TRXDATE',
      },
    ]);
    expect(errorsOf('LOOKUP(cost_centers)')[0]?.code).toBe('type.argument-count');
    expect(errorsOf('LOOKUP(cost_centers, ACTNUMST, 1, 2)')[0]?.code).toBe('type.argument-count');
  });

  it('still checks the key when the table is unknown', () => {
    expect(errorsOf('LOOKUP(nope, ACTNMST)').map((p) => p.code)).toEqual(['type.unknown-field', 'type.unknown-lookup']);
  });
});

describe('target column', () => {
  const range = { start: 0, end: 1 };

  it('accepts the same type, integer into decimal, and unknown types (checked per row)', () => {
    expect(checkTarget(T.decimal, 'amount', column('decimal(19,2)'), range)).toBeUndefined();
    expect(checkTarget(T.integer, 'amount', column('decimal(19,2)'), range)).toBeUndefined();
    expect(checkTarget(T.any, 'amount', column('date'), range)).toBeUndefined();
    expect(checkTarget(T.null, 'amount', column('date'), range)).toBeUndefined();
  });

  it('names the column and what would fix the mismatch', () => {
    expect(checkTarget(T.decimal, 'qty', column('integer'), range)?.message).toBe(
      'Column "qty" holds integer values, but this expression gives a decimal. Round it to a whole number first, e.g. ROUND(amount, 0), or make the column a decimal.',
    );
    expect(checkTarget(T.integer, 'account', column('string'), range)?.message).toBe(
      'Column "account" holds string values, but this expression gives an integer. Use TEXT(...) to turn it into text.',
    );
    expect(checkTarget(T.string, 'amount', column('decimal(19,2)'), range)?.code).toBe('type.target-mismatch');
    expect(checkTarget(T.timestamp, 'posted_on', column('date'), range)?.code).toBe('type.target-mismatch');
  });
});
