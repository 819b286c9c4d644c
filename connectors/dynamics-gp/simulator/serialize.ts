/**
 * Records to the wire: JSON with amounts as exact number literals, or XML (GP's default).
 * dynamics-gp.md §1/§8.3: "GET returns XML by default; JSON by appending .json" (confirmed, one blog).
 */
import type { SimRecord } from './entities.ts';
import { GpDateTime, Money, formatGpDateTime, moneyLiteral, type SimValue } from './gp-values.ts';

/** A record's fields with its ModifiedDate last, as the object model lists it (§4). */
export function recordFields(record: SimRecord): Record<string, SimValue> {
  return { ...record.fields, ModifiedDate: new GpDateTime(record.modifiedMs) };
}

/**
 * JSON text. Money is `{"Value": 1234.50000, "Currency": "Z-US$", "DecimalDigits": 2}` with Value a
 * JSON number written digit for digit from the decimal (never through a float): §4 says money values
 * are objects `{Value, Currency?, DecimalDigits}` (confirmed for SOAP; the SBA JSON form is unconfirmed).
 */
export function toJsonText(value: SimValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Money) {
    return `{"Value":${moneyLiteral(value.value)},"Currency":${JSON.stringify(value.currency)},"DecimalDigits":${value.digits}}`;
  }
  if (value instanceof GpDateTime) return JSON.stringify(formatGpDateTime(value.ms));
  if (Array.isArray(value)) return `[${(value as readonly SimValue[]).map(toJsonText).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, SimValue>))
    parts.push(`${JSON.stringify(key)}:${toJsonText(item)}`);
  return `{${parts.join(',')}}`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** XML text of one value under element `name` (element shape unconfirmed; only its presence as default is). */
export function toXml(name: string, value: SimValue): string {
  if (value === null) return `<${name} />`;
  if (typeof value !== 'object') return `<${name}>${escapeXml(String(value))}</${name}>`;
  if (value instanceof Money) {
    return `<${name}><Value>${moneyLiteral(value.value)}</Value><Currency>${escapeXml(value.currency)}</Currency><DecimalDigits>${value.digits}</DecimalDigits></${name}>`;
  }
  if (value instanceof GpDateTime) return `<${name}>${formatGpDateTime(value.ms)}</${name}>`;
  if (Array.isArray(value))
    return `<${name}>${(value as readonly SimValue[]).map((item) => toXml('Item', item)).join('')}</${name}>`;
  const inner = Object.entries(value as Record<string, SimValue>)
    .map(([key, item]) => toXml(key, item))
    .join('');
  return `<${name}>${inner}</${name}>`;
}
