/**
 * Sign-in for the BambooHR simulator (bamboohr.md §2): an API key over HTTP Basic (the key as user, the
 * literal `x` as password), or OAuth 2.0 bearer tokens from `POST /token.php?request=token`
 * (authorization_code and refresh_token grants, form-encoded, client id and secret in the form).
 * Refresh tokens rotate on every refresh here: §2 says BambooHR "may or may not" rotate, so the
 * simulator takes the harder case. A rotated-out token presented again before its successor has been
 * used gets the same successor back (a lost token response must not end the grant); once the successor
 * has been used, the old one is refused, as a replay. That grace is the simulator's choice: BambooHR's
 * own behaviour for it is unconfirmed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SimTokenIssuer } from '../../kit/simulator/tokens.ts';

export interface BambooOAuthApp {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The redirect URIs registered for the app in BambooHR's developer portal: HTTPS only (§2). */
  readonly redirectUris: readonly string[];
}

export interface TokenReply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

interface RefreshGrant {
  readonly subject: string;
  readonly scope: string;
  /** The token issued in exchange for this one, while this one is still accepted as a retry. */
  successor?: { readonly refreshToken: string; readonly reply: TokenReply };
  revoked: boolean;
}

export class BambooAuth {
  readonly issuer: SimTokenIssuer;
  readonly refreshGrants = new Map<string, RefreshGrant>();
  readonly codes = new Map<string, { readonly scope: string; readonly redirectUri: string }>();
  readonly stats = { tokenRequests: 0, refreshes: 0, refused: 0 };
  private issued = 0;
  private readonly redirectUris = new Set<string>();

  constructor(
    readonly apiKeys: readonly string[],
    readonly app: BambooOAuthApp,
    private readonly now: () => number,
    private readonly seed: number,
    readonly accessLifetimeSeconds: number,
  ) {
    this.issuer = new SimTokenIssuer(seed, now);
    for (const uri of app.redirectUris) this.registerRedirectUri(uri);
  }

  /**
   * Registers a redirect URI for the app, as the developer portal does: HTTPS only (§2: "must exactly match
   * the registered one and be HTTPS"; BambooHR's SDK guide: "BambooHR will not send authorization codes to
   * plain HTTP endpoints"). The portal's own refusal text is unconfirmed.
   */
  registerRedirectUri(uri: string): void {
    if (!uri.startsWith('https://')) throw new Error(`BambooHR registers HTTPS redirect URIs only, not ${uri}`);
    this.redirectUris.add(uri);
  }

  /** The signed-in subject of a request, or undefined: a Basic API key or a live bearer token. */
  subject(headers: IncomingHttpHeaders): { readonly kind: 'api-key' | 'oauth'; readonly subject: string } | undefined {
    const header = headers.authorization ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (basic !== null) {
      const [user, password] = splitOnce(Buffer.from(basic[1] ?? '', 'base64').toString('utf8'));
      return password === 'x' && this.apiKeys.includes(user) ? { kind: 'api-key', subject: 'api-user' } : undefined;
    }
    const subject = this.issuer.subjectOf({ headers });
    return subject === undefined ? undefined : { kind: 'oauth', subject };
  }

  /** Set to make the next `/authorize.php` visit answer as a user who clicked "Deny". */
  denyNext = false;

