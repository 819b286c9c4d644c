/**
 * The SAP ECC streams and where each field comes from. Field names are SAP's DDIC names; where two tables
 * of one stream share a name, the second table's field is prefixed (`LFB1_LOEVM`, `HEADER_LOEKZ`). Keys
 * stay in SAP's internal form (ALPHA: numeric LIFNR/KUNNR/EBELN zero-padded to 10, MATNR to 18;
 * alphanumeric ones as typed), as SAP returns them and as a WHERE clause or BAPI must send them.
 * Each stream's cursor is CHANGED_ON: the later of the creation date and the last change-document date
 * of the object (README "How each stream is read"), a date the record really carries.
 */
import type { EntitySchema, FieldSchema } from '../../engine/model/io.ts';
import type { FieldTypeName } from '../../engine/model/column-type.ts';

export const CHANGED_ON = 'CHANGED_ON';

/** One output field: its name, type, the table and column it is read from, and help. */
export interface SapField {
  readonly name: string;
  readonly type: FieldTypeName;
  readonly table: string;
  readonly column: string;
  readonly description?: string;
}

export interface SapStream {
  readonly schema: EntitySchema;
  readonly fields: readonly SapField[];
  /** The main table, its key column, and the change-document object class of its objects. */
  readonly table: string;
  readonly keyColumn: string;
  readonly objectClass: 'KRED' | 'DEBI' | 'EINKBELEG';
}

const S = 'string' as const;
const D = 'date' as const;
const N = 'decimal' as const;

function field(table: string, spec: string, description?: string): SapField {
  const [column, type = 'S', name = column] = spec.split(':') as [string, string?, string?];
  const kinds: Record<string, FieldTypeName> = { S, D, N };
  return { name, type: kinds[type] ?? S, table, column, ...(description === undefined ? {} : { description }) };
}

const many = (table: string, specs: string) =>
  specs
    .split(/\s+/)
    .filter(Boolean)
    .map((spec) => field(table, spec));

function declare(
  entity: string,
  label: string,
  key: readonly string[],
  table: string,
  keyColumn: string,
  objectClass: SapStream['objectClass'],
  fields: readonly SapField[],
  changedOn: string,
): SapStream {
  const all = [...fields, { name: CHANGED_ON, type: D, table: '', column: '', description: changedOn }];
  const schemaFields: FieldSchema[] = all.map((f) => ({
    name: f.name,
    type: f.type,
    ...(f.description === undefined ? {} : { description: f.description }),
  }));
  return {
    schema: { entity, label, key, cursorField: CHANGED_ON, fields: schemaFields },
    fields: all,
    table,
    keyColumn,
    objectClass,
  };
}

export const VENDORS = declare(
  'vendors',
  'Vendors (LFA1 with LFB1 of the company code)',
  ['LIFNR'],
  'LFA1',
  'LIFNR',
  'KRED',
  [
    field('LFA1', 'LIFNR', 'Vendor number in internal form (numeric ones zero-padded to 10)'),
    ...many('LFA1', 'NAME1 NAME2 NAME3 NAME4 ORT01 PSTLZ STRAS LAND1 REGIO TELF1 TELFX'),
    ...many('LFA1', 'STCD1 STCD2 STCD3 STCD4 STCEG STENR FISKN KTOKK SORTL BRSCH KONZS LNRZA BEGRU DLGRP'),
    field('LFA1', 'KUNNR', 'The customer this vendor also is (KNA1-KUNNR), empty when none'),
    field('LFA1', 'ERDAT:D', 'Created on'),
    ...many('LFA1', 'ERNAM ADRNR SPERR SPERM'),
    field('LFA1', 'LOEVM', "Central deletion flag: 'X' = marked for deletion (carried as data, never dropped)"),
    field('LFB1', 'BUKRS', 'The company code read (empty when the vendor is not created in it)'),
    ...many('LFB1', 'ZTERM AKONT ZWELS ERDAT:D:LFB1_ERDAT LOEVM:S:LFB1_LOEVM SPERR:S:LFB1_SPERR'),
  ],
  'The later of ERDAT, LFB1-ERDAT and the last KRED change document (CDHDR-UDATE): catches renames too',
);

export const CUSTOMERS = declare(
  'customers',
  'Customers (KNA1 with KNB1 of the company code)',
  ['KUNNR'],
  'KNA1',
  'KUNNR',
  'DEBI',
  [
    field('KNA1', 'KUNNR', 'Customer number in internal form (numeric ones zero-padded to 10)'),
    ...many('KNA1', 'NAME1 NAME2 ORT01 PSTLZ STRAS LAND1 REGIO TELF1 TELFX STCD1 STCEG KTOKD'),
    field('KNA1', 'LIFNR', 'The vendor this customer also is (LFA1-LIFNR), empty when none'),
    field('KNA1', 'ERDAT:D', 'Created on'),
    ...many('KNA1', 'ERNAM ADRNR SPERR AUFSD'),
    field('KNA1', 'LOEVM', "Central deletion flag: 'X' = marked for deletion"),
    field('KNB1', 'BUKRS', 'The company code read (empty when the customer is not created in it)'),
    ...many('KNB1', 'ZTERM AKONT ZWELS ERDAT:D:KNB1_ERDAT LOEVM:S:KNB1_LOEVM SPERR:S:KNB1_SPERR'),
  ],
  'The later of ERDAT, KNB1-ERDAT and the last DEBI change document (CDHDR-UDATE)',
);

export const PURCHASE_ORDER_ITEMS = declare(
  'purchase_order_items',
  'Purchase order items (EKPO with their EKKO header)',
  ['EBELN', 'EBELP'],
  'EKKO',
  'EBELN',
  'EINKBELEG',
  [
    field('EKKO', 'EBELN', 'Purchase order number (internal form)'),
    field('EKPO', 'EBELP', 'Item number, five digits as SAP stores it (00010)'),
    ...many('EKKO', 'BUKRS BSTYP BSART LIFNR BEDAT:D WAERS ZTERM EKORG EKGRP ERNAM'),
    field('EKKO', 'AEDAT:D:HEADER_AEDAT', "EKKO-AEDAT: the order's creation date (ECC has no header change date)"),
    field('EKKO', 'LOEKZ:S:HEADER_LOEKZ', "The order's deletion flag (EKKO-LOEKZ)"),
    field('EKPO', 'LOEKZ', "Item deletion flag: 'L' = deleted, 'S' = blocked"),
    field('EKPO', 'AEDAT:D', "EKPO-AEDAT: the item's last change date"),
    ...many('EKPO', 'TXZ01 MATNR WERKS MATKL MENGE:N MEINS NETPR:N PEINH:N NETWR:N MWSKZ'),
  ],
  "The later of the order's creation (EKKO-AEDAT), the item's change date (EKPO-AEDAT) and the order's last EINKBELEG change document",
);

export const SAP_STREAMS: readonly SapStream[] = [VENDORS, CUSTOMERS, PURCHASE_ORDER_ITEMS];

/** The columns a stream reads from `table`, by column name (keys included by the caller). */
export function columnsOf(stream: SapStream, table: string): SapField[] {
  return stream.fields.filter((f) => f.table === table);
}
