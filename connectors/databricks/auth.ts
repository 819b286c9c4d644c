/**
 * Credentials for the warehouse. OAuth M2M tokens are fetched here (client credentials, Basic auth,
 * `scope=all-apis`) and handed to the driver as an external token: the driver's own OAuth path only
 * accepts `*.cloud.databricks.com`-style hosts on port 443 (databricks.md section 9, item 3).
 * The request goes through the kit's HTTP client (429/503 and `Retry-After` waited out, resets retried).
 * The kit's `oauth2ClientCredentials` is not used: it offers only an interceptor, while the driver needs
 * a token function, and its token client cannot be told to trust an extra CA.
 */
import { isKitError } from '../kit/errors.ts';
import type { HttpClient } from '../kit/http/client.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import { RetrySchedule, type RetryPolicy } from '../kit/http/retry-policy.ts';
import { responseJson } from '../kit/http/types.ts';
import { DatabricksDestinationError } from './errors.ts';
import { workspaceClient } from './workspace-http.ts';

/** `secretName`: the secret reference the token or client secret came from, named when Databricks refuses it. */
export type DatabricksAuth =
  | { readonly kind: 'pat'; readonly token: string; readonly secretName?: string }
  | {
      readonly kind: 'oauth-m2m';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly secretName?: string;
    };

/** Refresh this long before `expires_in` runs out, so a token never expires mid-statement. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * The token endpoint throttles with a 400, not a 429: `{"error":"invalid_request","error_description":
 * "Temporarily throttled, too many requests"}` (databricks/databricks-sdk-go#321). That is a busy
 * endpoint, not a wrong secret: waited out, 1 s doubling to 16 s with jitter, 6 tries in all (about 30 s).
 */
/** The kit's policy with half jitter: several runs renewing at once are spread apart. */
const THROTTLE_RETRY = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 16_000,
  jitter: 'half',
} as const satisfies RetryPolicy;

function throttled(error: unknown): boolean {
  return (
    isKitError(error) &&
    error.status === 400 &&
    /temporarily throttled|too many requests/i.test(error.vendorMessage ?? '')
  );
}

export interface TokenSourceOptions {
  /** `https://host:port`. */
  readonly baseUrl: string;
  readonly auth: DatabricksAuth;
  readonly caCert?: string;
  readonly retry?: RetryOptions;
  readonly now?: () => number;
}

export class TokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  private renewing: Promise<string> | undefined;
  private client: HttpClient | undefined;
  /** How many times a token was requested from the workspace (for tests). */
  fetches = 0;

  constructor(private readonly options: TokenSourceOptions) {}

  async token(): Promise<string> {
    const { auth } = this.options;
    if (auth.kind === 'pat') return auth.token;
    const now = this.options.now ?? Date.now;
    if (this.cached !== undefined && now() < this.cached.refreshAt) return this.cached.token;
    // One request at a time: the driver and the REST client may both ask while a token is on its way.
    this.renewing ??= this.fetch(auth).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /** Forget the cached token (after a 401), so the next call fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }

  /** One token request, a throttled answer waited out (THROTTLE_RETRY); any other failure thrown as it came. */
  private async request(client: HttpClient, basic: string): Promise<{ access_token?: unknown; expires_in?: unknown }> {
    const schedule = new RetrySchedule({
      ...THROTTLE_RETRY,
      ...(this.options.retry?.sleep === undefined ? {} : { sleep: this.options.retry.sleep }),
    });
    for (;;) {
      try {
        this.fetches += 1;
        const response = await client.send({
          method: 'POST',
          path: '/oidc/v1/token',
          idempotent: true, // a token request changes nothing a second request would duplicate
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: 'grant_type=client_credentials&scope=all-apis',
        });
        return responseJson(response);
      } catch (error) {
        const delay = throttled(error) ? schedule.next() : undefined;
        if (delay === undefined) throw error;
        await schedule.sleep(delay);
      }
    }
  }

  private async fetch(auth: Extract<DatabricksAuth, { kind: 'oauth-m2m' }>): Promise<string> {
    const { baseUrl, caCert, retry } = this.options;
    this.client ??= workspaceClient({
      baseUrl,
      ...(caCert === undefined ? {} : { caCert }),
      ...(retry === undefined ? {} : { retry }),
    });
    const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString(
      'base64',
    );
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = await this.request(this.client, basic);
    } catch (error) {
      if (throttled(error)) {
        throw new DatabricksDestinationError(
          'DATABRICKS_UNAVAILABLE',
          `The Databricks token endpoint kept answering "Temporarily throttled, too many requests" (${THROTTLE_RETRY.maxAttempts} tries); ` +
            'the client credentials were not refused. Run again in a few minutes.',
          { httpStatus: 400, transient: true },
        );
      }
      // The body of a refusal is an OAuth error code; it never carries the secret, but keep the message short anyway.
      const status = isKitError(error) ? error.status : undefined;
      if (status === 400 || status === 401 || status === 403) {
        const stored = auth.secretName === undefined ? '' : ` stored as "${auth.secretName}"`;
        throw new DatabricksDestinationError(
          'DATABRICKS_AUTH_FAILED',
          `Databricks refused the OAuth client credentials (HTTP ${status}): check the client id "${auth.clientId}" and the client secret${stored}.`,
          { httpStatus: status },
        );
      }
      throw error;
    }
    if (typeof body.access_token !== 'string')
      throw new DatabricksDestinationError('DATABRICKS_AUTH_FAILED', 'the OAuth token response has no access_token');
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    const now = this.options.now ?? Date.now;
    this.cached = { token: body.access_token, refreshAt: now() + Math.max(0, lifetimeMs - REFRESH_MARGIN_MS) };
    return body.access_token;
  }
}
