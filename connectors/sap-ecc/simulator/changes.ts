/**
 * What a test does to the simulator's data after seeding, each dated the simulator's `today` and written
 * the way SAP writes it: a rename changes LFA1/KNA1 and logs a change document (CDHDR + CDPOS) but leaves
 * ERDAT alone, so only a reader of change documents sees it; a new item changes EKPO (AEDAT = today) and
 * logs an EINKBELEG change document for its PO. Also the control totals (`/__sim/control-totals`) over
 * what the connection reads: every vendor and customer, the POs (BSTYP F) of the company code and their items.
 */
import { addDecimals, type ControlTotals } from '../../kit/simulator/control-totals.ts';
import { changeDocument, itemNumber, pad10, poItem, sapDate, type SapFixture } from './fixture.ts';

/** A record an incremental read must return after a change, by stream and key (as SAP stores it). */
export interface SapChange {
  readonly entity: 'vendors' | 'customers' | 'purchase_order_items';
  readonly key: readonly string[];
}

/** Renames a vendor today: LFA1-NAME1 and a KRED change document; ERDAT stays years old. */
export function renameVendor(fixture: SapFixture, lifnr: string, name: string): SapChange[] {
  const row = fixture.LFA1.find((vendor) => vendor.LIFNR === lifnr);
  if (row === undefined) throw new RangeError(`no vendor ${lifnr}`);
  changeDocument(fixture, 'KRED', lifnr, fixture.today, [
    { tabname: 'LFA1', tabkey: `${row.MANDT}${lifnr}`, fname: 'NAME1', old: row.NAME1 ?? '', new: name },
  ]);
  row.NAME1 = name;
  return [{ entity: 'vendors', key: [lifnr] }];
}

/** Renames a customer today: KNA1-NAME1 and a DEBI change document. */
export function renameCustomer(fixture: SapFixture, kunnr: string, name: string): SapChange[] {
  const row = fixture.KNA1.find((customer) => customer.KUNNR === kunnr);
  if (row === undefined) throw new RangeError(`no customer ${kunnr}`);
  changeDocument(fixture, 'DEBI', kunnr, fixture.today, [
    { tabname: 'KNA1', tabkey: `${row.MANDT}${kunnr}`, fname: 'NAME1', old: row.NAME1 ?? '', new: name },
  ]);
  row.NAME1 = name;
  return [{ entity: 'customers', key: [kunnr] }];
}

/**
 * Adds an item to a PO today. The PO's change document dates the whole order (its header fields ride on
 * every item), so every item of it is what an incremental read returns.
 */
export function addPoItem(fixture: SapFixture, ebeln: string): SapChange[] {
  const header = fixture.EKKO.find((po) => po.EBELN === ebeln);
  if (header === undefined) throw new RangeError(`no purchase order ${ebeln}`);
  const items = fixture.EKPO.filter((item) => item.EBELN === ebeln);
  const item = poItem(header.MANDT ?? '100', ebeln, header.BUKRS ?? '', items.length, sapDate(fixture.today));
  item.EBELP = itemNumber(Math.max(...items.map((i) => Number(i.EBELP) / 10 - 1), -1) + 1);
  fixture.EKPO.push(item);
  changeDocument(fixture, 'EINKBELEG', ebeln, fixture.today, [
    { tabname: 'EKPO', tabkey: `${header.MANDT}${ebeln}${item.EBELP}`, fname: 'KEY', old: '', new: '' },
  ]);
  return [...items, item].map((row) => ({ entity: 'purchase_order_items', key: [ebeln, row.EBELP ?? ''] }));
}

/** Creates a vendor today (ERDAT today, no change document: creation is read from ERDAT). */
export function createVendor(fixture: SapFixture, lifnr: string): SapChange[] {
  const template = fixture.LFA1[0] ?? {};
  fixture.LFA1.push({
    ...template,
    LIFNR: lifnr,
    NAME1: `New vendor ${lifnr}`,
    ERDAT: sapDate(fixture.today),
    KUNNR: '',
    LOEVM: '',
  });
  return [{ entity: 'vendors', key: [lifnr] }];
}

/**
 * `n` changes, cycling: rename a vendor (seen only through change documents), rename a customer, add an item
 * to a small PO of the company code, create a vendor.
 */
export function advance(fixture: SapFixture, n: number): SapChange[] {
  const changes: SapChange[] = [];
  const smallPos = fixture.EKKO.filter(
    (po) => po.BUKRS === fixture.companyCode && fixture.EKPO.filter((item) => item.EBELN === po.EBELN).length < 20,
  );
  for (let i = 0; i < n; i++) {
    const step = fixture.changeNumber + i;
    switch (i % 4) {
      case 0: {
        const vendor = fixture.LFA1[(step * 7) % fixture.LFA1.length]!;
        changes.push(...renameVendor(fixture, vendor.LIFNR!, `${vendor.NAME1!.slice(0, 24)} (renamed ${step})`));
        break;
      }
      case 1: {
        const customer = fixture.KNA1[(step * 5) % fixture.KNA1.length]!;
        changes.push(...renameCustomer(fixture, customer.KUNNR!, `${customer.NAME1!.slice(0, 24)} (renamed ${step})`));
        break;
      }
      case 2:
        if (smallPos.length > 0) changes.push(...addPoItem(fixture, smallPos[step % smallPos.length]!.EBELN!));
        break;
      default:
        changes.push(...createVendor(fixture, pad10(900001 + fixture.LFA1.length + i)));
    }
  }
  // One record may change twice in a run: an incremental read returns it once.
  const seen = new Set<string>();
  return changes.filter((change) => {
    const id = `${change.entity}/${change.key.join('/')}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The POs the connection reads: purchase orders (BSTYP F) of the company code. */
export function readablePurchaseOrders(fixture: SapFixture) {
  return fixture.EKKO.filter((po) => po.BUKRS === fixture.companyCode && po.BSTYP === 'F');
}

export function controlTotals(fixture: SapFixture): ControlTotals {
  const orders = new Set(readablePurchaseOrders(fixture).map((po) => po.EBELN));
  const items = fixture.EKPO.filter((item) => orders.has(item.EBELN));
  const netwr = addDecimals(items.map((item) => item.NETWR));
  return {
    vendors: { rows: fixture.LFA1.length, sums: {} },
    customers: { rows: fixture.KNA1.length, sums: {} },
    purchase_order_items: { rows: items.length, sums: { NETWR: netwr } },
    purchase_orders: { rows: orders.size, sums: { NETWR: netwr } },
  };
}

/** NETWR summed per PO (and the item count), for `/__sim/po-totals`. */
export function poTotals(fixture: SapFixture): Record<string, { readonly items: number; readonly NETWR: string }> {
  const out: Record<string, { items: number; NETWR: string }> = {};
  for (const po of readablePurchaseOrders(fixture)) {
    const items = fixture.EKPO.filter((item) => item.EBELN === po.EBELN);
    out[po.EBELN!] = { items: items.length, NETWR: addDecimals(items.map((item) => item.NETWR)) };
  }
  return out;
}
