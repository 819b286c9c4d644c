/**
 * The certificate the studio's browser sign-ins serve their HTTPS redirect with (BambooHR sends the
 * browser back to `https://` addresses only, https://127.0.0.1:47011/callback by default). A finance
 * analyst has no certificate for 127.0.0.1 and no tool to make one, so the studio makes one the first
 * time a sign-in needs it and keeps it for every later sign-in, in every pipeline: the analyst trusts its
 * CA once (the file named here; the studio's help says how), then signs in as with any other app.
 * The CA's own key is gone the moment it has signed (connectors' `makeSignInCertificate`), so trusting
 * it vouches for this one 127.0.0.1 certificate and nothing else. The certificates are public and live
 * as files in a per-user folder; the server certificate's private key is a secret and lives in the
 * keychain only (never a file), remembered for scrubbing when read.
 * A certificate near its end (30 days), or whose key is missing or no longer matches, is replaced by a
 * new one, whose CA must then be trusted again: the studio says so (`madeNow`).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { makeSignInCertificate } from '../../../connectors/registry.ts';
import type { HostSecrets } from './context.ts';

/** The keychain entry of the redirect certificate's private key. */
export const SIGN_IN_KEY_SECRET = 'ml-connector.sign-in-tls-key';
/** The CA to trust, `.crt` so that opening it on Windows starts the certificate import. */
export const SIGN_IN_CA_FILE = 'ml-connector-sign-in-ca.crt';
const SERVER_CERT_FILE = 'sign-in-127.0.0.1.crt';
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/** Where the studio keeps it unless the host says otherwise: the user's own folder, shared by every pipeline. */
export function defaultSignInCertificateDir(): string {
  return join(homedir(), '.ml-connector', 'sign-in');
}

export interface SignInCertificate {
  readonly cert: string;
  readonly key: string;
  /** The CA certificate file the analyst's browser must trust (once per certificate). */
  readonly caFile: string;
  /** True when this sign-in made it: its CA is not trusted anywhere yet. */
  readonly madeNow: boolean;
}

export interface SignInCertificateOptions {
  readonly folder: string;
  readonly secrets: HostSecrets;
  /** Masks the key in whatever leaves the host. */
  readonly remember: (value: string) => void;
  readonly now?: () => Date;
}

/** The certificate to use now: the kept one while it is good, else a new one (made once even when asked twice at once). */
export function signInCertificates(options: SignInCertificateOptions): () => Promise<SignInCertificate> {
  const now = options.now ?? (() => new Date());
  let making: Promise<SignInCertificate> | undefined;
  return async () => {
    const kept = await keptCertificate(options, now());
    if (kept !== undefined) return kept;
    making ??= makeAndKeep(options, now()).finally(() => (making = undefined));
    return making;
  };
}

async function keptCertificate(options: SignInCertificateOptions, at: Date): Promise<SignInCertificate | undefined> {
  let cert: string;
  try {
    cert = readFileSync(join(options.folder, SERVER_CERT_FILE), 'utf8');
    readFileSync(join(options.folder, SIGN_IN_CA_FILE));
  } catch {
    return undefined;
  }
  if ((await options.secrets.lookup(SIGN_IN_KEY_SECRET).catch(() => undefined)) === undefined) return undefined;
  const key = await options.secrets.resolve(SIGN_IN_KEY_SECRET);
  options.remember(key);
  try {
    const x509 = new X509Certificate(cert);
    if (new Date(x509.validTo).getTime() - at.getTime() < RENEW_BEFORE_MS) return undefined;
    // A key from another attempt (the keychain and the folder written apart) is no use with this certificate.
    if (!x509.checkPrivateKey(createPrivateKey(key))) return undefined;
  } catch {
    return undefined;
  }
  return { cert, key, caFile: join(options.folder, SIGN_IN_CA_FILE), madeNow: false };
}

async function makeAndKeep(options: SignInCertificateOptions, at: Date): Promise<SignInCertificate> {
  const made = await makeSignInCertificate(ownerName(), at);
  options.remember(made.key);
  // The key first: a certificate file whose key never reached the keychain is found unusable and replaced.
  await options.secrets.set(SIGN_IN_KEY_SECRET, made.key);
  mkdirSync(options.folder, { recursive: true });
  writeAtomically(join(options.folder, SIGN_IN_CA_FILE), made.caCert);
  writeAtomically(join(options.folder, SERVER_CERT_FILE), made.cert);
  return { cert: made.cert, key: made.key, caFile: join(options.folder, SIGN_IN_CA_FILE), madeNow: true };
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** Whose certificate it is, as the trust store's list shows it (a user may trust several computers'). */
function ownerName(): string {
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // No user name to be had (some containers): the computer's name says enough.
  }
  return user === '' ? hostname() : `${user} on ${hostname()}`;
}
