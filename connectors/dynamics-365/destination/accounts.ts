/**
 * Vendors and customers -> accounts, one per account number. Each batch reads back what Dataverse holds
 * for its account numbers (`$select` of the mapped columns), and sends only the columns that differ:
 * nothing for an unchanged account. A new account is an upsert by the alternate key
 * (`PATCH accounts(accountnumber='V1')`), so a retry after a lost answer updates the account it created
 * instead of making a second; one whose number Dataverse cannot read in a URL is created by POST with
 * the number in the body (the key makes a second create 412 `0x80060892`, then it is read again and
 * updated). An existing account is updated by its id.
 * With `ignoreNullValues` an empty value is neither compared nor sent: the column stays as Dataverse holds
 * it (two streams sharing an account each leave the other's columns alone).
 * Customer type: `customertypecode` holds one value, so a Customer (3) is kept when a vendor stream
 * writes Supplier (10) or Vendor (11): one account, and the vendor fact stays in `mlc_sapvendornumber`.
 */
import type { DataRow } from '../../../engine/model/io.ts';
import type { BatchRequest } from '../batch/batch.ts';
import type { DataverseRow, DynamicsClient } from '../client.ts';
import { recordAddress } from '../alternate-key.ts';
import type { ExactJson } from '../exact-json.ts';
import { dataverseRejection, rejectedWith, type RowOutcome } from './outcomes.ts';
import type { BatchSizer } from './batch-sizer.ts';
import { sendWrites, type Write } from './send.ts';
import { ACCOUNT_KEY, CUSTOMER_TYPE } from './tables.ts';
import { keyText, orFilters, sameValue, toDataverse } from './values.ts';

interface AccountWrite extends Write {
  readonly rows: readonly number[];
  readonly creating: boolean;
  readonly number: string;
}

interface Prepared {
  readonly outcomes: RowOutcome[];
  readonly writes: AccountWrite[];
}

export async function readAccounts(
  client: DynamicsClient,
  numbers: readonly string[],
  columns: readonly string[],
): Promise<Map<string, DataverseRow>> {
  const held = new Map<string, DataverseRow>();
  const select = ['accountid', ...new Set([ACCOUNT_KEY, ...columns])].join(',');
  for (const filter of orFilters(ACCOUNT_KEY, numbers))
    for (const row of await client.readAll('accounts', { $select: select, $filter: filter }))
      held.set(keyText(row[ACCOUNT_KEY]), row);
  return held;
}

export interface AccountColumns {
  readonly columns: readonly string[];
  readonly ignoreNullValues: boolean;
}

/** The values this row wants changed, given what Dataverse holds. */
function changes(row: DataRow, target: AccountColumns, held: DataverseRow | undefined): Record<string, ExactJson> {
  const wanted: Record<string, ExactJson> = {};
  for (const column of target.columns) {
    if (column === ACCOUNT_KEY) continue;
    const value = toDataverse(row[column]);
    if (value === null && (held === undefined || target.ignoreNullValues)) continue;
    if (
      column === 'customertypecode' &&
      held?.customertypecode === CUSTOMER_TYPE.customer &&
      (value === CUSTOMER_TYPE.supplier || value === CUSTOMER_TYPE.vendor)
    )
      continue;
    if (held === undefined || !sameValue(value, held[column])) wanted[column] = value;
  }
  return wanted;
}

/** Rows with one account number are one account: later rows' values win, as they would one after another. */
function mergeRows(rows: readonly DataRow[], ignoreNullValues: boolean): DataRow {
  const merged: Record<string, DataRow[string]> = {};
  for (const row of rows)
    for (const [column, value] of Object.entries(row))
      if (!(ignoreNullValues && (value === null || value === undefined))) merged[column] = value;
  return merged;
}

async function prepare(client: DynamicsClient, rows: readonly DataRow[], target: AccountColumns): Promise<Prepared> {
  const outcomes: RowOutcome[] = rows.map(() => 'unchanged');
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const number = row[ACCOUNT_KEY];
    if (typeof number !== 'string' || number.trim() === '') {
      outcomes[index] = rejectedWith(
        'KEY_MISSING',
        'accountnumber is empty, so no account can be found or created by it',
      );
      return;
    }
    groups.set(keyText(number), [...(groups.get(keyText(number)) ?? []), index]);
  });
  const held = await readAccounts(
    client,
    [...groups.values()].map((indexes) => String(rows[indexes[0]!]![ACCOUNT_KEY])),
    target.columns,
  );
  const writes: AccountWrite[] = [];
  for (const [key, indexes] of groups) {
    const merged = mergeRows(
      indexes.map((index) => rows[index]!),
      target.ignoreNullValues,
    );
    const number = String(merged[ACCOUNT_KEY]);
    const current = held.get(key);
    const body = changes(merged, target, current);
    if (current !== undefined && Object.keys(body).length === 0) continue;
    let request: BatchRequest;
    if (current !== undefined) request = { method: 'PATCH', url: `accounts(${String(current.accountid)})`, body };
    else {
      const address = recordAddress('accounts', [{ column: ACCOUNT_KEY, value: number }]);
      request =
        address.kind === 'key'
          ? { method: 'PATCH', url: address.path, body }
          : { method: 'POST', url: 'accounts', body: { [ACCOUNT_KEY]: number, ...body } };
    }
    for (const index of indexes) outcomes[index] = current === undefined ? 'insert' : 'update';
    writes.push({ item: { kind: 'request', request }, rows: indexes, creating: current === undefined, number });
  }
  return { outcomes, writes };
}

export async function planAccounts(client: DynamicsClient, rows: readonly DataRow[], target: AccountColumns) {
  return (await prepare(client, rows, target)).outcomes;
}

export async function writeAccounts(
  client: DynamicsClient,
  rows: readonly DataRow[],
  target: AccountColumns,
  sizer: BatchSizer,
  secondTry = false,
): Promise<RowOutcome[]> {
  const { outcomes, writes } = await prepare(client, rows, target);
  const answers = await sendWrites(client, writes, sizer);
  const again: number[] = [];
  for (const write of writes) {
    const answer = answers.get(write)!;
    if (answer.ok) continue;
    // Created meanwhile (a create whose answer was lost, another run): read again and update it.
    if (!secondTry && write.creating && answer.error.code === '0x80060892') again.push(...write.rows);
    else for (const index of write.rows) outcomes[index] = dataverseRejection(answer.status, answer.error);
  }
  if (again.length > 0) {
    const retried = await writeAccounts(
      client,
      again.map((index) => rows[index]!),
      target,
      sizer,
      true,
    );
    again.forEach((index, at) => (outcomes[index] = retried[at]!));
  }
  return outcomes;
}
