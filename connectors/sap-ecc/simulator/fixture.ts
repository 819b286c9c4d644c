/**
 * The SAP simulator's seeded data, held as SAP holds it (internal form: ALPHA zero-padded keys, `YYYYMMDD`
 * dates, packed amounts as decimal text with a leading minus), and the changes a test makes after seeding.
 * What it includes on purpose: vendors that are also customers (LFA1-KUNNR / KNA1-LIFNR), vendors flagged
 * for deletion (LOEVM), an alphanumeric vendor key that ALPHA leaves unpadded, vendors and customers of
 * another company code, a PO item deleted (LOEKZ 'L'), a credit item (negative NETWR: a trailing minus on
 * the wire), a PO of another company code, one PO with `bigPoItems` items, and old change documents.
 * Every date is before `today`; every change a test makes is dated `today`.
 */
import { PlainDate } from '../../../engine/model/values/date.ts';
import { Decimal } from '../../../engine/model/values/decimal.ts';

export type SimRow = Record<string, string>;

export interface SapFixtureOptions {
  /** Vendors seeded (customers: about two thirds as many). Default 40. */
  readonly vendors?: number;
  /** POs seeded besides the big one. Default vendors / 2. */
  readonly purchaseOrders?: number;
  /** Items of the one big PO (the destination's atomic-order test). Default 1200. */
  readonly bigPoItems?: number;
  /** The company code whose LFB1/KNB1/EKKO rows the connection reads. Default 1000. */
  readonly companyCode?: string;
  /** The simulator's day; seeded dates lie before it, changes are dated on it. */
  readonly today: PlainDate;
  readonly client?: string;
  /**
   * A seeded fault: the first item of this many POs (from the second) gets a NETWR wider than its P column,
   * so SAP writes it as `*` and the value is lost on the wire. Default 0.
   */
  readonly overflowItems?: number;
}

export interface SapFixture {
  readonly companyCode: string;
  readonly today: PlainDate;
  readonly LFA1: SimRow[];
  readonly LFB1: SimRow[];
  readonly KNA1: SimRow[];
  readonly KNB1: SimRow[];
  readonly EKKO: SimRow[];
  readonly EKPO: SimRow[];
  readonly CDHDR: SimRow[];
  readonly CDPOS: SimRow[];
  /** Change numbers handed out so far. */
  changeNumber: number;
}

export const pad10 = (n: number): string => String(n).padStart(10, '0');
export const sapDate = (date: PlainDate): string => date.toString().replaceAll('-', '');
export const itemNumber = (i: number): string => String((i + 1) * 10).padStart(5, '0');

const CITIES = [
  ['Walldorf', '69190', 'BW'],
  ['Hamburg', '20095', 'HH'],
  ['München', '80331', 'BY'],
  ['Köln', '50667', 'NW'],
] as const;

