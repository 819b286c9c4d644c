/**
 * The change stamp inside an IFS ETag (ifs-cloud.md §6): `W/"<base64>"` whose text is
 * `<objid>:<objversion>`, objversion a 14-digit database time `YYYYMMDDHHMISS` in the server's zone.
 * IFS does not let a filter use it (§5), so it is read client-side: reference data is read whole and a
 * row counts as changed when its stamp is at or after the watermark.
 */
import { Timestamp } from '../../engine/model/values/index.ts';

/** The objversion text of an ETag, or undefined when it does not have IFS's shape. */
export function objversionOf(etag: string): string | undefined {
  const inner = /^(?:W\/)?"(.*)"$/.exec(etag.trim())?.[1];
  if (inner === undefined) return undefined;
  const decoded = /^[A-Za-z0-9+/]+=*$/.test(inner) ? Buffer.from(inner, 'base64').toString('utf8') : inner;
  return /:(\d{14})$/.exec(decoded)?.[1];
}

/** The ETag's change stamp as an instant, reading the database clock in `zone`. */
export function etagChangedAt(etag: string, zone = 'UTC'): Timestamp | undefined {
  const version = objversionOf(etag);
  if (version === undefined) return undefined;
  const text = `${version.slice(0, 4)}-${version.slice(4, 6)}-${version.slice(6, 8)}T${version.slice(8, 10)}:${version.slice(10, 12)}:${version.slice(12, 14)}`;
  return Timestamp.tryParse(text, zone);
}

/** The simulator's side: an IFS-shaped weak ETag for a row id and its change time. */
export function makeEtag(objid: string, changedAt: Date): string {
  const stamp = changedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `W/"${Buffer.from(`${objid}:${stamp}`, 'utf8').toString('base64')}"`;
}
