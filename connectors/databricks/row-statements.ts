/**
 * The statements that put a batch's rows into its table, from any source of rows (the staging table of a
 * COPY INTO, or VALUES of parameters): merge mode MERGEs on the natural key and leaves rows that already
 * carry this batch id alone; append and replace INSERT only the row versions the table does not hold (on
 * (batch id, row index) for a batch written without versions). Either way a batch re-sent after a crash
 * writes nothing twice.
 */
import type { TargetTable } from '../../engine/model/io.ts';
import { LINEAGE, quote, ROW_VERSION } from './sql-encoding.ts';

export const BATCH_ID = LINEAGE[1].name;
const BATCH_ROW = LINEAGE[2].name;

/** Target columns then lineage columns, in the order encodeRows gives values. */
export function rowColumns(target: TargetTable): string[] {
  return [...target.columns.map((c) => c.name), ...LINEAGE.map((c) => c.name)];
}

/** How a source row finds the target row it is (s = source, t = target). */
export function matchCondition(target: TargetTable, versioned: boolean): string {
  const equal = (column: string): string => `t.${quote(column)} = s.${quote(column)}`;
  if (target.writeMode === 'merge') return target.mergeKey.map(equal).join(' AND ');
  return versioned ? equal(ROW_VERSION) : `${equal(BATCH_ID)} AND ${equal(BATCH_ROW)}`;
}

/** MERGE from `sourceSql` (a parenthesised query or a table, aliased s); its answer counts inserted and updated rows. */
export function mergeStatement(tableSql: string, target: TargetTable, sourceSql: string): string {
  const columns = rowColumns(target);
  return (
    `MERGE INTO ${tableSql} AS t USING ${sourceSql} AS s ON ${matchCondition(target, false)}` +
    ` WHEN MATCHED AND t.${quote(BATCH_ID)} <> s.${quote(BATCH_ID)} THEN UPDATE SET ${columns.map((c) => `${quote(c)} = s.${quote(c)}`).join(', ')}` +
    ` WHEN NOT MATCHED THEN INSERT (${columns.map(quote).join(', ')}) VALUES (${columns.map((c) => `s.${quote(c)}`).join(', ')})`
  );
}

/** INSERT ... SELECT of the source rows the table does not hold yet (append and replace); one Delta commit. */
export function appendStatement(tableSql: string, target: TargetTable, sourceSql: string, versioned: boolean): string {
  const columns = rowColumns(target);
  return (
    `INSERT INTO ${tableSql} (${columns.map(quote).join(', ')}) SELECT ${columns.map((c) => `s.${quote(c)}`).join(', ')} FROM ${sourceSql} AS s` +
    ` WHERE NOT EXISTS (SELECT 1 FROM ${tableSql} AS t WHERE ${matchCondition(target, versioned)})`
  );
}
