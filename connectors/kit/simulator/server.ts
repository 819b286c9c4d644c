/**
 * The base every system simulator runs on: a real node:http server (port 0 in tests, the system's
 * default port from the CLI) that injects the faults of its spec before the system's handler sees a
 * request, serves `GET /__sim/control-totals`, and counts what it did. Fault injection skips `/__sim/`
 * so reconciliation always answers.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ControlTotals } from './control-totals.ts';
import { createFaultInjector, type SendFault } from './fault-injector.ts';
import type { FaultKind, FaultRule } from './faults.ts';
import type { SimulatorTls } from './certificate.ts';
import { createSimulatorServer } from './https.ts';

export interface SimRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly raw: IncomingMessage;
}

export interface SimulatorOptions {
  readonly name: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly seed?: number;
  readonly faults?: string | readonly FaultRule[];
  /** Seconds in the Retry-After of an injected 429 / 503. Default 1. */
  readonly retryAfterSeconds?: number;
  readonly controlTotals: () => ControlTotals;
  /** How injected 429/500/503 answers look in this system's words (default: a JSON error). */
  readonly sendFault?: SendFault;
  /**
   * Called for an `expire` fault with the request's bearer token: the simulator's token store marks it
   * expired. Systems without tokens leave it out and `expire` faults pass through as no fault.
   */
  readonly expireToken?: (request: SimRequest) => boolean;
  readonly handle: (request: SimRequest, response: ServerResponse) => void | Promise<void>;
  /** Serve HTTPS with a certificate signed by a CA made at start (or the certificates given). */
  readonly tls?: boolean | SimulatorTls;
  /** With `tls`: ask clients for a certificate signed by this CA (mutual TLS). */
  readonly clientCa?: string;
}

export interface RunningSimulator {
  readonly url: string;
  readonly port: number;
  readonly stats: { requests: number; readonly faults: Record<FaultKind, number> };
  /** PEM of the CA a client must trust (HTTPS only). */
  readonly caCert?: string;
  close(): Promise<void>;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

async function readBody(raw: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of raw) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Stops a simulator's server: no new connections, and the kept-alive ones (clients pool them) ended now
 * rather than at their idle timeout, so a test's `close()` returns at once.
 */
export function closeServer(server: Pick<Server, 'close' | 'closeAllConnections'>): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const injector = createFaultInjector({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    seed: options.seed ?? 1,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.sendFault === undefined ? {} : { send: options.sendFault }),
  });
  const stats = { requests: 0, faults: injector.counts };

  const listener = createSimulatorServer(
    options.name,
    options.tls,
    (raw, response) => {
      void (async () => {
        const body = await readBody(raw);
        const request: SimRequest = {
          method: raw.method ?? 'GET',
          url: new URL(raw.url ?? '/', 'http://sim.invalid'),
          headers: raw.headers,
          body,
          raw,
        };
        stats.requests += 1;
        if (request.url.pathname === '/__sim/control-totals' && request.method === 'GET')
          return sendJson(response, 200, options.controlTotals());
        if (
          !request.url.pathname.startsWith('/__sim/') &&
          (await injector.inject(raw, response, () => options.expireToken?.(request) === true))
        )
          return;
        await options.handle(request, response);
      })().catch((error: unknown) => {
        if (!response.headersSent)
          sendJson(response, 500, {
            error: { code: 'SimulatorBug', message: error instanceof Error ? error.message : String(error) },
          });
        else response.destroy();
      });
    },
    options.clientCa === undefined ? {} : { clientCa: options.clientCa },
  );
  const server = listener.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${listener.scheme}://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    stats,
    ...(listener.caCert === undefined ? {} : { caCert: listener.caCert }),
    close: () => closeServer(server),
  };
}