export function seedFixture(options: SapFixtureOptions): SapFixture {
  const vendorCount = options.vendors ?? 40;
  const customerCount = Math.max(2, Math.floor((vendorCount * 2) / 3));
  const poCount = options.purchaseOrders ?? Math.max(2, Math.floor(vendorCount / 2));
  const companyCode = options.companyCode ?? '1000';
  const mandt = options.client ?? '100';
  const today = options.today;
  // A day `n` days before today, as SAP stores it.
  const ago = (n: number) => sapDate(today.addDays(-n));
  const fixture: SapFixture = {
    companyCode,
    today,
    LFA1: [],
    LFB1: [],
    KNA1: [],
    KNB1: [],
    EKKO: [],
    EKPO: [],
    CDHDR: [],
    CDPOS: [],
    changeNumber: 0,
  };
  const vendorKey = (i: number) => (i === vendorCount - 1 ? 'VEND-A' : pad10(100001 + i));
  const customerKey = (j: number) => pad10(300001 + j);
  for (let i = 0; i < vendorCount; i++) {
    const [city, zip, region] = CITIES[i % CITIES.length]!;
    // Every fifth vendor is also a customer (the same partner on both sides).
    const alsoCustomer = i % 5 === 0 && i / 5 < customerCount ? customerKey(i / 5) : '';
    fixture.LFA1.push({
      MANDT: mandt,
      LIFNR: vendorKey(i),
      NAME1: i === 3 ? 'Müller | Söhne & Co' : `Vendor ${i + 1} GmbH`,
      LAND1: 'DE',
      REGIO: region,
      ORT01: city,
      PSTLZ: zip,
      STRAS: `Industriestr. ${i + 1}`,
      TELF1: `+49 6227 ${String(1000 + i)}`,
      STCEG: `DE${String(100000000 + i)}`,
      KTOKK: 'KRED',
      ERDAT: ago(400 + ((i * 37) % 2000)),
      ERNAM: 'MIGRATION',
      LOEVM: i % 9 === 4 ? 'X' : '',
      SPERR: '',
      SPERM: i % 9 === 4 ? 'X' : '',
      KUNNR: alsoCustomer,
    });
    // Most vendors are extended to the connection's company code; some only to another one.
    const bukrs = i % 7 === 6 ? '2000' : companyCode;
    fixture.LFB1.push({
      MANDT: mandt,
      LIFNR: vendorKey(i),
      BUKRS: bukrs,
      ERDAT: ago(300 + ((i * 37) % 2000)),
      ERNAM: 'MIGRATION',
      LOEVM: i % 9 === 4 ? 'X' : '',
      AKONT: '0000160000',
      ZTERM: i % 2 === 0 ? 'ZB30' : 'ZB14',
      ZWELS: 'TU',
    });
  }
  for (let j = 0; j < customerCount; j++) {
    const [city, zip, region] = CITIES[(j + 1) % CITIES.length]!;
    const vendorIndex = j * 5;
    fixture.KNA1.push({
      MANDT: mandt,
      KUNNR: customerKey(j),
      NAME1: `Customer ${j + 1} AG`,
      LAND1: 'DE',
      REGIO: region,
      ORT01: city,
      PSTLZ: zip,
      STRAS: `Marktplatz ${j + 1}`,
      TELF1: `+49 40 ${String(2000 + j)}`,
      KTOKD: 'KUNA',
      ERDAT: ago(500 + ((j * 53) % 1800)),
      ERNAM: 'MIGRATION',
      LOEVM: j % 8 === 7 ? 'X' : '',
      LIFNR: vendorIndex < vendorCount ? vendorKey(vendorIndex) : '',
    });
    fixture.KNB1.push({
      MANDT: mandt,
      KUNNR: customerKey(j),
      BUKRS: j % 6 === 5 ? '2000' : companyCode,
      ERDAT: ago(450 + ((j * 53) % 1800)),
      ERNAM: 'MIGRATION',
      AKONT: '0000140000',
      ZTERM: 'ZB30',
      ZWELS: 'E',
    });
  }
  for (let k = 0; k < poCount; k++) {
    const created = 10 + ((k * 11) % 300);
    // The last seeded PO belongs to another company code: the connection must not read it.
    addPurchaseOrder(fixture, mandt, k === poCount - 1 ? '2000' : companyCode, vendorKey(k % vendorCount), created, 3);
  }
  addPurchaseOrder(fixture, mandt, companyCode, vendorKey(1), 5, options.bigPoItems ?? 1200);
  const first = fixture.EKPO.filter((row) => row.EBELN === pad10(4500000001));
  // A deleted item and a credit item (negative value: SAP writes the minus last).
  if (first[1] !== undefined) first[1].LOEKZ = 'L';
  if (first[2] !== undefined) {
    first[2].NETPR = '-25.00';
    first[2].NETWR = Decimal.parse(first[2].MENGE ?? '0')
      .multiply(Decimal.parse('-25.00'))
      .rescale(2)
      .toString();
  }
  for (let k = 1; k <= (options.overflowItems ?? 0); k++) {
    const item = fixture.EKPO.find((row) => row.EBELN === pad10(4500000001 + k));
    if (item !== undefined) item.NETWR = '123456789012345.00';
  }
  // Old change documents: some vendors renamed years after creation, a PO changed last month.
  for (let i = 0; i < vendorCount; i += 6)
    changeDocument(fixture, 'KRED', vendorKey(i), today.addDays(-(30 + i)), [
      { tabname: 'LFA1', tabkey: `${mandt}${vendorKey(i)}`, fname: 'TELF1', old: '', new: `+49 6227 ${1000 + i}` },
    ]);
  changeDocument(fixture, 'DEBI', customerKey(0), today.addDays(-3), [
    { tabname: 'KNA1', tabkey: `${mandt}${customerKey(0)}`, fname: 'STRAS', old: 'Alter Markt 1', new: 'Marktplatz 1' },
  ]);
  changeDocument(fixture, 'EINKBELEG', pad10(4500000001), today.addDays(-20), [
    { tabname: 'EKKO', tabkey: `${mandt}${pad10(4500000001)}`, fname: 'ZTERM', old: 'ZB14', new: 'ZB30' },
  ]);
  return fixture;
}

