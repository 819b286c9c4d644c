/**
 * The kit's destination conformance run against the Dynamics 365 simulator, for accounts (a number that
 * cannot ride in a URL among them) and for sales orders (PO lines held together by `mlc_ponumber`, one
 * order of 1,200 lines): check, wrong secret, unknown column, full write equal to the control totals,
 * nothing written twice, only changes sent (`$batch` requests counted), 10% faults (429 with Retry-After,
 * 503, resets, tokens expired early), and plan. The destination runs on a fake clock: every wait moves it.
 */
import type { DataRow, TargetTable } from '../../engine/model/io.ts';
import { Decimal } from '../../engine/model/values/index.ts';
import type { FaultKind } from '../kit/simulator/faults.ts';
import {
  type DestinationUnderTest,
  describeDestinationConformance,
  type EntityTotals,
} from '../kit/testing/destination-conformance.ts';
import { sumOf } from '../kit/testing/destination-conformance-support.ts';
import type { DynamicsConnectionConfig } from './config.ts';
import { DynamicsDestination } from './destination/destination.ts';
import { ORDER_TABLES } from './destination/tables.ts';
import { accountsTarget, CUSTOM_ACCOUNT_COLUMNS, ordersTarget, poLines, valueOf } from './destination/test-support.ts';
import { dynamics365Module } from './module.ts';
import type { OrderTableTotals } from './simulator/control-totals.ts';
import { startDynamicsSimulator } from './simulator/index.ts';

async function startRig(target: TargetTable, faults: string | undefined): Promise<DestinationUnderTest> {
  const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
  const sim = await startDynamicsSimulator({
    now: () => clock.now,
    accountColumns: CUSTOM_ACCOUNT_COLUMNS,
    opportunityLines: {
      set: ORDER_TABLES.opportunities.lineSet,
      navigation: ORDER_TABLES.opportunities.linesNavigation,
    },
    // A real Retry-After, so the suite sees the retry wait what the 429 said (on the fake clock).
    retryAfterSeconds: 1,
    seed: 5,
    ...(faults === undefined ? {} : { faults }),
  });
  const configWith = (
    secret: string | undefined,
    retry: false | { sleep: (ms: number) => Promise<void> },
  ): DynamicsConnectionConfig => ({
    environmentUrl: sim.url,
    tenant: sim.tenant,
    authorityUrl: sim.url,
    clientId: sim.credentials.clientId,
    clientSecretSecret: 'd365_client_secret',
    resolveSecret: () => Promise.resolve(secret ?? sim.credentials.clientSecret),
    batchSize: 10,
    maxConcurrency: 4,
    requestBudget: { requests: 6000, windowSeconds: 300 },
    now: () => clock.now,
    sleep: (ms) => {
      clock.now += ms;
      return retry === false ? Promise.resolve() : retry.sleep(ms);
    },
    retry: retry === false ? false : { random: () => 0.5, baseDelayMs: 10 },
  });
  const requiredKeys =
    target.table === 'accounts'
      ? [{ logicalName: 'account', columns: ['accountnumber'] }]
      : [{ logicalName: 'salesorder', columns: ['mlc_ponumber'] }];
  return {
    descriptor: dynamics365Module.descriptor,
    secret: sim.credentials.clientSecret,
    open: ({ secret, retry }) => new DynamicsDestination(configWith(secret, retry)),
    check: (options) => dynamics365Module.testConnection({ ...configWith(options?.secret, false), requiredKeys }),
    totals: () => Promise.resolve(target.table === 'accounts' ? accountTotals(sim) : orderTotals(sim)),
    writeRequests: () => sim.stats.batches,
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults as Record<FaultKind, number>,
    close: () => sim.close(),
  };
}

type Simulator = Awaited<ReturnType<typeof startDynamicsSimulator>>;

/** Accounts: how many, how many of each customer type, and Σ paymenttermscode over what the simulator holds. */
function accountTotals(sim: Simulator): EntityTotals {
  const { rows, byCustomerType } = sim.controlTotals().accounts;
  const held = [...(sim.store.table('accounts')?.rows.values() ?? [])] as DataRow[];
  return { rows, sums: { ...typeCounts(byCustomerType), paymenttermscode: sumOf(held, 'paymenttermscode') } };
}

