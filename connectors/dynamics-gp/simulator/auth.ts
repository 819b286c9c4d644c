/**
 * Windows authentication as GP's SBA in Windows mode does it (dynamics-gp.md §2): NTLM (also inside
 * `Negotiate`) and Basic with `DOMAIN\user` (both confirmed). NTLM authenticates the TCP connection, as
 * IIS does: the Type 3 must come on the connection that received the Type 2, and once it passes, later
 * requests on that connection need no header (IIS's default connection-based NTLM persistence).
 * `Negotiate` takes the NTLM messages raw (Windows clients) or wrapped in SPNEGO (RFC 4178: GSS-API
 * clients such as `curl --negotiate` with an NTLM mechanism), and answers in the shape it was asked in:
 * the challenge in a NegTokenResp (accept-incomplete, NTLMSSP), the success with accept-completed.
 * Over HTTPS, `extendedProtection` checks the NTLM channel binding as IIS's Extended Protection does
 * (GP Web Services run on IIS, where administrators switch it on); a refusal is the same 401 as a failed
 * logon, with the challenges offered again (IIS logs it as 401.1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { decodeNtlmMessage, NTLM_SIGNATURE } from '../../kit/auth/ntlm-messages.ts';
import { NegState, negTokenResp, NTLMSSP_OID, readNegotiateToken } from '../../kit/auth/spnego.ts';
import { createNtlmChallenge, verifyNtlmType3, type ExtendedProtection } from '../../kit/simulator/ntlm-verifier.ts';

export interface GpUser {
  readonly domain: string;
  readonly user: string;
  readonly password: string;
}

export interface AuthOptions {
  readonly users: readonly GpUser[];
  /** Basic may be turned off at install; on by default (§2: Windows mode accepts NTLM or Basic). */
  readonly basic: boolean;
  readonly computer: string;
  /** Close the connection after this many NTLM challenges (test knob; 0 = keep alive as IIS does). */
  readonly dropAfterChallenge?: number;
  /** IIS Extended Protection (channel binding over HTTPS): 'off' by default, as IIS ships. */
  readonly extendedProtection?: ExtendedProtection;
}

/** NTLM legs as the server saw them; `type3WithoutChallenge` counts answers sent on a connection never challenged. */
export interface NtlmStats {
  challenges: number;
  accepted: number;
  refused: number;
  type3WithoutChallenge: number;
}

interface ConnectionState {
  challenge?: { readonly serverChallenge: Buffer; readonly scheme: string };
  user?: string;
}

/** An NTLM message from an `NTLM` or `Negotiate` header, and whether it came wrapped in SPNEGO. */
type NtlmLeg =
  | { readonly kind: 'ntlm'; readonly message: Buffer; readonly spnego: boolean }
  /** SPNEGO offered NTLM, but not first or without its first message: the server names NTLM and waits. */
  | { readonly kind: 'select-ntlm' }
  | { readonly kind: 'refused' };

function ntlmType(message: Buffer): number | undefined {
  return message.length >= 12 && message.subarray(0, 8).equals(NTLM_SIGNATURE) ? message.readUInt32LE(8) : undefined;
}

function ntlmLeg(scheme: string, header: string): NtlmLeg {
  try {
    const bytes = decodeNtlmMessage(header);
    if (scheme === 'ntlm') return { kind: 'ntlm', message: bytes, spnego: false };
    const token = readNegotiateToken(bytes);
    if (token.kind === 'raw') return { kind: 'ntlm', message: token.bytes, spnego: false };
    if (token.kind === 'resp')
      return token.responseToken === undefined
        ? { kind: 'refused' }
        : { kind: 'ntlm', message: token.responseToken, spnego: true };
    if (!token.mechTypes.includes(NTLMSSP_OID)) return { kind: 'refused' };
    // The optimistic token belongs to the initiator's first choice; only an NTLM one can be used here.
    if (token.mechTypes[0] !== NTLMSSP_OID || token.mechToken === undefined) return { kind: 'select-ntlm' };
    return { kind: 'ntlm', message: token.mechToken, spnego: true };
  } catch {
    return { kind: 'refused' };
  }
}

const spnegoHeader = (parts: Parameters<typeof negTokenResp>[0]): string =>
  `Negotiate ${negTokenResp(parts).toString('base64')}`;

/**
 * The 401 body. SBA's error body is unconfirmed (§7); this is the ASP.NET Web API text for a denied
 * request, in the simulator's JSON error shape `{"Message": ...}`.
 */
export const UNAUTHORIZED_MESSAGE = 'Authorization has been denied for this request.';

export class GpAuthenticator {
  private readonly connections = new WeakMap<Socket, ConnectionState>();
  readonly stats: NtlmStats = { challenges: 0, accepted: 0, refused: 0, type3WithoutChallenge: 0 };
  private drops: number;
  constructor(private readonly options: AuthOptions) {
    this.drops = options.dropAfterChallenge ?? 0;
  }

