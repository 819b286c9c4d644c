/**
 * POs -> sales orders (or opportunities): one row per PO line, header columns repeated on each line. An
 * order is found again by the alternate key on its PO-number column and its lines by `lineitemnumber`, so
 * a batch sent twice, or a run started again after an answer was lost, writes nothing twice.
 * A new order is ONE request: a deep insert of the order with all its write-in lines (`order_details`),
 * which Dataverse runs as one transaction however many lines there are, so a 1,200-line PO is atomic
 * and counts once against the 1,000 requests of a `$batch`. An existing order gets one change set:
 * PATCH of the header columns that changed, PATCH of changed lines, POST of new lines; over 1,000 such
 * requests it is split into change sets of 1,000 (each atomic; README). Lines Dataverse holds that the
 * batch does not carry are left alone (a PO's lines may arrive in more than one batch).
 */
import type { DataRow } from '../../../engine/model/io.ts';
import { MAX_BATCH_REQUESTS, type BatchRequest } from '../batch/batch.ts';
import type { DataverseRow, DynamicsClient } from '../client.ts';
import type { ExactJson } from '../exact-json.ts';
import { readAccounts } from './accounts.ts';
import { dataverseRejection, rejectedWith, type RowOutcome } from './outcomes.ts';
import type { BatchSizer } from './batch-sizer.ts';
import { sendWrites, type Write } from './send.ts';
import { lookupColumn, type OrderTable } from './tables.ts';
import { keyText, orFilters, sameValue, toDataverse } from './values.ts';

export interface OrderTarget {
  readonly table: OrderTable;
  /** The custom PO-number column the order's alternate key is on. */
  readonly keyColumn: string;
  readonly lineSet: string;
  readonly linesNavigation: string;
  /** The columns the pipeline maps. */
  readonly columns: readonly string[];
}

interface Order {
  readonly po: string;
  readonly rows: number[];
  /** lineitemnumber -> the rows carrying it (the last one's values win). */
  readonly lines: Map<number, number[]>;
}

interface OrderWrite extends Write {
  readonly order: Order;
  readonly creating: boolean;
}

const LINE_DEFAULTS = { isproductoverridden: true, ispriceoverridden: true };

function group(rows: readonly DataRow[], target: OrderTarget, outcomes: RowOutcome[]): Map<string, Order> {
  const orders = new Map<string, Order>();
  const bad = new Map<string, string>();
  rows.forEach((row, index) => {
    const po = row[target.keyColumn];
    if (typeof po !== 'string' || po.trim() === '') {
      outcomes[index] = rejectedWith('KEY_MISSING', `${target.keyColumn} is empty, so the line belongs to no order`);
      return;
    }
    const order = orders.get(keyText(po)) ?? { po, rows: [], lines: new Map<number, number[]>() };
    orders.set(keyText(po), order);
    order.rows.push(index);
    const line = row.lineitemnumber;
    if (typeof line !== 'number') bad.set(keyText(po), `a line of ${po} has no lineitemnumber`);
    else order.lines.set(line, [...(order.lines.get(line) ?? []), index]);
    const first = rows[order.rows[0]!]!;
    for (const column of headerColumns(target))
      if (!sameValue(toDataverse(row[column]), toDataverse(first[column])))
        bad.set(
          keyText(po),
          `the lines of ${po} disagree on the order's ${column}: ${JSON.stringify(String(first[column]))} and ${JSON.stringify(String(row[column]))}`,
        );
  });
  for (const [key, message] of bad) {
    for (const index of orders.get(key)!.rows) outcomes[index] = rejectedWith('ORDER_INCONSISTENT', message);
    orders.delete(key);
  }
  return orders;
}

function headerColumns(target: OrderTarget): string[] {
  return target.columns.filter((column) => target.table.columns[column]?.part === 'header');
}

function lineColumns(target: OrderTarget): string[] {
  return target.columns.filter((column) => target.table.columns[column]?.part === 'line');
}

