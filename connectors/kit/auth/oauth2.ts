/**
 * OAuth2 bearer tokens (RFC 6749): client credentials (4.4) and refresh token (6). The access token is
 * cached and renewed `refreshSkewMs` before it expires; one renewal runs at a time; a 401 with a token we
 * believed valid (revoked, clock skew) gets one renewal and one retry, then AUTH_FAILED. A token endpoint
 * that refuses the client or grant is AUTH_FAILED at once: retrying a wrong secret only locks accounts.
 * A rotated refresh token is single-use, so it is written to the secret store before the new access
 * token is used (the store's write is atomic); if that write fails, the run stops with TOKEN_STORE_FAILED.
 */
import { KitError, isKitError } from '../errors.ts';
import { type AuthPart, createHttpClient, type HttpClient } from '../http/client.ts';
import type { RetryOptions } from '../http/retry.ts';
import type { HttpResponse, Scrub } from '../http/types.ts';
import { responseJson, withHeaders } from '../http/types.ts';
import type { RememberSecret, ResolveSecret, StoreSecret } from './secrets.ts';

interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

export interface TokenResponse {
  readonly access_token?: unknown;
  readonly expires_in?: unknown;
  readonly refresh_token?: unknown;
}

interface CommonOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Secret name of the client secret; omitted for public clients (refresh-token flow only). */
  readonly clientSecretSecret?: string;
  readonly scope?: string;
  readonly resolveSecret: ResolveSecret;
  readonly remember?: RememberSecret;
  /** Renew this long before expiry. Default 60 s. */
  readonly refreshSkewMs?: number;
  readonly now?: () => number;
  readonly retry?: RetryOptions;
  readonly scrub?: Scrub;
  /** PEM of the connection's own CA (caCertFile), trusted for the token endpoint as for the API. */
  readonly caCert?: string;
}

export type OAuth2ClientCredentialsOptions = CommonOptions;

export interface OAuth2RefreshTokenOptions extends CommonOptions {
  /** Secret name of the refresh token; rotated values are written back under the same name. */
  readonly refreshTokenSecret: string;
  readonly storeSecret: StoreSecret;
}

function tokenClient(options: CommonOptions) {
  return createHttpClient({
    baseUrl: options.tokenUrl,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.scrub === undefined ? {} : { scrub: options.scrub }),
    ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
  });
}

/** POSTs a token request form (RFC 6749 §4.1.3, §4.4, §6); a refused client or grant is AUTH_FAILED. */
export async function postForm(
  client: Pick<HttpClient, 'send'>,
  url: string,
  form: Record<string, string>,
): Promise<TokenResponse> {
  let response: HttpResponse;
  try {
    response = await client.send({
      method: 'POST',
      path: url,
      idempotent: true, // a token request changes nothing a second request would duplicate
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  } catch (error) {
    if (isKitError(error) && (error.status === 400 || error.status === 401)) {
      throw new KitError(
        'AUTH_FAILED',
        `the token endpoint refused the client or grant${error.vendorMessage === undefined ? '' : `: ${error.vendorMessage}`}`,
        {
          status: error.status,
          cause: error,
          ...(error.vendorMessage === undefined ? {} : { vendorMessage: error.vendorMessage }),
          help: 'Check the client id, the stored client secret or refresh token, and the scope.',
        },
      );
    }
    throw error;
  }
  return responseJson<TokenResponse>(response);
}

function readToken(body: TokenResponse, now: number): CachedToken {
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new KitError('RESPONSE_INVALID', 'the token endpoint answered without an access_token');
  }
  const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
  return { accessToken: body.access_token, expiresAt: now + (Number.isFinite(seconds) ? seconds : 3600) * 1000 };
}

/** The shared part: cache, single-flight renewal, bearer header, one renew-and-retry on 401. */
function bearerPart(
  kind: string,
  options: CommonOptions,
  fetchToken: () => Promise<CachedToken>,
  close: () => Promise<void>,
): AuthPart {
  const now = options.now ?? Date.now;
  const skew = options.refreshSkewMs ?? 60_000;
  let cached: CachedToken | undefined;
  let renewing: Promise<CachedToken> | undefined;
  const renew = (): Promise<CachedToken> => {
    renewing ??= fetchToken()
      .then((token) => {
        options.remember?.(token.accessToken);
        cached = token;
        return token;
      })
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };
  const current = (): Promise<CachedToken> =>
    cached !== undefined && cached.expiresAt - skew > now() ? Promise.resolve(cached) : renew();
  return {
    kind,
    close,
    interceptor: (next) => async (request) => {
      const used = await current();
      const response = await next(withHeaders(request, { authorization: `Bearer ${used.accessToken}` }));
      if (response.status !== 401) return response;
      if (cached === used) cached = undefined;
      const fresh = await current();
      return next(withHeaders(request, { authorization: `Bearer ${fresh.accessToken}` }));
    },
  };
}

export function oauth2ClientCredentials(options: OAuth2ClientCredentialsOptions): AuthPart {
  const client = tokenClient(options);
  const now = options.now ?? Date.now;
  return bearerPart(
    'oauth2-client-credentials',
    options,
    async () => {
      const secret =
        options.clientSecretSecret === undefined ? undefined : await options.resolveSecret(options.clientSecretSecret);
      const form: Record<string, string> = { grant_type: 'client_credentials', client_id: options.clientId };
      if (secret !== undefined) form.client_secret = secret;
      if (options.scope !== undefined) form.scope = options.scope;
      return readToken(await postForm(client, options.tokenUrl, form), now());
    },
    () => client.close(),
  );
}

export function oauth2RefreshToken(options: OAuth2RefreshTokenOptions): AuthPart {
  const client = tokenClient(options);
  const now = options.now ?? Date.now;
  let refreshToken: string | undefined;
  return bearerPart(
    'oauth2-refresh-token',
    options,
    async () => {
      refreshToken ??= await options.resolveSecret(options.refreshTokenSecret);
      const form: Record<string, string> = {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: options.clientId,
      };
      if (options.clientSecretSecret !== undefined)
        form.client_secret = await options.resolveSecret(options.clientSecretSecret);
      if (options.scope !== undefined) form.scope = options.scope;
      const body = await postForm(client, options.tokenUrl, form);
      const token = readToken(body, now());
      if (typeof body.refresh_token === 'string' && body.refresh_token !== '' && body.refresh_token !== refreshToken) {
        refreshToken = body.refresh_token;
        options.remember?.(refreshToken);
        try {
          await options.storeSecret(options.refreshTokenSecret, refreshToken);
        } catch (error) {
          throw new KitError(
            'TOKEN_STORE_FAILED',
            `the rotated refresh token could not be saved as "${options.refreshTokenSecret}"; the old one is no longer valid`,
            {
              cause: error,
              help: 'Make the keychain writable, then sign in again to store a new refresh token.',
            },
          );
        }
      }
      return token;
    },
    () => client.close(),
  );
}
