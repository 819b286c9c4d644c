/**
 * The simulator's tables: DDIC layouts (README.md, sap-ecc.md §4) and rows held in SAP's internal form
 * (zero-padded ALPHA keys, `YYYYMMDD` dates, packed amounts as decimal text). LFA1's full width is well over
 * 512 characters, so reading it with empty FIELDS fails as on SAP.
 */
import type { SimField } from './wa-lines.ts';

export interface SimTable {
  readonly name: string;
  readonly fields: readonly SimField[];
  readonly rows: Readonly<Record<string, string>>[];
}

export const c = (name: string, length: number): SimField => ({ name, type: 'C', length });
export const d = (name: string): SimField => ({ name, type: 'D', length: 8 });
/** A packed field by its DDIC digits and decimals, written `digits + point + sign` wide (ABAP output length). */
export const p = (name: string, digits: number, decimals: number): SimField => ({
  name,
  type: 'P',
  length: digits + (decimals > 0 ? 1 : 0) + 1,
  decimals,
});
export const n = (name: string, length: number): SimField => ({ name, type: 'N', length });
export const t = (name: string): SimField => ({ name, type: 'T', length: 6 });

export const LFA1_FIELDS: readonly SimField[] = [
  c('MANDT', 3),
  c('LIFNR', 10),
  c('NAME1', 35),
  c('NAME2', 35),
  c('NAME3', 35),
  c('NAME4', 35),
  c('LAND1', 3),
  c('REGIO', 3),
  c('ORT01', 35),
  c('PSTLZ', 10),
  c('STRAS', 35),
  c('TELF1', 16),
  c('TELFX', 31),
  c('STCD1', 16),
  c('STCD2', 11),
  c('STCEG', 20),
  c('KTOKK', 4),
  d('ERDAT'),
  c('ERNAM', 12),
  c('LOEVM', 1),
  c('SPERR', 1),
  c('SPERM', 1),
  c('ADRNR', 10),
  // The customer this vendor also is (the KNA1-LIFNR link back).
  c('KUNNR', 10),
  // Further LFA1 columns the connector does not read; they make the whole row wider than 512, as on SAP.
  c('BRSCH', 4),
  c('KONZS', 10),
  c('LNRZA', 10),
  c('SORTL', 10),
  c('STKZU', 1),
  c('XCPDK', 1),
  c('STCD3', 18),
  c('STCD4', 18),
  c('FISKN', 10),
  c('STENR', 18),
  c('BEGRU', 4),
  c('DLGRP', 4),
  c('PROFS', 30),
  c('J_1KFREPRE', 10),
  c('J_1KFTBUS', 30),
  c('J_1KFTIND', 30),
];

export function lfa1(rows: readonly Readonly<Record<string, string>>[]): SimTable {
  return { name: 'LFA1', fields: LFA1_FIELDS, rows: rows.map((row) => ({ MANDT: '100', ...row })) };
}
