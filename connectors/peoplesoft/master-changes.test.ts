/**
 * A change to a master field alone (a vendor's class, a customer's status, set by a person or by the
 * reverse sync through CIRT) moves no date the vendors and customers queries window on. Read by their
 * declared cursor MASTER_SNAPSHOT, those streams are read whole each run with every row at one constant
 * cursor, so the engine's closed start passes on exactly the records whose content changed (README
 * "Master-field changes"); read by the address's EFFDT, as before, the same change is missed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PlainDate } from '../../engine/model/values/index.ts';
import { readAll, readChanged, watermarkOf } from '../kit/testing/conformance-support.ts';
import type { PeopleSoftSimulator } from './simulator/index.ts';
import { createPsftSource } from './source.ts';
import { MASTER_SNAPSHOT, PSFT_STREAMS } from './streams.ts';
import { configFor, startTestSimulator } from './test-support.ts';

const running: PeopleSoftSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});
const schema = (name: string) => PSFT_STREAMS.find((candidate) => candidate.name === name)!.schema;

async function changeMasters(sim: PeopleSoftSimulator): Promise<{ entity: string; key: string[] }[]> {
  const response = await fetch(`${sim.url}/__sim/change`, {
    method: 'POST',
    body: JSON.stringify({ kinds: ['vendor_class', 'customer_status'] }),
  });
  return ((await response.json()) as { changes: { entity: string; key: string[] }[] }).changes;
}

describe('PeopleSoft master-field changes', () => {
  it('an incremental run passes on exactly the vendor whose class alone changed and the customer whose status alone changed', async () => {
    const sim = await startTestSimulator();
    running.push(sim);
    const source = createPsftSource({ ...configFor(sim), retry: false });
    expect(schema('vendors').cursorField).toBe(MASTER_SNAPSHOT);
    const vendors = await readAll(source, schema('vendors'), 100);
    const customers = await readAll(source, schema('customers'), 100);
    const vendorMark = watermarkOf(vendors, schema('vendors'));
    const customerMark = watermarkOf(customers, schema('customers'));
    expect(vendorMark.cursor).toEqual(PlainDate.parse('1900-01-01'));

    const [vendorChange, customerChange] = await changeMasters(sim);
    const before = vendors.find((row) => row.VENDOR_ID === vendorChange?.key[1])!;
    const changedVendors = await readChanged(source, schema('vendors'), 100, vendorMark);
    expect(changedVendors.map((row) => row.VENDOR_ID)).toEqual([vendorChange?.key[1]]);
    expect(changedVendors[0]?.VENDOR_CLASS).not.toBe(before.VENDOR_CLASS);
    expect(changedVendors[0]?.EFFDT).toEqual(before.EFFDT);
    const changedCustomers = await readChanged(source, schema('customers'), 100, customerMark);
    expect(changedCustomers.map((row) => row.CUST_ID)).toEqual([customerChange?.key[1]]);
    await source.close();
  });

  it('a pipeline that names EFFDT as the cursor still reads in address date windows, and misses such a change', async () => {
    const sim = await startTestSimulator();
    running.push(sim);
    const source = createPsftSource({ ...configFor(sim), retry: false });
    const byAddressDate = { ...schema('vendors'), cursorField: 'EFFDT' };
    const vendors = await readAll(source, byAddressDate, 100);
    const mark = watermarkOf(vendors, byAddressDate);
    const [vendorChange] = await changeMasters(sim);
    const before = vendors.find((row) => row.VENDOR_ID === vendorChange?.key[1])!;
    expect(String(before.EFFDT) < String(mark.cursor)).toBe(true);
    const changed = await readChanged(source, byAddressDate, 100, mark);
    expect(changed.some((row) => row.VENDOR_ID === vendorChange?.key[1])).toBe(false);
    await source.close();
  });

  it('POST /__sim/change refuses a kind it does not know', async () => {
    const sim = await startTestSimulator();
    running.push(sim);
    const response = await fetch(`${sim.url}/__sim/change`, {
      method: 'POST',
      body: JSON.stringify({ kinds: ['vendor_name'] }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('vendor_class');
  });
});
