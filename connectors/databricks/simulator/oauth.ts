/**
 * The workspace OAuth machine-to-machine endpoints (databricks.md section 2): discovery, and a
 * client-credentials token endpoint with Basic client authentication issuing JWT-shaped access
 * tokens whose `exp` the driver decodes (an opaque token crashes its OAuth path). Tokens are signed
 * with a per-start key so the simulator can check the ones it issued.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenOptions {
  /** Access token lifetime; Databricks issues one-hour tokens. */
  readonly lifetimeSeconds?: number;
  /** The simulator's clock in epoch milliseconds, injectable so tests expire tokens without waiting. */
  readonly now?: () => number;
}

export interface M2MCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export type TokenResponse =
  | { status: 200; body: Record<string, unknown> }
  | { status: 400 | 401; body: { error: string; error_description: string } };

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export class OAuthIssuer {
  private readonly key = randomBytes(32);
  readonly lifetimeSeconds: number;
  readonly now: () => number;
  /** Access tokens issued so far, so a test can see that a client came back for a new one. */
  issued = 0;

  constructor(
    private readonly client: M2MCredentials,
    options: TokenOptions = {},
  ) {
    this.lifetimeSeconds = options.lifetimeSeconds ?? 3600;
    this.now = options.now ?? Date.now;
  }

  discovery(baseUrl: string): Record<string, unknown> {
    return {
      issuer: `${baseUrl}/oidc`,
      authorization_endpoint: `${baseUrl}/oidc/v1/authorize`,
      token_endpoint: `${baseUrl}/oidc/v1/token`,
      grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['all-apis', 'sql', 'offline_access'],
    };
  }

  /** `POST /oidc/v1/token` with the request's Authorization header and form body. */
  token(authorization: string | undefined, form: URLSearchParams): TokenResponse {
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    const decoded = basic === null ? undefined : Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const [id, secret] =
      decoded === undefined ? [form.get('client_id') ?? '', form.get('client_secret') ?? ''] : splitOnce(decoded, ':');
    if (!same(id, this.client.clientId) || !same(secret, this.client.clientSecret)) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' },
      };
    }
    const scope = form.get('scope') ?? 'all-apis';
    const iat = Math.floor(this.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ sub: id, client_id: id, scope, iat, exp: iat + this.lifetimeSeconds }));
    const signature = b64url(createHmac('sha256', this.key).update(`${header}.${payload}`).digest());
    this.issued += 1;
    return {
      status: 200,
      body: {
        access_token: `${header}.${payload}.${signature}`,
        token_type: 'Bearer',
        expires_in: this.lifetimeSeconds,
        scope,
      },
    };
  }

  /** True for a token this simulator issued that has not expired by its clock. */
  accepts(token: string): boolean {
    const expiry = this.expiryOf(token);
    return expiry !== undefined && expiry > this.now();
  }

  /** True for a token this simulator issued whose time is up. */
  issuedExpired(token: string): boolean {
    const expiry = this.expiryOf(token);
    return expiry !== undefined && expiry <= this.now();
  }

  /** When a token this simulator signed expires (epoch ms); undefined for any other text. */
  private expiryOf(token: string): number | undefined {
    const [header, payload, signature] = token.split('.');
    if (header === undefined || payload === undefined || signature === undefined) return undefined;
    const expected = b64url(createHmac('sha256', this.key).update(`${header}.${payload}`).digest());
    if (!same(signature, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
      return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    } catch {
      return undefined;
    }
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ''] : [decodeURIComponent(text.slice(0, at)), decodeURIComponent(text.slice(at + 1))];
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
