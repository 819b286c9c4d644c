/**
 * Test-only: a Dynamics 365 destination against its simulator on a fake clock (every wait the pacer or
 * the retry takes moves the clock and is recorded, never slept), targets and PO rows as the SAP side
 * maps them.
 */
import type { DataRow, TargetColumn, TargetTable, WriteBatch } from '../../../engine/model/io.ts';
import { Decimal } from '../../../engine/model/values/index.ts';
import type { DynamicsConnectionConfig } from '../config.ts';
import { type DynamicsSimulatorOptions, startDynamicsSimulator } from '../simulator/index.ts';
import { DynamicsDestination } from './destination.ts';
import { ORDER_TABLES } from './tables.ts';

export const CUSTOM_ACCOUNT_COLUMNS = ['mlc_sapvendornumber', 'mlc_sapcustomernumber'];

export async function startHarness(
  simulator: DynamicsSimulatorOptions = {},
  config: Partial<DynamicsConnectionConfig> = {},
) {
  const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
  const waits: number[] = [];
  const sim = await startDynamicsSimulator({
    now: () => clock.now,
    accountColumns: CUSTOM_ACCOUNT_COLUMNS,
    opportunityLines: {
      set: ORDER_TABLES.opportunities.lineSet,
      navigation: ORDER_TABLES.opportunities.linesNavigation,
    },
    retryAfterSeconds: 0,
    spend: (ms) => {
      clock.now += ms;
    },
    ...simulator,
  });
  const full: DynamicsConnectionConfig = {
    environmentUrl: sim.url,
    tenant: sim.tenant,
    authorityUrl: sim.url,
    clientId: sim.credentials.clientId,
    clientSecretSecret: 'd365_client_secret',
    resolveSecret: (name) =>
      Promise.resolve(name === 'd365_client_secret' ? sim.credentials.clientSecret : 'not-this-one'),
    batchSize: 10,
    maxConcurrency: 4,
    requestBudget: { requests: 6000, windowSeconds: 300 },
    now: () => clock.now,
    sleep: (ms) => {
      waits.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
    retry: { random: () => 0.5, baseDelayMs: 10 },
    ...config,
  };
  const destination = new DynamicsDestination(full);
  return {
    sim,
    destination,
    config: full,
    clock,
    waits,
    close: async () => {
      await destination.close();
      await sim.close();
    },
  };
}

function column(name: string): TargetColumn {
  const decimal = ['quantity', 'priceperunit', 'tax', 'manualdiscountamount'].includes(name);
  const whole = ['customertypecode', 'paymenttermscode', 'lineitemnumber', 'freighttermscode'].includes(name);
  return {
    name,
    type: decimal ? { kind: 'decimal', precision: 23, scale: 5 } : whole ? { kind: 'integer' } : { kind: 'string' },
    required: false,
  };
}

export function accountsTarget(columns: readonly string[], options?: TargetTable['options']): TargetTable {
  return {
    table: 'accounts',
    columns: columns.map(column),
    writeMode: 'merge',
    mergeKey: ['accountnumber'],
    allowDestructiveChanges: false,
    ...(options === undefined ? {} : { options }),
  };
}

export const ORDER_COLUMNS = [
  'mlc_ponumber',
  'name',
  'customerid',
  'transactioncurrencyid',
  'lineitemnumber',
  'productdescription',
  'quantity',
  'priceperunit',
];

export function ordersTarget(table: 'salesorders' | 'opportunities' = 'salesorders'): TargetTable {
  return {
    table,
    columns: ORDER_COLUMNS.map(column),
    writeMode: 'merge',
    mergeKey: ['mlc_ponumber', 'lineitemnumber'],
    holdTogether: ['mlc_ponumber'],
    allowDestructiveChanges: false,
  };
}

let batches = 0;
export function batchOf(rows: readonly DataRow[]): WriteBatch {
  batches += 1;
  return {
    lineage: { runId: 'run-1', batchId: `batch-${batches}`, syncedAt: '2026-12-01T08:00:00Z' },
    rows,
    sourceModified: rows.map(() => null),
  };
}

/** A PO's lines: line n orders n pieces at 1.25 + n/100 each. */
export function poLines(po: string, customer: string, lines: number, first = 1): DataRow[] {
  return Array.from({ length: lines }, (_, i) => {
    const n = first + i;
    return {
      mlc_ponumber: po,
      name: `PO ${po}`,
      customerid: customer,
      transactioncurrencyid: 'EUR',
      lineitemnumber: n,
      productdescription: `Material ${po}-${n}`,
      quantity: Decimal.fromInteger(n),
      priceperunit: Decimal.parse('1.25').add(Decimal.of(BigInt(n), 2)),
    };
  });
}

/** Σ quantity × priceperunit of rows, exact. */
export function valueOf(rows: readonly DataRow[]): string {
  return rows
    .reduce((sum, row) => sum.add((row.quantity as Decimal).multiply(row.priceperunit as Decimal)), Decimal.ZERO)
    .toString();
}
