import { ValueFormatError, quoteInput } from './errors.ts';

/**
 * Time zones for timestamps: a fixed UTC offset ('+02:00', 'Z', 'UTC') or an IANA zone name
 * ('America/Chicago') whose offsets, daylight saving included, come from the platform's
 * Intl.DateTimeFormat, which every browser and Node carries.
 */
export type Zone =
  | { readonly kind: 'fixed'; readonly offsetMinutes: number }
  | { readonly kind: 'iana'; readonly name: string; readonly formatter: Intl.DateTimeFormat };

/** Offsets beyond ±18:00 do not exist anywhere; refusing them catches typos such as '+20:00'. */
export const MAX_OFFSET_MINUTES = 18 * 60;

const FIXED_OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const zoneCache = new Map<string, Zone>();

/** Reads '+hh:mm' / '-hh:mm' into minutes; undefined when the text is not of that shape or out of range. */
export function parseOffset(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const match = FIXED_OFFSET.exec(text);
  if (match === null) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (minutes > 59) return undefined;
  const total = (hours * 60 + minutes) * (match[1] === '-' ? -1 : 1);
  return Math.abs(total) > MAX_OFFSET_MINUTES ? undefined : total;
}

export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Throws ValueFormatError 'UNKNOWN_ZONE' for a name the platform does not know. */
export function resolveZone(zoneOrOffset: string): Zone {
  const cached = zoneCache.get(zoneOrOffset);
  if (cached !== undefined) return cached;
  const zone = buildZone(zoneOrOffset);
  zoneCache.set(zoneOrOffset, zone);
  return zone;
}

function buildZone(zoneOrOffset: string): Zone {
  if (zoneOrOffset.toUpperCase() === 'UTC') return { kind: 'fixed', offsetMinutes: 0 };
  const offset = parseOffset(zoneOrOffset);
  if (offset !== undefined) return { kind: 'fixed', offsetMinutes: offset };
  // Intl accepts some offset spellings itself; only names that look like zone names are passed on.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zoneOrOffset)) throw unknownZone(zoneOrOffset);
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zoneOrOffset,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    return { kind: 'iana', name: formatter.resolvedOptions().timeZone, formatter };
  } catch (cause) {
    throw unknownZone(zoneOrOffset, cause);
  }
}

function unknownZone(text: string, cause?: unknown): ValueFormatError {
  return new ValueFormatError(
    'UNKNOWN_ZONE',
    `${quoteInput(text)} is not a time zone (use a name like America/Chicago or an offset like +02:00)`,
    { cause },
  );
}

/** The zone's UTC offset in minutes at an instant. */
export function offsetAtInstant(zone: Zone, epochMillis: number): number {
  if (zone.kind === 'fixed') return zone.offsetMinutes;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of zone.formatter.formatToParts(new Date(epochMillis))) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC maps years 0-99 to 1900-1999; set the year again for those.
  const fixedWall = year < 100 ? new Date(wallAsUtc).setUTCFullYear(year) : wallAsUtc;
  const instantSeconds = Math.floor(epochMillis / 1000) * 1000;
  // Historical local mean times have offsets in seconds; timestamps carry whole minutes.
  return Math.round((fixedWall - instantSeconds) / 60_000);
}

/**
 * The offset that turns a wall-clock time in `zone` into an instant. Across daylight saving changes
 * this follows the usual "compatible" rule: a repeated hour takes its first (earlier) occurrence, and
 * a skipped hour is read with the offset in force before the change, so 02:30 becomes 03:30.
 */
export function offsetForLocal(zone: Zone, localMillis: number): number {
  if (zone.kind === 'fixed') return zone.offsetMinutes;
  const dayMillis = 86_400_000;
  const before = offsetAtInstant(zone, localMillis - dayMillis);
  const after = offsetAtInstant(zone, localMillis + dayMillis);
  const candidates = [...new Set([before, after, offsetAtInstant(zone, localMillis - before * 60_000)])];
  // Earliest instant first: a larger offset gives an earlier instant for the same wall time.
  candidates.sort((a, b) => b - a);
  for (const offset of candidates) {
    if (offsetAtInstant(zone, localMillis - offset * 60_000) === offset) return offset;
  }
  return before;
}
