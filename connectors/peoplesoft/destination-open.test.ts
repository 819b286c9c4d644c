/**
 * The PeopleSoft destination as the module opens it: the CIRT settings from the connection's address parts
 * (documented defaults, a site's own templates and attributes), and against the simulator the same sign-in
 * as the source (Basic OPRID or the IdP's bearer token): one update carrying only the attribute that
 * differs, seen by the QAS vendors query; a user without the CI's permission list is refused plainly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TargetTable, WriteBatch } from '../../engine/model/io.ts';
import type { Connection, Pipeline } from '../../engine/model/index.ts';
import type { ConnectionContext } from '../kit/module/connection-parts.ts';
import { PsftClient } from './client.ts';
import { openPsftDestination } from './destination-open.ts';
import { psftConfig, psftModule } from './module.ts';
import type { PeopleSoftSimulator } from './simulator/index.ts';
import { configFor, startTestSimulator, TEST_QUERIES } from './test-support.ts';

function context(address: Record<string, unknown>): ConnectionContext {
  const connection = {
    system: 'peoplesoft',
    address: { baseUrl: 'https://psft.example.com:8443', node: 'PSFT_FINPRD', ...address },
    auth: { method: 'basic', username: 'MLC_SYNC', secret: 'psft_password' },
  } as unknown as Connection;
  return {
    name: 'psft',
    connection,
    pipeline: { connections: { psft: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: '.',
    resolveSecret: () => Promise.resolve('pw'),
  };
}

const vendors: TargetTable = {
  table: 'vendors',
  columns: ['SETID', 'VENDOR_ID', 'VENDOR_CLASS', 'VENDOR_STATUS'].map((name) => ({
    name,
    type: { kind: 'string' },
    required: name === 'SETID' || name === 'VENDOR_ID',
  })) as unknown as TargetTable['columns'],
  writeMode: 'merge',
  mergeKey: ['SETID', 'VENDOR_ID'],
  allowDestructiveChanges: false,
};

const batch = (rows: WriteBatch['rows'], batchId = 'run-1.vendors.000001'): WriteBatch =>
  ({ batchId, rows }) as unknown as WriteBatch;

let sim: PeopleSoftSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('PeopleSoft destination through the module', () => {
  it('takes the CIRT templates and attributes from address parts, defaults where empty', () => {
    expect(psftModule.descriptor.roles).toEqual(['source', 'destination']);
    expect(psftConfig(context({})).cirtTargets.vendors).toEqual({
      getTemplate: 'CIRT_VNDR_ID_G_GET.v1/{SETID}/{VENDOR_ID}',
      updateTemplate: 'CIRT_VNDR_ID_U_PUT.v1/{SETID}/{VENDOR_ID}',
      findTemplate: 'CIRT_VNDR_ID_F_GET.v1/{SETID}/{VENDOR_ID}',
      attributes: ['VENDOR_CLASS', 'VENDOR_STATUS', 'VENDOR_PERSISTENCE'],
    });
    const site = psftConfig(
      context({ vendorGetTemplate: 'ACME_VNDR_G.v2/{SETID}/{VENDOR_ID}', vendorAttributes: 'VENDOR_CLASS' }),
    );
    expect(site.cirtTargets.vendors).toMatchObject({
      getTemplate: 'ACME_VNDR_G.v2/{SETID}/{VENDOR_ID}',
      attributes: ['VENDOR_CLASS'],
    });
    expect(() => psftConfig(context({ vendorAttributes: 'VENDOR_CLASS,VENDOR_ID' }))).toThrow(
      /connections\.psft\.address\.vendorAttributes/,
    );
  });

  for (const signIn of ['basic', 'oauth2'] as const)
    it(`signs in as the source does (${signIn}): one update with only the class, which the vendors query then reads`, async () => {
      sim = await startTestSimulator();
      const config = configFor(sim, { signIn });
      const vendor = sim.fixture.vendors[2]!;
      const row = {
        SETID: String(vendor.SETID),
        VENDOR_ID: String(vendor.VENDOR_ID),
        VENDOR_CLASS: 'H',
        VENDOR_STATUS: String(vendor.VENDOR_STATUS),
      };
      const destination = await openPsftDestination(config);
      try {
        expect(await destination.writeBatch(vendors, batch([row]))).toMatchObject({ updated: 1, unchanged: 0 });
        expect(await destination.writeBatch(vendors, batch([row], 'run-2.vendors.000001'))).toMatchObject({
          updated: 0,
          unchanged: 1,
        });
      } finally {
        await destination.close();
      }
      expect(sim.cirt.counters.updates).toBe(1);
      expect(sim.cirt.sentUpdates).toEqual([{ key: `SHARE/${String(vendor.VENDOR_ID)}`, fields: ['VENDOR_CLASS'] }]);
      // The forward side's own query (QAS) reads the written class.
      const client = new PsftClient(config);
      try {
        const answer = await client.executeQuery(
          TEST_QUERIES.vendors,
          [
            ['FROM_DT', '1900-01-01'],
            ['TO_DT', '2026-12-31'],
          ],
          1000,
        );
        const read = answer.rows.find((r) => (r as Record<string, unknown>)['A.VENDOR_ID'] === vendor.VENDOR_ID);
        expect((read as Record<string, unknown>)['A.VENDOR_CLASS']).toBe('H');
      } finally {
        await client.close();
      }
    });

  it("refuses, plainly and once, a user without the vendor CI's permission list", async () => {
    sim = await startTestSimulator({ serviceStatus: 'development' });
    const destination = await openPsftDestination({ ...configFor(sim, { noQas: true }), retry: false });
    const row = { SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'H', VENDOR_STATUS: 'A' };
    try {
      await expect(destination.writeBatch(vendors, batch([row]))).rejects.toMatchObject({
        code: 'HTTP_403',
        message: expect.stringContaining('CIRT_VNDR_ID_G_GET') as unknown,
      });
    } finally {
      await destination.close();
    }
    expect(sim.cirt.counters.updates).toBe(0);
  });
});
