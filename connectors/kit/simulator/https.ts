/**
 * A simulator's server on HTTP, or on HTTPS with a certificate signed by a CA made at start (the way an
 * on-premises system behind an internal CA answers): the same handler either way.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { makeSimulatorTls, type SimulatorTls } from './certificate.ts';

export type SimulatorServer = HttpServer | HttpsServer;

export interface SimulatorListener {
  readonly server: SimulatorServer;
  /** `http` or `https`. */
  readonly scheme: 'http' | 'https';
  /** PEM of the CA that signed the server's certificate (HTTPS only). */
  readonly caCert?: string;
}

/**
 * `tls`: serve HTTPS, with a new CA for `system` (or the certificates given). `clientCa`: also ask every
 * client for a certificate signed by that CA and refuse the handshake without one (mutual TLS).
 */
export function createSimulatorServer(
  system: string,
  tls: boolean | SimulatorTls | undefined,
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: { readonly clientCa?: string } = {},
): SimulatorListener {
  if (tls === undefined || tls === false)
    return { server: createHttpServer({ keepAlive: true }, handler), scheme: 'http' };
  const certificates = tls === true ? makeSimulatorTls(system) : tls;
  return {
    server: createHttpsServer(
      {
        keepAlive: true,
        cert: certificates.cert,
        key: certificates.key,
        ...(options.clientCa === undefined
          ? {}
          : { requestCert: true, rejectUnauthorized: true, ca: [options.clientCa] }),
      },
      handler,
    ),
    scheme: 'https',
    caCert: certificates.caCert,
  };
}
