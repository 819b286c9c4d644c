/**
 * The simulator's tables: records by GUID per entity set, each table's columns (a column it does not
 * have is refused, as Dataverse refuses a property its type does not declare), its navigation
 * properties (`x@odata.bind` single-valued, deep-insert collections), its alternate keys with their
 * `EntityKeyIndexStatus` (a key is usable only when Active, and unique on create), and snapshots so a
 * change set can be rolled back whole. Weak ETags change on every write; `modifiedon` is server-set (UTC).
 */
import { randomUUID } from 'node:crypto';
import type { ExactJson } from '../exact-json.ts';

export type KeyIndexStatus = 'Pending' | 'InProgress' | 'Active' | 'Failed';

export interface AlternateKey {
  /** Schema name as Dataverse lists it, e.g. `mlc_accountnumber_key`. */
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
  /** Columns the table has (lookups as `_x_value`), besides its primary key and the server-set ones. */
  readonly columns: readonly string[];
  /** Valid on create only (IsValidForUpdate false), e.g. `isproductoverridden`. */
  readonly createOnly?: readonly string[];
  /** Single-valued navigation property -> the entity sets it may point at and the lookup column it fills. */
  readonly lookups?: Readonly<Record<string, { readonly sets: readonly string[]; readonly column: string }>>;
  /** Collection navigation property -> the child set and the child's lookup column back to this table (deep insert). */
  readonly collections?: Readonly<Record<string, { readonly set: string; readonly backColumn: string }>>;
  /** Text columns' MaxLength (entity reference): longer is 400 0x80044331 in Dataverse's words. */
  readonly maxLengths?: Readonly<Record<string, number>>;
  /** Auto-numbered on create when left out (`ordernumber`). */
  readonly autoNumber?: { readonly column: string; readonly prefix: string };
}

export type DataverseRecord = Record<string, ExactJson>;

const SERVER_SET = ['@odata.etag', 'modifiedon', 'createdon'];

export class DataverseStore {
  readonly tables = new Map<string, { readonly definition: TableDefinition; rows: Map<string, DataverseRecord> }>();
  #version = 1000;
  #numbers = 0;

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

  /** Whether `column` can be read from the table (its own columns, primary key and server-set ones). */
  hasColumn(set: string, column: string): boolean {
    const definition = this.tables.get(set)?.definition;
    if (definition === undefined) return false;
    return (
      column === definition.primaryKey ||
      SERVER_SET.includes(column) ||
      column === definition.autoNumber?.column ||
      definition.columns.includes(column)
    );
  }

  /** The record whose values equal every given key column, if any. */
  findByKey(set: string, values: ReadonlyMap<string, unknown>): DataverseRecord | undefined {
    const rows = this.tables.get(set)?.rows.values() ?? [];
    for (const row of rows) if ([...values].every(([column, value]) => row[column] === value)) return row;
    return undefined;
  }

  /** An Active key of the table whose values a create would repeat (Dataverse's 412 0x80060892). */
  keyClash(set: string, values: DataverseRecord, exceptId?: string): AlternateKey | undefined {
    const table = this.tables.get(set)!;
    for (const key of table.definition.keys) {
      if (key.status !== 'Active') continue;
      if (key.keyAttributes.some((column) => values[column] === undefined || values[column] === null)) continue;
      const clash = this.findByKey(set, new Map(key.keyAttributes.map((column) => [column, values[column]])));
      if (clash !== undefined && clash[table.definition.primaryKey] !== exceptId) return key;
    }
    return undefined;
  }

  /** Creates or updates; returns the record and whether it was created. */
  write(set: string, id: string | undefined, values: DataverseRecord): { record: DataverseRecord; created: boolean } {
    const table = this.tables.get(set)!;
    const existing = id === undefined ? undefined : table.rows.get(id);
    const recordId = existing === undefined ? (id ?? this.newId()) : id!;
    this.#version += 1;
    const stamp = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const auto = table.definition.autoNumber;
    const record: DataverseRecord = {
      ...(existing ?? {}),
      ...(existing === undefined && auto !== undefined && values[auto.column] === undefined
        ? { [auto.column]: `${auto.prefix}-${String((this.#numbers += 1)).padStart(5, '0')}` }
        : {}),
      ...values,
      [table.definition.primaryKey]: recordId,
      '@odata.etag': `W/"${this.#version}"`,
      modifiedon: stamp,
      ...(existing === undefined ? { createdon: stamp } : {}),
    };
    table.rows.set(recordId, record);
    return { record, created: existing === undefined };
  }

  remove(set: string, id: string): boolean {
    return this.tables.get(set)?.rows.delete(id) ?? false;
  }

  snapshot(): () => void {
    const saved = new Map([...this.tables].map(([set, table]) => [set, new Map(table.rows)]));
    const version = this.#version;
    const numbers = this.#numbers;
    return () => {
      for (const [set, rows] of saved) this.tables.get(set)!.rows = rows;
      this.#version = version;
      this.#numbers = numbers;
    };
  }
}
