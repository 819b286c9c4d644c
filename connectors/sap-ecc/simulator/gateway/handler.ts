/**
 * SAP Gateway's `/sap/opu/odata/sap/<SERVICE>/…` for the SAP simulator: mount `handleGateway` in its
 * request handler (it answers `false` for any other path). Like Gateway: Basic auth and the client
 * (`sap-client` in the query or as a header) checked by ICF first (401 page); a security session per
 * cookie-less call; `X-CSRF-Token: Fetch` on a GET answered with a token and its `sap-XSRF_<SID>_<client>`
 * cookie, and a modifying request without it refused 403 `X-CSRF-Token: Required`; JSON only with
 * `$format=json` or `Accept: application/json`, Atom XML otherwise; an unregistered service refused with
 * `/IWFND/MED/170`. Reading a set: `$filter` (filter.ts), `$top`/`$skip` (where the service implements
 * them), `$inlinecount=allpages` (`__count` as a string), server paging with `__next` (where it does).
 */
import type { ServerResponse } from 'node:http';
import type { SimRequest } from '../../../kit/simulator/server.ts';
import { FilterRefusal, parseFilter } from './filter.ts';
import type { GatewayServices, SimEntitySet, SimGatewayService } from './services.ts';
import { atomFeed, edmx, gatewayErrorBody, gatewayErrorXml, jsonEntity } from './wire.ts';

export interface GatewayContext {
  readonly user: string;
  readonly password: string;
  /** The system's client; a request naming another is refused as a failed logon. Default 100. */
  readonly client?: string;
  readonly systemId?: string;
  readonly gateway: GatewayServices;
  /**
   * The SAP simulator's own security sessions, so one cookie serves RFC and Gateway calls as on a real
   * system: given the request's Cookie header, the Set-Cookie headers to send (none for a live session).
   * Default: the Gateway's own session store.
   */
  readonly sessionCookies?: (cookieHeader: string | undefined) => readonly string[];
}

const ROOT = '/sap/opu/odata/sap/';

type Headers = Record<string, string | string[]>;

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Headers): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function page(response: ServerResponse, status: number, title: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
}

function ownSessions(context: GatewayContext, client: string): (cookieHeader: string | undefined) => string[] {
  const { gateway } = context;
  const name = `SAP_SESSIONID_${context.systemId ?? 'ECC'}_${client}`;
  return (cookieHeader) => {
    const sent = new RegExp(`${name}=([^;]+)`).exec(cookieHeader ?? '')?.[1];
    if (sent !== undefined && gateway.sessions.has(sent)) return [];
    gateway.stats.sessionsOpened += 1;
    const id = `GW${gateway.stats.sessionsOpened}`;
    gateway.sessions.add(id);
    return [`sap-usercontext=sap-client=${client}; path=/`, `${name}=${id}; path=/; HttpOnly`];
  };
}

