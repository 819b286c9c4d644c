import { afterEach, describe, expect, it } from 'vitest';
import { readBatchResponse, writeBatch } from '../batch/batch.ts';
import { writeMultipart } from '../batch/multipart.ts';
import { DEMO_APP, type DynamicsSimulator, type DynamicsSimulatorOptions, startDynamicsSimulator } from './index.ts';

let sim: DynamicsSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: DynamicsSimulatorOptions = {}): Promise<DynamicsSimulator> {
  sim = await startDynamicsSimulator(options);
  return sim;
}

async function token(s: DynamicsSimulator, form: Record<string, string> = {}): Promise<Response> {
  return fetch(s.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: s.credentials.clientId,
      client_secret: s.credentials.clientSecret,
      scope: s.scope,
      ...form,
    }),
  });
}

async function bearer(s: DynamicsSimulator): Promise<string> {
  const reply = (await (await token(s)).json()) as { access_token: string };
  return `Bearer ${reply.access_token}`;
}

function api(s: DynamicsSimulator, auth: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${s.apiUrl}${path}`, {
    ...init,
    headers: {
      authorization: auth,
      accept: 'application/json',
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
}

describe('Entra token endpoint', () => {
  it('issues an hour-long bearer token for client credentials and the environment scope', async () => {
    const s = await start();
    const reply = await token(s);
    expect(reply.status).toBe(200);
    const body = (await reply.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('refuses a wrong secret (401 invalid_client) without echoing it, and a wrong scope (400 invalid_scope)', async () => {
    const s = await start();
    const wrong = await token(s, { client_secret: 'not-the-secret-4711' });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(text).not.toContain('not-the-secret-4711');
    expect(text).not.toContain(DEMO_APP.clientSecret);
    const scope = await token(s, { scope: 'https://other.crm.dynamics.com/.default' });
    expect(scope.status).toBe(400);
    expect(await scope.json()).toMatchObject({ error: 'invalid_scope', error_codes: [70011] });
  });
});

describe('Dataverse API sign-in', () => {
  it('answers a call without a token 401 with the tenant in WWW-Authenticate', async () => {
    const s = await start();
    const reply = await api(s, '', 'accounts');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri=${s.url}/${s.tenant}/oauth2/authorize, resource_id=${s.url}/`,
    );
  });

  it('answers an app with no application user 403 0x80072560 on every call, however fresh its token', async () => {
    const s = await start({ applicationUsers: [] });
    for (let i = 0; i < 2; i += 1) {
      const reply = await api(s, await bearer(s), "accounts(accountnumber='V1')", {
        method: 'PATCH',
        body: '{"name":"x"}',
      });
      expect(reply.status).toBe(403);
      expect(await reply.json()).toEqual({
        error: { code: '0x80072560', message: 'The user is not a member of the organization.' },
      });
    }
    expect(s.store.table('accounts')!.rows.size).toBe(0);
  });
});

