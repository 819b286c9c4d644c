/**
 * Connecting BambooHR with OAuth (bamboohr.md §2): the authorization-code sign-in through a loopback
 * redirect (the kit's `signInViaLoopback`), asking for `offline_access` so BambooHR issues a refresh
 * token, which is stored under the connection's `refreshTokenSecret` before anything else uses it.
 * The CLI's `connect` calls this; the studio too. What it returns names no secret.
 * BambooHR sends the browser back only to a redirect URI registered for the app, character for
 * character, and only to HTTPS (§2; its SDK guide: "BambooHR will not send authorization codes to plain
 * HTTP endpoints"). So the loopback listens on one fixed, documented address the user registers,
 * `https://127.0.0.1:47011/callback`, and serves it with a certificate and key the user gives (one the
 * browser trusts for 127.0.0.1). Without them the sign-in is refused here, in words, before a browser
 * opens on a page BambooHR would refuse.
 */
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { signInViaLoopback } from '../kit/auth/oauth2-loopback.ts';
import type { RememberSecret, ResolveSecret, StoreSecret } from '../kit/auth/secrets.ts';
import { KitError } from '../kit/errors.ts';
import { RECONNECT_HELP } from './client.ts';

/** The loopback port of the sign-in's redirect by default (next to the simulators' 47001-47007 and `webhooks serve`'s 47012). */
export const SIGN_IN_REDIRECT_PORT = 47011;
/** What to register as the app's redirect URI in BambooHR's developer portal. */
export const SIGN_IN_REDIRECT_URI = `https://127.0.0.1:${SIGN_IN_REDIRECT_PORT}/callback`;

export const DEFAULT_SCOPE = 'openid offline_access employee report';

export interface BambooConnectOptions {
  readonly companyDomain: string;
  /** Default `https://{companyDomain}.bamboohr.com/authorize.php`. */
  readonly authorizeUrl?: string;
  /** Default `https://{companyDomain}.bamboohr.com/token.php?request=token`. */
  readonly tokenUrl?: string;
  readonly clientId: string;
  readonly clientSecretSecret: string;
  readonly refreshTokenSecret: string;
  readonly scope?: string;
  /** Default SIGN_IN_REDIRECT_PORT; 0 picks a free one (only for an app registered with that exact port afterwards). */
  readonly port?: number;
  /**
   * PEM files of the certificate (valid for 127.0.0.1, trusted by the browser) and its private key that
   * the redirect is served with. Required: BambooHR redirects to HTTPS addresses only.
   */
  readonly tlsFiles?: { readonly cert: string; readonly key: string };
  /**
   * Instead of files: the certificate and key themselves, asked for only once the sign-in is otherwise
   * ready to start (the studio keeps its own, made once, with the key in the keychain).
   */
  readonly redirectCertificate?: () => Promise<{ readonly cert: string; readonly key: string }>;
  /** PEM of a CA trusted for the token endpoint besides the system's (the connection's caCertFile). */
  readonly caCert?: string;
  readonly resolveSecret: ResolveSecret;
  readonly storeSecret: StoreSecret;
  readonly remember?: RememberSecret;
  readonly onAuthorizeUrl: (url: string) => void;
  readonly signal?: AbortSignal;
}

export interface BambooConnectResult {
  readonly refreshTokenSecret: string;
  readonly scope: string;
  readonly redirectUri: string;
}

export async function connectBambooHr(options: BambooConnectOptions): Promise<BambooConnectResult> {
  const host = `https://${encodeURIComponent(options.companyDomain)}.bamboohr.com`;
  const scope = options.scope ?? DEFAULT_SCOPE;
  if (!scope.split(/\s+/).includes('offline_access')) {
    throw new KitError(
      'CONFIG_INVALID',
      `the scope "${scope}" lacks offline_access, without which BambooHR issues no refresh token (§2)`,
    );
  }
  // The client secret first: a missing one is the commoner gap, and its fix does not depend on the certificate.
  const clientSecret = await options.resolveSecret(options.clientSecretSecret);
  const tls =
    options.redirectCertificate === undefined
      ? await redirectCertificate(options.tlsFiles, options.port ?? SIGN_IN_REDIRECT_PORT)
      : await options.redirectCertificate();
  const port = options.port ?? SIGN_IN_REDIRECT_PORT;
  const result = await signInViaLoopback({
    authorizeUrl: options.authorizeUrl ?? `${host}/authorize.php`,
    tokenUrl: options.tokenUrl ?? `${host}/token.php?request=token`,
    clientId: options.clientId,
    clientSecret,
    scope,
    // BambooHR documents no PKCE; an unknown parameter is left out rather than risk a refusal.
    pkce: false,
    port,
    tls,
    ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
    onAuthorizeUrl: options.onAuthorizeUrl,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    // The code stays EADDRINUSE (callers recognise it); the words say what to do.
    throw Object.assign(
      new Error(
        `port ${port} on 127.0.0.1 is already in use (another sign-in, or another program), so the sign-in cannot listen for BambooHR's redirect there: close what uses it, or use another port and register https://127.0.0.1:<that port>/callback for the app`,
      ),
      { code: 'EADDRINUSE' },
    );
  });
  options.remember?.(result.accessToken);
  if (result.refreshToken === undefined) {
    throw new KitError(
      'AUTH_FAILED',
      'BambooHR signed in but gave no refresh token; the app needs the offline_access scope',
      { help: RECONNECT_HELP },
    );
  }
  options.remember?.(result.refreshToken);
  await options.storeSecret(options.refreshTokenSecret, result.refreshToken);
  return {
    refreshTokenSecret: options.refreshTokenSecret,
    scope: result.scope ?? scope,
    redirectUri: result.redirectUri,
  };
}

/** The redirect's certificate and key, read and checked before anything listens; every refusal names the file and the fix. */
async function redirectCertificate(
  files: BambooConnectOptions['tlsFiles'],
  port: number,
): Promise<{ cert: string; key: string }> {
  const register = `https://127.0.0.1:${port === 0 ? '<port>' : port}/callback`;
  if (files === undefined) {
    throw new KitError(
      'CONFIG_INVALID',
      `BambooHR sends the browser back to HTTPS addresses only, so this sign-in listens on ${register}, which needs a certificate for 127.0.0.1 that your browser trusts and its key (e.g. made with mkcert): give their files (connect --tls-cert FILE --tls-key FILE; the studio makes its own), and register ${register} as the app's redirect URI in BambooHR's developer portal`,
    );
  }
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new KitError(
        'CONFIG_INVALID',
        `the sign-in's ${what} file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  };
  const cert = await read(files.cert, 'certificate');
  const key = await read(files.key, 'private key');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's reason (e.g. a key that does not match the certificate); never the key itself.
    throw new KitError(
      'CONFIG_INVALID',
      `the sign-in's certificate ${files.cert} and key ${files.key} cannot be used together: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { cert, key };
}