/** Answers a Gateway request and says true, or says false when the path is not Gateway's. */
export function handleGateway(request: SimRequest, response: ServerResponse, context: GatewayContext): boolean {
  if (!request.url.pathname.startsWith(ROOT)) return false;
  const { gateway } = context;
  gateway.stats.requests.push(
    `${request.method} ${request.url.pathname}${decodeURIComponent(request.url.search.replace(/\+/g, ' '))}`,
  );
  const client = context.client ?? '100';
  const asked = request.url.searchParams.get('sap-client') ?? request.headers['sap-client'] ?? client;
  const expected = `Basic ${Buffer.from(`${context.user}:${context.password}`).toString('base64')}`;
  if (request.headers.authorization !== expected || asked !== client) {
    page(response, 401, 'Logon failed');
    return true;
  }
  const headers: Headers = {};
  const cookies: string[] = [];
  cookies.push(...(context.sessionCookies ?? ownSessions(context, client))(request.headers.cookie));
  const csrfHeader = String(request.headers['x-csrf-token'] ?? '');
  if (request.method === 'GET' && csrfHeader.toLowerCase() === 'fetch') {
    gateway.stats.csrfFetches += 1;
    const token = `TOKEN${gateway.stats.csrfFetches}==`;
    gateway.csrfTokens.add(token);
    headers['x-csrf-token'] = token;
    cookies.push(
      `sap-XSRF_${context.systemId ?? 'ECC'}_${client}=${encodeURIComponent(token)}; path=/sap/opu/odata/; secure; HttpOnly`,
    );
  }
  if (cookies.length > 0) headers['set-cookie'] = cookies;

  const json =
    request.url.searchParams.get('$format') === 'json' ||
    (gateway.jsonByAccept && /application\/json/i.test(request.headers.accept ?? ''));
  const [serviceName = '', ...rest] = request.url.pathname.slice(ROOT.length).split('/');
  const fail = (status: number, code: string, message: string): true => {
    if (json) sendJson(response, status, gatewayErrorBody(code, message, serviceName), headers);
    else {
      response.writeHead(status, { ...headers, 'content-type': 'application/xml; charset=utf-8' });
      response.end(gatewayErrorXml(code, message));
    }
    return true;
  };
  const service = gateway.services.get(serviceName.split(';')[0] ?? '');
  if (service === undefined)
    return fail(
      gateway.unknownServiceStatus,
      '/IWFND/MED/170',
      `No service found for namespace '', name '${serviceName}', version '0001'`,
    );
  if (request.method !== 'GET') {
    if (!gateway.csrfTokens.has(csrfHeader)) {
      response.writeHead(403, { ...headers, 'x-csrf-token': 'Required', 'content-type': 'text/plain; charset=utf-8' });
      response.end('CSRF token validation failed');
      return true;
    }
    return fail(501, '/IWBEP/CM_MGW_RT/021', 'Method not implemented');
  }
  const base = `http://${request.headers.host ?? 'localhost'}${ROOT}${serviceName}`;
  const resource = rest.join('/');
  if (resource === '$metadata') {
    response.writeHead(200, { ...headers, 'content-type': 'application/xml; charset=utf-8' });
    response.end(edmx(service));
    return true;
  }
  if (resource === '') {
    const names = service.sets.map((set) => set.name);
    if (json) sendJson(response, 200, { d: { EntitySets: names } }, headers);
    else {
      response.writeHead(200, { ...headers, 'content-type': 'application/atomsvc+xml; charset=utf-8' });
      response.end(
        `<?xml version="1.0" encoding="utf-8"?><service xmlns="http://www.w3.org/2007/app">${names.map((n) => `<collection href="${n}"/>`).join('')}</service>`,
      );
    }
    return true;
  }
  const set = service.sets.find((candidate) => candidate.name === resource);
  if (set === undefined) return fail(404, '/IWBEP/CM_MGW_RT/020', `Resource not found for segment '${resource}'`);
  return readSet(request, response, { json, base, service, set, headers, fail });
}

interface SetRead {
  readonly json: boolean;
  readonly base: string;
  readonly service: SimGatewayService;
  readonly set: SimEntitySet;
  readonly headers: Headers;
  readonly fail: (status: number, code: string, message: string) => true;
}

function readSet(request: SimRequest, response: ServerResponse, read: SetRead): true {
  const { service, set } = read;
  const query = request.url.searchParams;
  let rows = [...set.rows];
  const filter = query.get('$filter');
  if (filter !== null) {
    try {
      const predicate = parseFilter(filter, set);
      rows = rows.filter(predicate);
    } catch (error) {
      if (error instanceof FilterRefusal) return read.fail(400, '/IWBEP/CM_MGW_RT/004', error.message);
      throw error;
    }
  }
  const count = rows.length;
  if (service.topSkip !== false) {
    const skip = Number(query.get('$skip') ?? 0);
    const top = query.get('$top') === null ? rows.length : Number(query.get('$top'));
    rows = rows.slice(skip, skip + top);
  }
  let next: string | undefined;
  if (service.serverPageSize !== undefined) {
    // The token is the service's own: a position inside the window the query names.
    const position = Number((query.get('$skiptoken') ?? 'P0').slice(1));
    const end = position + service.serverPageSize;
    if (end < rows.length) {
      const link = new URLSearchParams([...query].filter(([name]) => name !== '$skiptoken' && name !== '$format'));
      link.set('$skiptoken', `P${end}`);
      next = `${read.base}/${set.name}?${link.toString()}`;
    }
    rows = rows.slice(position, end);
  }
  const inlineCount = query.get('$inlinecount') === 'allpages';
  if (!read.json) {
    response.writeHead(200, { ...read.headers, 'content-type': 'application/atom+xml;type=feed; charset=utf-8' });
    response.end(atomFeed(read.base, service.name, set, rows));
    return true;
  }
  sendJson(
    response,
    200,
    {
      d: {
        ...(inlineCount ? { __count: String(count) } : {}),
        results: rows.map((row) => jsonEntity(read.base, service.name, set, row)),
        ...(next === undefined ? {} : { __next: next }),
      },
    },
    read.headers,
  );
  return true;
}
