/**
 * The loop guard, destination side: the reverse sync writes PeopleSoft's attributes to exactly what the
 * warehouse holds, so the forward sync reads the same values back (the warehouse's merge counts them
 * unchanged) and the next reverse run finds nothing to send: the vendor changes once. Blanks compare as
 * one (PeopleSoft keeps a blank character field as a space), or a null in the warehouse would bounce
 * against PeopleSoft's ' ' on every run.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { readAll, readChanged, watermarkOf } from '../../kit/testing/conformance-support.ts';
import { openPsftDestination } from '../destination-open.ts';
import type { PeopleSoftSimulator } from '../simulator/index.ts';
import { createPsftSource } from '../source.ts';
import { PSFT_STREAMS } from '../streams.ts';
import { configFor, startTestSimulator } from '../test-support.ts';
import { batch, destinationFor, started, startServer, SYNC_PASSWORD, vendorsTarget } from './test-support.ts';

const simulators: PeopleSoftSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

/** What a forward read of the vendor sees: the CI buffer, as another reader would get it. */
async function forwardRead(restBase: string, setid: string, vendorId: string): Promise<Record<string, string>> {
  const response = await request(`${restBase}/VNDR_ID_G.v1/${setid}/${vendorId}`, {
    headers: { authorization: `Basic ${Buffer.from(`MLC_SYNC:${SYNC_PASSWORD}`).toString('base64')}` },
  });
  return ((await response.body.json()) as { VNDR_ID: Record<string, string> }).VNDR_ID;
}

describe('PeopleSoft destination: loop guard by comparing values', () => {
  it("a vendor's class changed in the warehouse changes PeopleSoft once; the forward read gives the warehouse's values back", async () => {
    const server = await startServer();
    const destination = destinationFor(server);
    const target = vendorsTarget(['VENDOR_CLASS', 'VENDOR_STATUS', 'VENDOR_PERSISTENCE']);
    // The warehouse's vendors: all as seeded, vendor 3's class changed by an analyst.
    const warehouse = [1, 2, 3, 4].map((index) => ({
      SETID: index % 2 === 0 ? 'US001' : 'SHARE',
      VENDOR_ID: String(index).padStart(10, '0'),
      VENDOR_CLASS: index === 3 ? 'H' : 'R',
      VENDOR_STATUS: 'A',
      VENDOR_PERSISTENCE: 'R',
    }));
    expect(await destination.writeBatch(target, batch(warehouse))).toMatchObject({ updated: 1, unchanged: 3 });

    const readBack = await forwardRead(server.restBase, 'SHARE', '0000000003');
    const written = warehouse[2]!;
    for (const field of ['VENDOR_CLASS', 'VENDOR_STATUS', 'VENDOR_PERSISTENCE'] as const)
      expect(readBack[field]).toBe(written[field]);
    // The OPRID beside it, for a source that prefers to skip the reverse sync's own writes.
    expect(readBack.LASTUPDOPRID).toBe('MLC_SYNC');

    // The next reverse run (the forward sync changed nothing in the warehouse): nothing is sent.
    expect(await destination.writeBatch(target, batch(warehouse, 'run-2.vendors.000001'))).toMatchObject({
      updated: 0,
      unchanged: 4,
    });
    expect(server.store.counters.updates).toBe(1);
    await destination.close();
  });

  it("a warehouse null or '' equals PeopleSoft's blank (a space): no update bounces on it", async () => {
    const server = await startServer();
    server.store.get('vendors', 'SHARE', '0000000001')!.attributes.VENDOR_PERSISTENCE = ' ';
    server.store.get('vendors', 'SHARE', '0000000003')!.attributes.VENDOR_PERSISTENCE = ' ';
    const destination = destinationFor(server);
    const rows = [
      { SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_PERSISTENCE: null },
      { SETID: 'SHARE', VENDOR_ID: '0000000003', VENDOR_PERSISTENCE: '' },
    ];
    expect(await destination.writeBatch(vendorsTarget(['VENDOR_PERSISTENCE']), batch(rows))).toMatchObject({
      updated: 0,
      unchanged: 2,
    });
    expect(server.store.sentUpdates).toEqual([]);
    await destination.close();
  });

  it('the forward source passes the class the reverse sync wrote on once, through its next incremental read, and then nothing', async () => {
    const sim = await startTestSimulator();
    simulators.push(sim);
    const config = configFor(sim);
    const vendorsSchema = PSFT_STREAMS.find((stream) => stream.name === 'vendors')!.schema;
    const source = createPsftSource({ ...config, retry: false });
    let mark = watermarkOf(await readAll(source, vendorsSchema, 100), vendorsSchema);

    // The reverse sync: the warehouse says vendor 5 is an employee vendor (E); PeopleSoft holds R.
    const destination = await openPsftDestination(config);
    const target = vendorsTarget(['VENDOR_CLASS']);
    const warehouse = [{ SETID: 'SHARE', VENDOR_ID: '0000000005', VENDOR_CLASS: 'E' }];
    expect(await destination.writeBatch(target, batch(warehouse))).toMatchObject({ updated: 1 });

    // The forward read's next incremental run: exactly that vendor, with the class the warehouse holds.
    const back = await readChanged(source, vendorsSchema, 100, mark);
    expect(back.map((row) => [row.VENDOR_ID, row.VENDOR_CLASS])).toEqual([['0000000005', 'E']]);
    mark = watermarkOf([...(await readAll(source, vendorsSchema, 100))], vendorsSchema);

    // The reverse sync again with the same warehouse values: nothing sent; the forward read: nothing changed.
    expect(await destination.writeBatch(target, batch(warehouse, 'run-2.vendors.000001'))).toMatchObject({
      updated: 0,
      unchanged: 1,
    });
    expect(await readChanged(source, vendorsSchema, 100, mark)).toEqual([]);
    expect(sim.cirt.counters.updates).toBe(1);
    await Promise.all([source.close(), destination.close()]);
  });
});
