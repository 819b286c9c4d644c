/**
 * `GET /__sim/control-totals` for Dynamics 365: what the environment holds now, for a test to reconcile
 * against what SAP sent. Accounts by `customertypecode`; per order table its orders, lines, and the exact
 * sum of quantity × priceperunit (Decimal arithmetic: floats would drift), overall and per order
 * (keyed by the PO-number column when the order has one, else by `ordernumber`).
 */
import { Decimal } from '../../../engine/model/values/index.ts';
import type { ExactJson } from '../exact-json.ts';
import type { DataverseRecord, DataverseStore } from './store.ts';

export interface OrderTotals {
  readonly lines: number;
  /** Σ quantity × priceperunit, as exact decimal text. */
  readonly value: string;
}

export interface OrderTableTotals {
  readonly rows: number;
  readonly lines: number;
  readonly sums: { readonly lineValue: string; readonly quantity: string };
  readonly byOrder: Readonly<Record<string, OrderTotals>>;
}

export interface DynamicsControlTotals {
  readonly accounts: {
    readonly rows: number;
    readonly sums: Readonly<Record<string, string>>;
    /** Option value (3 Customer, 10 Supplier, 11 Vendor, …) or `none` -> accounts. */
    readonly byCustomerType: Readonly<Record<string, number>>;
  };
  readonly [orderSet: string]: OrderTableTotals | DynamicsControlTotals['accounts'];
}

function decimalOf(value: ExactJson | undefined): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') return Decimal.fromInteger(value);
  return Decimal.ZERO;
}

function orderTotals(
  store: DataverseStore,
  orderSet: string,
  lineSet: string,
  backColumn: string,
  keyColumn: string | undefined,
): OrderTableTotals | undefined {
  const orders = store.table(orderSet);
  const lines = store.table(lineSet);
  if (orders === undefined || lines === undefined) return undefined;
  const byId = new Map<string, { name: string; lines: number; value: Decimal }>();
  for (const order of orders.rows.values()) {
    const name = String(
      (keyColumn === undefined ? undefined : order[keyColumn]) ??
        order.ordernumber ??
        order[orders.definition.primaryKey],
    );
    byId.set(String(order[orders.definition.primaryKey]), { name, lines: 0, value: Decimal.ZERO });
  }
  let total = Decimal.ZERO;
  let quantity = Decimal.ZERO;
  for (const line of lines.rows.values()) {
    const value = decimalOf(line.quantity).multiply(decimalOf(line.priceperunit));
    total = total.add(value);
    quantity = quantity.add(decimalOf(line.quantity));
    const order = byId.get(String(line[backColumn]));
    if (order === undefined) continue;
    order.lines += 1;
    order.value = order.value.add(value);
  }
  return {
    rows: orders.rows.size,
    lines: lines.rows.size,
    sums: { lineValue: total.toString(), quantity: quantity.toString() },
    byOrder: Object.fromEntries(
      [...byId.values()].map((order) => [order.name, { lines: order.lines, value: order.value.toString() }]),
    ),
  };
}

export function controlTotals(
  store: DataverseStore,
  orderKeyColumn: string | undefined,
  opportunityLineSet: string | undefined,
): DynamicsControlTotals {
  const byCustomerType: Record<string, number> = {};
  const accounts = [...(store.table('accounts')?.rows.values() ?? [])] as DataverseRecord[];
  for (const account of accounts) {
    const type =
      account.customertypecode === undefined || account.customertypecode === null
        ? 'none'
        : String(account.customertypecode);
    byCustomerType[type] = (byCustomerType[type] ?? 0) + 1;
  }
  const salesorders = orderTotals(store, 'salesorders', 'salesorderdetails', '_salesorderid_value', orderKeyColumn);
  const opportunities =
    opportunityLineSet === undefined
      ? undefined
      : orderTotals(store, 'opportunities', opportunityLineSet, '_opportunityid_value', orderKeyColumn);
  return {
    accounts: { rows: accounts.length, sums: {}, byCustomerType },
    ...(salesorders === undefined ? {} : { salesorders }),
    ...(opportunities === undefined ? {} : { opportunities }),
  };
}
