/**
 * The HTTP client for SAP Gateway: the same Basic auth, `sap-client`/`sap-language` and security-session
 * cookies as the RFC client (`../session.ts`), plus a CSRF token fetched on the first GET, as SAP's own
 * clients do (`X-CSRF-Token: Fetch` on the service document or `$metadata`). Reads need no token: it is
 * kept for a later modifying request, which must send it with the session's cookies. Gateway's refusals
 * are mapped in `errors.ts` before the kit's status errors see them.
 */
import type { HttpClient } from '../../kit/http/client.ts';
import type { Interceptor } from '../../kit/http/types.ts';
import { sapHttpClient, type SapClientOptions } from '../client.ts';
import { gatewayAnswers } from './errors.ts';

export interface GatewayHttp {
  readonly http: HttpClient;
  /** The token Gateway answered the fetch with, once the first GET has run. */
  csrfToken(): string | undefined;
  close(): Promise<void>;
}

/** Asks for a CSRF token on the first GET and keeps what Gateway answers (`X-CSRF-Token: <token>`). */
export function csrfTokenFetch(): Interceptor & { readonly token: () => string | undefined } {
  let token: string | undefined;
  let asked = false;
  const interceptor: Interceptor = (next) => async (request) => {
    const ask = !asked && request.method.toUpperCase() === 'GET';
    if (ask) asked = true;
    const response = await next(
      ask ? { ...request, headers: { ...request.headers, 'x-csrf-token': 'Fetch' } } : request,
    );
    const answered = response.headers['x-csrf-token'];
    if (ask && response.status < 400 && answered !== undefined && !/^required$/i.test(answered)) token = answered;
    // A fetch that failed (a retried 503) is asked again on the next GET.
    if (ask && response.status >= 400) asked = false;
    return response;
  };
  return Object.assign(interceptor, { token: () => token });
}

export function createGatewayHttpClient(options: SapClientOptions): GatewayHttp {
  const csrf = csrfTokenFetch();
  // The same Basic, client, session and mutual TLS as the RFC client: Gateway runs on the same ICM.
  const http = sapHttpClient(options, [csrf, gatewayAnswers(options.scrub)]);
  return { http, csrfToken: csrf.token, close: () => http.close() };
}
