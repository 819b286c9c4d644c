/**
 * Microsoft Entra ID's token endpoint as Dataverse clients meet it (README "Facts"): `POST /<tenant>/
 * oauth2/v2.0/token`, form body, client credentials, scope `<environment url>/.default`; 200 with
 * `token_type`, `expires_in` (3599) and `access_token`, no refresh token. A wrong secret is 401
 * `invalid_client` (AADSTS7000215), a wrong scope 400 `invalid_scope` (AADSTS70011). Error bodies carry
 * `error_codes` as Entra's do; their exact wording is unconfirmed here.
 */
import { SimTokenIssuer } from '../../kit/simulator/tokens.ts';

export interface EntraApp {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TokenReply {
  readonly status: number;
  readonly body: unknown;
}

function refusal(status: number, error: string, code: number, text: string): TokenReply {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}`,
      error_codes: [code],
      timestamp: '2026-01-01 00:00:00Z',
      trace_id: '00000000-0000-0000-0000-000000000000',
      correlation_id: '00000000-0000-0000-0000-000000000000',
    },
  };
}

export class EntraTenant {
  readonly issuer: SimTokenIssuer;
  /** Token requests answered, refused ones included. */
  tokenRequests = 0;

  constructor(
    readonly tenant: string,
    private readonly apps: readonly EntraApp[],
    /** The scopes this environment answers to: `<url>/.default` (with or without a trailing slash before it). */
    private readonly environmentUrl: () => string,
    seed: number,
    now: () => number,
    private readonly lifetimeSeconds = 3599,
  ) {
    this.issuer = new SimTokenIssuer(seed, now);
  }

  token(tenant: string, form: URLSearchParams): TokenReply {
    this.tokenRequests += 1;
    if (tenant !== this.tenant)
      return refusal(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
      );
    if (form.get('grant_type') !== 'client_credentials')
      return refusal(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const app = this.apps.find((candidate) => candidate.clientId === form.get('client_id'));
    if (app === undefined)
      return refusal(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${tenant}'.`,
      );
    if (form.get('client_secret') !== app.clientSecret)
      return refusal(
        401,
        'invalid_client',
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" +
          app.clientId +
          "'.",
      );
    const url = this.environmentUrl().replace(/\/$/, '');
    const scope = form.get('scope') ?? '';
    if (scope !== `${url}/.default` && scope !== `${url}//.default`)
      return refusal(
        400,
        'invalid_scope',
        70011,
        `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      );
    const issued = this.issuer.issue(app.clientId, this.lifetimeSeconds);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: issued.expires_in,
        ext_expires_in: issued.expires_in,
        access_token: issued.access_token,
      },
    };
  }
}