async function lookups(client: DynamicsClient, rows: readonly DataRow[], target: OrderTarget) {
  const accounts = new Map<string, string>();
  const currencies = new Map<string, string>();
  if (target.columns.includes('customerid')) {
    const numbers = rows.map((row) => row.customerid).filter((value): value is string => typeof value === 'string');
    for (const [key, row] of await readAccounts(client, numbers, [])) accounts.set(key, String(row.accountid));
  }
  if (target.columns.includes('transactioncurrencyid')) {
    const codes = rows
      .map((row) => row.transactioncurrencyid)
      .filter((value): value is string => typeof value === 'string');
    for (const filter of orFilters('isocurrencycode', codes))
      for (const row of await client.readAll('transactioncurrencies', {
        $select: 'transactioncurrencyid,isocurrencycode',
        $filter: filter,
      }))
        currencies.set(keyText(row.isocurrencycode), String(row.transactioncurrencyid));
  }
  return { accounts, currencies };
}

async function readOrders(client: DynamicsClient, target: OrderTarget, pos: readonly string[]) {
  const { table } = target;
  const select = [
    table.primaryKey,
    target.keyColumn,
    ...headerColumns(target).map((column) =>
      table.columns[column]?.lookup === undefined ? column : lookupColumn(column),
    ),
  ];
  const held = new Map<string, DataverseRow>();
  for (const filter of orFilters(target.keyColumn, pos))
    for (const row of await client.readAll(table.set, { $select: [...new Set(select)].join(','), $filter: filter }))
      held.set(keyText(row[target.keyColumn]), row);
  const back = `_${table.lineBind}_value`;
  const lines = new Map<string, Map<number, DataverseRow>>();
  const ids = [...held.values()].map((row) => String(row[table.primaryKey]));
  const lineSelect = [...new Set([table.linePrimaryKey, back, 'lineitemnumber', ...lineColumns(target)])].join(',');
  for (const filter of orFilters(back, ids, 10))
    for (const line of await client.readAll(target.lineSet, { $select: lineSelect, $filter: filter })) {
      const byNumber = lines.get(String(line[back])) ?? new Map<number, DataverseRow>();
      lines.set(String(line[back]), byNumber);
      if (typeof line.lineitemnumber === 'number') byNumber.set(line.lineitemnumber, line);
    }
  return { held, lines };
}

function lineBody(row: DataRow, columns: readonly string[], held: DataverseRow | undefined): Record<string, ExactJson> {
  const body: Record<string, ExactJson> = {};
  for (const column of columns) {
    const value = toDataverse(row[column]);
    if (held === undefined ? value !== null : !sameValue(value, held[column])) body[column] = value;
  }
  return body;
}

