/**
 * IFS Cloud as a Destination for reference data: target `suppliers` updates supplier attributes in
 * SuppliersHandling's SupplierInfoGeneralSet (the configured supplierSet), keyed by SupplierId; target
 * `code_part_values` updates a code part value's Description in its code part's own projection
 * (`CodeBHandling.svc/CodeBSet`…`CodeJ`, the configured codePartValueUpdateSet: the read set
 * AccountingCodePartValueSet is Read-only), keyed there by Company and `Code<part>`. Both go through
 * `reference-writer.ts` (ETag read, PATCH with If-Match, one re-read on a stale ETag, then held with IFS's
 * words). IFS has no tables to create: `ensureTable` checks the target and answers no schema change.
 * Merge is the only mode: the rows change records that exist; a batch re-sent writes nothing twice
 * (an applied row reads back equal).
 */
import type {
  DataRow,
  Destination,
  RejectedRow,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
} from '../../../engine/model/io.ts';
import { KitError } from '../../kit/errors.ts';
import { IfsClient } from '../client.ts';
import { CODE_PART_PLACEHOLDER, type IfsConnectionConfig, setUrl } from '../config.ts';
import { entityUrl, planRow, type ReferenceTarget, rejected, writeReferenceRow } from './reference-writer.ts';

/** The code parts with their own value projection (A is the account, written nowhere here). */
const VALUE_CODE_PARTS = ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];

type Locate = ReferenceTarget['locate'];

/** The tables IFS takes, the columns naming a record and those it may change, and where each row's record is. */
const TABLES = {
  suppliers: {
    key: ['SupplierId'],
    writable: ['Name', 'Country'],
    what: 'supplier',
    locate:
      (config: IfsConnectionConfig): Locate =>
      (row) => ({ url: entityUrl(setUrl(config, 'suppliers'), [['SupplierId', row.SupplierId ?? null]]) }),
  },
  // The columns the code_part_values stream reads; IFS keys the per-part set by Company and Code<part>.
  code_part_values: {
    key: ['Company', 'CodePart', 'CodePartValue'],
    writable: ['Description'],
    what: 'code part value',
    locate:
      (config: IfsConnectionConfig): Locate =>
      (row) => {
        const part = String(row.CodePart ?? '');
        if (!VALUE_CODE_PARTS.includes(part))
          return {
            refused: `IFS keeps values of code parts ${VALUE_CODE_PARTS.join(', ')} in their own projections; code part '${part}' has none this destination writes`,
          };
        const set = setUrl(config, 'codePartValueUpdates').split(CODE_PART_PLACEHOLDER).join(part);
        return {
          url: entityUrl(set, [
            ['Company', row.Company ?? null],
            [`Code${part}`, row.CodePartValue ?? null],
          ]),
        };
      },
  },
} as const;

type TableName = keyof typeof TABLES;

function tableOf(target: TargetTable): (typeof TABLES)[TableName] {
  const table = TABLES[target.table as TableName];
  if (table === undefined)
    throw new KitError(
      'CONFIG_INVALID',
      `IFS Cloud takes reference data into ${Object.keys(TABLES).join(', ')}, not ${target.table}`,
    );
  if (target.writeMode !== 'merge')
    throw new KitError(
      'CONFIG_INVALID',
      `IFS Cloud target ${target.table}: writeMode must be merge (it updates existing records), not ${target.writeMode}`,
    );
  const unknown = target.columns
    .map((column) => column.name)
    .filter((name) => !table.key.includes(name as never) && !table.writable.includes(name as never));
  if (unknown.length > 0)
    throw new KitError(
      'CONFIG_INVALID',
      `IFS Cloud target ${target.table} can change ${table.writable.join(', ')}, not ${unknown.join(', ')}`,
    );
  for (const key of table.key)
    if (!target.columns.some((column) => column.name === key))
      throw new KitError('CONFIG_INVALID', `IFS Cloud target ${target.table} needs its key column ${key}`);
  return table;
}

export class IfsDestination implements Destination {
  private readonly client: IfsClient;

  constructor(private readonly config: IfsConnectionConfig) {
    this.client = new IfsClient(config);
  }

  private target(target: TargetTable): ReferenceTarget {
    const table = tableOf(target);
    return {
      key: table.key,
      columns: target.columns.map((column) => column.name),
      what: table.what,
      locate: table.locate(this.config),
    };
  }

  // async: a refusal comes back as a rejected promise, as from any destination
  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    tableOf(target);
    return [];
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<WriteResult> {
    const reference = this.target(target);
    let updated = 0;
    let unchanged = 0;
    const held: RejectedRow[] = [];
    for (const [index, row] of batch.rows.entries()) {
      const outcome = await writeReferenceRow(this.client, reference, row);
      if (outcome.outcome === 'updated') updated += 1;
      else if (outcome.outcome === 'unchanged') unchanged += 1;
      else held.push(rejected(index, outcome));
    }
    return { inserted: 0, updated, unchanged, alreadyCommitted: 0, ...(held.length === 0 ? {} : { rejected: held }) };
  }

  /** What a run would do: every row is read (no write) and compared. */
  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const reference = this.target(target);
    let updates = 0;
    let unchanged = 0;
    for (const row of rows) {
      if (await planRow(this.client, reference, row)) updates += 1;
      else unchanged += 1;
    }
    return { inserts: 0, updates, unchanged };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function openIfsDestination(config: IfsConnectionConfig): Promise<Destination> {
  return Promise.resolve(new IfsDestination(config));
}
