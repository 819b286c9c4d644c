/**
 * Extended Protection for Authentication (channel binding) for NTLM over TLS, shared by the client's
 * AUTHENTICATE message and the simulators' verifier.
 *
 * - The value: the MsvAvChannelBindings AV_PAIR (AvId 0x000A, MS-NLMP 2.2.2.1) holds the MD5 hash of a
 *   gss_channel_bindings_struct (RFC 2744 §3.11, flattened as RFC 4121 §4.1.1.2 hashes it): initiator and
 *   acceptor address types and lengths all zero, then the application data's length and the data
 *   "tls-server-end-point:" + the server certificate's hash.
 *   https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/83f5e789-660d-4781-8491-5f8c6641f75e
 *   https://www.rfc-editor.org/rfc/rfc2744#section-3.11
 * - The hash (RFC 5929 §4.1, tls-server-end-point): over the DER of the server's certificate, with the
 *   hash of the certificate's signature algorithm, except that MD5 and SHA-1 are replaced by SHA-256.
 *   https://www.rfc-editor.org/rfc/rfc5929#section-4.1
 * - The same computation as python's requests-ntlm (`_get_certificate_hash`), pyspnego and Chromium's
 *   `GenerateChannelBindingHashV2`; the tests check it against requests-ntlm's published certificate
 *   vectors.
 *
 * The certificate is the one the TLS connection itself presented (through a CONNECT proxy that is still the
 * server's, end to end), so a TLS-terminating proxy in between yields a binding the server refuses.
 */
import { createHash } from 'node:crypto';

/** MS-NLMP 2.2.2.1 AvIds used here. */
export const AV_EOL = 0x0000;
export const AV_CHANNEL_BINDINGS = 0x000a;

/** The certificate signature algorithms (OID -> hash) RFC 5929 needs to tell apart. */
const SIGNATURE_HASHES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'md5', // md5WithRSAEncryption
  '1.2.840.113549.1.1.5': 'sha1', // sha1WithRSAEncryption
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1', // ecdsa-with-SHA1
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10040.4.3': 'sha1', // dsa-with-sha1
  '2.16.840.1.101.3.4.3.2': 'sha256', // dsa-with-sha256
};

interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** One DER element's content bounds (definite lengths, as DER requires). */
function derElement(bytes: Buffer, at: number): DerElement {
  const tag = bytes[at];
  let length = bytes[at + 1];
  if (tag === undefined || length === undefined) throw new RangeError('certificate DER is truncated');
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > bytes.length)
      throw new RangeError('certificate DER length is invalid');
    length = bytes.readUIntBE(start, count);
    start += count;
  }
  if (start + length > bytes.length) throw new RangeError('certificate DER is truncated');
  return { tag, start, end: start + length };
}

function oidText(bytes: Buffer): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** The OID of Certificate.signatureAlgorithm (RFC 5280 §4.1.1.2): the second element of the outer SEQUENCE. */
export function certificateSignatureOid(certificateDer: Buffer): string {
  const certificate = derElement(certificateDer, 0);
  const tbs = derElement(certificateDer, certificate.start);
  const algorithm = derElement(certificateDer, tbs.end);
  const oid = derElement(certificateDer, algorithm.start);
  if (certificate.tag !== 0x30 || algorithm.tag !== 0x30 || oid.tag !== 0x06)
    throw new RangeError('not an X.509 certificate in DER');
  return oidText(certificateDer.subarray(oid.start, oid.end));
}

/**
 * RFC 5929 §4.1: the certificate's own signature hash, SHA-256 in place of MD5 or SHA-1. Algorithms that
 * name no single hash (RSASSA-PSS, Ed25519) are not covered by RFC 5929; SHA-256 is used for them, as
 * requests-ntlm and pyspnego do.
 */
export function tlsServerEndPointHash(certificateDer: Buffer): Buffer {
  const named = SIGNATURE_HASHES[certificateSignatureOid(certificateDer)];
  const algorithm = named === undefined || named === 'md5' || named === 'sha1' ? 'sha256' : named;
  return createHash(algorithm).update(certificateDer).digest();
}

/** gss_channel_bindings_struct as hashed: five little-endian uint32 (addresses empty) and the application data. */
export function gssChannelBindingsStruct(applicationData: Buffer): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt32LE(applicationData.length, 16);
  return Buffer.concat([head, applicationData]);
}

/** The 16 bytes of MsvAvChannelBindings for a TLS connection whose server presented `certificateDer`. */
export function channelBindingHash(certificateDer: Buffer): Buffer {
  const applicationData = Buffer.concat([
    Buffer.from('tls-server-end-point:', 'latin1'),
    tlsServerEndPointHash(certificateDer),
  ]);
  return createHash('md5').update(gssChannelBindingsStruct(applicationData)).digest();
}

/** Each AV pair of a target info, up to MsvAvEOL (bounds checked; a malformed tail ends the list). */
export function avPairs(targetInfo: Buffer): { readonly id: number; readonly value: Buffer }[] {
  const pairs: { id: number; value: Buffer }[] = [];
  let at = 0;
  while (at + 4 <= targetInfo.length) {
    const id = targetInfo.readUInt16LE(at);
    const length = targetInfo.readUInt16LE(at + 2);
    if (id === AV_EOL || at + 4 + length > targetInfo.length) break;
    pairs.push({ id, value: targetInfo.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return pairs;
}

export function encodeAvPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/**
 * The server's target info with MsvAvChannelBindings set (replacing one already there), before MsvAvEOL:
 * the list the client hashes into its NTLMv2 response (MS-NLMP 3.1.5.1.2), so the binding is covered by
 * the proof and cannot be changed without the password.
 */
export function withChannelBindings(targetInfo: Buffer, bindingHash: Buffer): Buffer {
  const kept = avPairs(targetInfo).filter((pair) => pair.id !== AV_CHANNEL_BINDINGS);
  return Buffer.concat([
    ...kept.map((pair) => encodeAvPair(pair.id, pair.value)),
    encodeAvPair(AV_CHANNEL_BINDINGS, bindingHash),
    Buffer.alloc(4), // MsvAvEOL
  ]);
}
