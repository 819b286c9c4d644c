/**
 * The simulator's SBA write path over real HTTP: vendor master records, batch posting, a write whose answer is
 * lost. GL journals and payroll employees are not under SBA on a stock GP (README "SBA (REST): what a real GP
 * serves"): those writes answer 404 here and go through GP Web Services (its simulator tests cover GP's
 * journal refusals).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'undici';
import { startGpSimulator, type GpSimulator } from './server.ts';
import { basic, openClient, resourcePath } from './test-support.ts';

let sim: GpSimulator;
let client: Client;
beforeAll(async () => {
  sim = await startGpSimulator({ rows: 20, seed: 3 });
  client = openClient(sim);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

async function write(method: 'POST' | 'PATCH', resource: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await client.request({
    path: resourcePath(sim, resource),
    method,
    headers: {
      authorization: basic(sim.credentials),
      'content-type': 'application/json',
      accept: 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    json: text === '' ? undefined : (JSON.parse(text) as { Payload?: Record<string, unknown>; Message?: string }),
  };
}

const vendor = { VendorId: 'V09001', Name: 'Northwind Traders', ShortName: 'NORTHWIND', IsActive: true };

describe('GP simulator SBA writes', () => {
  it('creates and changes vendors by natural key; a duplicate create is a conflict; GP refuses what it refuses', async () => {
    const created = await write('POST', 'Purchasing/Vendors.json', { Payload: vendor });
    expect(created.status).toBe(201);
    expect(String(created.headers.location)).toMatch(/Purchasing\/Vendors\(V09001\)$/);
    expect((await write('POST', 'Purchasing/Vendors.json', { Payload: vendor })).status).toBe(409);
    const patched = await write('PATCH', 'Purchasing/Vendors(V09001).json', { Payload: { IsOnHold: true } });
    expect(patched.status).toBe(200);
    expect(sim.store.map('vendors').get('V09001')?.fields).toMatchObject({ Name: 'Northwind Traders', IsOnHold: true });
    expect((await write('PATCH', 'Purchasing/Vendors(V09999).json', { Payload: { IsOnHold: true } })).status).toBe(404);
    expect((await write('POST', 'Purchasing/Vendors.json', { VendorId: 'X' })).json?.Message).toContain('{"Payload"');
    expect((await write('POST', 'Purchasing/Vendors.json', { Payload: { Vendor: 'X' } })).json?.Message).toContain(
      "no property 'Vendor'",
    );
    expect(
      (await write('POST', 'Purchasing/Vendors.json', { Payload: { ...vendor, VendorId: 'ABCDEFGHIJKLMNOP' } })).json
        ?.Message,
    ).toContain('longer than 15');
  });

  it('answers 404 to GL journal and payroll employee writes, as a stock GP does, and stores nothing', async () => {
    const journals = sim.store.map('gl_journal_entries').size;
    const employees = sim.store.map('employees').size;
    for (const resource of ['Financial/GLTransactions.json', 'Payroll/Employees.json']) {
      const reply = await write('POST', resource, { Payload: { Reference: 'X' } });
      expect(reply.status, resource).toBe(404);
      expect(reply.json?.Message).toMatch(/^No HTTP resource was found that matches the request URI/);
    }
    expect((await write('PATCH', 'Financial/GLTransactions(1000).json', { Payload: { Reference: 'X' } })).status).toBe(
      404,
    );
    expect(sim.store.map('gl_journal_entries').size).toBe(journals);
    expect(sim.store.map('employees').size).toBe(employees);
  });

  it('posts a batch with the GP-Custom-Action header (Work -> Open)', async () => {
    const work = [...sim.store.map('gl_journal_entries').values()].find(
      (record) => record.fields.TransactionState === 'Work',
    );
    const batch = String(work?.fields.BatchId);
    const posted = await write('POST', `PostingServices/System/Batches(GL_Normal;${batch})`, '', {
      'gp-custom-action': 'POST',
    });
    expect(posted.status).toBe(200);
    expect(work?.fields.TransactionState).toBe('Open');
    const again = await write('POST', `PostingServices/System/Batches(GL_Normal;${batch})`, '', {
      'gp-custom-action': 'POST',
    });
    expect(again.status).toBe(404);
  });

  it('drops the connection after applying a write when told to, so the client cannot know it happened', async () => {
    const dropping = await startGpSimulator({ rows: 1, dropAfterWrite: 1 });
    const other = openClient(dropping);
    const request = other.request({
      path: resourcePath(dropping, 'Purchasing/Vendors.json'),
      method: 'POST',
      headers: { authorization: basic(dropping.credentials), 'content-type': 'application/json' },
      body: JSON.stringify({ Payload: vendor }),
    });
    await expect(request).rejects.toThrow();
    expect(dropping.store.map('vendors').has('V09001')).toBe(true);
    await other.close();
    await dropping.close();
  });
});
