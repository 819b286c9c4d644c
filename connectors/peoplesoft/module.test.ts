/**
 * The PeopleSoft connection as a pipeline names it (each part checked with its JSON path, the node never
 * assumed, OAuth only with the IdP's token URL), and `simulate peoplesoft` through the module: its banner,
 * demo secrets and the address a connection points at, read end to end by the example's own settings.
 */
import { describe, expect, it } from 'vitest';
import type { Connection, Pipeline } from '../../engine/model/index.ts';
import type { ConnectionContext } from '../kit/module/connection-parts.ts';
import { readAll } from '../kit/testing/conformance-support.ts';
import { psftConfig, psftModule } from './module.ts';
import { PSFT_STREAMS } from './streams.ts';

function context(address: Record<string, unknown>, auth: Record<string, unknown> = {}): ConnectionContext {
  const connection = {
    system: 'peoplesoft',
    address: { baseUrl: 'https://psft.example.com:8443', node: 'PSFT_FINPRD', ...address },
    auth: { method: 'basic', username: 'MLC_SYNC', secret: 'psft_password', ...auth },
  } as unknown as Connection;
  return {
    name: 'psft',
    connection,
    pipeline: { connections: { psft: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: '.',
    resolveSecret: () => Promise.resolve('pw-never-shown'),
  };
}

describe('PeopleSoft connection', () => {
  it('reads the parts with their documented defaults', () => {
    expect(psftConfig(context({}))).toMatchObject({
      baseUrl: 'https://psft.example.com:8443',
      node: 'PSFT_FINPRD',
      executeQueryAlias: 'ExecuteQuery.v1',
      windowDays: 31,
      maxRows: 1000,
      historyStart: '2000-01-01',
      serverTimeZone: 'UTC',
      queries: { journal_lines: 'MLC_JRNL_LINES', vendors: 'MLC_VENDORS', payroll_cost: 'MLC_JOB_COST' },
      auth: { kind: 'basic', oprid: 'MLC_SYNC', passwordSecret: 'psft_password' },
    });
    expect(
      psftConfig(context({ vendorsQuery: 'ACME_VNDR', windowDays: 1, executeQueryAlias: 'QAS.v1' })),
    ).toMatchObject({
      queries: { vendors: 'ACME_VNDR' },
      windowDays: 1,
      executeQueryAlias: 'QAS.v1',
    });
  });

  it.each([
    [{ node: undefined }, 'connections.psft.address.node: give the node'],
    [{ node: 'PSFT EP' }, 'connections.psft.address.node: a node name is letters'],
    [{ baseUrl: 'https://psft.example.com/PSIGW/RESTListeningConnector' }, 'connections.psft.address.baseUrl'],
    [{ windowDays: '0' }, 'connections.psft.address.windowDays: a whole number from 1'],
    [{ historyStart: '1900-01-01' }, 'connections.psft.address.historyStart'],
  ])('refuses %j in words naming the part', (address, words) => {
    expect(() => psftConfig(context(address))).toThrow(words);
  });

  it("signs in by OAuth only with the identity provider's token URL, and by no other method", () => {
    const oauth = {
      method: 'oauth2-client-credentials',
      clientId: 'psft-sync',
      secret: 'idp_secret',
      username: undefined,
    };
    expect(() => psftConfig(context({}, oauth))).toThrow(
      "connections.psft.auth.tokenUrl: give your identity provider's token endpoint",
    );
    expect(
      psftConfig(context({}, { ...oauth, tokenUrl: 'https://idp.example.com/oauth2/v1/token', scope: 'urn:psft' })),
    ).toMatchObject({
      auth: {
        kind: 'oauth2',
        clientId: 'psft-sync',
        clientSecretSecret: 'idp_secret',
        tokenUrl: 'https://idp.example.com/oauth2/v1/token',
        scope: 'urn:psft',
      },
    });
    expect(() => psftConfig(context({}, { method: 'ntlm' }))).toThrow(
      'connections.psft.auth.method: PeopleSoft signs in with basic',
    );
  });

  it('simulate peoplesoft: the banner names the node, the demo user and client; a connection pointed at it reads', async () => {
    const handle = await psftModule.startSimulator!({ port: 0, seed: 2, rows: 12 });
    try {
      expect(handle.banner.join('\n')).toContain(`/PSIGW/RESTListeningConnector/PSFT_EP/ExecuteQuery.v1`);
      expect(Object.keys(handle.secrets).sort()).toEqual(['psft_client_secret', 'psft_password']);
      const address = psftModule.pointAtSimulator!({ baseUrl: 'http://elsewhere:1', node: 'X' }, handle, './ca.pem');
      expect(address).toEqual({ baseUrl: handle.url, node: 'PSFT_EP' });
      const ctx = context(address, { username: 'MLC_SYNC' });
      const config = { ...psftConfig(ctx), resolveSecret: () => Promise.resolve(handle.secrets.psft_password ?? '') };
      expect(await psftModule.testConnection(config)).toMatchObject({ ok: true });
      const source = await psftModule.openSource!(ctx, config);
      const vendors = await readAll(source, PSFT_STREAMS.find((s) => s.name === 'vendors')!.schema, 100);
      expect(vendors.length).toBe(((await handle.controlTotals()) as Record<string, { rows: number }>).vendors?.rows);
      await source.close();
    } finally {
      await handle.close();
    }
  });
});
