/**
 * Test-only: the Gateway handler on its own simulator server (loopback, port 0), for the handler's and the
 * reader's own tests (the SAP simulator mounts it with its `gateway` option). Anything else answers 404 as an
 * ICF node that does not exist.
 */
import { startSimulator, type RunningSimulator } from '../../../kit/simulator/server.ts';
import { handleGateway } from './handler.ts';
import { gatewayServices, type GatewayServices, type GatewayServicesOptions } from './services.ts';

export interface GatewayTestServer extends RunningSimulator {
  readonly gateway: GatewayServices;
}

export async function startGatewayTestServer(
  options: GatewayServicesOptions & {
    readonly user: string;
    readonly password: string;
    readonly client?: string;
    readonly faults?: string;
    /** The next requests after this many answer 503 (ICM with no free work process), once each. */
    readonly unavailableAfter?: { readonly requests: number; readonly times: number };
  },
): Promise<GatewayTestServer> {
  const gateway = gatewayServices(options);
  let seen = 0;
  const running = await startSimulator({
    name: 'sap-gateway',
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    controlTotals: () => ({}),
    handle: (request, response) => {
      seen += 1;
      const outage = options.unavailableAfter;
      if (outage !== undefined && seen > outage.requests && seen <= outage.requests + outage.times) {
        response.writeHead(503, { 'content-type': 'text/html' });
        response.end('<html><body>Service unavailable</body></html>');
        return;
      }
      const context = {
        user: options.user,
        password: options.password,
        ...(options.client === undefined ? {} : { client: options.client }),
        gateway,
      };
      if (handleGateway(request, response, context)) return;
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html><body>Not found</body></html>');
    },
  });
  return { ...running, close: () => running.close(), gateway };
}
