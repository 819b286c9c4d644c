/**
 * The OAuth 2.0 authorization-code sign-in through a loopback redirect (RFC 6749 §4.1, RFC 8252 §7.3):
 * a one-request HTTP server on 127.0.0.1 receives the browser's redirect, checks `state` (so no other
 * page can hand us a code), and the code is exchanged for tokens at once. The CLI's `connect` prints
 * the address to open; the studio can open it in a browser. Nothing here stores anything: the caller
 * decides where the refresh token goes (the keychain). No secret is put in a message or an error.
 * Given a certificate and key, the listener speaks HTTPS (`https://127.0.0.1:<port>/callback`), for an
 * authorization server that redirects to HTTPS addresses only; the browser must trust the certificate.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KitError } from '../errors.ts';
import { createHttpClient } from '../http/client.ts';
import type { RetryOptions } from '../http/retry.ts';
import { postForm } from './oauth2.ts';

export interface LoopbackSignInOptions {
  /** The authorization endpoint, without query. */
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** PEM of the connection's own CA (caCertFile), trusted for the token endpoint. */
  readonly caCert?: string;
  readonly clientId: string;
  /** The client secret's value (confidential clients); sent only to the token endpoint. */
  readonly clientSecret?: string;
  readonly scope?: string;
  /** 0 (default) picks a free port; a registered redirect URI may need a fixed one. */
  readonly port?: number;
  /** PEM certificate (for 127.0.0.1) and its key: the redirect is then served over HTTPS. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly callbackPath?: string;
  /** Send a PKCE challenge (RFC 7636); default true. Off for a server known to refuse unknown parameters. */
  readonly pkce?: boolean;
  /** Called with the address the user must open (print it, or open a browser). */
  readonly onAuthorizeUrl: (url: string) => void;
  /** Cancels the wait (Ctrl-C, a studio dialog closed). */
  readonly signal?: AbortSignal;
  readonly retry?: RetryOptions | false;
}

export interface LoopbackSignInResult {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresInSeconds: number | undefined;
  readonly scope: string | undefined;
  readonly redirectUri: string;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif"><h1>${title}</h1><p>${text}</p></body>`;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function signInViaLoopback(options: LoopbackSignInOptions): Promise<LoopbackSignInResult> {
  const state = randomBytes(24).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const callbackPath = options.callbackPath ?? '/callback';
  const server =
    options.tls === undefined ? createServer() : createTlsServer({ cert: options.tls.cert, key: options.tls.key });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const scheme = options.tls === undefined ? 'http' : 'https';
  const redirectUri = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}${callbackPath}`;
  const authorize = new URL(options.authorizeUrl);
  authorize.searchParams.set('client_id', options.clientId);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('redirect_uri', redirectUri);
  authorize.searchParams.set('state', state);
  if (options.scope !== undefined) authorize.searchParams.set('scope', options.scope);
  if (options.pkce !== false) {
    authorize.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    authorize.searchParams.set('code_challenge_method', 'S256');
  }
  const tokens = createHttpClient({
    baseUrl: options.tokenUrl,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
  });
  try {
    return await new Promise<LoopbackSignInResult>((resolve, reject) => {
      const abort = () =>
        reject(new KitError('REQUEST_ABORTED', 'the sign-in was cancelled before the browser came back'));
      if (options.signal?.aborted) return abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      server.on('request', (request: IncomingMessage, response: ServerResponse) => {
        const answer = (status: number, title: string, text: string) => {
          response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          response.end(PAGE(title, text));
        };
        const url = new URL(request.url ?? '/', redirectUri);
        // Anything else (a favicon, a stray page) is not the redirect: answered, and the wait goes on.
        if (request.method !== 'GET' || url.pathname !== callbackPath)
          return answer(404, 'Not found', 'This address only takes the sign-in redirect.');
        if (!sameText(url.searchParams.get('state') ?? '', state))
          return answer(400, 'Sign-in refused', 'The answer did not carry the state this sign-in sent; start again.');
        const error = url.searchParams.get('error');
        const code = url.searchParams.get('code');
        if (error !== null || code === null) {
          answer(400, 'Sign-in refused', 'The sign-in was refused; you can close this tab.');
          const detail = url.searchParams.get('error_description') ?? error ?? 'no code in the answer';
          return reject(
            new KitError('AUTH_FAILED', `the authorization server refused the sign-in: ${detail}`, {
              vendorMessage: detail,
            }),
          );
        }
        const form: Record<string, string> = {
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: options.clientId,
        };
        if (options.clientSecret !== undefined) form.client_secret = options.clientSecret;
        if (options.pkce !== false) form.code_verifier = verifier;
        postForm(tokens, options.tokenUrl, form).then(
          (body) => {
            if (typeof body.access_token !== 'string' || body.access_token === '')
              throw new KitError('RESPONSE_INVALID', 'the token endpoint answered without an access_token');
            answer(200, 'Signed in', 'ml-connector has what it needs; you can close this tab.');
            resolve({
              accessToken: body.access_token,
              refreshToken:
                typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
              expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : undefined,
              scope:
                typeof (body as { scope?: unknown }).scope === 'string' ? (body as { scope: string }).scope : undefined,
              redirectUri,
            });
          },
          (failure: unknown) => {
            answer(
              502,
              'Sign-in failed',
              'The code could not be exchanged for a token; see the command or the studio for why.',
            );
            reject(failure);
          },
        );
      });
      options.onAuthorizeUrl(authorize.toString());
    });
  } finally {
    await tokens.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
