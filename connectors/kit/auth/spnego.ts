/**
 * SPNEGO (RFC 4178) as far as HTTP Negotiate with NTLM needs it (RFC 4559): a client such as
 * `curl --negotiate` through a GSS-API NTLM mechanism sends `Negotiate <base64>` with the NTLM message
 * wrapped in a NegTokenInit (inside the GSS-API InitialContextToken, RFC 2743 §3.1) and later in a
 * NegTokenResp; IIS answers the same way. Only the DER this takes is read and written: definite lengths,
 * the four context-tagged fields, OIDs as dotted text. Windows' own clients send the raw NTLM message
 * instead, which servers accept too; `readNegotiateToken` tells the two apart.
 */
import { MlcError } from '../../../engine/model/errors.ts';

/** The SPNEGO mechanism (RFC 4178) and NTLMSSP (MS-NLMP) object identifiers. */
export const SPNEGO_OID = '1.3.6.1.5.5.2';
export const NTLMSSP_OID = '1.3.6.1.4.1.311.2.2.10';

/** NegTokenResp's negState (RFC 4178 §4.2.2). */
export const NegState = { acceptCompleted: 0, acceptIncomplete: 1, reject: 2, requestMic: 3 } as const;

export type NegotiateToken =
  | { readonly kind: 'raw'; readonly bytes: Buffer }
  | {
      readonly kind: 'init';
      readonly mechTypes: readonly string[];
      /** The DER of the mechTypes list as sent: what a mechListMIC signs. */
      readonly mechTypesDer: Buffer;
      readonly mechToken?: Buffer;
      readonly mechListMIC?: Buffer;
    }
  | {
      readonly kind: 'resp';
      readonly negState?: number;
      readonly supportedMech?: string;
      readonly responseToken?: Buffer;
      readonly mechListMIC?: Buffer;
    };

/** A malformed Negotiate token: the server's answer is not what SPNEGO allows, never transient. */
export class SpnegoError extends MlcError {
  override readonly name = 'SpnegoError';

  constructor(message: string) {
    super('SPNEGO_PROTOCOL', message);
  }
}

interface Element {
  readonly tag: number;
  /** The content octets. */
  readonly value: Buffer;
  /** The whole element, tag and length included. */
  readonly der: Buffer;
}

/** One DER element at `offset` (definite lengths only, as DER requires). */
function readElement(bytes: Buffer, offset: number): Element {
  if (offset + 2 > bytes.length) throw new SpnegoError('SPNEGO token is truncated');
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > bytes.length)
      throw new SpnegoError('SPNEGO token has a length it cannot read');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    start += count;
  }
  if (start + length > bytes.length) throw new SpnegoError('SPNEGO token is truncated');
  return { tag, value: bytes.subarray(start, start + length), der: bytes.subarray(offset, start + length) };
}

function children(value: Buffer): Element[] {
  const out: Element[] = [];
  for (let offset = 0; offset < value.length;) {
    const element = readElement(value, offset);
    out.push(element);
    offset += element.der.length;
  }
  return out;
}

function only(value: Buffer, tag: number, what: string): Element {
  const element = readElement(value, 0);
  if (element.tag !== tag) throw new SpnegoError(`SPNEGO ${what} is not where it belongs`);
  return element;
}

function decodeOid(value: Buffer): string {
  if (value.length === 0) throw new SpnegoError('SPNEGO token has an empty object identifier');
  const first = value[0]!;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
  let arc = 0;
  for (const byte of value.subarray(1)) {
    arc = arc * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(arc);
      arc = 0;
    }
  }
  return arcs.join('.');
}

function encodeOid(oid: string): Buffer {
  const [a = 0, b = 0, ...rest] = oid.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift((n & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return element(0x06, Buffer.from(bytes));
}

function element(tag: number, value: Buffer): Buffer {
  const n = value.length;
  const length =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), value]);
}

/** The fields of a NegTokenInit or NegTokenResp SEQUENCE, by their context tag [0]..[3]. */
function fields(sequence: Buffer): Map<number, Element> {
  const found = new Map<number, Element>();
  for (const field of children(only(sequence, 0x30, 'sequence').value)) {
    if ((field.tag & 0xe0) === 0xa0) found.set(field.tag & 0x1f, field);
  }
  return found;
}

