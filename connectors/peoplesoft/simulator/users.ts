/**
 * Who a request runs as: HTTP Basic with an OPRID and password; a Bearer token from the simulated
 * identity provider (PeopleSoft is a resource server only: the token's subject, an email, maps to a user);
 * or, with no credentials, the ANONYMOUS node's default user (peoplesoft.md §0 §2). Each user holds
 * permission lists; `QAS_EXECUTEQRY_REST_GET` needs `PTPT2200` (delivered role QAS Admin). Row-level
 * security filters rows per user, so the same query answers different rows to different users.
 */
import type { SimRequest } from '../../kit/simulator/server.ts';
import type { SimTokenIssuer } from '../../kit/simulator/tokens.ts';

export interface SimUser {
  readonly oprid: string;
  readonly password: string;
  readonly email: string;
  readonly permissionLists: readonly string[];
  /** Process profile: the processes the user may run (the poll variant needs QASEXEQRY). */
  readonly processProfile?: readonly string[];
  /** Row-level query security: the business units this user's query security records let it see (all when absent). */
  readonly businessUnits?: readonly string[];
}

export interface SimClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The user the IdP's token maps to, by email. */
  readonly email: string;
}

export const QAS_PERMISSION_LIST = 'PTPT2200';

export type Caller = { readonly user: SimUser } | { readonly refused: 'basic' | 'bearer' };

export function callerOf(request: SimRequest, users: readonly SimUser[], tokens: SimTokenIssuer): Caller {
  const header = request.headers.authorization ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = users.find((candidate) => candidate.oprid === decoded.slice(0, colon));
    return user !== undefined && colon > 0 && user.password === decoded.slice(colon + 1)
      ? { user }
      : { refused: 'basic' };
  }
  if (/^Bearer\s/i.test(header)) {
    const subject = tokens.subjectOf(request);
    const user = users.find((candidate) => candidate.email === subject);
    return user === undefined ? { refused: 'bearer' } : { user };
  }
  const anonymous = users.find((candidate) => candidate.oprid === 'ANONYMOUS');
  return anonymous === undefined ? { refused: 'basic' } : { user: anonymous };
}

/** The IdP's token endpoint: client credentials in the form body or a Basic header (RFC 6749 §2.3.1). */
export function issueToken(
  request: SimRequest,
  clients: readonly SimClient[],
  tokens: SimTokenIssuer,
  lifetimeSeconds: number,
): { status: number; body: unknown } {
  const form = new URLSearchParams(request.body);
  let clientId = form.get('client_id') ?? '';
  let secret = form.get('client_secret') ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (form.get('grant_type') !== 'client_credentials')
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'client_credentials only' } };
  const client = clients.find((candidate) => candidate.clientId === clientId && candidate.clientSecret === secret);
  if (client === undefined)
    return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
  return { status: 200, body: tokens.issue(client.email, lifetimeSeconds) };
}
