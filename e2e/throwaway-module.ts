/**
 * A system that exists only for the one-line registration test: a source with one entity, a connection
 * test and a simulator that is a real HTTP server on loopback. Its id, 'acme-ledger', is named nowhere
 * else in the product: the pipeline file accepts it because the connector list says it exists.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CA_CERT_FILE_PART, ping } from '../connectors/kit/descriptor.ts';
import { addressText, type ConnectionContext } from '../connectors/kit/module/connection-parts.ts';
import type { ConnectorModule } from '../connectors/kit/module/module.ts';
import type { SimulatorHandle } from '../connectors/kit/module/simulator-handle.ts';
import { Decimal } from '../engine/model/values/index.ts';

export const THROWAWAY_PORT = 47099;

const config = (context: ConnectionContext) => ({ baseUrl: addressText(context, 'baseUrl') });

export const throwawayModule: ConnectorModule<ReturnType<typeof config>> = {
  descriptor: {
    id: 'acme-ledger',
    label: 'Throw-away system',
    description: 'Registered by a test in one line, to show every surface reads the module list.',
    roles: ['source'],
    authMethods: [{ method: 'none', secrets: [] }],
    addressParts: [
      { name: 'baseUrl', label: 'Address', kind: 'url', required: true, description: 'Where it listens.' },
      CA_CERT_FILE_PART,
    ],
    streams: [{ entity: 'parts', label: 'Parts', key: ['id'], fields: [{ name: 'id', type: 'decimal' }] }],
    connectionTest: 'Ask the throw-away server how it is',
    simulator: { name: 'throwaway', defaultPort: THROWAWAY_PORT, example: 'answers how it is.' },
  },
  config,
  openSource: () =>
    Promise.resolve({
      orderedByCursor: false,
      discover: () => Promise.resolve(throwawayModule.descriptor.streams),
      async *read() {
        yield { records: [{ id: Decimal.parse('1') }] };
      },
      close: () => Promise.resolve(),
    }),
  testConnection: ({ baseUrl }) =>
    ping(async () => {
      const reply = await fetch(`${baseUrl}/how`);
      return `the server says ${await reply.text()}`;
    }),
  startSimulator: async ({ port }) => {
    const server = createServer((_request, response) => response.end('fine'));
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let requests = 0;
    server.on('request', () => requests++);
    const handle: SimulatorHandle = {
      system: 'throwaway',
      url,
      port: (server.address() as AddressInfo).port,
      banner: [`Throw-away simulator at ${url}`],
      secrets: {},
      address: { baseUrl: url },
      stats: () => ({ httpRequests: requests, faults: 0 }),
      controlTotals: () => Promise.resolve({}),
      close: () => new Promise<void>((closed) => server.close(() => closed())),
    };
    return handle;
  },
  pointAtSimulator: (address, simulator) => ({ ...address, baseUrl: String(simulator.address?.baseUrl) }),
};
