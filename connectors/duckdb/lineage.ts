/**
 * Lineage columns written beside every row, so each number in the warehouse traces back to the run
 * and batch that wrote it (and from the batch, through the audit trail, to the source posting).
 */
import type { ColumnType } from '../../engine/model/column-type.ts';
import { quoteIdentifier } from './identifiers.ts';

export const RUN_ID_COLUMN = '_mlc_run_id';
export const BATCH_ID_COLUMN = '_mlc_batch_id';
export const SOURCE_MODIFIED_COLUMN = '_mlc_source_modified';
export const SYNCED_AT_COLUMN = '_mlc_synced_at';
/** Append and replace: the row's version (key, cursor value and content of its source record), so none is inserted twice. */
export const ROW_VERSION_COLUMN = '_mlc_row_version';

export interface LineageColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** NOT NULL when the table is created; a lineage column added to an existing table stays nullable. */
  readonly required: boolean;
}

export const LINEAGE_COLUMNS: readonly LineageColumn[] = [
  { name: RUN_ID_COLUMN, type: { kind: 'string' }, required: true },
  { name: BATCH_ID_COLUMN, type: { kind: 'string' }, required: true },
  { name: SOURCE_MODIFIED_COLUMN, type: { kind: 'timestamp' }, required: false },
  { name: SYNCED_AT_COLUMN, type: { kind: 'timestamp' }, required: true },
  // Empty in merge tables (the key identifies a row) and in rows written before the column existed.
  { name: ROW_VERSION_COLUMN, type: { kind: 'string' }, required: false },
];

export const LINEAGE_COLUMN_LIST = LINEAGE_COLUMNS.map((column) => quoteIdentifier(column.name)).join(', ');
