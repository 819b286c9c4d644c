/**
 * NTLM signs in a TCP connection, so its Type 1, Type 2 and Type 3 must share one. When that connection
 * is dropped after the server's challenge (Type 2) and before the answer (Type 3), as a proxy or load
 * balancer that does not keep connections alive does, the answer would either die on the closed socket
 * ("other side closed") or go out on a new connection that was never challenged and come back a 401
 * that reads like a wrong password. This guard sits between the kit's NTLM part and the wire, notices the
 * connection change between the legs, and raises one clear, transient ECONNRESET instead, so the kit's
 * retry starts a fresh handshake and never sends a Type 3 on a connection that did not get the Type 2.
 * It belongs in the kit's NTLM part; it lives here until that part learns it.
 */
import { KitError, isKitError } from '../kit/errors.ts';
import type { AuthPart } from '../kit/http/client.ts';
import type { HttpRequest, Interceptor } from '../kit/http/types.ts';

export const HANDSHAKE_DROPPED =
  "the connection to GP closed during the NTLM sign-in, after the server's challenge and before the answer; NTLM signs in one " +
  'connection, so all three legs must share it (if this repeats, a proxy or load balancer in between is not keeping connections alive)';

/** 1 or 3 for an NTLM (or Negotiate-wrapped NTLM) Type 1 / Type 3 header; undefined otherwise. */
export function ntlmLeg(authorization: string | undefined): 1 | 3 | undefined {
  const match = /^(?:NTLM|Negotiate)\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  const token = Buffer.from(match[1], 'base64');
  if (token.length < 12 || token.toString('latin1', 0, 8) !== 'NTLMSSP\0') return undefined;
  const type = token.readUInt32LE(8);
  return type === 1 || type === 3 ? type : undefined;
}

export interface GuardedNtlm {
  /** The NTLM part, its dispatcher watched for connection changes. */
  readonly auth: AuthPart;
  /** Goes inside the auth part (closest to the wire), where it sees each leg. */
  readonly interceptor: Interceptor;
}

export function guardNtlmHandshake(part: AuthPart): GuardedNtlm {
  // Bumped on every connect and disconnect of the pinned connection: a change between legs means a new socket.
  let generation = 0;
  let challengedAt: number | undefined;
  const events = part.pinnedConnection;
  const auth: AuthPart = {
    ...part,
    ...(events === undefined
      ? {}
      : {
          pinnedConnection: {
            ...events,
            onConnect: () => {
              generation += 1;
              events.onConnect?.();
            },
            onDisconnect: () => {
              generation += 1;
              events.onDisconnect?.();
            },
          },
        }),
  };
  const dropped = (request: HttpRequest, cause?: unknown): KitError =>
    new KitError(
      'ECONNRESET',
      `${request.method.toUpperCase()} ${request.path}: ${HANDSHAKE_DROPPED}`,
      cause === undefined ? {} : { cause },
    );

  const interceptor: Interceptor = (next) => async (request) => {
    const leg = ntlmLeg(request.headers?.authorization);
    if (leg !== 3) {
      const response = await next(request);
      // A challenge sent with Connection: close can never be answered on its connection.
      if (leg === 1)
        challengedAt =
          response.status === 401
            ? /\bclose\b/i.test(response.headers.connection ?? '')
              ? -1
              : generation
            : undefined;
      return response;
    }
    const since = challengedAt;
    challengedAt = undefined;
    if (since !== undefined && since !== generation) throw dropped(request);
    try {
      const response = await next(request);
      // The answer went out on a connection opened after the challenge: its 401 is not about the password.
      if (response.status === 401 && since !== undefined && since !== generation) throw dropped(request);
      return response;
    } catch (error) {
      if (isKitError(error) && error.code === 'ECONNRESET' && error.message.includes(HANDSHAKE_DROPPED)) throw error;
      if (isKitError(error) && error.code === 'ECONNRESET') throw dropped(request, error);
      throw error;
    }
  };
  return { auth, interceptor };
}