  /** Forgets the connection's sign-in (the `expire` fault): its next request without a header gets a 401. */
  forget(socket: Socket): void {
    this.connections.delete(socket);
  }

  /** The signed-in `DOMAIN\user`, or undefined after this has answered the request with a 401. */
  authenticate(request: IncomingMessage, response: ServerResponse): string | undefined {
    const socket = request.socket;
    const state = this.connections.get(socket) ?? {};
    this.connections.set(socket, state);
    const header = request.headers.authorization;
    if (header === undefined) {
      if (state.user !== undefined) return state.user;
      return this.deny(response);
    }
    const scheme = header.split(/\s+/, 1)[0]?.toLowerCase() ?? '';
    if (scheme === 'basic' && this.options.basic) return this.basic(header) ?? this.deny(response);
    if (scheme === 'ntlm' || scheme === 'negotiate') {
      const schemeName = scheme === 'ntlm' ? 'NTLM' : 'Negotiate';
      const leg = ntlmLeg(scheme, header);
      if (leg.kind === 'refused') return this.deny(response);
      if (leg.kind === 'select-ntlm') {
        return this.deny(response, [spnegoHeader({ negState: NegState.acceptIncomplete, supportedMech: NTLMSSP_OID })]);
      }
      if (ntlmType(leg.message) === 1) {
        const challenge = createNtlmChallenge({
          domain: this.options.users[0]?.domain ?? 'GP',
          computer: this.options.computer,
          requestedFlags: leg.message.readUInt32LE(12),
        });
        state.challenge = { serverChallenge: challenge.serverChallenge, scheme: schemeName };
        delete state.user;
        const token = challenge.header.replace(/^NTLM /, '');
        this.stats.challenges += 1;
        const offered = leg.spnego
          ? spnegoHeader({
              negState: NegState.acceptIncomplete,
              supportedMech: NTLMSSP_OID,
              responseToken: Buffer.from(token, 'base64'),
            })
          : `${schemeName} ${token}`;
        this.deny(response, [offered]);
        if (this.drops > 0) {
          this.drops -= 1;
          // Closed once the challenge is on the wire, with no Connection: close warning, as a proxy that
          // pools its upstream connections does: the client learns it only from the socket.
          response.once('finish', () => socket.destroy());
        }
        return undefined;
      }
      // A Type 3 without a Type 2 on this connection has nothing to answer: refused, as IIS refuses it.
      const pending = state.challenge;
      delete state.challenge;
      if (pending === undefined) {
        this.stats.type3WithoutChallenge += 1;
        return this.deny(response);
      }
      const bindings = {
        mode: this.options.extendedProtection ?? 'off',
        serverCertificate: serverCertificate(socket),
      } as const;
      for (const user of this.options.users) {
        const result = verifyNtlmType3(leg.message, { ...user, serverChallenge: pending.serverChallenge }, bindings);
        if (result.ok) {
          this.stats.accepted += 1;
          state.user = `${user.domain}\\${user.user}`;
          // SPNEGO ends with the acceptor's accept-completed on the answer itself (RFC 4559 §5).
          if (leg.spnego) response.setHeader('WWW-Authenticate', spnegoHeader({ negState: NegState.acceptCompleted }));
          return state.user;
        }
      }
      this.stats.refused += 1;
      return this.deny(response);
    }
    return this.deny(response);
  }

  private basic(header: string): string | undefined {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const [domain, name] = splitAccount(decoded.slice(0, colon));
    const password = decoded.slice(colon + 1);
    const user = this.options.users.find(
      (candidate) =>
        candidate.user.toUpperCase() === name.toUpperCase() &&
        candidate.domain.toUpperCase() === domain.toUpperCase() &&
        candidate.password === password,
    );
    return user === undefined ? undefined : `${user.domain}\\${user.user}`;
  }

  /**
   * 401 with the challenges standard Windows HTTP authentication sends (§2: Negotiate, NTLM, and Basic
   * when enabled; GP's exact header set is unconfirmed).
   */
  private deny(response: ServerResponse, challenges?: readonly string[]): undefined {
    const offered = challenges ?? ['Negotiate', 'NTLM', ...(this.options.basic ? ['Basic realm="GPService"'] : [])];
    const body = JSON.stringify({ Message: UNAUTHORIZED_MESSAGE });
    response.writeHead(401, {
      'WWW-Authenticate': [...offered],
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
    return undefined;
  }
}

/** The DER of the certificate this server presented on the connection; undefined on plain HTTP. */
function serverCertificate(socket: Socket): Buffer | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const certificate = socket.getCertificate();
  return certificate !== null && 'raw' in certificate ? certificate.raw : undefined;
}

/** `DOMAIN\user` (or `user@domain`) into its parts. */
function splitAccount(account: string): [string, string] {
  const slash = account.indexOf('\\');
  if (slash >= 0) return [account.slice(0, slash), account.slice(slash + 1)];
  const at = account.lastIndexOf('@');
  if (at >= 0) return [account.slice(at + 1), account.slice(0, at)];
  return ['', account];
}
