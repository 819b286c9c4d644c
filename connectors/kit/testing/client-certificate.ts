/**
 * Test-only: a CA and a client certificate it signs (extKeyUsage clientAuth), the key encrypted with a
 * passphrase, for servers that sign clients in by certificate (mutual TLS) in tests.
 */
import { generateKeyPairSync } from 'node:crypto';
import { caExtensions, clientExtensions, DAY_MS, distinguishedName, issueCertificate } from '../tls/x509.ts';

export interface TestClientCertificate {
  /** PEM of the CA a server trusts for clients. */
  readonly caCert: string;
  readonly cert: string;
  /** Encrypted PKCS#8 PEM. */
  readonly key: string;
  readonly passphrase: string;
}

export function makeClientCertificate(user: string, passphrase: string, now = new Date()): TestClientCertificate {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const client = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = distinguishedName('ml-connector test client CA');
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 30 * DAY_MS);
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
    subject: distinguishedName(user),
    issuer: caName,
    subjectKey: client.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: clientExtensions(),
  });
  const key = client.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
  return { caCert, cert, key, passphrase };
}
