/**
 * Change documents (CDHDR) as the change stamp SAP's master data and POs lack: ERDAT and EKKO-AEDAT say only
 * when an object was created, so a rename years later is seen only in CDHDR (class KRED for vendors, DEBI
 * for customers, EINKBELEG for POs; OBJECTID = the object's key). UDATE is a day, so reads are day-granular
 * and inclusive (`UDATE >= day`) and de-duplicated by key. CDPOS (which field changed) is not needed for an
 * object's change date and is not read: with VALUE_NEW and VALUE_OLD it is wider than 512 characters.
 */
import type { PlainDate } from '../../engine/model/values/date.ts';
import { PlainDate as Day } from '../../engine/model/values/date.ts';
import type { SapRfcClient } from './client.ts';
import { onOrAfterDayTokens } from './read-table-options.ts';
import { readKeys, readRows, type FieldPlans } from './table-read.ts';
import { and, equals, sliceTokens, type KeySlice } from './where.ts';

/** The latest change-document day of each object of `slice`. */
export async function lastChangeDays(
  client: SapRfcClient,
  plans: FieldPlans,
  objectClass: string,
  slice: KeySlice,
): Promise<Map<string, PlainDate>> {
  const rows = await readRows(
    client,
    plans,
    'CDHDR',
    ['OBJECTID', 'CHANGENR'],
    ['OBJECTID', 'CHANGENR', 'UDATE'],
    and(equals('OBJECTCLAS', objectClass), sliceTokens('OBJECTID', slice)),
  );
  const days = new Map<string, PlainDate>();
  for (const row of rows.values()) {
    const id = String(row.values.OBJECTID ?? '');
    const day = row.values.UDATE;
    if (!(day instanceof Day)) continue;
    const before = days.get(id);
    if (before === undefined || day.compare(before) > 0) days.set(id, day);
  }
  return days;
}

/** Objects of `objectClass` with a change document on or after `day`. */
export function changedSince(client: SapRfcClient, objectClass: string, day: PlainDate): Promise<string[]> {
  return readKeys(
    client,
    'CDHDR',
    'OBJECTID',
    and(equals('OBJECTCLAS', objectClass), onOrAfterDayTokens('UDATE', day.toString())),
  );
}
