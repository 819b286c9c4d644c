/**
 * DDIC layouts of the tables the SAP simulator serves besides LFA1 (`tables.ts`), from
 * `../shared/systems/sap-ecc.md` §4; lengths the document marks unconfirmed (LFB1, KNB1) are the usual
 * DDIC ones. P fields are as wide as ABAP writes them (digits, point, sign). CDPOS with both values is far
 * over 512 characters, so a client reading it must choose its fields.
 */
import { c, d, n, p, t } from './tables.ts';
import type { SimField } from './wa-lines.ts';

export const LFB1_FIELDS: readonly SimField[] = [
  c('MANDT', 3),
  c('LIFNR', 10),
  c('BUKRS', 4),
  d('ERDAT'),
  c('ERNAM', 12),
  c('SPERR', 1),
  c('LOEVM', 1),
  c('AKONT', 10),
  c('ZTERM', 4),
  c('ZWELS', 10),
  c('ZAHLS', 1),
];

export const KNA1_FIELDS: readonly SimField[] = [
  c('MANDT', 3),
  c('KUNNR', 10),
  c('NAME1', 35),
  c('NAME2', 35),
  c('LAND1', 3),
  c('REGIO', 3),
  c('ORT01', 35),
  c('PSTLZ', 10),
  c('STRAS', 35),
  c('TELF1', 16),
  c('TELFX', 31),
  c('STCD1', 16),
  c('STCEG', 20),
  c('KTOKD', 4),
  d('ERDAT'),
  c('ERNAM', 12),
  c('LOEVM', 1),
  c('SPERR', 1),
  c('AUFSD', 2),
  c('ADRNR', 10),
  // The vendor this customer also is (the LFA1-KUNNR link back).
  c('LIFNR', 10),
];

export const KNB1_FIELDS: readonly SimField[] = [
  c('MANDT', 3),
  c('KUNNR', 10),
  c('BUKRS', 4),
  d('ERDAT'),
  c('ERNAM', 12),
  c('SPERR', 1),
  c('LOEVM', 1),
  c('AKONT', 10),
  c('ZTERM', 4),
  c('ZWELS', 10),
];

/** EKKO as ECC has it: AEDAT is the creation date and there is no change stamp. */
export const EKKO_FIELDS: readonly SimField[] = [
  c('MANDT', 3),
  c('EBELN', 10),
  c('BUKRS', 4),
  c('BSTYP', 1),
  c('BSART', 4),
  c('LOEKZ', 1),
  c('STATU', 1),
  d('AEDAT'),
  c('ERNAM', 12),
  c('LIFNR', 10),
  c('ZTERM', 4),
  c('EKORG', 4),
  c('EKGRP', 3),
  c('WAERS', 5),
  p('WKURS', 9, 5),
  d('BEDAT'),
  c('FRGKE', 1),
  c('FRGZU', 8),
  p('RLWRT', 15, 2),
];

/** S/4HANA adds a UTC change stamp to EKKO (sap-ecc.md §0 §4); the ECC profiles do not have it. */
export const EKKO_S4_EXTRA: readonly SimField[] = [c('LASTCHANGEDATETIME', 21)];

/** EKPO: AEDAT is the item's change date; LOEKZ `L` deleted, `S` blocked. */
export const EKPO_FIELDS: readonly SimField[] = [
  c('MANDT', 3),
  c('EBELN', 10),
  n('EBELP', 5),
  c('LOEKZ', 1),
  c('STATU', 1),
  d('AEDAT'),
  c('TXZ01', 40),
  c('MATNR', 18),
  c('BUKRS', 4),
  c('WERKS', 4),
  c('LGORT', 4),
  c('MATKL', 9),
  p('MENGE', 13, 3),
  c('MEINS', 3),
  p('NETPR', 11, 2),
  p('PEINH', 5, 0),
  p('NETWR', 13, 2),
  p('BRTWR', 13, 2),
  c('MWSKZ', 2),
];

export const CDHDR_FIELDS: readonly SimField[] = [
  c('MANDANT', 3),
  c('OBJECTCLAS', 15),
  c('OBJECTID', 90),
  c('CHANGENR', 10),
  c('USERNAME', 12),
  d('UDATE'),
  t('UTIME'),
  c('TCODE', 20),
  c('CHANGE_IND', 1),
];

export const CDPOS_FIELDS: readonly SimField[] = [
  c('MANDANT', 3),
  c('OBJECTCLAS', 15),
  c('OBJECTID', 90),
  c('CHANGENR', 10),
  c('TABNAME', 30),
  c('TABKEY', 70),
  c('FNAME', 30),
  c('CHNGIND', 1),
  c('VALUE_NEW', 254),
  c('VALUE_OLD', 254),
];
