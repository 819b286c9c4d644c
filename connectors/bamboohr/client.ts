/**
 * The BambooHR API client: the kit's HTTP client with BambooHR's sign-in (bamboohr.md §2): an API key
 * over HTTP Basic (key as user, literal `x` as password) or OAuth 2.0 refresh tokens (`offline_access`),
 * renewed before expiry and once on a 401, a rotated refresh token written back to the secret store
 * before the new access token is used (the kit's `oauth2RefreshToken`). A refused grant (revoked or
 * already-used refresh token) becomes one AUTH_FAILED that says to reconnect. BambooHR puts error text
 * in a header with an empty body (§7); it is moved into the body so the kit's error keeps it.
 * Responses are parsed with every number's digits kept.
 */
import { oauth2RefreshToken } from '../kit/auth/oauth2.ts';
import type { RememberSecret, ResolveSecret, StoreSecret } from '../kit/auth/secrets.ts';
import { KitError, isKitError } from '../kit/errors.ts';
import { type AuthPart, createHttpClient, type HttpClient } from '../kit/http/client.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import type { TimeoutOptions } from '../kit/http/transport.ts';
import { type HttpRequest, type Interceptor, type Scrub, withHeaders } from '../kit/http/types.ts';
import { parseJsonExact, type JsonTree } from '../kit/json-exact.ts';

export type BambooAuthConfig =
  | { readonly method: 'api-key'; readonly apiKeySecret: string }
  | {
      readonly method: 'oauth2-refresh-token';
      readonly clientId: string;
      readonly clientSecretSecret: string;
      /** Rotated refresh tokens are written back under this same name. */
      readonly refreshTokenSecret: string;
      readonly scope?: string;
    };

export interface BambooConnectionConfig {
  /** The subdomain, e.g. `mycompany` for mycompany.bamboohr.com (§1). */
  readonly companyDomain: string;
  /** Default `https://{companyDomain}.bamboohr.com/api/v1`; the legacy `.../api/gateway.php/{companyDomain}/v1` works too (§1). */
  readonly apiBase?: string;
  /** Default `https://{companyDomain}.bamboohr.com/token.php?request=token` (§2). */
  readonly tokenUrl?: string;
  readonly auth: BambooAuthConfig;
  readonly resolveSecret: ResolveSecret;
  /** Needed for OAuth: where a rotated refresh token goes. */
  readonly storeSecret?: StoreSecret;
  readonly remember?: RememberSecret;
  readonly scrub?: Scrub;
  readonly retry?: RetryOptions | false;
  readonly timeouts?: TimeoutOptions;
  /** Clock for token expiry (tests inject one). */
  readonly now?: () => number;
  /** Renew the access token this long before it expires; default 60 s. */
  readonly refreshSkewMs?: number;
  /** PEM of a CA trusted besides the system's (address.caCertFile: a proxy that re-signs HTTPS, the simulator). */
  readonly caCert?: string;
}

export const RECONNECT_HELP =
  'Reconnect the BambooHR connection (sign in to BambooHR again) to store a new refresh token.';

export function apiBaseOf(config: Pick<BambooConnectionConfig, 'companyDomain' | 'apiBase'>): string {
  return (config.apiBase ?? `https://${encodeURIComponent(config.companyDomain)}.bamboohr.com/api/v1`).replace(
    /\/+$/,
    '',
  );
}

function authPart(config: BambooConnectionConfig): AuthPart {
  const { auth } = config;
  if (auth.method === 'api-key') {
    return apiKeyBasic(auth.apiKeySecret, config);
  }
  if (config.storeSecret === undefined)
    throw new KitError(
      'CONFIG_INVALID',
      'BambooHR OAuth needs somewhere to store the rotated refresh token (storeSecret)',
    );
  const part = oauth2RefreshToken({
    tokenUrl:
      config.tokenUrl ?? `https://${encodeURIComponent(config.companyDomain)}.bamboohr.com/token.php?request=token`,
    clientId: auth.clientId,
    clientSecretSecret: auth.clientSecretSecret,
    refreshTokenSecret: auth.refreshTokenSecret,
    ...(auth.scope === undefined ? {} : { scope: auth.scope }),
    resolveSecret: config.resolveSecret,
    storeSecret: config.storeSecret,
    ...(config.remember === undefined ? {} : { remember: config.remember }),
    ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
    ...(config.now === undefined ? {} : { now: config.now }),
    ...(config.refreshSkewMs === undefined ? {} : { refreshSkewMs: config.refreshSkewMs }),
    ...(config.retry === undefined || config.retry === false ? {} : { retry: config.retry }),
    ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
  });
  return { ...part, interceptor: reconnectOnRefusedGrant(part.interceptor, auth.refreshTokenSecret) };
}

