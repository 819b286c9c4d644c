/**
 * A pipeline target checked against what Dynamics 365 takes (`tables.ts`): the table, merge mode, the
 * merge key and unit that make an account or an order findable again, and every column by name and
 * type. A column the table does not have is refused naming the table's columns, before anything is sent.
 */
import type { TargetTable } from '../../../engine/model/io.ts';
import { KitError } from '../../kit/errors.ts';
import type { OrderTarget } from './orders.ts';
import {
  ACCOUNT_COLUMNS,
  ACCOUNT_KEY,
  DEFAULT_ORDER_KEY_COLUMN,
  type DynamicsColumn,
  ORDER_TABLES,
  type OrderTable,
} from './tables.ts';

export type CheckedTarget =
  | { readonly kind: 'accounts'; readonly columns: readonly string[]; readonly ignoreNullValues: boolean }
  | { readonly kind: 'orders'; readonly order: OrderTarget };

const TABLES = ['accounts', ...Object.keys(ORDER_TABLES)];

function option(target: TargetTable, name: string, fallback: string): string {
  const value = target.options?.[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    throw new KitError(
      'CONFIG_INVALID',
      `Dynamics 365 target ${target.table}: options.${name} is a logical name such as ${fallback}, not ${String(value)}`,
    );
  return value;
}

/**
 * `ignoreNullValues`: an empty value leaves the column as Dataverse holds it (Azure Data Factory's Dynamics
 * sink has the same switch), so two streams can share an account and each leave the other's columns alone.
 */
function flag(target: TargetTable, name: string): boolean {
  const value = target.options?.[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new KitError(
      'CONFIG_INVALID',
      `Dynamics 365 target ${target.table}: options.${name} is true or false, not ${JSON.stringify(value)}`,
    );
  return value;
}

function checkColumns(target: TargetTable, known: Readonly<Record<string, DynamicsColumn>>, extra: readonly string[]) {
  for (const column of target.columns) {
    const spec = extra.includes(column.name) ? { kinds: ['string'] } : known[column.name];
    if (spec === undefined)
      throw new KitError(
        'CONFIG_INVALID',
        `Dynamics 365 ${target.table} has no column ${column.name} this connector writes; it takes ${[...extra, ...Object.keys(known)].join(', ')}`,
      );
    if (!spec.kinds.includes(column.type.kind))
      throw new KitError(
        'CONFIG_INVALID',
        `Dynamics 365 ${target.table}.${column.name} takes ${spec.kinds.join(' or ')}, not ${column.type.kind}`,
      );
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name));
}

export function checkTarget(target: TargetTable): CheckedTarget {
  if (!TABLES.includes(target.table))
    throw new KitError('CONFIG_INVALID', `Dynamics 365 takes ${TABLES.join(', ')}, not ${target.table}`);
  if (target.writeMode !== 'merge')
    throw new KitError(
      'CONFIG_INVALID',
      `Dynamics 365 target ${target.table}: writeMode must be merge (records are found again by key), not ${target.writeMode}`,
    );
  const names = target.columns.map((column) => column.name);
  if (target.table === 'accounts') {
    if (!sameSet(target.mergeKey, [ACCOUNT_KEY]))
      throw new KitError(
        'CONFIG_INVALID',
        `Dynamics 365 accounts: mergeKey must be [${ACCOUNT_KEY}] (the alternate key accounts are found by), not [${target.mergeKey.join(', ')}]`,
      );
    checkColumns(target, ACCOUNT_COLUMNS, []);
    return { kind: 'accounts', columns: names, ignoreNullValues: flag(target, 'ignoreNullValues') };
  }
  const table: OrderTable = ORDER_TABLES[target.table as OrderTable['set']];
  const keyColumn = option(target, 'orderKeyColumn', DEFAULT_ORDER_KEY_COLUMN);
  if (!sameSet(target.mergeKey, [keyColumn, 'lineitemnumber']))
    throw new KitError(
      'CONFIG_INVALID',
      `Dynamics 365 ${target.table}: mergeKey must be [${keyColumn}, lineitemnumber] (an order by its PO number, a line by its number), not [${target.mergeKey.join(', ')}]`,
    );
  if (!sameSet(target.holdTogether ?? [], [keyColumn]))
    throw new KitError(
      'CONFIG_INVALID',
      `Dynamics 365 ${target.table}: set holdTogether: [${keyColumn}], so a PO is written whole or held whole`,
    );
  checkColumns(target, table.columns, [keyColumn]);
  return {
    kind: 'orders',
    order: {
      table,
      keyColumn,
      lineSet: option(target, 'lineSet', table.lineSet),
      linesNavigation: option(target, 'linesNavigation', table.linesNavigation),
      columns: names,
    },
  };
}
