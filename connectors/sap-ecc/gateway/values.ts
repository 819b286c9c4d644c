/**
 * Gateway's OData v2 JSON values read as the stream's field types. The stream's own conversions read
 * RFC_READ_TABLE's fixed-width text (`20240101`, `1234.50-`), so the Gateway surface reads by the field's
 * declared type instead, from Gateway's forms (README "Gateway OData v2"):
 * - Edm.Decimal (and Edm.Int64) are JSON strings (`"2656.24"`): read exactly, never through a float;
 * - Edm.DateTime is `/Date(ms)/`, a wall-clock time sent as if it were UTC (an ABAP DATS is its midnight):
 *   a date field takes it only at midnight, a timestamp field reads it in the connection's zone;
 * - Edm.DateTimeOffset is `/Date(ms+0000)/`: that instant, with its offset;
 * - Edm.Time is an ISO duration `PT12H30M00S`: a text field gets SAP's own `HHMMSS`, as RFC gives it;
 * - an ABAP flag (`X` or blank) reads as a boolean where the stream declares one, and a DATS a service
 *   exposes as Edm.String (`20260101`, `00000000` for none) as a date.
 * A value that does not read is a problem on the record (held, never dropped), never a null.
 */
import type { FieldTypeName } from '../../../engine/model/column-type.ts';
import { PlainDate, Timestamp } from '../../../engine/model/values/index.ts';
import { JsonNumber } from '../../kit/json-exact.ts';
import { decimal, odataV2Date, shown, type Conversion, type Converted } from '../../kit/rest/values.ts';

const NULL: Converted = { value: null };
const DAY_MS = 86_400_000;
const ODATA_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const EDM_TIME = /^PT(\d{1,2})H(\d{1,2})M(\d{1,2})(?:\.\d+)?S$/;

/** `PT12H30M00S` -> `123000`; undefined for anything else. */
export function edmTimeAsSapTime(raw: string): string | undefined {
  const match = EDM_TIME.exec(raw);
  if (match === null) return undefined;
  return match
    .slice(1, 4)
    .map((part) => part.padStart(2, '0'))
    .join('');
}

function gatewayText(): Conversion {
  return (raw) => {
    if (raw === undefined || raw === null) return NULL;
    if (typeof raw === 'string') return { value: edmTimeAsSapTime(raw) ?? raw };
    if (raw instanceof JsonNumber) return { value: raw.text };
    return { problem: `${shown(raw)} is not text` };
  };
}

function gatewayInteger(): Conversion {
  return (raw) => {
    if (raw === undefined || raw === null || raw === '') return NULL;
    const text = raw instanceof JsonNumber ? raw.text : typeof raw === 'string' ? raw.trim() : '';
    const number = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(number) ? { value: number } : { problem: `${shown(raw)} is not a whole number` };
  };
}

function gatewayBoolean(): Conversion {
  return (raw) => {
    if (raw === undefined || raw === null) return NULL;
    if (typeof raw === 'boolean') return { value: raw };
    if (raw === 'X') return { value: true };
    if (raw === '' || raw === ' ') return { value: false };
    return { problem: `${shown(raw)} is not true or false (nor an SAP flag, X or blank)` };
  };
}

function gatewayDate(): Conversion {
  return (raw) => {
    if (raw === undefined || raw === null || raw === '') return NULL;
    // A DATS a service exposes as Edm.String: SAP's YYYYMMDD, 00000000 for none.
    if (raw === '00000000') return NULL;
    const dats = typeof raw === 'string' ? /^(\d{4})(\d\d)(\d\d)$/.exec(raw) : null;
    if (dats !== null) {
      const day = PlainDate.tryParse(`${dats[1]}-${dats[2]}-${dats[3]}`);
      return day === undefined ? { problem: `${shown(raw)} is not a date` } : { value: day };
    }
    const match = typeof raw === 'string' ? ODATA_DATE.exec(raw) : null;
    if (match === null) return { problem: `${shown(raw)} is not an OData date (/Date(ms)/) nor SAP's YYYYMMDD` };
    const ms = Number(match[1]);
    // A DATS comes as its midnight; any other time of day means the property is not a plain date.
    if (match[2] !== undefined || ms % DAY_MS !== 0)
      return { problem: `${shown(raw)} has a time of day, so it is not a date` };
    return { value: PlainDate.fromEpochDay(ms / DAY_MS) };
  };
}

function gatewayTimestamp(zone: string): Conversion {
  return (raw) => {
    if (raw === undefined || raw === null || raw === '') return NULL;
    const match = typeof raw === 'string' ? ODATA_DATE.exec(raw) : null;
    if (match === null) return { problem: `${shown(raw)} is not an OData date and time (/Date(ms)/)` };
    // With an offset it is an instant (Edm.DateTimeOffset); without, a wall-clock time in the system's zone.
    if (match[2] !== undefined) return { value: odataV2Date(match[0]) ?? null };
    const ms = Number(match[1]);
    const day = Math.floor(ms / DAY_MS);
    const stamp = Timestamp.fromLocal(PlainDate.fromEpochDay(day), BigInt(ms - day * DAY_MS) * 1000n, zone);
    return { value: stamp };
  };
}

/** The conversion for a field of `type` read from Gateway JSON; `zone` is where zone-less date-times are read. */
export function gatewayConversion(type: FieldTypeName | 'list', zone = 'UTC'): Conversion {
  switch (type) {
    case 'decimal':
      return decimal();
    case 'integer':
      return gatewayInteger();
    case 'boolean':
      return gatewayBoolean();
    case 'date':
      return gatewayDate();
    case 'timestamp':
      return gatewayTimestamp(zone);
    case 'string':
    case 'list':
      return gatewayText();
  }
}
