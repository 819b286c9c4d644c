/**
 * `ml-connector simulate sap-ecc` (default port 47004): SAP ECC's `/sap/bc/soap/rfc` on the kit's
 * simulator base. Like a freshly installed system, the service starts INACTIVE (403 page) unless asked;
 * Basic auth is checked (401 page); SOAP faults are HTTP 500 with the exception name as faultstring; a
 * security session is opened for each call without a live `SAP_SESSIONID_*` cookie, and counted.
 * Only RFC_READ_TABLE is served so far.
 */
import type { ServerResponse } from 'node:http';
import { buildSoapEnvelope, buildSoapFault, readSoapEnvelope, SOAP11_CONTENT_TYPE } from '../../kit/soap/envelope.ts';
import { startSimulator, type RunningSimulator, type SimRequest } from '../../kit/simulator/server.ts';
import { RFC_NS } from '../rfc-xml.ts';
import { readTable } from './read-table.ts';
import type { SimTable } from './tables.ts';

export const SAP_SIMULATOR_PORT = 47004;

export interface SapSimulatorOptions {
  readonly port?: number;
  readonly faults?: string;
  readonly seed?: number;
  /** `/sap/bc/soap/rfc` activated in SICF. Default false, as SAP ships it. */
  readonly rfcServiceActive?: boolean;
  readonly user: string;
  readonly password: string;
  readonly client?: string;
  readonly systemId?: string;
  readonly tables: readonly SimTable[];
  /** Tables the user's S_TABU_DIS does not cover. */
  readonly notAuthorized?: readonly string[];
}

export interface RunningSapSimulator extends RunningSimulator {
  /** Security sessions opened so far. */
  sessionsOpened(): number;
}

export async function startSapSimulator(options: SapSimulatorOptions): Promise<RunningSapSimulator> {
  const client = options.client ?? '100';
  const cookieName = `SAP_SESSIONID_${options.systemId ?? 'ECC'}_${client}`;
  const sessions = new Set<string>();
  let opened = 0;
  const tables = new Map(options.tables.map((table) => [table.name, table]));
  const state = { tables, notAuthorized: new Set(options.notAuthorized ?? []), orderSeed: options.seed ?? 7 };
  const expected = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;

  const handle = (request: SimRequest, response: ServerResponse): void => {
    if (request.url.pathname !== '/sap/bc/soap/rfc' || options.rfcServiceActive !== true)
      return page(response, 403, 'Forbidden', 'Service cannot be reached');
    if (request.headers.authorization !== expected) return page(response, 401, 'Unauthorized', 'Logon failed');
    const sent = new RegExp(`${cookieName}=([^;]+)`).exec(request.headers.cookie ?? '')?.[1];
    const headers: Record<string, string | string[]> = { 'content-type': SOAP11_CONTENT_TYPE };
    if (sent === undefined || !sessions.has(sent)) {
      opened += 1;
      const id = `SIM${opened}`;
      sessions.add(id);
      headers['set-cookie'] = [`sap-usercontext=sap-client=${client}; path=/`, `${cookieName}=${id}; path=/; HttpOnly`];
    }
    const message = readSoapEnvelope(request.body);
    const call = message.kind === 'body' ? message.body : undefined;
    if (call === undefined || call.ns !== RFC_NS) return soapFault(response, headers, 'Client', 'Bad request');
    if (call.name !== 'RFC_READ_TABLE') return soapFault(response, headers, 'Server', 'FU_NOT_FOUND');
    const result = readTable(call, state);
    if (result.kind === 'exception') return soapFault(response, headers, 'Server', result.name);
    response.writeHead(200, headers);
    response.end(buildSoapEnvelope(result.body, { [RFC_NS]: 'rfc' }));
  };

  const running = await startSimulator({
    name: 'sap-ecc',
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    // Control totals come with the streams (next step); none are claimed yet.
    controlTotals: () => ({}),
    handle,
  });
  return { ...running, close: () => running.close(), sessionsOpened: () => opened };
}

function page(response: ServerResponse, status: number, title: string, text: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<html><head><title>${title}</title></head><body><h1>${text}</h1></body></html>`);
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
