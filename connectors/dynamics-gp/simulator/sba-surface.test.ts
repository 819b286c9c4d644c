import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'undici';
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from './server.ts';
import { basic, openClient, payloadList, resourcePath, send } from './test-support.ts';

const started: { sim: GpSimulator; client: Client }[] = [];
async function start(options: GpSimulatorOptions = {}): Promise<{ sim: GpSimulator; client: Client; auth: string }> {
  const sim = await startGpSimulator({ rows: 30, seed: 5, ...options });
  const client = openClient(sim);
  started.push({ sim, client });
  return { sim, client, auth: basic(sim.credentials) };
}
afterAll(async () => {
  for (const { sim, client } of started) {
    await client.close();
    await sim.close();
  }
});

describe('GP simulator: SBA serves what Microsoft lists for it, nothing more', () => {
  let gp: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    gp = await start();
  });

  it('answers 404 in GP error shape for the ledger and payroll resources a stock GP does not have under SBA', async () => {
    for (const resource of [
      'Financial/GLAccounts.json',
      'Financial/GLAccounts(000-1100-00).json',
      'Financial/GLTransactions.json',
      'Financial/FiscalPeriods.json',
      'Financial/CostCenters.json',
      'Payroll/Employees.json',
    ]) {
      const reply = await send(gp.client, resourcePath(gp.sim, resource), gp.auth);
      expect(reply.status, resource).toBe(404);
      expect(JSON.parse(reply.text), resource).toEqual({
        Message: expect.stringMatching(/^No HTTP resource was found that matches the request URI '.+'\.$/),
        LogId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    // The data stays in the store, for GP Web Services to serve.
    expect(gp.sim.store.map('gl_accounts').size).toBeGreaterThan(0);
    expect(gp.sim.controlTotals().gl_journal_lines?.rows).toBeGreaterThan(0);
  });

  it('still serves vendors, payables transactions and purchasing transactions', async () => {
    for (const resource of ['Purchasing/Vendors', 'Purchasing/PayablesInvoices', 'Purchasing/PurchaseOrders']) {
      const reply = await send(gp.client, resourcePath(gp.sim, `${resource}.json`), gp.auth);
      expect(reply.status, resource).toBe(200);
      expect(payloadList(reply.text)).toHaveLength(30);
    }
  });

  it('has a discovery page at /help listing dictionaries and object libraries, and the services behind the Dynamics dictionary', async () => {
    const discovery = await send(gp.client, '/GPService/Tenants(DefaultTenant)/help', gp.auth);
    expect(discovery.status).toBe(200);
    expect(discovery.headers['content-type']).toMatch(/text\/html/);
    expect(discovery.text).toContain('<title>Discovery</title>');
    expect(discovery.text).toMatch(/Dictionaries:.*<a href="help\/Dynamics">Dynamics<\/a>/s);
    expect(discovery.text).toMatch(/Object Libraries:.*Microsoft\.Dynamics\.GP\.BusinessObjects/s);
    const dynamics = await send(gp.client, '/GPService/Tenants(DefaultTenant)/help/Dynamics', gp.auth);
    expect(dynamics.status).toBe(200);
    for (const resource of ['Purchasing/Vendors', 'Purchasing/PayablesInvoices', 'Purchasing/PurchaseOrders'])
      expect(dynamics.text).toContain(`Companies({Company})/${resource}<`);
    expect(dynamics.text).not.toMatch(/Financial\/GL|FiscalPeriods|CostCenters|Payroll/);
    expect((await send(gp.client, '/GPService/Tenants(DefaultTenant)/help/Nope', gp.auth)).status).toBe(404);
  });

  it('a GP without purchasing: a removed service is left off the help page and answers 404', async () => {
    const partial = await start({ sbaServicesRemoved: ['Purchasing/PurchaseOrders'] });
    const dynamics = await send(partial.client, '/GPService/Tenants(DefaultTenant)/help/Dynamics', partial.auth);
    expect(dynamics.text).toContain('Purchasing/Vendors');
    expect(dynamics.text).not.toContain('Purchasing/PurchaseOrders');
    const orders = await send(
      partial.client,
      resourcePath(partial.sim, 'Purchasing/PurchaseOrders.json'),
      partial.auth,
    );
    expect(orders.status).toBe(404);
  });
});

describe('GP simulator: SBA query-option modes', () => {
  const query = (options: Record<string, string>): string => `?${new URLSearchParams(options)}`;
  const keys = (text: string): string[] => payloadList(text).map((row) => String(row.VendorId));

  it("'honoured' filters, orders by $orderby (default ModifiedDate then key), skips and tops", async () => {
    const gp = await start();
    gp.sim.store.upsert('vendors', 'V00001', { Name: 'Changed' }); // now the newest
    const path = resourcePath(gp.sim, 'Purchasing/Vendors.json');
    const byDate = keys((await send(gp.client, path + query({ $top: '30' }), gp.auth)).text);
    expect(byDate.at(-1)).toBe('V00001');
    const byKey = keys((await send(gp.client, path + query({ $orderby: 'VendorId', $top: '3' }), gp.auth)).text);
    expect(byKey).toEqual(['V00001', 'V00002', 'V00003']);
    const desc = keys(
      (await send(gp.client, path + query({ $orderby: 'ModifiedDate desc', $top: '1' }), gp.auth)).text,
    );
    expect(desc).toEqual(['V00001']);
    const bad = await send(gp.client, path + query({ $orderby: 'Nope' }), gp.auth);
    expect(bad.status).toBe(400);
  });

  it("'ignored' sends the whole list in key order whatever $top, $skip, $filter and $orderby say", async () => {
    const gp = await start({ sbaQueryOptions: 'ignored' });
    const path = resourcePath(gp.sim, 'Purchasing/Vendors.json');
    const asked = query({ $top: '5', $skip: '10', $filter: "VendorId gt 'V00020'", $orderby: 'ModifiedDate desc' });
    const list = keys((await send(gp.client, path + asked, gp.auth)).text);
    expect(list).toHaveLength(30);
    expect(list[0]).toBe('V00001');
  });

  it("'key-order' applies $filter and $top but lists in key order, ignoring $orderby", async () => {
    const gp = await start({ sbaQueryOptions: 'key-order' });
    gp.sim.store.upsert('vendors', 'V00001', { Name: 'Changed' });
    const path = resourcePath(gp.sim, 'Purchasing/Vendors.json');
    const asked = query({ $top: '3', $filter: "VendorId gt 'V00000'", $orderby: 'ModifiedDate,VendorId' });
    expect(keys((await send(gp.client, path + asked, gp.auth)).text)).toEqual(['V00001', 'V00002', 'V00003']);
  });
});
