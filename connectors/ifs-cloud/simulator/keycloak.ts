/**
 * The tenant's IFS IAM, a Keycloak realm (ifs-cloud.md §2): `POST /auth/realms/<realm>/protocol/
 * openid-connect/token` with a form body; client credentials in the body (the live recordings) or HTTP
 * Basic (Keycloak accepts both). The answer has the live recording's fields, `expires_in: 180`. A wrong
 * client or secret is Keycloak's 401 `invalid_client`; an unknown realm its 404 (both unconfirmed for IFS).
 */
import { randomUUID } from 'node:crypto';
import { SimTokenIssuer } from '../../kit/simulator/tokens.ts';

export interface IamClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TokenReply {
  readonly status: number;
  readonly body: unknown;
}

export class IfsIam {
  readonly issuer: SimTokenIssuer;
  /** Token requests answered, refused ones included (a wrong secret must cost one). */
  tokenRequests = 0;

  constructor(
    readonly realm: string,
    private readonly client: IamClient,
    seed: number,
    now: () => number,
    private readonly lifetimeSeconds = 180,
  ) {
    this.issuer = new SimTokenIssuer(seed, now);
  }

  token(realm: string, form: URLSearchParams, authorization: string | undefined): TokenReply {
    this.tokenRequests += 1;
    if (realm !== this.realm) return { status: 404, body: { error: 'Realm does not exist' } };
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic === undefined ? [] : Buffer.from(basic, 'base64').toString('utf8').split(':');
    const clientId = form.get('client_id') ?? basicId;
    const secret = form.get('client_secret') ?? basicSecret;
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials' && grant !== 'refresh_token')
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' } };
    if (clientId !== this.client.clientId || secret !== this.client.clientSecret)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' },
      };
    const issued = this.issuer.issue(clientId, this.lifetimeSeconds);
    return {
      status: 200,
      body: {
        access_token: issued.access_token,
        expires_in: this.lifetimeSeconds,
        refresh_expires_in: 1800,
        refresh_token: `refresh-${issued.access_token}`,
        token_type: 'Bearer',
        id_token: `id-${issued.access_token}`,
        'not-before-policy': 0,
        session_state: randomUUID(),
        scope: 'openid audience microprofile-jwt profile email',
      },
    };
  }
}
