/**
 * The certificate a desktop sign-in serves its HTTPS redirect on 127.0.0.1 with, made once per user
 * (BambooHR sends the browser back to HTTPS addresses only). The browser must trust it, so it comes with
 * a CA of its own for the user to trust once, and that CA's private key is thrown away as soon as it has
 * signed: unlike a developer's local CA (mkcert keeps its key), trusting this one can vouch for nothing
 * else, whoever later reads this computer's files. The server certificate names 127.0.0.1 only.
 */
import { issueWithNewCa, serverExtensions } from './x509.ts';

export interface LoopbackCertificate {
  /** PEM of the CA the user trusts once (its key no longer exists). */
  readonly caCert: string;
  /** PEM of the server certificate for 127.0.0.1, signed by that CA. */
  readonly cert: string;
  /** PEM PKCS#8 private key of the server certificate: a secret (the keychain's). */
  readonly key: string;
  /** When the server certificate stops being valid: a new one (and a new CA to trust) is made before. */
  readonly notAfter: Date;
}

/**
 * 825 days: the longest a TLS server certificate may live for Apple's platforms, whichever CA issued
 * it (browsers on other systems accept longer for a locally trusted CA, but one rule for all is simpler).
 */
export const LOOPBACK_CERTIFICATE_DAYS = 825;

export function makeLoopbackCertificate(owner: string, now = new Date()): LoopbackCertificate {
  const { caCert, cert, privateKey, notAfter } = issueWithNewCa({
    // A name that says what it is in the trust store's list, and whose (a user may have several computers).
    caName: `ml-connector sign-in (${owner}, ${now.toISOString().slice(0, 10)})`,
    subject: '127.0.0.1',
    days: LOOPBACK_CERTIFICATE_DAYS,
    extensions: serverExtensions({ ipv4: [[127, 0, 0, 1]] }),
    now,
  });
  // The CA's key never left issueWithNewCa: nothing else can ever be signed by this CA.
  return { caCert, cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), notAfter };
}
