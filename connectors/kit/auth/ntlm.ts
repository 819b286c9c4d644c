/**
 * NTLM and Negotiate-over-NTLM. NTLM authenticates the TCP connection, not the request: the three legs
 * must share one kept-alive connection (through a proxy: one CONNECT tunnel kept alive), so this part pins
 * the client to one connection with no pipelining, runs handshakes one at a time, and handshakes again
 * when that connection is replaced.
 * "Negotiate" sends the same NTLMSSP tokens under the Negotiate scheme (SPNEGO servers such as IIS accept
 * raw NTLM tokens there); Kerberos itself is not spoken, so a Kerberos-only server gets a clear error.
 * Over TLS the AUTHENTICATE message carries the channel binding of the connection's server certificate
 * (Extended Protection, ntlm-channel-binding.ts), which IIS checks when Extended Protection is on.
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/c083583f-1a8f-4afe-a742-6ee08ffeb8cf
 */
import { KitError } from '../errors.ts';
import type { AuthPart } from '../http/client.ts';
import type { HttpRequest, HttpResponse, Send } from '../http/types.ts';
import { withHeaders } from '../http/types.ts';
import { channelBindingHash } from './ntlm-channel-binding.ts';
import { createType1Message, createType3Message, parseType2Message } from './ntlm-messages.ts';
import type { ResolveSecret } from './secrets.ts';

export interface NtlmAuthOptions {
  readonly user: string;
  readonly domain: string;
  readonly workstation?: string;
  readonly passwordSecret: string;
  readonly resolveSecret: ResolveSecret;
  /** 'ntlm': the NTLM scheme; 'negotiate': Negotiate first, NTLM when the server offers only that. */
  readonly scheme?: 'ntlm' | 'negotiate';
  /**
   * Test seam: false plays a client without Extended Protection (no channel binding over TLS), to show
   * what a server that requires it answers. Default true: the binding is always sent over TLS.
   */
  readonly channelBinding?: boolean;
}

type Scheme = 'NTLM' | 'Negotiate';

/** The token the server sent for `scheme` in WWW-Authenticate (which may list several schemes). */
export function challengeToken(response: HttpResponse, scheme: Scheme): string | undefined {
  const header = response.headers['www-authenticate'] ?? '';
  const match = new RegExp(`(?:^|,\\s*)${scheme}\\s+([A-Za-z0-9+/=]+)`, 'i').exec(header);
  return match?.[1];
}

export function offersScheme(response: HttpResponse, scheme: Scheme): boolean {
  return new RegExp(`(?:^|,\\s*)${scheme}(?:\\s|,|$)`, 'i').test(response.headers['www-authenticate'] ?? '');
}

export function ntlmAuth(options: NtlmAuthOptions): AuthPart {
  let connectionAuthenticated = false;
  let queue: Promise<unknown> = Promise.resolve();
  let password: Promise<string> | undefined;
  let scheme: Scheme = options.scheme === 'negotiate' ? 'Negotiate' : 'NTLM';
  // The server certificate of the pinned connection, reported before any request goes out on it.
  let peerCertificate: Buffer | undefined;

  const handshake = async (next: Send, request: HttpRequest): Promise<HttpResponse> => {
    const first = await next(withHeaders(request, { authorization: createType1Message().replace(/^NTLM/, scheme) }));
    if (first.status !== 401) return first;
    let token = challengeToken(first, scheme);
    if (token === undefined && scheme === 'Negotiate' && offersScheme(first, 'NTLM')) {
      scheme = 'NTLM';
      return handshake(next, request);
    }
    if (token === undefined) {
      throw new KitError(
        'NTLM_PROTOCOL',
        `the server sent no ${scheme} challenge (it offers: ${first.headers['www-authenticate'] ?? 'nothing'})`,
      );
    }
    password ??= options.resolveSecret(options.passwordSecret);
    const challenge = parseType2Message(token);
    const binding =
      peerCertificate === undefined || options.channelBinding === false
        ? undefined
        : channelBindingHash(peerCertificate);
    token = createType3Message(
      challenge,
      {
        user: options.user,
        domain: options.domain,
        password: await password,
        ...(options.workstation === undefined ? {} : { workstation: options.workstation }),
      },
      binding === undefined ? {} : { channelBindings: binding },
    );
    const final = await next(withHeaders(request, { authorization: token.replace(/^NTLM/, scheme) }));
    connectionAuthenticated = final.status !== 401;
    return final;
  };

  return {
    kind: options.scheme === 'negotiate' ? 'negotiate' : 'ntlm',
    // A new connection (a new tunnel, through a proxy) is a new, unauthenticated NTLM context.
    pinnedConnection: {
      onDisconnect: () => {
        connectionAuthenticated = false;
      },
      onPeerCertificate: (certificate) => {
        peerCertificate = certificate;
      },
    },
    interceptor: (next) => (request) => {
      const run = async (): Promise<HttpResponse> => {
        if (connectionAuthenticated) {
          const response = await next(request);
          if (response.status !== 401) return response;
          connectionAuthenticated = false;
        }
        return handshake(next, request);
      };
      // One request at a time: the three legs of a handshake must not interleave with other requests.
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
