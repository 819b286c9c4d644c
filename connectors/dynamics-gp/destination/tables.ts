/**
 * What a pipeline can write into Dynamics GP, by target table name, and the destination columns each
 * takes. Table names are ours; the GP objects behind them are GP Web Services' (dynamics-gp-web-services.md
 * §4.1, §4.2) for journals and employees, and SBA's `Purchasing/Vendors` for vendors (SBA lists vendors;
 * it has no GL and no payroll, §1.2).
 * - `gl_journals`: one row per GL journal line; rows sharing `journal_reference` are one journal,
 *   created unposted (Work) in the target's batch (`options.batch`). GP has no cost-center object: a
 *   cost center is a segment of the account number, so `cost_center` fills the account's segment
 *   `options.costCenterSegment` (1-based, default 1). `currency` is an ISO 4217 code (USD, GBP): the
 *   service names currencies by ISO code, not by GP's currency id (Z-US$).
 * - `employees` / `vendors`: master records upserted by their natural key (the employee or vendor dimension).
 *   Employees take what the service's Employee object carries (§4.2): names, department, position and
 *   division codes, hire and inactive dates, active; it has no job title text, location or e-mail.
 */
import { MlcError } from '../../../engine/model/errors.ts';
import type { ColumnType } from '../../../engine/model/column-type.ts';
import type { TargetTable } from '../../../engine/model/io.ts';

export type GpTableKind = 'gl_journals' | 'employees' | 'vendors';
type Kind = ColumnType['kind'];

export interface GpColumn {
  /** GP property (masters) or journal part. */
  readonly property: string;
  readonly kinds: readonly Kind[];
  readonly required?: boolean;
}

export interface GpTable {
  readonly kind: GpTableKind;
  /** The SBA resource (vendors) or the Web Services create operation (journals, employees). */
  readonly resource: string;
  /** The natural key column and its GP property (masters). */
  readonly keyColumn: string;
  readonly columns: Readonly<Record<string, GpColumn>>;
}

const TEXT: readonly Kind[] = ['string'];
const MONEY: readonly Kind[] = ['decimal'];

export const GP_TABLES: Readonly<Record<GpTableKind, GpTable>> = {
  gl_journals: {
    kind: 'gl_journals',
    resource: 'CreateGLTransaction',
    keyColumn: 'journal_reference',
    columns: {
      journal_reference: { property: 'Reference', kinds: TEXT, required: true },
      transaction_date: { property: 'TransactionDate', kinds: ['date'], required: true },
      account: { property: 'AccountNumber', kinds: TEXT, required: true },
      cost_center: { property: 'CostCenter', kinds: TEXT },
      debit: { property: 'DebitAmount', kinds: MONEY, required: true },
      credit: { property: 'CreditAmount', kinds: MONEY, required: true },
      description: { property: 'Description', kinds: TEXT },
      currency: { property: 'CurrencyKey.ISOCode', kinds: TEXT },
    },
  },
  employees: {
    kind: 'employees',
    resource: 'CreateEmployee',
    keyColumn: 'employee_id',
    columns: {
      employee_id: { property: 'EmployeeId', kinds: TEXT, required: true },
      first_name: { property: 'FirstName', kinds: TEXT },
      middle_name: { property: 'MiddleName', kinds: TEXT },
      last_name: { property: 'LastName', kinds: TEXT },
      department: { property: 'Department', kinds: TEXT },
      position: { property: 'Position', kinds: TEXT },
      division: { property: 'Division', kinds: TEXT },
      hire_date: { property: 'HireDate', kinds: ['date'] },
      inactive_date: { property: 'InactiveDate', kinds: ['date'] },
      is_active: { property: 'IsActive', kinds: ['boolean'] },
    },
  },
  vendors: {
    kind: 'vendors',
    resource: 'Purchasing/Vendors',
    keyColumn: 'vendor_id',
    columns: {
      vendor_id: { property: 'VendorId', kinds: TEXT, required: true },
      name: { property: 'Name', kinds: TEXT },
      short_name: { property: 'ShortName', kinds: TEXT },
      check_name: { property: 'CheckName', kinds: TEXT },
      is_active: { property: 'IsActive', kinds: ['boolean'] },
      is_on_hold: { property: 'IsOnHold', kinds: ['boolean'] },
      class_id: { property: 'ClassId', kinds: TEXT },
    },
  },
};

export class GpTargetError extends MlcError {
  override readonly name = 'GpTargetError';
  declare readonly code: 'GP_TARGET_INVALID';

  constructor(message: string) {
    super('GP_TARGET_INVALID', message);
  }
}

/** The GP table a target writes, after checking its columns, write mode and key; plain errors otherwise. */
export function gpTableOf(target: TargetTable): GpTable {
  const table = GP_TABLES[target.table as GpTableKind];
  if (table === undefined)
    throw new GpTargetError(`Dynamics GP takes the tables ${Object.keys(GP_TABLES).join(', ')}, not "${target.table}"`);
  const named = new Set(target.columns.map((column) => column.name));
  for (const column of target.columns) {
    const spec = table.columns[column.name];
    if (spec === undefined)
      throw new GpTargetError(
        `${target.table}: GP has no column "${column.name}"; the columns are ${Object.keys(table.columns).join(', ')}`,
      );
    if (!spec.kinds.includes(column.type.kind))
      throw new GpTargetError(
        `${target.table}.${column.name} must be ${spec.kinds.join(' or ')}, not ${column.type.kind}`,
      );
  }
  const missing = Object.entries(table.columns)
    .filter(([name, spec]) => spec.required === true && !named.has(name))
    .map(([name]) => name);
  if (missing.length > 0)
    throw new GpTargetError(`${target.table}: map the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (table.kind === 'gl_journals') {
    if (target.writeMode === 'replace')
      throw new GpTargetError(
        'gl_journals: GP journals are created once per journal_reference and never replaced; use append or merge',
      );
  } else if (target.writeMode !== 'merge' || target.mergeKey.length !== 1 || target.mergeKey[0] !== table.keyColumn) {
    throw new GpTargetError(
      `${target.table}: write with merge on ${table.keyColumn} (GP master records are created or updated by their natural key)`,
    );
  }
  return table;
}

/** The journal batch from `target.options.batch` (GP's BatchKey.Id is at most 15 characters, web-services §7). */
export function journalBatchOf(target: TargetTable): string {
  const batch = target.options?.batch ?? 'ML-CONNECTOR';
  if (typeof batch !== 'string' || !/^[A-Z0-9][A-Z0-9 _-]{0,14}$/.test(batch)) {
    throw new GpTargetError(
      `${target.table}: options.batch must be a GP batch id of 1 to 15 capital letters, digits, spaces, - or _, not ${JSON.stringify(batch)}`,
    );
  }
  return batch;
}

/** Which segment of the account number the `cost_center` column fills (`target.options.costCenterSegment`, 1-based). */
export function costCenterSegmentOf(target: TargetTable): number {
  const segment = target.options?.costCenterSegment ?? 1;
  if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 1 || segment > 10) {
    throw new GpTargetError(
      `${target.table}: options.costCenterSegment is the account segment a cost center fills, a whole number from 1 to 10, not ${JSON.stringify(segment)}`,
    );
  }
  return segment;
}