function typeCounts(byType: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(byType).map(([type, n]) => [`customertypecode=${type}`, String(n)]));
}

/** Sales orders: lines are the rows; the orders, Σ quantity and Σ quantity × priceperunit are the sums. */
function orderTotals(sim: Simulator): EntityTotals {
  const totals = sim.controlTotals().salesorders as OrderTableTotals;
  return { rows: totals.lines, sums: { orders: String(totals.rows), ...totals.sums } };
}

const VENDOR_COLUMNS = [
  'accountnumber',
  'name',
  'address1_city',
  'customertypecode',
  'paymenttermscode',
  'mlc_sapvendornumber',
];

function vendors(n: number, first = 0): DataRow[] {
  return Array.from({ length: n }, (_, at) => {
    const i = first + at;
    return {
      // One number with a `/`: Dataverse cannot take it in a URL, so it is created by POST and found by $filter.
      accountnumber: i === 7 ? `V-${1000 + i}/A` : `V${1000 + i}`,
      name: `Vendor ${i}`,
      address1_city: i % 2 === 0 ? 'Walldorf' : 'Basel',
      customertypecode: i % 5 === 0 ? 3 : 11,
      paymenttermscode: 1 + (i % 3),
      mlc_sapvendornumber: String(1000 + i),
    };
  });
}

const ORDER_CUSTOMERS: DataRow[] = ['C1', 'C2', 'C3'].map((number) => ({
  accountnumber: number,
  name: `Customer ${number}`,
}));

const ORDERS: DataRow[] = [
  ...poLines('4500000001', 'C1', 1200),
  ...Array.from({ length: 12 }, (_, i) =>
    poLines(`45000001${String(i).padStart(2, '0')}`, `C${1 + (i % 3)}`, 1 + (i % 7)),
  ).flat(),
];

describeDestinationConformance({
  name: 'Dynamics 365',
  start: ({ target, faults }) => startRig(target, faults),
  maxSignInRequests: 1,
  targets: [
    {
      name: 'accounts',
      target: accountsTarget(VENDOR_COLUMNS),
      rows: vendors(60),
      fresh: vendors(3, 60),
      // A new name, or new payment terms; never Vendor over Customer (the customer type rule keeps Customer).
      change: (rows) =>
        rows
          .filter((_, i) => i % 6 === 1)
          .map((row, i) =>
            i % 2 === 0
              ? { ...row, name: `${String(row.name)} (renamed)` }
              : { ...row, paymenttermscode: Number(row.paymenttermscode) + 10 },
          ),
      totalsOf: (rows) => {
        const byType: Record<string, number> = {};
        for (const row of rows) {
          const type = row.customertypecode === null ? 'none' : String(row.customertypecode);
          byType[type] = (byType[type] ?? 0) + 1;
        }
        return {
          rows: rows.length,
          sums: { ...typeCounts(byType), paymenttermscode: sumOf(rows, 'paymenttermscode') },
        };
      },
    },
    {
      name: 'sales orders (one PO of 1,200 lines)',
      target: ordersTarget('salesorders'),
      rows: ORDERS,
      fresh: poLines('4500000999', 'C2', 3),
      // Two lines of the big order and one of each of three small ones: new quantities.
      change: (rows) =>
        rows
          .filter((row) =>
            row.mlc_ponumber === '4500000001'
              ? row.lineitemnumber === 17 || row.lineitemnumber === 1111
              : ['4500000102', '4500000105', '4500000109'].includes(String(row.mlc_ponumber)) &&
                row.lineitemnumber === 1,
          )
          .map((row) => ({ ...row, quantity: (row.quantity as Decimal).add(Decimal.parse('0.5')) })),
      totalsOf: (rows) => ({
        rows: rows.length,
        sums: {
          orders: String(new Set(rows.map((row) => row.mlc_ponumber)).size),
          lineValue: valueOf(rows),
          quantity: sumOf(rows, 'quantity'),
        },
      }),
      prepare: (write) => write(accountsTarget(['accountnumber', 'name']), ORDER_CUSTOMERS),
    },
  ],
});