describe('upsert by alternate key', () => {
  it('creates once and updates on a retry: one account, never a second', async () => {
    const s = await start();
    const auth = await bearer(s);
    for (const name of ['Acme GmbH', 'Acme GmbH & Co. KG']) {
      const reply = await api(s, auth, "accounts(accountnumber='V1000')", {
        method: 'PATCH',
        body: JSON.stringify({ name }),
      });
      expect(reply.status).toBe(204);
      expect(reply.headers.get('odata-entityid')).toBe(`${s.apiUrl}accounts(accountnumber='V1000')`);
    }
    const rows = [...s.store.table('accounts')!.rows.values()];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountnumber: 'V1000', name: 'Acme GmbH & Co. KG' });
    const read = await api(s, auth, "accounts(accountnumber='V1000')");
    expect(((await read.json()) as { accountid: string }).accountid).toBe(rows[0]!.accountid);
  });

  it('If-None-Match: * on an existing record is 412 0x80040237; If-Match: * on a missing one 404', async () => {
    const s = await start();
    const auth = await bearer(s);
    await api(s, auth, "accounts(accountnumber='V1')", { method: 'PATCH', body: '{"name":"a"}' });
    const create = await api(s, auth, "accounts(accountnumber='V1')", {
      method: 'PATCH',
      body: '{}',
      headers: { 'if-none-match': '*' },
    });
    expect(create.status).toBe(412);
    expect(await create.json()).toMatchObject({ error: { code: '0x80040237' } });
    const update = await api(s, auth, "accounts(accountnumber='V2')", {
      method: 'PATCH',
      body: '{}',
      headers: { 'if-match': '*' },
    });
    expect(update.status).toBe(404);
  });

  it('refuses a key that is not defined, and one whose index is not Active, and lists the key with its status', async () => {
    const none = await start({ accountKeyStatus: null });
    const missing = await api(none, await bearer(none), "accounts(accountnumber='V1')", {
      method: 'PATCH',
      body: '{}',
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /^The key in the request URI is not valid for resource 'Microsoft\.Dynamics\.CRM\.account'/,
    );
    await none.close();
    const pending = await start({ accountKeyStatus: 'Pending' });
    const auth = await bearer(pending);
    const refused = await api(pending, auth, "accounts(accountnumber='V1')", { method: 'PATCH', body: '{}' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      "'mlc_accountnumber_key'",
    );
    const keys = await api(pending, auth, "EntityDefinitions(LogicalName='account')/Keys");
    expect(await keys.json()).toMatchObject({
      value: [
        { SchemaName: 'mlc_accountnumber_key', KeyAttributes: ['accountnumber'], EntityKeyIndexStatus: 'Pending' },
      ],
    });
    expect(pending.store.table('accounts')!.rows.size).toBe(0);
  });

  it("refuses a key value with '/' even percent-escaped (400 0x8006088a); the $filter look-up finds it", async () => {
    const s = await start();
    const auth = await bearer(s);
    const reply = await api(s, auth, "accounts(accountnumber='V1%2F00')", { method: 'PATCH', body: '{}' });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({
      error: { code: '0x8006088a', message: 'Bad Request - Error in query syntax.' },
    });
    s.store.write('accounts', undefined, { accountnumber: "V1/00'x", name: 'Slash' });
    const found = await api(
      s,
      auth,
      `accounts?$select=accountid&$filter=${encodeURIComponent("accountnumber eq 'V1/00''x'")}`,
    );
    const body = (await found.json()) as { value: { accountid: string }[] };
    expect(body.value).toHaveLength(1);
  });
});

describe('$batch', () => {
  const ids = { batch: 'b1', changeset: (i: number) => `c${i}` };
  const order = (lineTarget: string) => [
    {
      kind: 'changeset' as const,
      requests: [
        { method: 'POST' as const, url: 'salesorders', body: { name: 'PO 4500000001' } },
        {
          method: 'POST' as const,
          url: 'salesorderdetails',
          body: { 'salesorderid@odata.bind': '$1', isproductoverridden: true, quantity: 2 },
        },
        {
          method: 'POST' as const,
          url: 'salesorderdetails',
          body: { 'salesorderid@odata.bind': lineTarget, isproductoverridden: true, quantity: 3 },
        },
      ],
    },
  ];

  async function send(s: DynamicsSimulator, auth: string, contentType: string, body: string, prefer?: string) {
    const reply = await fetch(`${s.apiUrl}$batch`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': contentType, ...(prefer === undefined ? {} : { prefer }) },
      body,
    });
    return {
      status: reply.status,
      results: readBatchResponse(reply.headers.get('content-type') ?? undefined, await reply.text()),
    };
  }

  it('writes an order and its lines in one change set, lines bound to the order by $1', async () => {
    const s = await start();
    const written = writeBatch(order('$1'), ids, '/api/data/v9.2/');
    const { status, results } = await send(s, await bearer(s), written.contentType, written.body);
    expect(status).toBe(200);
    expect(results.map((r) => [r.status, r.contentId, r.changeset])).toEqual([
      [204, '1', 0],
      [204, '2', 0],
      [204, '3', 0],
    ]);
    const orderId = [...s.store.table('salesorders')!.rows.keys()][0];
    expect([...s.store.table('salesorderdetails')!.rows.values()].map((line) => line._salesorderid_value)).toEqual([
      orderId,
      orderId,
    ]);
  });

  it('rolls the whole change set back when one part fails, and stops the batch with an outer 400 holding only that part', async () => {
    const s = await start();
    const written = writeBatch(
      [
        ...order('$9'),
        { kind: 'request', request: { method: 'PATCH', url: "accounts(accountnumber='V1')", body: { name: 'after' } } },
      ],
      ids,
      '/api/data/v9.2/',
    );
    const { status, results } = await send(s, await bearer(s), written.contentType, written.body);
    expect(status).toBe(400);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 400,
      contentId: '3',
      error: { message: "Content-ID Reference: '$9' does not exist in the batch context." },
    });
    expect(results[0]!.headers['req_id']).toBeDefined();
    expect(s.store.table('salesorders')!.rows.size).toBe(0);
    expect(s.store.table('salesorderdetails')!.rows.size).toBe(0);
    expect(s.store.table('accounts')!.rows.size).toBe(0);
  });

  it('with Prefer: odata.continue-on-error goes on after a failed change set (200, per-part answers)', async () => {
    const s = await start();
    const written = writeBatch(
      [
        ...order('$9'),
        { kind: 'request', request: { method: 'PATCH', url: "accounts(accountnumber='V1')", body: { name: 'after' } } },
      ],
      ids,
      '/api/data/v9.2/',
    );
    const { status, results } = await send(
      s,
      await bearer(s),
      written.contentType,
      written.body,
      'odata.continue-on-error',
    );
    expect(status).toBe(200);
    expect(results.map((r) => r.status)).toEqual([400, 204]);
    expect(s.store.table('salesorders')!.rows.size).toBe(0);
    expect(s.store.table('accounts')!.rows.size).toBe(1);
  });

  it('refuses a change-set part without Content-ID (0x80060888)', async () => {
    const s = await start();
    const body = writeMultipart({
      boundary: 'batch_x',
      parts: [
        {
          headers: [['Content-Type', 'multipart/mixed; boundary=changeset_y']],
          content: {
            boundary: 'changeset_y',
            parts: [
              {
                headers: [['Content-Type', 'application/http']],
                content: { startLine: 'POST /api/data/v9.2/salesorders HTTP/1.1', headers: [], body: '{}' },
              },
            ],
          },
        },
      ],
    });
    const { status, results } = await send(s, await bearer(s), 'multipart/mixed; boundary=batch_x', body);
    expect(status).toBe(400);
    expect(results[0]!.error).toEqual({ code: '0x80060888', message: 'Content-ID header not present' });
  });

  it('takes 1,000 requests and refuses 1,001 whole, in the words a client reported', async () => {
    const s = await start();
    const auth = await bearer(s);
    const batch = (n: number) =>
      writeMultipart({
        boundary: 'batch_x',
        parts: Array.from({ length: n }, () => ({
          headers: [['Content-Type', 'application/http']] as const,
          content: { startLine: 'GET /api/data/v9.2/accounts?$select=name HTTP/1.1', headers: [], body: '' },
        })),
      });
    expect((await send(s, auth, 'multipart/mixed; boundary=batch_x', batch(1000))).status).toBe(200);
    const over = await fetch(`${s.apiUrl}$batch`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'multipart/mixed; boundary=batch_x' },
      body: batch(1001),
    });
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: { message: string } }).error.message).toBe(
      "The current change set contains too many operations. A maximum number of '1000' operations are allowed in a change set.",
    );
  });
});

