/** The targets the destination takes, what it refuses before any request, and customers through their own CI. */
import { afterEach, describe, expect, it } from 'vitest';
import type { TargetTable } from '../../../engine/model/io.ts';
import { PeopleSoftDestination } from './destination.ts';
import { batch, destinationFor, started, startServer, TARGETS, vendorsTarget } from './test-support.ts';

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

const customers: TargetTable = {
  ...vendorsTarget(),
  table: 'customers',
  columns: ['SETID', 'CUST_ID', 'CUST_STATUS'].map((name) => ({
    name,
    type: { kind: 'string' },
    required: true,
  })) as unknown as TargetTable['columns'],
  mergeKey: ['SETID', 'CUST_ID'],
};

describe('PeopleSoft destination targets', () => {
  it('refuses, before any request, what it cannot write', async () => {
    const destination = new PeopleSoftDestination({
      restBase: 'http://127.0.0.1:9/PSIGW/RESTListeningConnector/PSFT_EP',
      targets: TARGETS,
    });
    const refusal = (target: TargetTable) =>
      destination.ensureTable(target).then(
        () => 'accepted',
        (error: Error) => error.message,
      );
    expect(await refusal({ ...vendorsTarget(), table: 'journals' })).toBe(
      'PeopleSoft takes reference data into vendors or customers, not journals',
    );
    expect(await refusal({ ...vendorsTarget(), writeMode: 'append' })).toBe(
      'PeopleSoft target vendors: writeMode must be merge (it updates existing records), not append',
    );
    expect(await refusal({ ...vendorsTarget(), mergeKey: ['VENDOR_ID'] })).toBe(
      'PeopleSoft target vendors: the merge key is SETID + VENDOR_ID, not VENDOR_ID',
    );
    expect(await refusal(vendorsTarget(['NAME1']))).toBe(
      'PeopleSoft target vendors can change VENDOR_CLASS, VENDOR_STATUS, VENDOR_PERSISTENCE, not NAME1',
    );
    const noCustomers = new PeopleSoftDestination({
      restBase: 'http://127.0.0.1:9/',
      targets: { vendors: TARGETS.vendors! },
    });
    expect(await noCustomers.ensureTable(customers).catch((error: Error) => error.message)).toBe(
      'PeopleSoft target customers: no CIRT operations are configured for it (get and update URL templates)',
    );
    const badTemplate = new PeopleSoftDestination({
      restBase: 'http://127.0.0.1:9/',
      targets: { vendors: { ...TARGETS.vendors!, updateTemplate: 'VNDR_ID_U.v1/{BUSINESS_UNIT}/{VENDOR_ID}' } },
    });
    expect(await badTemplate.ensureTable(vendorsTarget()).catch((error: Error) => error.message)).toBe(
      'PeopleSoft target vendors: the URL template VNDR_ID_U.v1/{BUSINESS_UNIT}/{VENDOR_ID} names {BUSINESS_UNIT}, not a key (SETID, VENDOR_ID)',
    );
    expect(await refusal(vendorsTarget())).toBe('accepted');
    await Promise.all([destination.close(), noCustomers.close(), badTemplate.close()]);
  });

  it("writes customers through the customer CI's own operations", async () => {
    const server = await startServer();
    const destination = destinationFor(server);
    const result = await destination.writeBatch(
      customers,
      batch([
        { SETID: 'SHARE', CUST_ID: 'C000000001', CUST_STATUS: 'I' },
        { SETID: 'SHARE', CUST_ID: 'C000000003', CUST_STATUS: 'Z' },
      ]),
    );
    expect(result).toMatchObject({ updated: 1 });
    expect(result.rejected?.[0]?.message).toContain(
      'Invalid value -- press the prompt button or hyperlink for a list of valid values (15,11) CUSTOMER.CUST_STATUS: Z',
    );
    expect(server.store.get('customers', 'SHARE', 'C000000001')!.attributes.CUST_STATUS).toBe('I');
    await destination.close();
  });
});
