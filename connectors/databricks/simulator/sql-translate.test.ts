import { describe, expect, it } from 'vitest';
import { translate } from './sql-translate.ts';

describe('Databricks -> DuckDB SQL translation', () => {
  it('maps three-part names, backticks, parameters, Spark strings and Delta-only clauses', () => {
    const out = translate(
      "CREATE TABLE IF NOT EXISTS main.erp.`gl-lines` (id STRING COMMENT 'it\\'s the key', at TIMESTAMP, n TIMESTAMP_NTZ) USING DELTA TBLPROPERTIES ('a' = 'b');",
    );
    expect(out).toEqual({
      kind: 'ddl',
      sql: 'CREATE TABLE IF NOT EXISTS "uc_main"."erp"."gl-lines" (id STRING , at TIMESTAMPTZ, n TIMESTAMP)  ',
      parameterNames: [],
    });
    expect(translate("SELECT :id, 'it\\'s', \"text\", `col` FROM t WHERE x::INT = ?").sql).toBe(
      `SELECT $1, 'it''s', 'text', "col" FROM t WHERE x::INT = ?`,
    );
  });

  it('numbers named parameters in order of first use, reusing the number of a repeated name', () => {
    const out = translate('SELECT :b, :a, :b');
    expect(out.sql).toBe('SELECT $1, $2, $1');
    expect(out.parameterNames).toEqual(['b', 'a']);
  });

  it('reads a two-part name as catalog.schema in CREATE SCHEMA only', () => {
    expect(translate('CREATE SCHEMA IF NOT EXISTS main.erp').sql).toBe('CREATE SCHEMA IF NOT EXISTS "uc_main"."erp"');
    expect(translate('SELECT t.id FROM erp.t').sql).toBe('SELECT t.id FROM erp.t');
  });

  it('finds the MERGE join for the duplicate-key check, with or without a target alias', () => {
    expect(
      translate('MERGE INTO main.erp.t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE').merge,
    ).toEqual({
      joinSql: 'FROM "uc_main"."erp"."t" JOIN (SELECT 1 AS id) AS s ON t.id = s.id ',
      targetRow: '"t".rowid',
      updatesMatched: true,
    });
    expect(
      translate('MERGE INTO main.erp.t AS x USING stage AS s ON x.id = s.id WHEN NOT MATCHED THEN INSERT *').merge,
    ).toMatchObject({
      targetRow: 'x.rowid',
      updatesMatched: false,
    });
  });

  it('splits ADD COLUMNS into one DuckDB statement per column and keeps table properties out of DuckDB', () => {
    const add = translate(
      "ALTER TABLE main.erp.t ADD COLUMNS (`memo` STRING COMMENT 'x', amount DECIMAL(20,2), at TIMESTAMP)",
    );
    expect(add.sql).toBe(
      'ALTER TABLE "uc_main"."erp"."t" ADD COLUMN "memo" STRING; ALTER TABLE "uc_main"."erp"."t" ADD COLUMN amount DECIMAL(20,2); ALTER TABLE "uc_main"."erp"."t" ADD COLUMN at TIMESTAMPTZ',
    );
    expect(translate("ALTER TABLE main.erp.t SET TBLPROPERTIES ('delta.enableTypeWidening' = 'true')")).toMatchObject({
      kind: 'ddl',
      sql: '',
      alter: {
        table: ['main', 'erp', 't'],
        action: 'set-properties',
        properties: { 'delta.enabletypewidening': 'true' },
      },
    });
    expect(translate('ALTER TABLE main.erp.t DROP COLUMNS (a, `b`)')).toMatchObject({
      sql: 'ALTER TABLE "uc_main"."erp"."t" DROP COLUMN "a"; ALTER TABLE "uc_main"."erp"."t" DROP COLUMN "b"',
      alter: { action: 'drop-columns', columns: ['a', 'b'] },
    });
    expect(translate('ALTER TABLE main.erp.t ALTER COLUMN `a` TYPE DECIMAL(20,2)')).toMatchObject({
      sql: 'ALTER TABLE "uc_main"."erp"."t" ALTER COLUMN "a" TYPE DECIMAL(20,2)',
      alter: { action: 'change-type', columns: ['a'] },
    });
  });
});
