/**
 * `ml-connector simulate sap-ecc` (default port 47004): SAP ECC's `/sap/bc/soap/rfc` on the kit's
 * simulator base. Like a freshly installed system, the service starts INACTIVE (403 page) unless asked;
 * Basic auth is checked (401 page); SOAP faults are HTTP 500 with the exception name as faultstring; a
 * security session is opened for each call without a live `SAP_SESSIONID_*` cookie, and counted (none on
 * the 7.00–7.02 release profile, which has no session management). Serves RFC_READ_TABLE over the
 * seeded tables (`fixture.ts`) and the three read BAPIs (`bapis.ts`). Injected faults speak SAP: a 500 is
 * a COMMUNICATION_FAILURE fault, a 503 the ICM's page, `expire` ends the caller's security session.
 * Test routes: `/__sim/control-totals`, `/__sim/po-totals`, `POST /__sim/change` (`changes.ts`).
 * With `gateway`, SAP Gateway's `/sap/opu/odata/…` too (`gateway/handler.ts`), sharing the RFC security
 * sessions: release 'ecc' by default (no standard service), custom services built over the same fixture
 * (`gateway/fixture-services.ts`) under the names given.
 */
import type { ServerResponse } from 'node:http';
import { PlainDate } from '../../../engine/model/values/date.ts';
import { buildSoapEnvelope, buildSoapFault, readSoapEnvelope, SOAP11_CONTENT_TYPE } from '../../kit/soap/envelope.ts';
import { sendJson, startSimulator, type RunningSimulator, type SimRequest } from '../../kit/simulator/server.ts';
import { RFC_NS } from '../rfc-xml.ts';
import { runBapi, type BapiError } from './bapis.ts';
import { advance, controlTotals, poTotals, type SapChange } from './changes.ts';
import { seedFixture, type SapFixture, type SapFixtureOptions } from './fixture.ts';
import { fixtureServices, type FixtureServiceNames } from './gateway/fixture-services.ts';
import { handleGateway } from './gateway/handler.ts';
import { gatewayServices, type GatewayServices, type GatewayServicesOptions } from './gateway/services.ts';
import { readTable } from './read-table.ts';
import { applyTestChange } from './change-route.ts';
import { fixtureTables, type ReleaseProfile } from './release.ts';
import type { SimTable } from './tables.ts';

export const SAP_SIMULATOR_PORT = 47004;

export type { ReleaseProfile } from './release.ts';

export interface SapSimulatorOptions extends Partial<Omit<SapFixtureOptions, 'today'>> {
  readonly port?: number;
  readonly faults?: string;
  readonly seed?: number;
  readonly retryAfterSeconds?: number;
  /** `/sap/bc/soap/rfc` activated in SICF. Default false, as SAP ships it. */
  readonly rfcServiceActive?: boolean;
  readonly user: string;
  readonly password: string;
  readonly systemId?: string;
  /** Default `ecc_731_750`: ECC with HTTP security sessions; `ecc_700_702` has none; `s4_758` is S/4HANA's. */
  readonly releaseProfile?: ReleaseProfile;
  /** The simulator's day (seeded dates lie before it). Default: today in UTC when it starts. */
  readonly today?: PlainDate;
  /** Tables to serve instead of the seeded fixture (the RFC_READ_TABLE tests). */
  readonly tables?: readonly SimTable[];
  /** Tables the user's S_TABU_DIS does not cover. */
  readonly notAuthorized?: readonly string[];
  /** Serve HTTPS with a certificate signed by a CA made at start (`caCert` on the handle). */
  readonly tls?: boolean;
  /** With `tls`: the ICM asks for a client certificate signed by this CA (icm/HTTPS/verify_client = 2). */
  readonly clientCa?: string;
  /** RETURN E/A a BAPI answers for a key (vendor, customer or PO number). */
  readonly bapiErrors?: Readonly<Record<string, BapiError>>;
  /**
   * Serve SAP Gateway (`/sap/opu/odata/…`): `release` 'ecc' (the default: no standard vendor, customer or
   * PO service; S/4's names refused), `fixtureServices` the customer's own services over the seeded tables
   * under these `SERVICE/EntitySet` names. Absent: no Gateway at all.
   */
  readonly gateway?: GatewayServicesOptions & { readonly fixtureServices?: FixtureServiceNames };
}

export interface RunningSapSimulator extends RunningSimulator {
  readonly fixture: SapFixture;
  readonly client: string;
  readonly companyCode: string;
  /** Security sessions opened so far (RFC and Gateway calls share them). */
  sessionsOpened(): number;
  /** The Gateway's services and counters, when started with `gateway`. */
  readonly gateway?: GatewayServices;
  /** Makes `n` changes dated today (renames logged as change documents, a PO item, a new vendor). */
  advance(n: number): SapChange[];
}