describe('service protection', () => {
  it('defaults to 6,000 requests in 300 s and 52 at once', async () => {
    const s = await start();
    expect([s.protection.requests, s.protection.windowMs, s.protection.concurrent]).toEqual([6000, 300_000, 52]);
  });

  it('answers the request over budget 429 with Retry-After until the window moves on; a $batch counts as one', async () => {
    let now = 1_000_000;
    const s = await start({ limits: { requests: 3 }, now: () => now });
    const auth = await bearer(s);
    const written = writeBatch(order3(), { batch: 'b', changeset: (i) => `c${i}` }, '/api/data/v9.2/');
    const batch = await fetch(`${s.apiUrl}$batch`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': written.contentType },
      body: written.body,
    });
    expect(batch.status).toBe(200);
    expect(s.protection.used(DEMO_APP.clientId)).toBe(1);
    now += 10_000;
    expect((await api(s, auth, 'accounts')).status).toBe(200);
    expect((await api(s, auth, 'accounts')).status).toBe(200);
    const over = await api(s, auth, 'accounts');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('290');
    expect(await over.json()).toMatchObject({ error: { code: '0x80072322' } });
    now += 290_000;
    expect((await api(s, auth, 'accounts')).status).toBe(200);
  });

  it('trips the concurrency limit at once: the request over it is 429 0x80072326 while the others finish', async () => {
    const s = await start({ limits: { concurrent: 2 } });
    const auth = await bearer(s);
    const release = s.hold();
    const first = api(s, auth, 'accounts');
    const second = api(s, auth, 'accounts');
    await waitUntil(() => s.stats.requests >= 3);
    const third = await api(s, auth, 'accounts');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).not.toBeNull();
    expect(await third.json()).toMatchObject({
      error: { code: '0x80072326', message: 'Number of concurrent requests exceeded the limit of 2.' },
    });
    release();
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
  });
});

function order3() {
  return [
    {
      kind: 'changeset' as const,
      requests: [
        { method: 'POST' as const, url: 'salesorders', body: { name: 'PO' } },
        { method: 'POST' as const, url: 'salesorderdetails', body: { 'salesorderid@odata.bind': '$1', quantity: 1 } },
      ],
    },
  ];
}

/** Polls a counter the server bumps on arrival (no wall-clock wait: each turn yields to the event loop). */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !condition(); turn += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never held');
}
