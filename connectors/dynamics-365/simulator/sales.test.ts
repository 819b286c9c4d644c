/** The Sales tables as the simulator serves them, and the switches a test pulls over HTTP. */
import { afterEach, describe, expect, it } from 'vitest';
import { type DynamicsSimulator, startDynamicsSimulator } from './index.ts';

let sim: DynamicsSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function signedIn() {
  sim = await startDynamicsSimulator();
  const s = sim;
  const reply = (await (
    await fetch(s.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: s.credentials.clientId,
        client_secret: s.credentials.clientSecret,
        scope: s.scope,
      }),
    })
  ).json()) as { access_token: string };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${s.apiUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${reply.access_token}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
  return { s, api };
}

describe('Dynamics 365 simulator: Sales tables', () => {
  it('204 + OData-EntityId by default; 201 then 200 with the record under Prefer: return=representation', async () => {
    const { api } = await signedIn();
    const plain = await api("accounts(accountnumber='A1')", { method: 'PATCH', body: '{"name":"a"}' });
    expect(plain.status).toBe(204);
    expect(plain.headers.get('odata-entityid')).toContain("accounts(accountnumber='A1')");
    const prefer = { prefer: 'return=representation' };
    const created = await api("accounts(accountnumber='A2')", {
      method: 'PATCH',
      body: '{"name":"b"}',
      headers: prefer,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ accountnumber: 'A2', name: 'b' });
    const updated = await api("accounts(accountnumber='A2')", {
      method: 'PATCH',
      body: '{"name":"c"}',
      headers: prefer,
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('preference-applied')).toBe('return=representation');
  });

  it('a second create with the same PO number is 412 0x80060892; a column the table lacks is refused by name', async () => {
    const { api } = await signedIn();
    const order = '{"mlc_ponumber":"4500000001","name":"PO"}';
    expect((await api('salesorders', { method: 'POST', body: order })).status).toBe(204);
    const again = await api('salesorders', { method: 'POST', body: order });
    expect(again.status).toBe(412);
    expect(await again.json()).toMatchObject({ error: { code: '0x80060892' } });
    const unknown = await api('accounts', { method: 'POST', body: '{"mlc_sapvendornumber":"V1"}' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      "The property 'mlc_sapvendornumber' does not exist on type 'Microsoft.Dynamics.CRM.account'. Make sure to only use property names that are defined by the type.",
    );
  });

  it('write-in lines: isproductoverridden on create only; a deep insert is all or nothing', async () => {
    const { s, api } = await signedIn();
    const bad = JSON.stringify({
      mlc_ponumber: 'P1',
      order_details: [
        { lineitemnumber: 1, quantity: 2.5 },
        { lineitemnumber: 2, productdescription: 'x'.repeat(501) },
      ],
    });
    expect((await api('salesorders', { method: 'POST', body: bad })).status).toBe(400);
    expect(s.controlTotals().salesorders).toMatchObject({ rows: 0, lines: 0 });
    const good = JSON.stringify({
      mlc_ponumber: 'P1',
      order_details: [{ lineitemnumber: 1, quantity: 2.5, priceperunit: 4.1, isproductoverridden: true }],
    });
    expect((await api('salesorders', { method: 'POST', body: good })).status).toBe(204);
    expect(s.controlTotals().salesorders).toMatchObject({
      rows: 1,
      lines: 1,
      byOrder: { P1: { lines: 1, value: '10.25' } },
    });
    const lineId = [...s.store.table('salesorderdetails')!.rows.keys()][0]!;
    const patch = await api(`salesorderdetails(${lineId})`, { method: 'PATCH', body: '{"isproductoverridden":false}' });
    expect(patch.status).toBe(400);
  });

  it('the HTTP switches: control totals, a 429 storm, and a $batch applied then dropped unanswered', async () => {
    const { s, api } = await signedIn();
    expect(
      await (await fetch(`${s.url}/__sim/throttle?requests=2&retryAfter=3`, { method: 'POST' })).json(),
    ).toMatchObject({ throttle: 2 });
    const first = await api('WhoAmI');
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await api('WhoAmI')).status).toBe(429);
    expect((await api('WhoAmI')).status).toBe(200);
    await fetch(`${s.url}/__sim/drop-batch-answers?count=1`, { method: 'POST' });
    const body = [
      '--b',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "PATCH /api/data/v9.2/accounts(accountnumber='K1') HTTP/1.1",
      'Content-Type: application/json',
      'Content-Length: 12',
      '',
      '{"name":"k"}',
      '--b--',
      '',
    ].join('\r\n');
    await expect(
      api('$batch', { method: 'POST', body, headers: { 'content-type': 'multipart/mixed; boundary=b' } }),
    ).rejects.toThrow();
    const totals = (await (await fetch(`${s.url}/__sim/control-totals`)).json()) as { accounts: { rows: number } };
    expect(totals.accounts.rows).toBe(1);
    expect(s.stats.droppedAnswers).toBe(1);
  });
});
