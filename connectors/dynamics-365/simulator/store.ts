/**
 * The simulator's tables: records by GUID per entity set, each table's alternate keys with their
 * `EntityKeyIndexStatus` (a key is usable only when Active), and snapshots so a change set can be rolled
 * back whole. Weak ETags change on every write; `modifiedon` is set by the server in UTC.
 */
import { randomUUID } from 'node:crypto';

export type KeyIndexStatus = 'Pending' | 'InProgress' | 'Active' | 'Failed';

export interface AlternateKey {
  /** Schema name as Dataverse lists it, e.g. `ml_accountnumber_key`. */
  readonly schemaName: string;
  readonly keyAttributes: readonly string[];
  status: KeyIndexStatus;
}

export interface TableDefinition {
  readonly set: string;
  /** Logical name (`account`) used in EntityDefinitions and error messages. */
  readonly logicalName: string;
  readonly primaryKey: string;
  readonly keys: AlternateKey[];
  /** Columns Dataverse refuses a create without (SystemRequired, client-supplied). */
  readonly systemRequired: readonly string[];
}

export type DataverseRecord = Record<string, unknown>;

export class DataverseStore {
  readonly tables = new Map<string, { readonly definition: TableDefinition; rows: Map<string, DataverseRecord> }>();
  #version = 1000;

  constructor(
    definitions: readonly TableDefinition[],
    private readonly now: () => number,
    private readonly newId: () => string = randomUUID,
  ) {
    for (const definition of definitions) this.tables.set(definition.set, { definition, rows: new Map() });
  }

  table(set: string) {
    return this.tables.get(set);
  }

  byLogicalName(logicalName: string) {
    return [...this.tables.values()].find((table) => table.definition.logicalName === logicalName);
  }

  /** The record whose values equal every given key column, if any. */
  findByKey(set: string, values: ReadonlyMap<string, unknown>): DataverseRecord | undefined {
    const rows = this.tables.get(set)?.rows.values() ?? [];
    for (const row of rows) if ([...values].every(([column, value]) => row[column] === value)) return row;
    return undefined;
  }

  /** Creates or updates; returns the record and whether it was created. */
  write(set: string, id: string | undefined, values: DataverseRecord): { record: DataverseRecord; created: boolean } {
    const table = this.tables.get(set)!;
    const existing = id === undefined ? undefined : table.rows.get(id);
    const recordId = existing === undefined ? (id ?? this.newId()) : id!;
    this.#version += 1;
    const record: DataverseRecord = {
      ...(existing ?? {}),
      ...values,
      [table.definition.primaryKey]: recordId,
      '@odata.etag': `W/"${this.#version}"`,
      modifiedon: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    table.rows.set(recordId, record);
    return { record, created: existing === undefined };
  }

  snapshot(): () => void {
    const saved = new Map([...this.tables].map(([set, table]) => [set, new Map(table.rows)]));
    const version = this.#version;
    return () => {
      for (const [set, rows] of saved) this.tables.get(set)!.rows = rows;
      this.#version = version;
    };
  }
}

/** The tables integration 4 writes. Accounts get their key only where the options say (none by default: as in a new environment). */
export function salesTables(accountKey: AlternateKey | undefined): TableDefinition[] {
  return [
    {
      set: 'accounts',
      logicalName: 'account',
      primaryKey: 'accountid',
      keys: accountKey === undefined ? [] : [accountKey],
      systemRequired: [],
    },
    { set: 'salesorders', logicalName: 'salesorder', primaryKey: 'salesorderid', keys: [], systemRequired: [] },
    {
      set: 'salesorderdetails',
      logicalName: 'salesorderdetail',
      primaryKey: 'salesorderdetailid',
      keys: [],
      systemRequired: ['_salesorderid_value'],
    },
  ];
}
