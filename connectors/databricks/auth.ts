/**
 * Credentials for the warehouse. OAuth M2M tokens are fetched here (client credentials, Basic auth,
 * `scope=all-apis`) and handed to the driver as an external token: the driver's own OAuth path only
 * accepts `*.cloud.databricks.com`-style hosts on port 443 (databricks.md section 9, item 3).
 */
import { Agent, request } from 'undici';

export type DatabricksAuth =
  | { readonly kind: 'pat'; readonly token: string }
  | { readonly kind: 'oauth-m2m'; readonly clientId: string; readonly clientSecret: string };

/** Refresh this long before `expires_in` runs out, so a token never expires mid-statement. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export class TokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  /** How many times a token was requested from the workspace (for tests). */
  fetches = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly auth: DatabricksAuth,
    private readonly caCert: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.auth.kind === 'pat') return this.auth.token;
    if (this.cached !== undefined && this.now() < this.cached.refreshAt) return this.cached.token;
    const dispatcher = new Agent(this.caCert === undefined ? {} : { connect: { ca: this.caCert } });
    try {
      this.fetches += 1;
      const basic = Buffer.from(`${encodeURIComponent(this.auth.clientId)}:${encodeURIComponent(this.auth.clientSecret)}`).toString('base64');
      const response = await request(`${this.baseUrl}/oidc/v1/token`, {
        method: 'POST',
        dispatcher,
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&scope=all-apis',
      });
      const text = await response.body.text();
      // The body of a refusal is an OAuth error code; it never carries the secret, but keep the message short anyway.
      if (response.statusCode !== 200) throw new Error(`the workspace refused the OAuth client credentials (HTTP ${response.statusCode})`);
      const body = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
      if (typeof body.access_token !== 'string') throw new Error('the OAuth token response has no access_token');
      const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
      this.cached = { token: body.access_token, refreshAt: this.now() + Math.max(0, lifetimeMs - REFRESH_MARGIN_MS) };
      return body.access_token;
    } finally {
      await dispatcher.close();
    }
  }

  /** Forget the cached token (after a 401), so the next call fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }
}
