/**
 * IFS Cloud as a Destination for reference data: target `suppliers` updates supplier attributes in
 * SuppliersHandling's SupplierInfoGeneralSet (the configured supplierSet), keyed by SupplierId, through
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
import { type IfsConnectionConfig, setUrl } from '../config.ts';
import { planRow, type ReferenceTarget, rejected, writeReferenceRow } from './reference-writer.ts';

/** The tables IFS takes, the set each writes to, and the columns it may change. */
const TABLES = {
  suppliers: { set: 'suppliers', key: ['SupplierId'], writable: ['Name', 'Country'], what: 'supplier' },
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
      setUrl: setUrl(this.config, table.set),
      key: table.key,
      columns: target.columns.map((column) => column.name),
      what: table.what,
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
