/**
 * The simulator's BAPIs answer as SAP's do: HTTP 200 with RETURN type E/A for a business error, RETURN a
 * structure in BAPI_VENDOR_GETDETAIL / BAPI_CUSTOMER_GETDETAIL2 and a table in BAPI_PO_GETDETAIL (which comes
 * back only when the request declared it), keys only in their internal ALPHA form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PlainDate } from '../../../engine/model/values/date.ts';
import { bapiErrors } from '../bapi-details.ts';
import { createSapRfcClient } from '../client.ts';
import { clientOptions } from '../config.ts';
import { configFor, SIM_PASSWORD, SIM_USER } from '../test-support.ts';
import { startSapSimulator, type RunningSapSimulator } from './index.ts';

let sim: RunningSapSimulator | undefined;
afterEach(async () => {
  await sim?.close();
});

async function client() {
  sim = await startSapSimulator({
    user: SIM_USER,
    password: SIM_PASSWORD,
    rfcServiceActive: true,
    vendors: 6,
    bigPoItems: 4,
    today: PlainDate.parse('2026-03-10'),
    bapiErrors: { '4500000002': { type: 'A', message: 'Purchasing document 4500000002 is locked' } },
  });
  return createSapRfcClient({ ...(await clientOptions(configFor(sim))), retry: false });
}

describe('the SAP simulator BAPIs', () => {
  it('BAPI_VENDOR_GETDETAIL: details with an empty RETURN structure; E for an unpadded or unknown number', async () => {
    const rfc = await client();
    const found = await rfc.call({
      functionName: 'BAPI_VENDOR_GETDETAIL',
      imports: { VENDORNO: '0000100001', COMPANYCODE: '1000' },
    });
    expect(found.element('GENERALDETAIL')?.children.find((c) => c.name === 'NAME')?.text).toBe('Vendor 1 GmbH');
    expect(bapiErrors(found)).toEqual([]);
    const unpadded = await rfc.call({ functionName: 'BAPI_VENDOR_GETDETAIL', imports: { VENDORNO: '100001' } });
    expect(bapiErrors(unpadded)).toEqual([
      expect.objectContaining({ TYPE: 'E', MESSAGE: 'Vendor 100001 does not exist' }),
    ]);
    await rfc.close();
  });

  it('BAPI_CUSTOMER_GETDETAIL2: RETURN structure E for a customer that does not exist', async () => {
    const rfc = await client();
    const answer = await rfc.call({ functionName: 'BAPI_CUSTOMER_GETDETAIL2', imports: { CUSTOMERNO: '0000399999' } });
    expect(bapiErrors(answer)).toEqual([expect.objectContaining({ TYPE: 'E', ID: 'F2' })]);
    await rfc.close();
  });

  it('BAPI_PO_GETDETAIL: items and RETURN as tables, only when declared; type A from a seeded error', async () => {
    const rfc = await client();
    const withTables = await rfc.call({
      functionName: 'BAPI_PO_GETDETAIL',
      imports: { PURCHASEORDER: '4500000001', ITEMS: 'X' },
      tables: { PO_ITEMS: [], RETURN: [] },
    });
    expect(withTables.table('PO_ITEMS').map((item) => item.PO_ITEM)).toEqual(['00010', '00020', '00030']);
    expect(withTables.table('RETURN')).toEqual([]);
    const undeclared = await rfc.call({
      functionName: 'BAPI_PO_GETDETAIL',
      imports: { PURCHASEORDER: '4500000001', ITEMS: 'X' },
    });
    expect(undeclared.element('PO_ITEMS')).toBeUndefined();
    const locked = await rfc.call({
      functionName: 'BAPI_PO_GETDETAIL',
      imports: { PURCHASEORDER: '4500000002' },
      tables: { RETURN: [] },
    });
    expect(bapiErrors(locked)).toEqual([
      expect.objectContaining({ TYPE: 'A', MESSAGE: 'Purchasing document 4500000002 is locked' }),
    ]);
    await rfc.close();
  });

  it('answers an unknown function module with the FU_NOT_FOUND fault, and a bad change request with 400', async () => {
    const rfc = await client();
    await expect(rfc.call({ functionName: 'Z_NOT_THERE' })).rejects.toMatchObject({ code: 'SAP_RFC_FAULT' });
    const bad = await fetch(`${sim!.url}/__sim/change`, {
      method: 'POST',
      body: '{"action":"renameVendor","lifnr":"nope"}',
    });
    expect(bad.status).toBe(400);
    await rfc.close();
  });
});
