/**
 * Who may drive the bridge: only a page this host served, on this machine, in this launch.
 * - Host header: must name the loopback address and our port exactly. A DNS-rebinding page reaches
 *   127.0.0.1 under its own name (evil.example:PORT), so its Host gives it away.
 * - Origin: when a browser sends one it must be ours; any other site's page is refused outright.
 * - Token: 32 random bytes per launch, printed in the URL. `GET /?token=…` trades it for an HttpOnly,
 *   SameSite=Strict cookie (named per port: cookies are shared across ports) and redirects to a clean
 *   URL; later requests carry the cookie, or `Authorization: Bearer <token>` for tools and tests.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function cookieName(port: number): string {
  return `mlc_studio_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

export function originAllowed(origin: string | undefined, port: number): boolean {
  // No Origin: not a cross-site browser request (curl, a same-origin navigation); the token still decides.
  if (origin === undefined) return true;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The token a request carries: the Authorization header first, else our cookie. */
export function presentedToken(request: IncomingMessage, port: number): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length);
  return cookieValue(request, cookieName(port));
}

export type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: string; readonly message: string };

/** Host and Origin first (403: not for us at all), then the token (401: for us, but not signed in). */
export function checkRequest(request: IncomingMessage, port: number, token: string, queryToken?: string): Verdict {
  if (!hostAllowed(request.headers.host, port)) {
    return {
      ok: false,
      status: 403,
      code: 'FORBIDDEN_HOST',
      message: 'This studio answers on its loopback address only.',
    };
  }
  const origin = request.headers.origin;
  if (!originAllowed(typeof origin === 'string' ? origin : undefined, port)) {
    return { ok: false, status: 403, code: 'FORBIDDEN_ORIGIN', message: 'Requests from other sites are refused.' };
  }
  if (!sameToken(presentedToken(request, port), token) && !sameToken(queryToken, token)) {
    return {
      ok: false,
      status: 401,
      code: 'TOKEN_REQUIRED',
      message: "Open the studio with the address `npm start` printed (it carries this launch's token).",
    };
  }
  return { ok: true };
}
