/**
 * How a record is addressed by its alternate key in a Dataverse URL (README "Facts": key reference,
 * characters). `/accounts(accountnumber='V1000')` when every value can ride in the URL; otherwise a
 * `$filter` look-up to find the record's GUID first, because Dataverse's key parser breaks on
 * `/ \ < > * % & : ? + #` even when they are percent-escaped (`%2F` is not decoded into the key).
 */

export type KeyValue = string | number;

export interface KeyPart {
  /** Column logical name, e.g. `accountnumber` (case-sensitive in Dataverse). */
  readonly column: string;
  readonly value: KeyValue;
}

export type RecordAddress =
  /** Address the record in the URL: `accounts(accountnumber='V1000')`, already percent-encoded. */
  | { readonly kind: 'key'; readonly path: string }
  /** Find the record first: `GET <set>?$select=<pk>&$filter=<filter>`, then write by GUID. */
  | { readonly kind: 'lookup'; readonly filter: string; readonly reason: string }
  /** No address exists (an empty key value): the row is held with this reason. */
  | { readonly kind: 'refused'; readonly reason: string };

/** Characters Dataverse's key parser cannot take in a key value, escaped or not (README, with sources). */
export const KEY_CHARACTERS_NOT_IN_URL = ['/', '\\', '<', '>', '*', '%', '&', ':', '?', '+', '#'] as const;

/** The first character that keeps this value out of a URL key, or undefined. Control characters count. */
export function characterNotInUrl(value: string): string | undefined {
  for (const character of value) {
    if ((KEY_CHARACTERS_NOT_IN_URL as readonly string[]).includes(character)) return character;
    if (character.charCodeAt(0) < 0x20 || character === '\u007f') return character;
  }
  return undefined;
}

/** An OData v4 literal: strings quoted with `'` doubled, numbers bare. */
export function keyLiteral(value: KeyValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a key number: ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** The URL form of a literal: percent-encoding everything but the quotes, which OData reads. */
function encodeLiteral(value: KeyValue): string {
  return encodeURIComponent(keyLiteral(value)).replace(/%27/g, "'");
}

export function recordAddress(entitySet: string, parts: readonly KeyPart[]): RecordAddress {
  if (parts.length === 0) return { kind: 'refused', reason: `no key columns given for ${entitySet}` };
  for (const part of parts) {
    if (typeof part.value === 'string' && part.value.trim() === '')
      return {
        kind: 'refused',
        reason: `the key column ${part.column} is empty, so no ${entitySet} record can be found by it`,
      };
  }
  const blocked = parts
    .map((part) => ({ part, character: typeof part.value === 'string' ? characterNotInUrl(part.value) : undefined }))
    .find((entry) => entry.character !== undefined);
  if (blocked !== undefined)
    return {
      kind: 'lookup',
      filter: parts.map((part) => `${part.column} eq ${keyLiteral(part.value)}`).join(' and '),
      reason: `${blocked.part.column} holds ${JSON.stringify(blocked.character)}, which Dataverse cannot read in a key URL`,
    };
  const predicate = parts.map((part) => `${part.column}=${encodeLiteral(part.value)}`).join(',');
  return { kind: 'key', path: `${entitySet}(${predicate})` };
}

/** `accounts(<guid>)`: the address once a look-up found the record. */
export function recordById(entitySet: string, id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new RangeError(`not a Dataverse record id: ${id}`);
  return `${entitySet}(${id.toLowerCase()})`;
}
