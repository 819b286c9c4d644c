/**
 * A private certificate authority and a server certificate it signs, made at simulator start with
 * node:crypto only, as an on-premises server's internal CA would issue them: clients trust the CA (the
 * connection's `caCertFile`), never the server certificate itself, and check the host name. The
 * simulators must also start on machines without an openssl binary (Windows desktops); node:crypto makes
 * keys and signatures but no X.509, so the certificates are assembled here in DER (RFC 5280) and signed
 * with ECDSA P-256 / SHA-256.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface SimulatorTls {
  /** PEM of the CA: what a client trusts (`caCertFile`, `customCaCert`, `ca`). */
  readonly caCert: string;
  /** PEM of the server certificate (for `localhost` and `127.0.0.1`), signed by the CA. */
  readonly cert: string;
  /** PEM PKCS#8 private key of the server certificate. */
  readonly key: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** A new CA and a server certificate for loopback, valid from a day back (clock skew) to a year ahead. */
export function makeSimulatorTls(system: string, now = new Date()): SimulatorTls {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = distinguishedName(`ml-connector ${system} simulator CA`);
  const caCert = certificate({
    subject: caName,
    issuer: caName,
    subjectKey: ca.publicKey,
    signingKey: ca.privateKey,
    now,
    extensions: [
      // basicConstraints CA:TRUE, critical.
      seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff]))))),
      // keyUsage keyCertSign + cRLSign, critical.
      seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x01, 0x06])))),
    ],
  });
  const cert = certificate({
    subject: distinguishedName(`ml-connector ${system} simulator`),
    issuer: caName,
    subjectKey: server.publicKey,
    signingKey: ca.privateKey,
    now,
    extensions: [
      // keyUsage digitalSignature, critical.
      seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x07, 0x80])))),
      // extKeyUsage serverAuth.
      seq(oid('2.5.29.37'), tlv(0x04, seq(oid('1.3.6.1.5.5.7.3.1')))),
      // subjectAltName: DNS localhost, IP 127.0.0.1 (clients keep checking the host name).
      seq(oid('2.5.29.17'), tlv(0x04, seq(tlv(0x82, Buffer.from('localhost', 'ascii')), tlv(0x87, Buffer.from([127, 0, 0, 1]))))),
    ],
  });
  return { caCert, cert, key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

interface CertificateParts {
  readonly subject: Buffer;
  readonly issuer: Buffer;
  readonly subjectKey: KeyObject;
  readonly signingKey: KeyObject;
  readonly now: Date;
  readonly extensions: readonly Buffer[];
}

function certificate(parts: CertificateParts): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive INTEGER
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ecdsaWithSha256,
    parts.issuer,
    seq(time(new Date(parts.now.getTime() - DAY_MS)), time(new Date(parts.now.getTime() + 365 * DAY_MS))),
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
function distinguishedName(commonName: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
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
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}
