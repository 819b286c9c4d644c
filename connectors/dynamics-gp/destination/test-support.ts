/** Wiring for the GP destination's tests: targets, typed journal rows, a destination on a simulator. */
import type { ColumnType } from '../../../engine/model/column-type.ts';
import type { DataRow, TargetTable, WriteBatch } from '../../../engine/model/io.ts';
import { Decimal, PlainDate } from '../../../engine/model/values/index.ts';
import type { GpConnectionConfig } from '../client.ts';
import type { GpSimulator } from '../simulator/index.ts';
import { openGpDestination, type GpDestination } from './destination.ts';

const TEXT: ColumnType = { kind: 'string' };
const MONEY: ColumnType = { kind: 'decimal', precision: 19, scale: 2 };

export function journalTarget(batch = 'PAYROLL', options: Readonly<Record<string, string | number>> = {}): TargetTable {
  return {
    table: 'gl_journals',
    columns: [
      { name: 'journal_reference', type: TEXT, required: true },
      { name: 'transaction_date', type: { kind: 'date' }, required: true },
      { name: 'account', type: TEXT, required: true },
      { name: 'cost_center', type: TEXT, required: false },
      { name: 'debit', type: MONEY, required: true },
      { name: 'credit', type: MONEY, required: true },
      { name: 'description', type: TEXT, required: false },
    ],
    writeMode: 'append',
    mergeKey: [],
    allowDestructiveChanges: false,
    holdTogether: ['journal_reference'],
    options: { batch, ...options },
  };
}

export function employeeTarget(): TargetTable {
  return {
    table: 'employees',
    columns: [
      { name: 'employee_id', type: TEXT, required: true },
      { name: 'first_name', type: TEXT, required: false },
      { name: 'last_name', type: TEXT, required: false },
      { name: 'department', type: TEXT, required: false },
      { name: 'hire_date', type: { kind: 'date' }, required: false },
      { name: 'is_active', type: { kind: 'boolean' }, required: false },
    ],
    writeMode: 'merge',
    mergeKey: ['employee_id'],
    allowDestructiveChanges: false,
  };
}

/**
 * A balanced two-line payroll journal: gross pay to expense with a cost center (the account's first
 * segment: 100 is Finance, so 100-6100-00), the same to accrued payroll (000-2110-00).
 */
export function payJournal(
  reference: string,
  date: string,
  amount: string,
  options: { account?: string; costCenter?: string | null; credit?: string } = {},
): DataRow[] {
  const common = { journal_reference: reference, transaction_date: PlainDate.parse(date), description: 'Gross pay' };
  return [
    {
      ...common,
      account: options.account ?? '000-6100-00',
      cost_center: options.costCenter === undefined ? '100' : options.costCenter,
      debit: Decimal.parse(amount),
      credit: Decimal.parse('0'),
    },
    {
      ...common,
      account: '000-2110-00',
      cost_center: null,
      debit: Decimal.parse('0'),
      credit: Decimal.parse(options.credit ?? amount),
    },
  ];
}

let batches = 0;
export function batchOf(rows: readonly DataRow[]): WriteBatch {
  batches += 1;
  return {
    lineage: { runId: 'run-1', batchId: `run-1.pay.${batches}`, syncedAt: '2025-02-01T00:00:00Z' },
    rows,
    sourceModified: rows.map(() => null),
  };
}

/** Both of the simulator's surfaces: GP Web Services (journals, employees) and SBA (vendors). */
export function gpConfig(sim: GpSimulator, extra: Partial<GpConnectionConfig> = {}): GpConnectionConfig {
  const { domain, user, password } = sim.credentials;
  return {
    baseUrl: sim.url,
    company: sim.company,
    webServices: { url: sim.webServicesUrl, companyKey: -1, currencyType: 'Transactional' },
    auth: { method: 'ntlm', domain, user, passwordSecret: 'gp-password' },
    resolveSecret: (name) =>
      name === 'gp-password' ? Promise.resolve(password) : Promise.reject(new Error(`no secret ${name}`)),
    retry: { sleep: async () => {} },
    ...extra,
  };
}

export function destinationFor(sim: GpSimulator, extra: Partial<GpConnectionConfig> = {}): GpDestination {
  return openGpDestination(gpConfig(sim, extra));
}
