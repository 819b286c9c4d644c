/**
 * Just enough X.509 (RFC 5280) to issue the certificates this project makes for itself: a private CA and
 * a server certificate it signs, assembled in DER and signed with ECDSA P-256 / SHA-256. node:crypto makes
 * keys and signatures but no certificates, and an openssl binary is not on every desktop (Windows), so
 * the few structures needed are written here. Used by the simulators' `--tls` and by the sign-in
 * certificate the studio makes for its HTTPS redirect on 127.0.0.1.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export const DAY_MS = 24 * 3600 * 1000;

export interface CertificateParts {
  /** A Name (`distinguishedName`). */
  readonly subject: Buffer;
  readonly issuer: Buffer;
  readonly subjectKey: KeyObject;
  /** The issuer's private key (the subject's own for a self-signed CA). */
  readonly signingKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Buffer[];
}

/** The certificate in PEM. */
export function issueCertificate(parts: CertificateParts): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive INTEGER
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ecdsaWithSha256,
    parts.issuer,
    seq(time(parts.notBefore), time(parts.notAfter)),
    parts.subject,
    parts.subjectKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...parts.extensions)),
  );
  const signature = sign('sha256', tbs, parts.signingKey); // DER-encoded ECDSA signature
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

/** A Name with one commonName (UTF8String). */
export function distinguishedName(commonName: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

/** A CA's extensions: basicConstraints CA:TRUE and keyUsage keyCertSign + cRLSign, both critical. */
export function caExtensions(): Buffer[] {
  return [
    seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff]))))),
    seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x01, 0x06])))),
  ];
}

/** A TLS server's extensions: keyUsage digitalSignature (critical), extKeyUsage serverAuth, and its names. */
export function serverExtensions(names: {
  readonly dns?: readonly string[];
  readonly ipv4?: readonly (readonly [number, number, number, number])[];
}): Buffer[] {
  const altNames = [
    ...(names.dns ?? []).map((name) => tlv(0x82, Buffer.from(name, 'ascii'))),
    ...(names.ipv4 ?? []).map((address) => tlv(0x87, Buffer.from(address))),
  ];
  return [
    seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x07, 0x80])))),
    seq(oid('2.5.29.37'), tlv(0x04, seq(oid('1.3.6.1.5.5.7.3.1')))),
    seq(oid('2.5.29.17'), tlv(0x04, seq(...altNames))),
  ];
}

/** A TLS client's extensions: keyUsage digitalSignature (critical) and extKeyUsage clientAuth (mutual TLS). */
export function clientExtensions(): Buffer[] {
  return [
    seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x07, 0x80])))),
    seq(oid('2.5.29.37'), tlv(0x04, seq(oid('1.3.6.1.5.5.7.3.2')))),
  ];
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else if (length < 0x100) header = [tag, 0x81, length];
  else if (length < 0x10000) header = [tag, 0x82, length >> 8, length & 0xff];
  else throw new RangeError('DER value too long for this encoder');
  return Buffer.concat([Buffer.from(header), content]);
}

const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));

function integer(bytes: Buffer): Buffer {
  // DER integers are minimal two's complement: drop leading zeros, keep one if the top bit is set.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && ((bytes[start + 1] ?? 0) & 0x80) === 0) start += 1;
  return tlv(0x02, bytes.subarray(start));
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) groups.unshift((value & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(iso, 'ascii'));
}

/**
 * A new CA (its own EC key) and one certificate it signs for a new key: a simulator's server certificate,
 * the desktop sign-in's loopback one and a test's client certificate. Valid from a day back (clock skew) for `days`.
 */
export function issueWithNewCa(options: {
  readonly caName: string;
  readonly subject: string;
  readonly days: number;
  readonly extensions: Buffer[];
  readonly now?: Date;
}): { readonly caCert: string; readonly cert: string; readonly privateKey: KeyObject; readonly notAfter: Date } {
  const now = options.now ?? new Date();
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = distinguishedName(options.caName);
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + options.days * DAY_MS);
  const caCert = issueCertificate({
    subject: caName,
    issuer: caName,
    subjectKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: caExtensions(),
  });
  const cert = issueCertificate({
    subject: distinguishedName(options.subject),
    issuer: caName,
    subjectKey: leaf.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: options.extensions,
  });
  // The CA's private key goes out of scope here, never exported: nothing else can be signed by this CA.
  return { caCert, cert, privateKey: leaf.privateKey, notAfter };
}