export async function startSapSimulator(options: SapSimulatorOptions): Promise<RunningSapSimulator> {
  const client = options.client ?? '100';
  const profile = options.releaseProfile ?? 'ecc_731_750';
  const cookieName = `SAP_SESSIONID_${options.systemId ?? 'ECC'}_${client}`;
  const sessions = new Set<string>();
  let opened = 0;
  const fixture = seedFixture({
    ...options,
    client,
    today: options.today ?? PlainDate.parse(new Date().toISOString().slice(0, 10)),
  });
  const tables = new Map((options.tables ?? fixtureTables(fixture, profile)).map((table) => [table.name, table]));
  const state = {
    tables,
    notAuthorized: new Set(options.notAuthorized ?? []),
    orderSeed: options.seed ?? 7,
    unknownField: profile === 's4_758' ? ('TABLE_WITHOUT_DATA' as const) : ('FIELD_NOT_VALID' as const),
  };
  const bapiErrors = new Map(Object.entries(options.bapiErrors ?? {}));
  const expected = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const sessionOf = (request: SimRequest) =>
    new RegExp(`${cookieName}=([^;]+)`).exec(request.headers.cookie ?? '')?.[1];
  /** One store for RFC and Gateway: a call without a live session cookie opens one (none before 7.03/7.31). */
  const sessionCookies = (cookieHeader: string | undefined): string[] => {
    const sent = new RegExp(`${cookieName}=([^;]+)`).exec(cookieHeader ?? '')?.[1];
    if (profile === 'ecc_700_702' || (sent !== undefined && sessions.has(sent))) return [];
    opened += 1;
    const id = `SIM${opened}`;
    sessions.add(id);
    return [`sap-usercontext=sap-client=${client}; path=/`, `${cookieName}=${id}; path=/; HttpOnly`];
  };
  const gateway =
    options.gateway === undefined
      ? undefined
      : gatewayServices({
          ...options.gateway,
          services: [
            ...fixtureServices(fixture, options.gateway.fixtureServices ?? {}),
            ...(options.gateway.services ?? []),
          ],
        });
  const gatewayContext =
    gateway === undefined
      ? undefined
      : {
          user: options.user,
          password: options.password,
          client,
          ...(options.systemId === undefined ? {} : { systemId: options.systemId }),
          gateway,
          sessionCookies,
        };

  const handle = (request: SimRequest, response: ServerResponse): void => {
    if (request.url.pathname.startsWith('/__sim/')) return simRoute(request, response);
    if (gatewayContext !== undefined && handleGateway(request, response, gatewayContext)) return;
    if (request.url.pathname !== '/sap/bc/soap/rfc' || options.rfcServiceActive !== true)
      return page(response, 403, 'Forbidden', 'Service cannot be reached');
    if (request.headers.authorization !== expected) return page(response, 401, 'Unauthorized', 'Logon failed');
    const headers: Record<string, string | string[]> = { 'content-type': SOAP11_CONTENT_TYPE };
    const cookies = sessionCookies(request.headers.cookie);
    if (cookies.length > 0) headers['set-cookie'] = cookies;
    const message = readSoapEnvelope(request.body);
    const call = message.kind === 'body' ? message.body : undefined;
    if (call === undefined || call.ns !== RFC_NS) return soapFault(response, headers, 'Client', 'Bad request');
    if (call.name === 'RFC_READ_TABLE') {
      const result = readTable(call, state);
      if (result.kind === 'exception') return soapFault(response, headers, 'Server', result.name);
      return soapAnswer(response, headers, result.body);
    }
    const bapi = runBapi(call.name, call, fixture, bapiErrors);
    if (bapi === undefined) return soapFault(response, headers, 'Server', 'FU_NOT_FOUND');
    soapAnswer(response, headers, bapi);
  };

  const simRoute = (request: SimRequest, response: ServerResponse): void => {
    if (request.url.pathname === '/__sim/po-totals') return sendJson(response, 200, poTotals(fixture));
    if (request.url.pathname === '/__sim/change' && request.method === 'POST') {
      const answer = applyTestChange(fixture, request.body);
      return sendJson(response, answer.status, answer.body);
    }
    sendJson(response, 404, { error: 'no such test route' });
  };

  const running = await startSimulator({
    name: 'sap-ecc',
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.clientCa === undefined ? {} : { clientCa: options.clientCa }),
    controlTotals: () => controlTotals(fixture),
    sendFault: sendSapFault,
    // `expire`: the caller's security session times out; its next call signs in with Basic again.
    expireToken: (request) => {
      const sent = sessionOf(request);
      if (sent !== undefined) sessions.delete(sent);
      return false;
    },
    handle,
  });
  return {
    ...running,
    fixture,
    client,
    companyCode: fixture.companyCode,
    close: () => running.close(),
    sessionsOpened: () => opened,
    ...(gateway === undefined ? {} : { gateway }),
    advance: (n) => advance(fixture, n),
  };
}

/** Injected faults as SAP's stack answers: the RFC layer's COMMUNICATION_FAILURE, the ICM's HTML pages. */
function sendSapFault(
  response: ServerResponse,
  status: number,
  _message: string,
  headers: Record<string, string>,
): void {
  if (status === 500) {
    response.writeHead(500, { 'content-type': SOAP11_CONTENT_TYPE, ...headers });
    response.end(buildSoapFault({ code: 'Server', message: 'COMMUNICATION_FAILURE' }));
    return;
  }
  page(
    response,
    status,
    status === 429 ? 'Too Many Requests' : 'Service Unavailable',
    'ICM: service unavailable',
    headers,
  );
}

function page(
  response: ServerResponse,
  status: number,
  title: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  response.end(`<html><head><title>${title}</title></head><body><h1>${text}</h1></body></html>`);
}

function soapAnswer(
  response: ServerResponse,
  headers: Record<string, string | string[]>,
  body: Parameters<typeof buildSoapEnvelope>[0],
): void {
  response.writeHead(200, headers);
  // SAP's SOAP runtime writes an ampersand in a value as the character reference &#38;, not &amp;
  // (sap-ecc.md §8 item 11): a reader that knows only the named entities would keep "&#38;" as text.
  response.end(buildSoapEnvelope(body, { [RFC_NS]: 'rfc' }).replaceAll('&amp;', '&#38;'));
}

function soapFault(
  response: ServerResponse,
  headers: Record<string, string | string[]>,
  code: 'Client' | 'Server',
  name: string,
): void {
  response.writeHead(500, headers);
  response.end(buildSoapFault({ code, message: name }));
}
