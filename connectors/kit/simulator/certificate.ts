/**
 * A private certificate authority and a server certificate it signs, made at simulator start with
 * node:crypto only (the kit's `tls/x509.ts`), as an on-premises server's internal CA would issue them:
 * clients trust the CA (the connection's `caCertFile`), never the server certificate itself, and check
 * the host name. The simulators must also start on machines without an openssl binary (Windows desktops).
 */
import { issueWithNewCa, serverExtensions } from '../tls/x509.ts';

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
  const { caCert, cert, privateKey } = issueWithNewCa({
    caName: `ml-connector ${system} simulator CA`,
    subject: `ml-connector ${system} simulator`,
    days: 365,
    // Clients keep checking the host name: localhost and 127.0.0.1.
    extensions: serverExtensions({ dns: ['localhost'], ipv4: [[127, 0, 0, 1]] }),
    now,
  });
  return { caCert, cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
