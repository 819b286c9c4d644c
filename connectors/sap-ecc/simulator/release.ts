/**
 * The simulator's release switch (sap-ecc.md §0 §2): `ecc_731_750` (the default: ECC EhP6+ with HTTP
 * security sessions), `ecc_700_702` (no session management: no `SAP_SESSIONID_*`), `s4_758` (S/4HANA 2023:
 * EKKO gains LASTCHANGEDATETIME, an unknown field raises TABLE_WITHOUT_DATA). The connector is written for
 * ECC and must never rely on what only S/4 has.
 */
import type { SapFixture } from './fixture.ts';
import {
  CDHDR_FIELDS,
  CDPOS_FIELDS,
  EKKO_FIELDS,
  EKKO_S4_EXTRA,
  EKPO_FIELDS,
  KNA1_FIELDS,
  KNB1_FIELDS,
  LFB1_FIELDS,
} from './layouts.ts';
import { LFA1_FIELDS, type SimTable } from './tables.ts';

export type ReleaseProfile = 'ecc_700_702' | 'ecc_731_750' | 's4_758';

/** The fixture's tables; the rows are the fixture's own arrays, so a change after seeding is served at once. */
export function fixtureTables(fixture: SapFixture, profile: ReleaseProfile): SimTable[] {
  return [
    { name: 'LFA1', fields: LFA1_FIELDS, rows: fixture.LFA1 },
    { name: 'LFB1', fields: LFB1_FIELDS, rows: fixture.LFB1 },
    { name: 'KNA1', fields: KNA1_FIELDS, rows: fixture.KNA1 },
    { name: 'KNB1', fields: KNB1_FIELDS, rows: fixture.KNB1 },
    {
      name: 'EKKO',
      fields: profile === 's4_758' ? [...EKKO_FIELDS, ...EKKO_S4_EXTRA] : EKKO_FIELDS,
      rows: fixture.EKKO,
    },
    { name: 'EKPO', fields: EKPO_FIELDS, rows: fixture.EKPO },
    { name: 'CDHDR', fields: CDHDR_FIELDS, rows: fixture.CDHDR },
    { name: 'CDPOS', fields: CDPOS_FIELDS, rows: fixture.CDPOS },
  ];
}