/**
 * §2: HTTP Basic with the API key as the user and the literal `x` as the password. The kit's `basicAuth`
 * takes the user as plain text and the password as the secret; here the secret is the user.
 */
function apiKeyBasic(secretName: string, config: BambooConnectionConfig): AuthPart {
  let header: Promise<string> | undefined;
  return {
    kind: 'api-key',
    interceptor: (next) => async (request) => {
      header ??= config.resolveSecret(secretName).then((key) => {
        const value = Buffer.from(`${key}:x`, 'utf8').toString('base64');
        config.remember?.(key);
        config.remember?.(value);
        return `Basic ${value}`;
      });
      return next(withHeaders(request, { authorization: await header }));
    },
  };
}

/** An AUTH_FAILED thrown inside the OAuth part comes from the token endpoint: the grant is gone. */
function reconnectOnRefusedGrant(inner: Interceptor, secretName: string): Interceptor {
  return (next) => {
    const send = inner(next);
    return async (request) => {
      try {
        return await send(request);
      } catch (error) {
        if (!isKitError(error) || error.code !== 'AUTH_FAILED') throw error;
        const vendor = error.vendorMessage === undefined ? '' : ` (BambooHR said: ${error.vendorMessage})`;
        throw new KitError(
          'AUTH_FAILED',
          `BambooHR refused the stored sign-in "${secretName}": the refresh token was revoked, expired or already used, or the client secret changed${vendor}. Reconnect the connection.`,
          {
            cause: error,
            ...(error.status === undefined ? {} : { status: error.status }),
            ...(error.vendorMessage === undefined ? {} : { vendorMessage: error.vendorMessage }),
            help: RECONNECT_HELP,
          },
        );
      }
    };
  };
}

/** §7: the message is in `X-BambooHR-Error-Message` / `X-BambooHR-Message`, the body empty. */
const headerMessage: Interceptor = (next) => async (request) => {
  const response = await next(request);
  if (response.status < 400 || response.body.length > 0) return response;
  const message = response.headers['x-bamboohr-error-message'] ?? response.headers['x-bamboohr-message'];
  return message === undefined ? response : { ...response, body: Buffer.from(JSON.stringify({ message })) };
};

export class BambooClient {
  private readonly http: HttpClient;
  readonly apiBase: string;

  constructor(readonly config: BambooConnectionConfig) {
    this.apiBase = apiBaseOf(config);
    this.http = createHttpClient({
      baseUrl: `${this.apiBase}/`,
      auth: authPart(config),
      interceptors: [headerMessage],
      ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
      ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
      ...(config.retry === undefined ? {} : { retry: config.retry }),
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    });
  }

  get(path: string, query?: HttpRequest['query'], signal?: AbortSignal): Promise<JsonTree> {
    return this.json({
      method: 'GET',
      path: this.url(path),
      ...(query === undefined ? {} : { query }),
      ...(signal === undefined ? {} : { signal }),
    });
  }

  /** A POST that only reads (the custom report): safe to resend after a reset or a timeout. */
  postRead(path: string, query: HttpRequest['query'], body: unknown, signal?: AbortSignal): Promise<JsonTree> {
    return this.json({
      method: 'POST',
      path: this.url(path),
      idempotent: true,
      query,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      ...(signal === undefined ? {} : { signal }),
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private url(path: string): string {
    return `${this.apiBase}/${path.replace(/^\/+/, '')}`;
  }

  private async json(request: HttpRequest): Promise<JsonTree> {
    // §1: always ask for JSON (XML may be the default when Accept is left out; unconfirmed).
    const response = await this.http.send({ ...request, headers: { accept: 'application/json', ...request.headers } });
    try {
      return parseJsonExact(response.body.toString('utf8'));
    } catch (error) {
      throw new KitError(
        'RESPONSE_INVALID',
        `BambooHR answered ${request.path.split('?')[0] ?? ''} with text that is not JSON`,
        { cause: error },
      );
    }
  }
}
