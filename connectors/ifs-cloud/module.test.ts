/**
 * The IFS module as the registry uses it: the connection's address read with errors naming the JSON path,
 * and `simulate ifs` giving an address whose connection reads every stream (the unconfirmed sets named).
 */
import { describe, expect, it } from 'vitest';
import type { Connection, Pipeline } from '../../engine/model/index.ts';
import { readAll } from '../kit/testing/conformance-support.ts';
import { ifsModule } from './module.ts';
import { IFS_STREAMS } from './streams.ts';

function context(address: Record<string, string>, secrets: Record<string, string> = {}) {
  const connection = {
    system: 'ifs-cloud',
    address,
    auth: { method: 'oauth2-client-credentials', clientId: 'ML_CONNECTOR', secret: 'ifs_client_secret' },
  } as unknown as Connection;
  return {
    name: 'erp',
    connection,
    pipeline: { connections: { erp: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: '.',
    resolveSecret: (name: string) => Promise.resolve(secrets[name] ?? ''),
  };
}

describe('IFS Cloud module', () => {
  it('reads the per-tenant address and names the part that is wrong', () => {
    const config = ifsModule.config(
      context({
        systemUrl: 'https://erp.example.com:48080',
        realm: 'acme1',
        endpoint: 'int',
        companies: '10, 20',
        supplierInvoiceSet: 'MyInvoices.svc/InvoiceSet',
      }),
    );
    expect(config).toMatchObject({
      systemUrl: 'https://erp.example.com:48080',
      realm: 'acme1',
      endpoint: 'int',
      companies: ['10', '20'],
      sets: { supplier_invoices: 'MyInvoices.svc/InvoiceSet' },
      clientId: 'ML_CONNECTOR',
    });
    expect(() =>
      ifsModule.config(context({ systemUrl: 'https://x', realm: 'r', companies: '10', endpoint: 'other' })),
    ).toThrow('connections.erp.address.endpoint: main or int, not other');
    expect(() =>
      ifsModule.config(
        context({ systemUrl: 'https://x', realm: 'r', companies: '10', supplierInvoiceSet: 'PostingProposalHead' }),
      ),
    ).toThrow(/connections\.erp\.address\.supplierInvoiceSet: give <Projection>\.svc\/<EntitySet>/);
  });

  it('simulate ifs: the connection the simulator prints reads every stream', async () => {
    const handle = await ifsModule.startSimulator!({ port: 0, rows: 12 });
    try {
      const address = ifsModule.pointAtSimulator!({}, handle, '') as Record<string, string>;
      const config = await ifsModule.config(
        context({ ...address, ...handle.address } as Record<string, string>, handle.secrets),
      );
      const source = await ifsModule.openSource!(context(address, handle.secrets) as never, config);
      for (const stream of IFS_STREAMS)
        expect((await readAll(source, stream.schema, 50)).length, stream.schema.entity).toBeGreaterThan(0);
      await source.close();
      expect(handle.banner.join('\n')).toContain('ML_CONNECTOR');
    } finally {
      await handle.close();
    }
  });
});
