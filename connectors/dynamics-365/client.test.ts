import { afterEach, describe, expect, it } from 'vitest';
import { isKitError } from '../kit/errors.ts';
import { DynamicsClient, type DynamicsClientConfig } from './client.ts';
import { type DynamicsSimulator, type DynamicsSimulatorOptions, startDynamicsSimulator } from './simulator/index.ts';

let sim: DynamicsSimulator | undefined;
let client: DynamicsClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = undefined;
  sim = undefined;
});

async function connect(
  options: DynamicsSimulatorOptions = {},
  secret?: string,
  now?: () => number,
  retry?: DynamicsClientConfig['retry'],
) {
  sim = await startDynamicsSimulator({ ...options, ...(now === undefined ? {} : { now }) });
  const s = sim;
  client = new DynamicsClient({
    environmentUrl: s.url,
    tokenUrl: s.tokenUrl,
    clientId: s.credentials.clientId,
    clientSecretSecret: 'd365-secret',
    resolveSecret: (name) => Promise.resolve(name === 'd365-secret' ? (secret ?? s.credentials.clientSecret) : ''),
    ...(now === undefined ? {} : { now }),
    ...(retry === undefined ? {} : { retry }),
  });
  return { s, c: client };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isKitError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('DynamicsClient', () => {
  it('upserts by alternate key: a retried write updates the one account, on one token', async () => {
    const { s, c } = await connect();
    await c.upsert('accounts', 'accountid', [{ column: 'accountnumber', value: 'V1000' }], { name: 'Acme' });
    await c.upsert('accounts', 'accountid', [{ column: 'accountnumber', value: 'V1000' }], { name: 'Acme AG' });
    expect([...s.store.table('accounts')!.rows.values()].map((row) => [row.accountnumber, row.name])).toEqual([
      ['V1000', 'Acme AG'],
    ]);
    expect(s.entra.tokenRequests).toBe(1);
  });

  it("a key Dataverse cannot read in a URL ('/'): looked up, created by POST, then updated by id, still one account", async () => {
    const { s, c } = await connect();
    const key = [{ column: 'accountnumber', value: "V/1000 O'Neil" }];
    await c.upsert('accounts', 'accountid', key, { name: 'first' });
    await c.upsert('accounts', 'accountid', key, { name: 'second' });
    const rows = [...s.store.table('accounts')!.rows.values()];
    expect(rows.map((row) => [row.accountnumber, row.name])).toEqual([["V/1000 O'Neil", 'second']]);
  });

  it('refuses to start without an Active alternate key, naming the key to create', async () => {
    const ok = await connect();
    expect(await ok.c.requireActiveKey({ logicalName: 'account', columns: ['accountnumber'] })).toBe(
      'mlc_accountnumber_key',
    );
    await ok.c.close();
    await ok.s.close();
    const none = await connect({ accountKeyStatus: null });
    const missing = await failure(none.c.requireActiveKey({ logicalName: 'account', columns: ['accountnumber'] }));
    expect(missing.code).toBe('CONFIG_INVALID');
    expect(missing.message).toContain('no alternate key on account over accountnumber');
    expect(missing.options.help).toContain('Tables > account > Keys');
    await none.c.close();
    await none.s.close();
    const pending = await connect({ accountKeyStatus: 'Pending' });
    const notActive = await failure(pending.c.requireActiveKey({ logicalName: 'account', columns: ['accountnumber'] }));
    expect(notActive.message).toContain('mlc_accountnumber_key on account (accountnumber) is Pending, not Active');
  });

  it('a missing application user is one plain AUTH_FAILED: no token refresh, no retry', async () => {
    const { s, c } = await connect({ applicationUsers: [] });
    const before = s.stats.requests;
    const error = await failure(
      c.upsert('accounts', 'accountid', [{ column: 'accountnumber', value: 'V1' }], { name: 'x' }),
    );
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('not a user of the environment');
    expect(error.options.help).toContain('Application users');
    expect(s.entra.tokenRequests).toBe(1);
    expect(s.stats.requests - before).toBe(2); // one token, one API call
  });

  it('a wrong client secret is AUTH_FAILED without the secret in the message', async () => {
    const { c } = await connect({}, 'wrong-secret-value-93');
    const error = await failure(c.upsert('accounts', 'accountid', [{ column: 'accountnumber', value: 'V1' }], {}));
    expect(error.code).toBe('AUTH_FAILED');
    expect(
      JSON.stringify({ message: error.message, vendor: error.vendorMessage, help: error.options.help }),
    ).not.toContain('wrong-secret-value-93');
  });

  it('renews the token before its hour ends', async () => {
    let now = 5_000_000;
    const { s, c } = await connect({}, undefined, () => now);
    await c.upsert('accounts', 'accountid', [{ column: 'accountnumber', value: 'V1' }], {});
    now += (3599 - 30) * 1000; // inside the kit's 60 s renewal margin, still valid at the server
    await c.upsert('accounts', 'accountid', [{ column: 'accountnumber', value: 'V1' }], {});
    expect(s.entra.tokenRequests).toBe(2);
  });

  it('sends an order and its write-in lines as one change set; a stopped batch is read part by part', async () => {
    const { s, c } = await connect();
    const ids = { batch: 'b', changeset: (i: number) => `c${i}` };
    const good = await c.batch(
      [
        {
          kind: 'changeset',
          requests: [
            { method: 'POST', url: 'salesorders', body: { name: 'PO 1' } },
            {
              method: 'POST',
              url: 'salesorderdetails',
              body: { 'salesorderid@odata.bind': '$1', isproductoverridden: true, quantity: 1 },
            },
          ],
        },
      ],
      ids,
    );
    expect(good.stopped).toBe(false);
    expect(good.results.map((r) => r.status)).toEqual([204, 204]);
    const bad = await c.batch(
      [{ kind: 'changeset', requests: [{ method: 'POST', url: 'salesorderdetails', body: { quantity: 1 } }] }],
      ids,
    );
    expect(bad.stopped).toBe(true);
    expect(bad.results).toHaveLength(1);
    expect(bad.results[0]!.error?.message).toBe('salesorderid is a required field for salesorderdetail.');
    expect(s.store.table('salesorderdetails')!.rows.size).toBe(1);
  });

  it('waits out a 429 by its Retry-After and sends the $batch again: one order, not two', async () => {
    let now = 9_000_000;
    const waits: number[] = [];
    const retry = {
      now: () => now,
      sleep: (ms: number) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const { s, c } = await connect({ limits: { requests: 1 } }, undefined, () => now, retry);
    const ids = { batch: 'b', changeset: (i: number) => `c${i}` };
    const order = (name: string) =>
      [{ kind: 'changeset', requests: [{ method: 'POST', url: 'salesorders', body: { name } }] }] as const;
    await c.batch(order('PO 1'), ids);
    now += 100_000;
    const second = await c.batch(order('PO 2'), ids);
    expect(second.results.map((r) => r.status)).toEqual([204]);
    expect(waits).toEqual([200_000]);
    expect(s.protection.refused['0x80072322']).toBe(1);
    expect([...s.store.table('salesorders')!.rows.values()].map((row) => row.name)).toEqual(['PO 1', 'PO 2']);
  });
});