  /**
   * `GET /authorize.php` (§2): the browser leg, consented at once as the demo user: a redirect to
   * `redirect_uri` with `code` and `state`. The redirect URI must be one registered for the app, character
   * for character (§2; BambooHR's guide: "exactly matches the one you registered"); another is answered
   * with an error page and never redirected to (RFC 6749 §4.1.2.1). BambooHR's own words for it are
   * unconfirmed.
   */
  authorize(query: URLSearchParams): {
    readonly status: number;
    readonly headers?: Record<string, string>;
    readonly message?: string;
  } {
    const redirect = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== this.app.clientId) return { status: 400, message: 'Unknown client_id.' };
    if (!this.redirectUris.has(redirect))
      return {
        status: 400,
        message: `The redirect_uri ${redirect === '' ? '(none)' : redirect} is not a redirect URI registered for this application.`,
      };
    if (query.get('response_type') !== 'code') return { status: 400, message: 'response_type must be code.' };
    const target = new URL(redirect);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    if (this.denyNext) {
      this.denyNext = false;
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied access.');
    } else {
      target.searchParams.set('code', this.issueCode(query.get('scope') ?? 'openid', redirect));
    }
    return { status: 302, headers: { location: target.toString() } };
  }

  /** An authorization code, as `/authorize.php` redirects with (also for tests that skip the browser leg). */
  issueCode(scope = 'openid offline_access employee report', redirectUri = 'https://127.0.0.1/callback'): string {
    const code = `code-${this.seed}-${++this.issued}`;
    this.codes.set(code, { scope, redirectUri });
    return code;
  }

  /** A refresh token for the demo app, as if the user had signed in (what `simulate` prints). */
  issueRefreshToken(scope = 'openid offline_access employee report'): string {
    const token = this.newRefreshToken();
    this.refreshGrants.set(token, { subject: 'oauth-user', scope, revoked: false });
    return token;
  }

  /** Revokes a refresh token (an admin disconnecting the app); every token rotated from it stops too. */
  revoke(refreshToken: string): void {
    const grant = this.refreshGrants.get(refreshToken);
    if (grant === undefined) return;
    grant.revoked = true;
    if (grant.successor !== undefined) this.revoke(grant.successor.refreshToken);
  }

  revokeAll(): void {
    for (const grant of this.refreshGrants.values()) grant.revoked = true;
  }

  token(form: URLSearchParams): TokenReply {
    this.stats.tokenRequests += 1;
    if (form.get('client_id') !== this.app.clientId || form.get('client_secret') !== this.app.clientSecret) {
      return this.refuse(401, 'invalid_client', 'The client credentials are invalid.');
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (code === undefined || code.redirectUri !== form.get('redirect_uri'))
        return this.refuse(400, 'invalid_grant', 'The authorization code is invalid or was already used.');
      this.codes.delete(form.get('code') ?? '');
      return this.grant('oauth-user', code.scope);
    }
    if (grantType !== 'refresh_token')
      return this.refuse(400, 'unsupported_grant_type', `grant_type ${grantType ?? '(none)'} is not supported.`);
    const presented = form.get('refresh_token') ?? '';
    const grant = this.refreshGrants.get(presented);
    if (grant === undefined || grant.revoked)
      return this.refuse(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
    if (grant.successor !== undefined) {
      const next = this.refreshGrants.get(grant.successor.refreshToken);
      if (next !== undefined && next.successor === undefined && !next.revoked) return grant.successor.reply;
      return this.refuse(400, 'invalid_grant', 'The refresh token was already used.');
    }
    this.stats.refreshes += 1;
    const reply = this.grant(grant.subject, grant.scope);
    grant.successor = { refreshToken: String(reply.body.refresh_token), reply };
    return reply;
  }

  private grant(subject: string, scope: string): TokenReply {
    const access = this.issuer.issue(subject, this.accessLifetimeSeconds);
    const body: Record<string, unknown> = {
      access_token: access.access_token,
      expires_in: access.expires_in,
      token_type: 'Bearer',
      scope,
    };
    // §2: offline_access is required to receive a refresh token.
    if (scope.split(/\s+/).includes('offline_access')) {
      const refreshToken = this.newRefreshToken();
      this.refreshGrants.set(refreshToken, { subject, scope, revoked: false });
      body.refresh_token = refreshToken;
    }
    return { status: 200, body };
  }

  private refuse(status: number, error: string, description: string): TokenReply {
    this.stats.refused += 1;
    return { status, body: { error, error_description: description } };
  }

  private newRefreshToken(): string {
    return `rt-${this.seed.toString(36)}-${(++this.issued).toString(36)}-${this.now().toString(36)}`;
  }
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf(':');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