function addPurchaseOrder(
  fixture: SapFixture,
  mandt: string,
  bukrs: string,
  lifnr: string,
  createdDaysAgo: number,
  items: number,
): string {
  const ebeln = pad10(4500000001 + fixture.EKKO.length);
  const created = sapDate(fixture.today.addDays(-createdDaysAgo));
  fixture.EKKO.push({
    MANDT: mandt,
    EBELN: ebeln,
    BUKRS: bukrs,
    BSTYP: 'F',
    BSART: 'NB',
    LOEKZ: '',
    AEDAT: created,
    ERNAM: 'BUYER01',
    LIFNR: lifnr,
    ZTERM: 'ZB30',
    EKORG: '1000',
    EKGRP: '001',
    WAERS: 'EUR',
    WKURS: '1.00000',
    BEDAT: created,
  });
  for (let i = 0; i < items; i++) fixture.EKPO.push(poItem(mandt, ebeln, bukrs, i, created));
  return ebeln;
}

export function poItem(mandt: string, ebeln: string, bukrs: string, i: number, changed: string): SimRow {
  // Each order's own figures (its number shifts them), so per-order totals differ.
  const k = i + Number(ebeln.slice(-3));
  const quantity = Decimal.parse(`${1 + (k % 12)}.000`);
  const price = Decimal.parse(`${(10 + ((k * 7) % 90)).toString()}.${String((k * 13) % 100).padStart(2, '0')}`);
  return {
    MANDT: mandt,
    EBELN: ebeln,
    EBELP: itemNumber(i),
    LOEKZ: '',
    AEDAT: changed,
    TXZ01: `Part ${i + 1} of order ${ebeln.slice(-4)}`,
    MATNR: String(700000 + (i % 50)).padStart(18, '0'),
    BUKRS: bukrs,
    WERKS: '1000',
    MATKL: '001',
    MENGE: quantity.toString(),
    MEINS: 'ST',
    NETPR: price.toString(),
    PEINH: '1',
    NETWR: quantity.multiply(price).rescale(2).toString(),
    MWSKZ: 'V1',
  };
}

export interface FieldChange {
  readonly tabname: string;
  readonly tabkey: string;
  readonly fname: string;
  readonly old: string;
  readonly new: string;
}

/** One change document: a CDHDR header and a CDPOS row per changed field, as SAP writes them. */
export function changeDocument(
  fixture: SapFixture,
  objectClass: 'KRED' | 'DEBI' | 'EINKBELEG',
  objectId: string,
  day: PlainDate,
  changes: readonly FieldChange[],
): void {
  fixture.changeNumber += 1;
  const changenr = pad10(fixture.changeNumber);
  const mandant = fixture.LFA1[0]?.MANDT ?? '100';
  fixture.CDHDR.push({
    MANDANT: mandant,
    OBJECTCLAS: objectClass,
    OBJECTID: objectId,
    CHANGENR: changenr,
    USERNAME: 'CLERK01',
    UDATE: sapDate(day),
    UTIME: '101500',
    TCODE: objectClass === 'KRED' ? 'XK02' : objectClass === 'DEBI' ? 'XD02' : 'ME22N',
    CHANGE_IND: 'U',
  });
  for (const change of changes)
    fixture.CDPOS.push({
      MANDANT: mandant,
      OBJECTCLAS: objectClass,
      OBJECTID: objectId,
      CHANGENR: changenr,
      TABNAME: change.tabname,
      TABKEY: change.tabkey,
      FNAME: change.fname,
      CHNGIND: 'U',
      VALUE_NEW: change.new,
      VALUE_OLD: change.old,
    });
}
