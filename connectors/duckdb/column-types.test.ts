import { describe, expect, it } from 'vitest';
import { parseColumnType, type ColumnType } from '../../engine/model/column-type.ts';
import { compareTypes, parseWarehouseType } from './column-types.ts';
import { parseTableName } from './identifiers.ts';

const type = (text: string): ColumnType => {
  const parsed = parseColumnType(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.type;
};

describe('which type changes keep every value', () => {
  it.each([
    ['DECIMAL(10,2)', 'decimal(18,2)', 'widen'],
    ['DECIMAL(10,2)', 'decimal(11,3)', 'widen'], // 8 integer digits still, one more place
    ['DECIMAL(10,2)', 'decimal(10,3)', 'narrow'], // one integer digit fewer
    ['DECIMAL(18,2)', 'decimal(10,2)', 'narrow'],
    ['DECIMAL(18,4)', 'decimal(18,2)', 'narrow'], // places would be rounded
    ['BIGINT', 'decimal(19,0)', 'widen'],
    ['BIGINT', 'decimal(20,2)', 'narrow'], // 18 integer digits < 19
    ['BIGINT', 'decimal(21,2)', 'widen'],
    ['INTEGER', 'integer', 'widen'],
    ['SMALLINT', 'decimal(7,2)', 'widen'],
    ['DECIMAL(18,0)', 'integer', 'narrow'],
    ['DOUBLE', 'decimal(38,10)', 'narrow'], // a binary float has no exact decimal home
    ['VARCHAR', 'integer', 'narrow'],
    ['BIGINT', 'string', 'narrow'],
    ['TIMESTAMP', 'timestamp', 'narrow'], // local time -> instant depends on a zone
    ['TIMESTAMP WITH TIME ZONE', 'timestamp', 'same'],
    ['DATE', 'date', 'same'],
    ['DECIMAL(18,2)', 'decimal(18,2)', 'same'],
  ])('%s -> %s is %s', (from, to, expected) => {
    expect(compareTypes(parseWarehouseType(from), type(to))).toBe(expected);
  });
});

describe('table names', () => {
  it('quotes each part, keeping case, spaces and reserved words', () => {
    expect(parseTableName('gl_lines').sql).toBe('"gl_lines"');
    expect(parseTableName('Finance.GL Lines')).toMatchObject({
      schema: 'Finance',
      table: 'GL Lines',
      sql: '"Finance"."GL Lines"',
    });
    expect(parseTableName('select').sql).toBe('"select"');
  });

  it.each(['', 'a..b', 'a.b.c', 'x"y', 'tab\tle', ' padded', 'a'.repeat(121)])('refuses %j', (name) => {
    expect(() => parseTableName(name)).toThrow(expect.objectContaining({ code: 'DUCKDB_UNSAFE_NAME' }));
  });
});
