/**
 * A private certificate authority and a server certificate it signs, made at simulator start with
 * node:crypto only (the kit's `tls/x509.ts`), as an on-premises server's internal CA would issue them:
 * clients trust the CA (the connection's `caCertFile`), never the server certificate itself, and check
 * the host name. The simulators must also start on machines without an openssl binary (Windows desktops).
 */
import { generateKeyPairSync } from 'node:crypto';
import { caExtensions, DAY_MS, distinguishedName, issueCertificate, serverExtensions } from '../tls/x509.ts';

export interface SimulatorTls {
  /** PEM of the CA: what a client trusts (`caCertFile`, `customCaCert`, `ca`). */
  readonly caCert: string;
  /** PEM of the server certificate (for `localhost` and `127.0.0.1`), signed by the CA. */
  readonly cert: string;
  /** PEM PKCS#8 private key of the server certificate. */
  readonly key: string;
}

/** A new CA and a server certificate for loopback, valid from a day back (clock skew) to a year ahead. */
export function makeSimulatorTls(system: string, now = new Date()): SimulatorTls {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = distinguishedName(`ml-connector ${system} simulator CA`);
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 365 * DAY_MS);
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
    subject: distinguishedName(`ml-connector ${system} simulator`),
    issuer: caName,
    subjectKey: server.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    // Clients keep checking the host name: localhost and 127.0.0.1.
    extensions: serverExtensions({ dns: ['localhost'], ipv4: [[127, 0, 0, 1]] }),
  });
  return { caCert, cert, key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
