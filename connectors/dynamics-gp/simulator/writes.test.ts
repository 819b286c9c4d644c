/** The simulator's write path over real HTTP: journals in Work, GP's refusals, batch posting, employee master records. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'undici';
import { startGpSimulator, type GpSimulator } from './server.ts';
import { basic, openClient, resourcePath } from './test-support.ts';

let sim: GpSimulator;
let client: Client;
beforeAll(async () => {
  sim = await startGpSimulator({ rows: 5, seed: 3 });
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
    body: typeof body === 'string' ? body : exactJson(body),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    json: text === '' ? undefined : (JSON.parse(text) as { Payload?: Record<string, unknown>; Message?: string }),
  };
}

/** JSON with money Values as number literals written digit for digit, as a GP client must send them. */
const exactJson = (body: unknown) => JSON.stringify(body).replace(/"Value":"(-?\d+(?:\.\d+)?)"/g, '"Value":$1');
const line = (account: string, debit: string, credit: string, costCenter: string | null = 'CC-FIN') => ({
  AccountNumber: account,
  CostCenter: costCenter,
  DebitAmount: { Value: debit },
  CreditAmount: { Value: credit },
  Description: 'Gross pay',
});
const journal = (
  reference: string,
  date: string,
  lines = [line('000-6100-00', '1250.10', '0'), line('000-2110-00', '0', '1250.10', null)],
) => ({
  Payload: { BatchId: 'PAYROLL', Reference: reference, TransactionDate: date, CurrencyId: 'Z-US$', Lines: lines },
});

describe('GP simulator writes', () => {
  it('creates a journal unposted (Work) in the named batch, numbered by GP, with its address in Location', async () => {
    const created = await write('POST', 'Financial/GLTransactions.json', journal('PR 2025-01-31 FIN', '2025-01-31'));
    expect(created.status).toBe(201);
    expect(created.json?.Payload).toMatchObject({
      BatchId: 'PAYROLL',
      TransactionState: 'Work',
      Reference: 'PR 2025-01-31 FIN',
    });
    expect(String(created.headers.location)).toMatch(/GLTransactions\(\d+\)$/);
    const totals = sim.controlTotals()['gl_journal_batch:PAYROLL'];
    expect(totals).toEqual({
      rows: 1,
      lines: 2,
      work: 1,
      posted: 0,
      sums: { DebitAmount: '1250.10', CreditAmount: '1250.10' },
    });
  });

  it('refuses what GP refuses: no Payload envelope, unknown property, unbalanced, inactive account, invalid cost center, closed period', async () => {
    expect((await write('POST', 'Financial/GLTransactions.json', { BatchId: 'X' })).json?.Message).toContain(
      '{"Payload"',
    );
    expect((await write('POST', 'Financial/GLTransactions.json', { Payload: { Batch: 'X' } })).json?.Message).toContain(
      "no property 'Batch'",
    );
    const unbalanced = await write(
      'POST',
      'Financial/GLTransactions.json',
      journal('U', '2025-01-31', [line('000-6100-00', '10.00', '0'), line('000-2110-00', '0', '9.99', null)]),
    );
    expect([unbalanced.status, unbalanced.json?.Message]).toEqual([
      400,
      'The journal entry is not balanced: debits 10.00, credits 9.99.',
    ]);
    const inactive = await write(
      'POST',
      'Financial/GLTransactions.json',
      journal('I', '2025-01-31', [line('000-6190-00', '5', '0'), line('000-2110-00', '0', '5', null)]),
    );
    expect(inactive.json?.Message).toBe('Line 1: account 000-6190-00 is inactive.');
    const center = await write(
      'POST',
      'Financial/GLTransactions.json',
      journal('C', '2025-01-31', [line('000-6100-00', '5', '0', 'CC-NOPE'), line('000-2110-00', '0', '5', null)]),
    );
    expect(center.json?.Message).toBe('Line 1: cost center CC-NOPE is not a valid dimension code.');
    sim.store.setPeriodClosed(2025, 2, true);
    const closed = await write('POST', 'Financial/GLTransactions.json', journal('P', '2025-02-07'));
    expect(closed.json?.Message).toBe('The fiscal period February 2025 is closed for the Financial series.');
    sim.store.setPeriodClosed(2025, 2, false);
    expect(sim.stats.writes.refused).toBe(6);
  });

  it('changes a Work journal by PATCH, posts the batch, and then refuses to change the posted journal', async () => {
    const created = await write('POST', 'Financial/GLTransactions.json', journal('PR 2025-01-15 OPS', '2025-01-15'));
    const key = String(created.json?.Payload?.JournalEntry);
    const patched = await write('PATCH', `Financial/GLTransactions(${key}).json`, {
      Payload: { Lines: [line('000-6100-00', '99.00', '0'), line('000-2110-00', '0', '99.00', null)] },
    });
    expect(patched.status).toBe(200);
    const posted = await write('POST', 'PostingServices/System/Batches(GL_Normal;PAYROLL)', '', {
      'gp-custom-action': 'POST',
    });
    expect(posted.status).toBe(200);
    expect(sim.store.map('gl_journal_entries').get(Number(key))?.fields.TransactionState).toBe('Open');
    const refused = await write('PATCH', `Financial/GLTransactions(${key}).json`, {
      Payload: { Reference: 'changed' },
    });
    expect([refused.status, refused.json?.Message]).toEqual([
      400,
      `Journal entry ${key} is posted (Open) and cannot be changed.`,
    ]);
    expect(sim.controlTotals()['gl_journal_batch:PAYROLL']).toMatchObject({ work: 0, posted: 2 });
  });

  it('creates and changes employee master records by natural key; a duplicate create is a conflict', async () => {
    const employee = {
      EmployeeId: '00101',
      FirstName: 'Ava',
      LastName: "O'Neill",
      Department: 'FIN',
      HireDate: '2021-03-01',
      IsActive: true,
    };
    expect((await write('POST', 'Payroll/Employees.json', { Payload: employee })).status).toBe(201);
    expect((await write('POST', 'Payroll/Employees.json', { Payload: employee })).status).toBe(409);
    expect((await write('PATCH', 'Payroll/Employees(00101).json', { Payload: { Department: 'OPS' } })).status).toBe(
      200,
    );
    expect(sim.store.map('employees').get('00101')?.fields).toMatchObject({ FirstName: 'Ava', Department: 'OPS' });
    expect((await write('PATCH', 'Payroll/Employees(00999).json', { Payload: { Department: 'OPS' } })).status).toBe(
      404,
    );
    expect(
      (await write('POST', 'Payroll/Employees.json', { Payload: { ...employee, EmployeeId: 'ABCDEFGHIJKLMNOP' } })).json
        ?.Message,
    ).toContain('longer than 15');
  });

  it('drops the connection after applying a write when told to, so the client cannot know it happened', async () => {
    const dropping = await startGpSimulator({ rows: 1, dropAfterWrite: 1 });
    const other = openClient(dropping);
    const request = other.request({
      path: resourcePath(dropping, 'Financial/GLTransactions.json'),
      method: 'POST',
      headers: { authorization: basic(dropping.credentials), 'content-type': 'application/json' },
      body: exactJson(journal('LOST', '2025-01-31')),
    });
    await expect(request).rejects.toThrow();
    expect(dropping.controlTotals()['gl_journal_batch:PAYROLL']).toMatchObject({ rows: 1 });
    await other.close();
    await dropping.close();
  });
});