function octets(field: Element | undefined): Buffer | undefined {
  return field === undefined ? undefined : only(field.value, 0x04, 'octet string').value;
}

/** An `Authorization: Negotiate` token: raw NTLM, or SPNEGO's NegTokenInit / NegTokenResp. */
export function readNegotiateToken(bytes: Buffer): NegotiateToken {
  if (bytes.subarray(0, 8).toString('latin1') === 'NTLMSSP\0') return { kind: 'raw', bytes };
  const outer = readElement(bytes, 0);
  if (outer.tag === 0x60) {
    // InitialContextToken: thisMech OID, then the SPNEGO NegotiationToken.
    const mech = readElement(outer.value, 0);
    if (mech.tag !== 0x06 || decodeOid(mech.value) !== SPNEGO_OID)
      throw new SpnegoError('the GSS-API token is not SPNEGO');
    const choice = readElement(outer.value, mech.der.length);
    if (choice.tag !== 0xa0) throw new SpnegoError('the first SPNEGO token is not a NegTokenInit');
    const init = fields(choice.value);
    const list = init.get(0);
    if (list === undefined) throw new SpnegoError('the SPNEGO NegTokenInit names no mechanism');
    const mechTypesList = only(list.value, 0x30, 'mechanism list');
    const mechToken = octets(init.get(2));
    const mechListMIC = octets(init.get(3));
    return {
      kind: 'init',
      mechTypes: children(mechTypesList.value).map((oid) => decodeOid(oid.value)),
      mechTypesDer: mechTypesList.der,
      ...(mechToken === undefined ? {} : { mechToken }),
      ...(mechListMIC === undefined ? {} : { mechListMIC }),
    };
  }
  if (outer.tag === 0xa1) {
    const resp = fields(outer.value);
    const state = resp.get(0);
    const mech = resp.get(1);
    const responseToken = octets(resp.get(2));
    const mechListMIC = octets(resp.get(3));
    return {
      kind: 'resp',
      ...(state === undefined ? {} : { negState: only(state.value, 0x0a, 'negState').value[0] ?? 0 }),
      ...(mech === undefined ? {} : { supportedMech: decodeOid(only(mech.value, 0x06, 'supportedMech').value) }),
      ...(responseToken === undefined ? {} : { responseToken }),
      ...(mechListMIC === undefined ? {} : { mechListMIC }),
    };
  }
  throw new SpnegoError('the Negotiate token is neither NTLM nor SPNEGO');
}

/** A NegTokenResp (RFC 4178 §4.2.2), as an acceptor answers in `WWW-Authenticate: Negotiate <base64>`. */
export function negTokenResp(parts: {
  readonly negState?: number;
  readonly supportedMech?: string;
  readonly responseToken?: Buffer;
  readonly mechListMIC?: Buffer;
}): Buffer {
  const body = [
    parts.negState === undefined ? undefined : element(0xa0, element(0x0a, Buffer.from([parts.negState]))),
    parts.supportedMech === undefined ? undefined : element(0xa1, encodeOid(parts.supportedMech)),
    parts.responseToken === undefined ? undefined : element(0xa2, element(0x04, parts.responseToken)),
    parts.mechListMIC === undefined ? undefined : element(0xa3, element(0x04, parts.mechListMIC)),
  ].filter((part): part is Buffer => part !== undefined);
  return element(0xa1, element(0x30, Buffer.concat(body)));
}

/** A NegTokenInit in its InitialContextToken, as an initiator sends first (used by tests and clients). */
export function negTokenInit(parts: {
  readonly mechTypes: readonly string[];
  readonly mechToken?: Buffer;
  readonly mechListMIC?: Buffer;
}): Buffer {
  const body = [
    element(0xa0, element(0x30, Buffer.concat(parts.mechTypes.map(encodeOid)))),
    parts.mechToken === undefined ? undefined : element(0xa2, element(0x04, parts.mechToken)),
    parts.mechListMIC === undefined ? undefined : element(0xa3, element(0x04, parts.mechListMIC)),
  ].filter((part): part is Buffer => part !== undefined);
  return element(0x60, Buffer.concat([encodeOid(SPNEGO_OID), element(0xa0, element(0x30, Buffer.concat(body)))]));
}
