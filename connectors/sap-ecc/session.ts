/**
 * What every SAP HTTP request carries besides Basic auth: the client (`sap-client`) and language in the
 * query, and the HTTP security session's cookies. Where session management is on, each cookie-less Basic
 * call opens a new security session that lives until its idle timeout (default 1800 s), so a poller that
 * dropped the cookie would pile sessions up; SAP sets `SAP_SESSIONID_<SID>_<client>` and `sap-usercontext`
 * (several Set-Cookie headers), and a dead cookie sent with Basic gets a new one. Sources: README.md.
 */
import type { Interceptor } from '../kit/http/types.ts';

/** Cookies SAP uses for the session and the user context; other cookies (load balancers') are left alone. */
const SESSION_COOKIE = /^(SAP_SESSIONID_\w+|sap-usercontext|MYSAPSSO2)$/;

/** Adds `sap-client` (and `sap-language` when set) to every request's query. */
export function sapClientQuery(client: string, language?: string): Interceptor {
  return (next) => (request) =>
    next({
      ...request,
      query: {
        ...request.query,
        'sap-client': client,
        ...(language === undefined ? {} : { 'sap-language': language }),
      },
    });
}

/** SAP's session cookies by name; one jar may serve several clients of a connection (RFC and Gateway). */
export type SapSessionJar = Map<string, string>;

/**
 * Keeps SAP's session cookies from the answers and sends them back, so one security session serves a run.
 * The RFC and Gateway clients of one source share a jar: the cookie's path is `/`, so both ICF nodes take it.
 */
export function sapSessionCookies(jar: SapSessionJar = new Map()): Interceptor {
  return (next) => async (request) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await next(cookie === '' ? request : { ...request, headers: { ...request.headers, cookie } });
    const setCookies =
      response.setCookies ?? (response.headers['set-cookie'] === undefined ? [] : [response.headers['set-cookie']]);
    for (const header of setCookies) {
      const pair = header.split(';', 1)[0] ?? '';
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (!SESSION_COOKIE.test(name)) continue;
      // An emptied or expired cookie ends that session: the next call signs in with Basic and gets a new one.
      if (value === '' || /;\s*max-age=0\b/i.test(header) || /;\s*expires=Thu, 01 Jan 1970/i.test(header))
        jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
}
