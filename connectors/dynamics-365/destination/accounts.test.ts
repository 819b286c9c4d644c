import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow } from '../../../engine/model/io.ts';
import { accountsTarget, batchOf, startHarness } from './test-support.ts';

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const VENDOR_COLUMNS = [
  'accountnumber',
  'name',
  'address1_city',
  'customertypecode',
  'paymenttermscode',
  'mlc_sapvendornumber',
];
const CUSTOMER_COLUMNS = ['accountnumber', 'name', 'address1_city', 'customertypecode', 'mlc_sapcustomernumber'];

function vendors(n: number): DataRow[] {
  return Array.from({ length: n }, (_, i) => ({
    accountnumber: `P${1000 + i}`,
    name: `Vendor ${i}`,
    address1_city: 'Walldorf',
    customertypecode: 11,
    paymenttermscode: 1,
    mlc_sapvendornumber: `V${1000 + i}`,
  }));
}

function accountsBy(column: string) {
  return [...harness!.sim.store.table('accounts')!.rows.values()].map((row) => [row.accountnumber, row[column]]);
}

describe('Dynamics 365 destination: accounts', () => {
  it('a vendor that is also a customer is one account with both facts; Customer is kept over Vendor', async () => {
    harness = await startHarness();
    const { destination, sim } = harness;
    const vendorTarget = accountsTarget(VENDOR_COLUMNS);
    const customerTarget = accountsTarget(CUSTOMER_COLUMNS);
    await destination.ensureTable(vendorTarget);
    const customers: DataRow[] = [
      {
        accountnumber: 'P1001',
        name: 'Vendor 1',
        address1_city: 'Walldorf',
        customertypecode: 3,
        mlc_sapcustomernumber: 'C77',
      },
      {
        accountnumber: 'C2000',
        name: 'Only customer',
        address1_city: 'Basel',
        customertypecode: 3,
        mlc_sapcustomernumber: 'C2000',
      },
    ];
    expect(await destination.writeBatch(customerTarget, batchOf(customers))).toMatchObject({ inserted: 2 });
    expect(await destination.writeBatch(vendorTarget, batchOf(vendors(3)))).toMatchObject({
      inserted: 2,
      updated: 1, // P1001 gains its vendor number; its type stays Customer
    });
    expect(sim.controlTotals().accounts).toMatchObject({ rows: 4, byCustomerType: { '3': 2, '11': 2 } });
    const both = [...sim.store.table('accounts')!.rows.values()].find((row) => row.accountnumber === 'P1001')!;
    expect(both).toMatchObject({
      customertypecode: 3,
      mlc_sapvendornumber: 'V1001',
      mlc_sapcustomernumber: 'C77',
      paymenttermscode: 1,
    });
  });

  it('ignoreNullValues: a stream leaves the columns it gives no value alone, so two streams sharing an account agree', async () => {
    harness = await startHarness();
    const { destination, sim } = harness;
    const options = { ignoreNullValues: true };
    const customerTarget = accountsTarget(CUSTOMER_COLUMNS, options);
    const vendorTarget = accountsTarget(VENDOR_COLUMNS, options);
    await destination.ensureTable(customerTarget);
    const customer = {
      accountnumber: 'C-77',
      name: 'Customer 77 AG',
      address1_city: 'Basel',
      customertypecode: 3,
      mlc_sapcustomernumber: '77',
    };
    // The same partner as a vendor: its own name and city are left out, only the vendor facts are given.
    const vendor = {
      accountnumber: 'C-77',
      name: null,
      address1_city: null,
      customertypecode: null,
      paymenttermscode: 1,
      mlc_sapvendornumber: '5001',
    };
    for (let run = 0; run < 2; run++) {
      await destination.writeBatch(customerTarget, batchOf([customer]));
      await destination.writeBatch(vendorTarget, batchOf([vendor]));
    }
    const account = [...sim.store.table('accounts')!.rows.values()].find((row) => row.accountnumber === 'C-77');
    expect(account).toMatchObject({
      name: 'Customer 77 AG',
      address1_city: 'Basel',
      customertypecode: 3,
      mlc_sapcustomernumber: '77',
      mlc_sapvendornumber: '5001',
    });
    // The second round found everything as it was: nothing sent, not a name flip-flopping between streams.
    const batches = sim.stats.batches;
    expect(await destination.writeBatch(customerTarget, batchOf([customer]))).toMatchObject({ unchanged: 1 });
    expect(await destination.writeBatch(vendorTarget, batchOf([vendor]))).toMatchObject({ unchanged: 1 });
    expect(sim.stats.batches).toBe(batches);
    // Without the option an empty value is a value: the vendor stream would blank the customer's name.
    expect(await destination.writeBatch(accountsTarget(VENDOR_COLUMNS), batchOf([vendor]))).toMatchObject({
      updated: 1,
    });
    await expect(destination.ensureTable(accountsTarget(VENDOR_COLUMNS, { ignoreNullValues: 'yes' }))).rejects.toThrow(
      'options.ignoreNullValues is true or false, not "yes"',
    );
  });

  it('writes only what changed: a rerun sends nothing, one changed city is one PATCH of that column', async () => {
    harness = await startHarness();
    const { destination, sim } = harness;
    const target = accountsTarget(VENDOR_COLUMNS);
    expect(await destination.writeBatch(target, batchOf(vendors(25)))).toMatchObject({ inserted: 25 });
    const batchesBefore = sim.stats.batches;
    expect(await destination.writeBatch(target, batchOf(vendors(25)))).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 25,
    });
    expect(sim.stats.batches).toBe(batchesBefore);
    const etags = new Map(accountsBy('@odata.etag').map(([number, etag]) => [number, etag]));
    const changed = vendors(25).map((row, i) => (i === 7 ? { ...row, address1_city: 'Mannheim' } : row));
    expect(await destination.writeBatch(target, batchOf(changed))).toMatchObject({ updated: 1, unchanged: 24 });
    const after = accountsBy('@odata.etag').filter(([number, etag]) => etags.get(number) !== etag);
    expect(after.map(([number]) => number)).toEqual(['P1007']);
    expect(sim.store.table('accounts')!.rows.size).toBe(25);
  });

  it("an account number Dataverse cannot read in a URL ('/') is looked up, created once, then found again", async () => {
    harness = await startHarness();
    const { destination, sim } = harness;
    const target = accountsTarget(['accountnumber', 'name']);
    const rows = [{ accountnumber: "V/10'0", name: 'Slash' }];
    expect(await destination.writeBatch(target, batchOf(rows))).toMatchObject({ inserted: 1 });
    expect(await destination.writeBatch(target, batchOf(rows))).toMatchObject({ unchanged: 1 });
    expect(accountsBy('name')).toEqual([["V/10'0", 'Slash']]);
    void sim;
  });

  it('a part Dataverse refuses is held with its code and words; the rest of the batch lands (with and without continue-on-error)', async () => {
    for (const continueOnError of [true, false]) {
      harness = await startHarness({ continueOnError });
      const target = accountsTarget(['accountnumber', 'name']);
      const rows = [
        { accountnumber: 'A1', name: 'fine' },
        { accountnumber: 'A2', name: 'x'.repeat(161) },
        { accountnumber: 'A3', name: 'fine too' },
      ];
      const result = await harness.destination.writeBatch(target, batchOf(rows));
      expect(result).toMatchObject({ inserted: 2 });
      expect(result.rejected).toEqual([
        {
          index: 1,
          code: '0x80044331',
          message: expect.stringContaining(
            "The length of the 'name' attribute of the 'account' entity exceeded the maximum allowed length of '160'",
          ),
        },
      ]);
      expect(
        accountsBy('name')
          .map(([number]) => number)
          .sort(),
      ).toEqual(['A1', 'A3']);
      await harness.close();
      harness = undefined;
    }
  });

  it('refuses at ensureTable a column accounts do not have, naming the columns it takes', async () => {
    harness = await startHarness();
    await expect(harness.destination.ensureTable(accountsTarget(['accountnumber', 'nmae']))).rejects.toThrow(
      /Dynamics 365 accounts has no column nmae .*it takes accountnumber, name, address1_line1/,
    );
  });

  it('refuses to start without an Active key on accountnumber, naming the key to create', async () => {
    harness = await startHarness({ accountKeyStatus: null });
    await expect(harness.destination.ensureTable(accountsTarget(['accountnumber', 'name']))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('no alternate key on account over accountnumber'),
      options: { help: expect.stringContaining('Tables > account > Keys, create a key over accountnumber') },
    });
    await harness.close();
    harness = await startHarness({ accountKeyStatus: 'Pending' });
    await expect(harness.destination.ensureTable(accountsTarget(['accountnumber']))).rejects.toThrow(
      /is Pending, not Active/,
    );
  });

  it('refuses to start when the environment lacks a custom column the pipeline maps, in Dataverse words', async () => {
    harness = await startHarness({ accountColumns: [] });
    await expect(harness.destination.ensureTable(accountsTarget(VENDOR_COLUMNS))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining(
        "Could not find a property named 'mlc_sapvendornumber' on type 'Microsoft.Dynamics.CRM.account'",
      ),
    });
  });

  it('a token that expires mid-run is renewed once per 401 and the write goes on: no refresh loop, nothing twice', async () => {
    harness = await startHarness({ faults: 'expire:0.3', seed: 11 });
    const { destination, sim } = harness;
    const target = accountsTarget(['accountnumber', 'name']);
    for (let at = 0; at < 40; at += 10)
      await destination.writeBatch(
        target,
        batchOf(
          vendors(40)
            .slice(at, at + 10)
            .map((row) => ({ accountnumber: row.accountnumber ?? null, name: row.name ?? null })),
        ),
      );
    const expired = sim.stats.faults.expire ?? 0;
    expect(expired).toBeGreaterThan(0);
    expect(sim.entra.tokenRequests).toBe(1 + expired);
    expect(sim.controlTotals().accounts.rows).toBe(40);
  });

  it('plans without writing, and reads accounts back by key for the studio', async () => {
    harness = await startHarness();
    const { destination, sim } = harness;
    const target = accountsTarget(VENDOR_COLUMNS);
    await destination.writeBatch(target, batchOf(vendors(2)));
    const next = [...vendors(2).map((row, i) => (i === 0 ? { ...row, name: 'Renamed' } : row)), ...vendors(3).slice(2)];
    const batches = sim.stats.batches;
    expect(await destination.plan(target, next)).toEqual({ inserts: 1, updates: 1, unchanged: 1 });
    expect(sim.stats.batches).toBe(batches);
    const read = await destination.readByKeys(target, [['P1000'], ['P9999']]);
    expect(read).toEqual([
      {
        row: expect.objectContaining({ accountnumber: 'P1000', name: 'Vendor 0', customertypecode: 11 }),
        runId: null,
        syncedAt: null,
      },
    ]);
  });
});
