/**
 * Connecting BambooHR with OAuth (bamboohr.md §2): the authorization-code sign-in through a loopback
 * redirect (the kit's `signInViaLoopback`), asking for `offline_access` so BambooHR issues a refresh
 * token, which is stored under the connection's `refreshTokenSecret` before anything else uses it.
 * The CLI's `connect` calls this; the studio can too. What it returns names no secret.
 * BambooHR says a redirect URI must be registered and HTTPS (§2); whether it accepts a loopback
 * `http://127.0.0.1:<port>/callback` for a desktop app is unconfirmed: register that address (with a
 * fixed `port`) where the developer portal allows it.
 */
import { signInViaLoopback } from '../kit/auth/oauth2-loopback.ts';
import type { RememberSecret, ResolveSecret, StoreSecret } from '../kit/auth/secrets.ts';
import { KitError } from '../kit/errors.ts';
import { RECONNECT_HELP } from './client.ts';

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
  readonly port?: number;
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
    throw new KitError('CONFIG_INVALID', `the scope "${scope}" lacks offline_access, without which BambooHR issues no refresh token (§2)`);
  }
  const clientSecret = await options.resolveSecret(options.clientSecretSecret);
  const result = await signInViaLoopback({
    authorizeUrl: options.authorizeUrl ?? `${host}/authorize.php`,
    tokenUrl: options.tokenUrl ?? `${host}/token.php?request=token`,
    clientId: options.clientId,
    clientSecret,
    scope,
    // BambooHR documents no PKCE; an unknown parameter is left out rather than risk a refusal.
    pkce: false,
    ...(options.port === undefined ? {} : { port: options.port }),
    onAuthorizeUrl: options.onAuthorizeUrl,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  options.remember?.(result.accessToken);
  if (result.refreshToken === undefined) {
    throw new KitError('AUTH_FAILED', 'BambooHR signed in but gave no refresh token; the app needs the offline_access scope', { help: RECONNECT_HELP });
  }
  options.remember?.(result.refreshToken);
  await options.storeSecret(options.refreshTokenSecret, result.refreshToken);
  return { refreshTokenSecret: options.refreshTokenSecret, scope: result.scope ?? scope, redirectUri: result.redirectUri };
}
