import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/model/values/index.ts';
import { jsonTreeText, type JsonTree } from '../../kit/json-exact.ts';
import { startGpSimulator, type GpSimulator } from './server.ts';
import { basic, moneyText, openClient, payloadList, resourcePath, send } from './test-support.ts';
import type { Client } from 'undici';

let sim: GpSimulator;
let client: Client;
let auth: string;
beforeAll(async () => {
  sim = await startGpSimulator({ rows: 237, seed: 42 });
  client = openClient(sim);
  auth = basic(sim.credentials);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

type Row = { readonly [key: string]: JsonTree };

async function walk(resource: string, pageSize: number, filter?: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let skip = 0; ; skip += pageSize) {
    const query = new URLSearchParams({
      $top: String(pageSize),
      $skip: String(skip),
      ...(filter === undefined ? {} : { $filter: filter }),
    });
    const reply = await send(client, `${resourcePath(sim, `${resource}.json`)}?${query}`, auth);
    expect(reply.status).toBe(200);
    const page = payloadList(reply.text);
    rows.push(...page);
    if (page.length < pageSize) return rows;
  }
}

describe('GP simulator lists', () => {
  it('returns XML by default and JSON with the .json suffix, lists and records in a Payload envelope', async () => {
    const xml = await send(client, resourcePath(sim, 'Purchasing/Vendors'), auth);
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    expect(xml.text).toMatch(/^<\?xml[^>]*><Payload><Vendor><VendorId>V00001<\/VendorId>/);
    // Accept-based JSON is unconfirmed and off by default.
    const accept = await send(client, resourcePath(sim, 'Purchasing/Vendors'), auth, { accept: 'application/json' });
    expect(accept.headers['content-type']).toMatch(/application\/xml/);
    const list = await send(client, resourcePath(sim, 'Purchasing/Vendors.json'), auth);
    expect(payloadList(list.text)).toHaveLength(237);
    const one = await send(client, resourcePath(sim, 'Purchasing/Vendors(V00002).json'), auth);
    const record = JSON.parse(one.text) as {
      Payload: { VendorId: string; ModifiedDate: string; Address: { City: string } };
    };
    expect(record.Payload.VendorId).toBe('V00002');
    expect(typeof record.Payload.Address.City).toBe('string');
    // GP writes datetimes without a zone and without trailing fraction zeros (SQL datetime precision).
    expect(record.Payload.ModifiedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,2}[1-9])?$/);
    expect((await send(client, resourcePath(sim, 'Purchasing/Vendors(NOPE).json'), auth)).status).toBe(404);
  });

  it('writes money as {Value, Currency, DecimalDigits} with Value an exact JSON number literal', async () => {
    const reply = await send(client, resourcePath(sim, 'Purchasing/PayablesInvoices.json?$top=5'), auth);
    expect(reply.text).toMatch(/"PurchasesAmount":\{"Value":\d+\.\d{5},"Currency":"Z-US\$","DecimalDigits":2\}/);
    for (const row of payloadList(reply.text)) {
      const sum = ['PurchasesAmount', 'FreightAmount', 'MiscellaneousAmount', 'TaxAmount'].reduce(
        (total, field) => total.add(Decimal.parse(moneyText(row[field]))),
        Decimal.ZERO,
      );
      expect(
        sum
          .subtract(Decimal.parse(moneyText(row.TradeDiscountAmount)))
          .equals(Decimal.parse(moneyText(row.DocumentAmount))),
      ).toBe(true);
    }
  });

  it('finds the company however a client encodes its name, and 404s another company', async () => {
    const special = await startGpSimulator({ rows: 3, company: 'Acme Holdings (Bermuda), LTD' });
    const other = openClient(special);
    const ok = (path: string) => send(other, path, basic(special.credentials)).then((reply) => reply.status);
    expect(
      await ok(
        '/GPService/Tenants(DefaultTenant)/Companies(Acme%20Holdings%20%28Bermuda%29,%20LTD)/Purchasing/Vendors.json',
      ),
    ).toBe(200);
    expect(
      await ok(
        '/gpservice/Tenants%28DefaultTenant%29/Companies(Acme%20Holdings%20(Bermuda)%2C%20LTD)/Purchasing/Vendors.json',
      ),
    ).toBe(200);
    expect(await ok(resourcePath(special, 'Purchasing/Vendors(V00001).json'))).toBe(200);
    expect(await ok('/GPService/Tenants(DefaultTenant)/Companies(Acme%20Holdings)/Purchasing/Vendors.json')).toBe(404);
    expect(
      await ok('/GPService/Tenants(Other)/Companies(Acme%20Holdings%20%28Bermuda%29,%20LTD)/Purchasing/Vendors.json'),
    ).toBe(404);
    const missing = await send(
      other,
      '/GPService/Tenants(DefaultTenant)/Companies(Acme%20Holdings)/Purchasing/Vendors.json',
      basic(special.credentials),
    );
    expect(JSON.parse(missing.text)).toMatchObject({
      Message: "Company 'Acme Holdings' was not found.",
      LogId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await other.close();
    await special.close();
  });

  it('pages through every row exactly once, in ModifiedDate then key order', async () => {
    const rows = await walk('Purchasing/PayablesInvoices', 50);
    const keys = rows.map((row) => jsonTreeText(row.VoucherNumber));
    expect(keys).toHaveLength(237);
    expect(new Set(keys).size).toBe(237);
    const stamps = rows.map((row) => String(row.ModifiedDate));
    expect([...stamps].sort()).toEqual(stamps);
    const states = new Set(rows.map((row) => String(row.TransactionState)));
    expect([...states].sort()).toEqual(['Open', 'Work']);
  });

  it('filters by ModifiedDate (UTC, date and time required) and by keyset for stable paging', async () => {
    const all = await walk('Purchasing/Vendors', 1000);
    const middle = all[120];
    const stamp = String(middle?.ModifiedDate);
    const newer = await walk('Purchasing/Vendors', 40, `ModifiedDate ge ${stamp}Z`);
    expect(newer.map((row) => row.VendorId)).toEqual(all.slice(120).map((row) => row.VendorId));
    const after = await walk(
      'Purchasing/Vendors',
      40,
      `ModifiedDate gt datetime'${stamp}' or (ModifiedDate eq datetime'${stamp}' and VendorId gt '${String(middle?.VendorId)}')`,
    );
    expect(after.map((row) => row.VendorId)).toEqual(all.slice(121).map((row) => row.VendorId));
    const dateOnly = await send(
      client,
      `${resourcePath(sim, 'Purchasing/Vendors.json')}?${new URLSearchParams({ $filter: 'ModifiedDate ge 2024-01-02' })}`,
      auth,
    );
    expect(dateOnly.status).toBe(400);
    expect(JSON.parse(dateOnly.text).Message).toMatch(/date and a time/);
    expect((await send(client, `${resourcePath(sim, 'Purchasing/Vendors.json')}?$top=5000`, auth)).status).toBe(400);
  });

  it('serves control totals equal to the sums of what paging returns, also after advance()', async () => {
    for (const round of [0, 1]) {
      if (round === 1) {
        const changes = sim.advance(40);
        expect(changes.filter((change) => change.created).length).toBeGreaterThan(0);
      }
      const reply = await send(client, '/__sim/control-totals');
      const totals = JSON.parse(reply.text) as Record<string, { rows: number; sums: Record<string, string> }>;
      expect(totals).toEqual(JSON.parse(JSON.stringify(sim.controlTotals())));
      const invoices = await walk('Purchasing/PayablesInvoices', 100);
      expect(invoices).toHaveLength(totals.payables_invoices?.rows ?? -1);
      const documentSum = invoices.reduce(
        (sum, row) => sum.add(Decimal.parse(moneyText(row.DocumentAmount))),
        Decimal.ZERO,
      );
      expect(documentSum.equals(Decimal.parse(totals.payables_invoices?.sums.DocumentAmount ?? 'x'))).toBe(true);
      const orders = await walk('Purchasing/PurchaseOrders', 100);
      expect(orders).toHaveLength(totals.purchase_orders?.rows ?? -1);
      const total = orders.reduce((sum, row) => sum.add(Decimal.parse(moneyText(row.TotalAmount))), Decimal.ZERO);
      expect(total.equals(Decimal.parse(totals.purchase_orders?.sums.TotalAmount ?? 'x'))).toBe(true);
    }
  });

  it('advance() stamps changed records newer than anything before, and the filter returns just them', async () => {
    const before = sim.store.now;
    const changes = sim.advance(10);
    const since = new Date(before + 1).toISOString();
    const seen = [];
    for (const resource of ['Purchasing/Vendors', 'Purchasing/PayablesInvoices', 'Purchasing/PurchaseOrders']) {
      seen.push(...(await walk(resource, 100, `ModifiedDate ge ${since}`)));
    }
    // advance() also changes the ledger, which SBA does not serve (GP Web Services does).
    const sba = changes.filter((change) => ['vendors', 'payables_invoices', 'purchase_orders'].includes(change.entity));
    expect(sba.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(new Set(sba.map((change) => `${change.entity}/${change.key}`)).size);
  });

  it('is deterministic: the same seed gives the same bytes', async () => {
    const twin = await startGpSimulator({ rows: 237, seed: 42 });
    const twinClient = openClient(twin);
    const path = resourcePath(sim, 'Purchasing/PurchaseOrders.json?$top=20');
    const fresh = await send(twinClient, path, basic(twin.credentials));
    const again = await startGpSimulator({ rows: 237, seed: 42 });
    const againClient = openClient(again);
    expect((await send(againClient, path, basic(again.credentials))).text).toBe(fresh.text);
    await Promise.all([twinClient.close(), againClient.close()]);
    await Promise.all([twin.close(), again.close()]);
  });
});