async function prepare(client: DynamicsClient, target: OrderTarget, rows: readonly DataRow[]) {
  const { table } = target;
  const outcomes: RowOutcome[] = rows.map(() => 'unchanged');
  const orders = group(rows, target, outcomes);
  const found = await lookups(client, rows, target);
  const { held, lines } = await readOrders(
    client,
    target,
    [...orders.values()].map((order) => order.po),
  );
  const writes: OrderWrite[] = [];
  const mark = (order: Order, outcome: RowOutcome) => order.rows.forEach((index) => (outcomes[index] = outcome));
  for (const [key, order] of orders) {
    const first = rows[order.rows[0]!]!;
    const current = held.get(key);
    const header: Record<string, ExactJson> = {};
    let refused: string | undefined;
    for (const column of headerColumns(target)) {
      const value = toDataverse(first[column]);
      const lookup = table.columns[column]?.lookup;
      if (lookup === undefined) {
        if (current === undefined ? value !== null : !sameValue(value, current[column])) header[column] = value;
        continue;
      }
      if (value === null) continue;
      const id = (lookup === 'account' ? found.accounts : found.currencies).get(keyText(value));
      if (id === undefined) {
        refused =
          lookup === 'account'
            ? `the customer account ${String(value)} of ${order.po} is not in Dynamics 365 (write the accounts first)`
            : `Dynamics 365 has no currency with ISO code ${String(value)} (Settings > Business Management > Currencies)`;
        break;
      }
      if (current !== undefined && sameValue(id, current[lookupColumn(column)])) continue;
      if (lookup === 'account') header['customerid_account@odata.bind'] = `/accounts(${id})`;
      else header['transactioncurrencyid@odata.bind'] = `/transactioncurrencies(${id})`;
    }
    if (refused !== undefined) {
      mark(order, rejectedWith('LOOKUP_MISSING', refused));
      continue;
    }
    const lastRow = (indexes: number[]) => rows[indexes[indexes.length - 1]!]!;
    if (current === undefined) {
      const body = {
        [target.keyColumn]: order.po,
        ...header,
        [target.linesNavigation]: [...order.lines.values()].map((indexes) => ({
          ...lineBody(lastRow(indexes), lineColumns(target), undefined),
          ...LINE_DEFAULTS,
        })),
      };
      mark(order, 'insert');
      writes.push({
        item: { kind: 'request', request: { method: 'POST', url: table.set, body } },
        order,
        creating: true,
      });
      continue;
    }
    const orderId = String(current[table.primaryKey]);
    const requests: BatchRequest[] = [];
    if (Object.keys(header).length > 0) {
      requests.push({ method: 'PATCH', url: `${table.set}(${orderId})`, body: header });
      mark(order, 'update');
    }
    const heldLines = lines.get(orderId) ?? new Map<number, DataverseRow>();
    for (const [number, indexes] of order.lines) {
      const heldLine = heldLines.get(number);
      const body = lineBody(lastRow(indexes), lineColumns(target), heldLine);
      if (heldLine === undefined) {
        requests.push({
          method: 'POST',
          url: target.lineSet,
          body: { ...body, ...LINE_DEFAULTS, [`${table.lineBind}@odata.bind`]: `/${table.set}(${orderId})` },
        });
        indexes.forEach((index) => (outcomes[index] = 'insert'));
      } else if (Object.keys(body).length > 0) {
        requests.push({ method: 'PATCH', url: `${target.lineSet}(${String(heldLine[table.linePrimaryKey])})`, body });
        indexes.forEach((index) => (outcomes[index] = outcomes[index] === 'insert' ? 'insert' : 'update'));
      }
    }
    for (let at = 0; at < requests.length; at += MAX_BATCH_REQUESTS)
      writes.push({
        item: { kind: 'changeset', requests: requests.slice(at, at + MAX_BATCH_REQUESTS) },
        order,
        creating: false,
      });
  }
  return { outcomes, writes };
}

export async function planOrders(client: DynamicsClient, target: OrderTarget, rows: readonly DataRow[]) {
  return (await prepare(client, target, rows)).outcomes;
}

export async function writeOrders(
  client: DynamicsClient,
  target: OrderTarget,
  rows: readonly DataRow[],
  sizer: BatchSizer,
  secondTry = false,
): Promise<RowOutcome[]> {
  const { outcomes, writes } = await prepare(client, target, rows);
  const answers = await sendWrites(client, writes, sizer);
  const again = new Set<number>();
  for (const write of writes) {
    const answer = answers.get(write)!;
    if (answer.ok) continue;
    // The order exists after all (a create whose answer was lost): read it again and take the update path.
    if (!secondTry && write.creating && answer.error.code === '0x80060892')
      write.order.rows.forEach((index) => again.add(index));
    else for (const index of write.order.rows) outcomes[index] = dataverseRejection(answer.status, answer.error);
  }
  if (again.size > 0) {
    const indexes = [...again];
    const retried = await writeOrders(
      client,
      target,
      indexes.map((index) => rows[index]!),
      sizer,
      true,
    );
    indexes.forEach((index, at) => (outcomes[index] = retried[at]!));
  }
  return outcomes;
}
