/**
 * Test-only: a CA and a client certificate it signs (extKeyUsage clientAuth), the key encrypted with a
 * passphrase, for servers that sign clients in by certificate (mutual TLS) in tests.
 */
import { clientExtensions, issueWithNewCa } from '../tls/x509.ts';

export interface TestClientCertificate {
  /** PEM of the CA a server trusts for clients. */
  readonly caCert: string;
  readonly cert: string;
  /** Encrypted PKCS#8 PEM. */
  readonly key: string;
  readonly passphrase: string;
}

export function makeClientCertificate(user: string, passphrase: string, now = new Date()): TestClientCertificate {
  const { caCert, cert, privateKey } = issueWithNewCa({
    caName: 'ml-connector test client CA',
    subject: user,
    days: 30,
    extensions: clientExtensions(),
    now,
  });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
  return { caCert, cert, key, passphrase };
}
