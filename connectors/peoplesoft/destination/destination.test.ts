/**
 * The PeopleSoft CIRT destination against the CIRT test server: one get per row, one update with only
 * the attributes that differ, nothing sent for an unchanged record, the CI's refusals held with
 * PeopleSoft's words while the rest lands, a missing record held, a permission refusal said plainly and
 * never retried, and the loop guard (values read back equal, the record changed once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recordingSleep } from '../../kit/testing/loopback.ts';
import { TEST_OPERATIONS } from '../simulator/cirt/test-cirt-server.ts';
import { batch, destinationFor, started, startServer, SYNC_PASSWORD, TOKEN, vendorsTarget } from './test-support.ts';

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

describe('PeopleSoft destination: vendors through CIRT', () => {
  it('sends one update with only the attribute that differs, stamped with the writing OPRID', async () => {
    const server = await startServer();
    const destination = destinationFor(server);
    const rows = [{ SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' }];
    expect(await destination.writeBatch(vendorsTarget(), batch(rows))).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
      alreadyCommitted: 0,
    });
    const record = server.store.get('vendors', 'SHARE', '0000000001')!;
    expect(record.attributes.VENDOR_CLASS).toBe('E');
    expect(server.store.sentUpdates).toEqual([{ key: 'SHARE/0000000001', fields: ['VENDOR_CLASS'] }]);
    expect(record.lastUpdateOprid).toBe('MLC_SYNC');
    expect(record.lastUpdateDttm).toBe('2026-01-06T09:30:00Z');
    expect(server.store.counters).toMatchObject({ gets: 1, updates: 1 });
    await destination.close();
  });

  it('a re-sent batch reads every record back equal and sends no update', async () => {
    const server = await startServer();
    const destination = destinationFor(server);
    const rows = [
      { SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' },
      { SETID: 'US001', VENDOR_ID: '0000000002', VENDOR_CLASS: 'R', VENDOR_STATUS: 'A' },
    ];
    expect(await destination.writeBatch(vendorsTarget(), batch(rows))).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await destination.writeBatch(vendorsTarget(), batch(rows))).toMatchObject({ updated: 0, unchanged: 2 });
    expect(server.store.counters).toMatchObject({ gets: 4, updates: 1 });
    expect(await destination.plan(vendorsTarget(), rows)).toEqual({ inserts: 0, updates: 0, unchanged: 2 });
    await destination.close();
  });

  it('holds a value PeopleSoft refuses with its words while the rest of the batch lands', async () => {
    const server = await startServer();
    const destination = destinationFor(server);
    const rows = [
      { SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'X', VENDOR_STATUS: 'A' },
      { SETID: 'SHARE', VENDOR_ID: '0000000003', VENDOR_CLASS: 'H', VENDOR_STATUS: 'I' },
    ];
    const result = await destination.writeBatch(vendorsTarget(), batch(rows));
    expect(result).toMatchObject({ updated: 1, unchanged: 0 });
    expect(result.rejected).toEqual([
      {
        index: 0,
        code: 'PEOPLESOFT_REFUSED',
        message:
          'PeopleSoft refused the update of vendor SHARE/0000000001: Invalid value -- press the prompt button or hyperlink for a list of valid values (15,11) VNDR_ID.VENDOR_CLASS: X',
      },
    ]);
    expect(server.store.get('vendors', 'SHARE', '0000000001')!.attributes.VENDOR_CLASS).toBe('R');
    expect(server.store.get('vendors', 'SHARE', '0000000003')!.attributes).toMatchObject({
      VENDOR_CLASS: 'H',
      VENDOR_STATUS: 'I',
    });
    expect(server.store.sentUpdates.map((sent) => sent.fields)).toEqual([
      ['VENDOR_CLASS'],
      ['VENDOR_CLASS', 'VENDOR_STATUS'],
    ]);
    await destination.close();
  });

  it('holds a record PeopleSoft does not have (no such id, or the id under another SETID) and creates nothing', async () => {
    const server = await startServer();
    const destination = destinationFor(server);
    const rows = [
      { SETID: 'SHARE', VENDOR_ID: '9999999999', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' },
      { SETID: 'US001', VENDOR_ID: '0000000001', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' },
    ];
    const result = await destination.writeBatch(vendorsTarget(), batch(rows));
    expect(result).toMatchObject({ updated: 0, unchanged: 0 });
    expect(result.rejected?.map((row) => [row.index, row.code, row.message])).toEqual([
      [
        0,
        'PEOPLESOFT_NO_RECORD',
        'PeopleSoft has no vendor SHARE/9999999999; this destination updates existing reference data and creates none',
      ],
      [
        1,
        'PEOPLESOFT_NO_RECORD',
        'PeopleSoft has no vendor US001/0000000001; this destination updates existing reference data and creates none',
      ],
    ]);
    expect(server.store.counters.updates).toBe(0);
    await destination.close();
  });

  it('in Production status (a bare 500) asks the find operation and holds a missing record', async () => {
    const server = await startServer({ errorDetail: 'production' });
    const { sleep } = recordingSleep();
    const destination = destinationFor(server, undefined, { sleep, maxAttempts: 2 });
    const rows = [{ SETID: 'SHARE', VENDOR_ID: '9999999999', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' }];
    const result = await destination.writeBatch(vendorsTarget(), batch(rows));
    expect(result.rejected?.map((row) => row.code)).toEqual(['PEOPLESOFT_NO_RECORD']);
    expect(server.store.counters.finds).toBe(1);
    await destination.close();
  });

  it('says plainly that the OPRID lacks the permission list, once, with no retry storm', async () => {
    const server = await startServer();
    const { delays, sleep } = recordingSleep();
    const destination = destinationFor(server, { basic: 'VP1', password: 'vp1-pw' }, { sleep });
    const rows = [{ SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' }];
    const error = await destination.writeBatch(vendorsTarget(), batch(rows)).then(
      () => undefined,
      (caught: unknown) => caught as { code: string; message: string; transient: boolean; help?: string },
    );
    expect(error).toMatchObject({
      code: 'HTTP_403',
      transient: false,
      message:
        "PeopleSoft refused this connection's user the CIRT operation: User VP1 is not authorized to invoke service operation CIRT_VNDR_ID_G_GET.",
    });
    expect(server.stats.requests).toBe(1);
    expect(delays).toEqual([]);
    await destination.close();
  });

  it('stops at an update the OPRID may not make (get granted, update not): one PUT, no retries, nothing saved', async () => {
    const operations = TEST_OPERATIONS.map((operation) =>
      operation.alias === 'VNDR_ID_U.v1' ? { ...operation, permissionList: 'ZZ_VNDR_UPDATE' } : operation,
    );
    const server = await startServer({ operations });
    const { delays, sleep } = recordingSleep();
    const destination = destinationFor(server, undefined, { sleep });
    const rows = [{ SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' }];
    await expect(destination.writeBatch(vendorsTarget(), batch(rows))).rejects.toMatchObject({
      code: 'HTTP_403',
      message:
        "PeopleSoft refused this connection's user the CIRT operation: User MLC_SYNC is not authorized to invoke service operation CIRT_VNDR_ID_U_PUT.",
    });
    expect(server.store.counters).toMatchObject({ gets: 1, updates: 0, refusedUpdates: 1 });
    expect(delays).toEqual([]);
    expect(server.store.get('vendors', 'SHARE', '0000000001')!.attributes.VENDOR_CLASS).toBe('R');
    await destination.close();
  });

  it('a wrong password is one AUTH_FAILED that shows no secret', async () => {
    const server = await startServer();
    const destination = destinationFor(
      server,
      { basic: 'MLC_SYNC', password: `${SYNC_PASSWORD}-wrong` },
      { sleep: recordingSleep().sleep },
    );
    const rows = [{ SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'E', VENDOR_STATUS: 'A' }];
    const error = (await destination
      .writeBatch(vendorsTarget(), batch(rows))
      .catch((caught: unknown) => caught)) as Error & { code: string };
    expect(error.code).toBe('AUTH_FAILED');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain(SYNC_PASSWORD);
    expect(server.stats.requests).toBe(1);
    await destination.close();
  });

  it('a wrong bearer token is one AUTH_FAILED that shows no token', async () => {
    const server = await startServer();
    const destination = destinationFor(server, { bearer: `${TOKEN}x` }, { sleep: recordingSleep().sleep });
    const rows = [{ SETID: 'SHARE', VENDOR_ID: '0000000001', VENDOR_CLASS: 'E' }];
    const error = (await destination
      .writeBatch(vendorsTarget(['VENDOR_CLASS']), batch(rows))
      .catch((caught: unknown) => caught)) as Error & {
      code: string;
    };
    expect(error.code).toBe('AUTH_FAILED');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain(TOKEN);
    await destination.close();
  });

  it('signs in with a bearer token mapped to its OPRID', async () => {
    const server = await startServer();
    const destination = destinationFor(server, { bearer: TOKEN });
    const rows = [{ SETID: 'US001', VENDOR_ID: '0000000002', VENDOR_CLASS: 'H', VENDOR_STATUS: 'A' }];
    expect(await destination.writeBatch(vendorsTarget(), batch(rows))).toMatchObject({ updated: 1 });
    expect(server.store.get('vendors', 'US001', '0000000002')!.lastUpdateOprid).toBe('ODA_USER');
    await destination.close();
  });

  it('retries transient faults through the kit and converges with each record changed once', async () => {
    const server = await startServer({ faults: '503:0.2,429:0.1' });
    const { sleep } = recordingSleep();
    const destination = destinationFor(server, undefined, { sleep, maxAttempts: 8 });
    const rows = [1, 2, 3, 4, 5, 6].map((index) => ({
      SETID: index % 2 === 0 ? 'US001' : 'SHARE',
      VENDOR_ID: String(index).padStart(10, '0'),
      VENDOR_CLASS: 'E',
      VENDOR_STATUS: 'A',
    }));
    expect(await destination.writeBatch(vendorsTarget(), batch(rows))).toMatchObject({ updated: 6 });
    expect(server.stats.faults['503'] + server.stats.faults['429']).toBeGreaterThan(0);
    expect(server.store.counters.updates).toBe(6);
    await destination.close();
  });
});
