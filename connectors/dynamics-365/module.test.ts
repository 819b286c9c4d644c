/**
 * The Dynamics 365 module as the registry uses it: the address read with errors naming the JSON path,
 * the keys its targets need, and `simulate dynamics365` giving a connection whose one connection test
 * (token, WhoAmI, keys Active) passes, and fails in plain words without an application user or a key;
 * its stats count `$batch` requests apart (a bench reports them per 1,000 records).
 */
import { describe, expect, it } from 'vitest';
import type { Connection, Pipeline } from '../../engine/model/index.ts';
import { writeBatch } from './batch/batch.ts';
import { dynamics365Module } from './module.ts';
import { startDynamicsSimulator } from './simulator/index.ts';

function context(
  address: Record<string, string>,
  secrets: Record<string, string> = {},
  clientId = 'app-1',
  streams = {},
) {
  const connection = {
    system: 'dynamics-365',
    address,
    auth: { method: 'oauth2-client-credentials', clientId, secret: 'd365_client_secret' },
  } as unknown as Connection;
  return {
    name: 'crm',
    connection,
    pipeline: { connections: { crm: connection }, streams } as unknown as Pipeline,
    pipelineDir: '.',
    resolveSecret: (name: string) => Promise.resolve(secrets[name] ?? ''),
  };
}

describe('Dynamics 365 module', () => {
  it('reads the address and tuning, names the part that is wrong, and lists the keys its targets need', () => {
    const streams = {
      orders: { target: { connection: 'crm', table: 'salesorders', options: { orderKeyColumn: 'new_po' } } },
      vendors: { target: { connection: 'crm', table: 'accounts' } },
      elsewhere: { target: { connection: 'lake', table: 'opportunities' } },
    };
    const config = dynamics365Module.config(
      context(
        {
          environmentUrl: 'https://contoso.crm4.dynamics.com/',
          tenant: 'contoso.onmicrosoft.com',
          batchSize: '50',
          requestBudget: '3000/300',
        },
        {},
        'app-1',
        streams,
      ),
    );
    expect(config).toMatchObject({
      environmentUrl: 'https://contoso.crm4.dynamics.com',
      tenant: 'contoso.onmicrosoft.com',
      clientId: 'app-1',
      clientSecretSecret: 'd365_client_secret',
      batchSize: 50,
      maxConcurrency: 4,
      requestBudget: { requests: 3000, windowSeconds: 300 },
      requiredKeys: [
        { logicalName: 'account', columns: ['accountnumber'] },
        { logicalName: 'salesorder', columns: ['new_po'] },
      ],
    });
    const base = { environmentUrl: 'https://x.crm.dynamics.com', tenant: 't' };
    expect(() => dynamics365Module.config(context({ ...base, maxConcurrency: '52' }))).toThrow(
      'connections.crm.address.maxConcurrency: a whole number from 1 to 51',
    );
    expect(() => dynamics365Module.config(context({ ...base, batchSize: '1001' }))).toThrow(
      /batchSize: a whole number from 1 to 1000/,
    );
    expect(() =>
      dynamics365Module.config(context({ ...base, environmentUrl: 'https://x.crm.dynamics.com/api/data/v9.2' })),
    ).toThrow(/environmentUrl: give the environment's address alone/);
    expect(() => dynamics365Module.config(context({ ...base, requestBudget: 'lots' }))).toThrow(
      /requestBudget: requests\/seconds/,
    );
  });

  it('simulate dynamics365: the connection it prints passes the one connection test', async () => {
    const handle = await dynamics365Module.startSimulator!({ port: 0 });
    try {
      expect(handle.banner.join('\n')).toContain('/__sim/control-totals');
      const address = dynamics365Module.pointAtSimulator!({}, handle, '') as Record<string, string>;
      const clientId = /app \(client id\) (\S+),/.exec(handle.banner.join('\n'))![1]!;
      const config = await dynamics365Module.config(context(address, handle.secrets, clientId));
      const answer = await dynamics365Module.testConnection(config);
      expect(answer.message).toMatch(
        /^signed in to Dynamics 365 at http:\/\/127\.0\.0\.1:\d+ as application user .*; alternate keys Active: mlc_accountnumber_key \(account\)$/,
      );
      expect(answer.ok).toBe(true);
      const wrong = await dynamics365Module.testConnection({
        ...config,
        resolveSecret: () => Promise.resolve('wrong-secret-value'),
      });
      expect(wrong).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      expect(wrong.message).not.toContain('wrong-secret-value');
    } finally {
      await handle.close();
    }
  });

  it('simulate dynamics365: its stats count the $batch requests among its HTTP requests', async () => {
    const handle = await dynamics365Module.startSimulator!({ port: 0 });
    try {
      const clientId = /app \(client id\) (\S+),/.exec(handle.banner.join('\n'))![1]!;
      const reply = await fetch(`${handle.url}/${handle.address.tenant}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: handle.secrets.d365_client_secret!,
          scope: `${handle.url}/.default`,
        }),
      });
      const { access_token } = (await reply.json()) as { access_token: string };
      const account = { method: 'POST' as const, url: 'accounts', body: { name: 'A', accountnumber: 'V-1' } };
      const batch = writeBatch(
        [{ kind: 'changeset', requests: [account] }],
        { batch: 'b', changeset: () => 'c' },
        '/api/data/v9.2/',
      );
      const sent = await fetch(`${handle.url}/api/data/v9.2/$batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': batch.contentType },
        body: batch.body,
      });
      expect(sent.status).toBe(200);
      expect(handle.stats()).toEqual({ httpRequests: 2, batchRequests: 1, faults: 0 });
    } finally {
      await handle.close();
    }
  });

  it('no application user: one plain 403 0x80072560 (no refresh loop); a missing key: the key to create', async () => {
    const sim = await startDynamicsSimulator({ applicationUsers: [], accountKeyStatus: null });
    try {
      const address = { environmentUrl: sim.url, tenant: sim.tenant, authorityUrl: sim.url };
      const secrets = { d365_client_secret: sim.credentials.clientSecret };
      const config = await dynamics365Module.config(context(address, secrets, sim.credentials.clientId));
      const answer = await dynamics365Module.testConnection(config);
      expect(answer).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      expect(answer.message).toContain('The user is not a member of the organization.');
      expect(sim.entra.tokenRequests).toBe(1);
      await sim.close();
      const keyless = await startDynamicsSimulator({ accountKeyStatus: null });
      const keyConfig = await dynamics365Module.config(
        context(
          { environmentUrl: keyless.url, tenant: keyless.tenant, authorityUrl: keyless.url },
          { d365_client_secret: keyless.credentials.clientSecret },
          keyless.credentials.clientId,
        ),
      );
      const noKey = await dynamics365Module.testConnection(keyConfig);
      await keyless.close();
      expect(noKey).toMatchObject({ ok: false, code: 'CONFIG_INVALID' });
      expect(noKey.message).toContain('no alternate key on account over accountnumber');
    } finally {
      await sim.close();
    }
  });
});
