/**
 * Test-only: the CIRT handler on its own loopback server (port 0) with a small sign-in of its own, until
 * the PeopleSoft simulator mounts it. Basic with an OPRID and password, or a bearer token mapped to an
 * OPRID (PeopleSoft as a resource server only); no credentials is a 401 with a Basic challenge.
 */
import { type RunningSimulator, sendJson, startSimulator } from '../../../kit/simulator/server.ts';
import { type CirtContext, type CirtOperation, handleCirt } from './handler.ts';
import { type CirtStore, seedCirtStore } from './store.ts';

export const TEST_NODE = 'PSFT_EP';

/** Site-generated names (made up for the test site, as a real site's are its own). */
export const TEST_OPERATIONS: readonly CirtOperation[] = [
  {
    kind: 'get',
    table: 'vendors',
    alias: 'VNDR_ID_G.v1',
    serviceOperation: 'CIRT_VNDR_ID_G_GET',
    ci: 'VNDR_ID',
    permissionList: 'ZZ_VNDR_CIRT',
  },
  {
    kind: 'find',
    table: 'vendors',
    alias: 'VNDR_ID_F.v1',
    serviceOperation: 'CIRT_VNDR_ID_F_GET',
    ci: 'VNDR_ID',
    permissionList: 'ZZ_VNDR_CIRT',
  },
  {
    kind: 'update',
    table: 'vendors',
    alias: 'VNDR_ID_U.v1',
    serviceOperation: 'CIRT_VNDR_ID_U_PUT',
    ci: 'VNDR_ID',
    permissionList: 'ZZ_VNDR_CIRT',
  },
  {
    kind: 'get',
    table: 'customers',
    alias: 'CUSTOMER_G.v1',
    serviceOperation: 'CIRT_CUSTOMER_G_GET',
    ci: 'CUSTOMER',
    permissionList: 'ZZ_CUST_CIRT',
  },
  {
    kind: 'update',
    table: 'customers',
    alias: 'CUSTOMER_U.v1',
    serviceOperation: 'CIRT_CUSTOMER_U_PUT',
    ci: 'CUSTOMER',
    permissionList: 'ZZ_CUST_CIRT',
  },
];

export interface TestUser {
  readonly password?: string;
  readonly token?: string;
  readonly permissionLists: readonly string[];
}

export interface CirtTestServer extends RunningSimulator {
  readonly store: CirtStore;
  readonly restBase: string;
}

export interface CirtTestServerOptions {
  readonly users: Readonly<Record<string, TestUser>>;
  readonly store?: CirtStore;
  readonly errorDetail?: CirtContext['errorDetail'];
  readonly now?: () => Date;
  readonly faults?: string;
  /** Default: TEST_OPERATIONS. */
  readonly operations?: readonly CirtOperation[];
}

function signedInOprid(header: string | undefined, users: CirtTestServerOptions['users']): string | undefined {
  if (header?.startsWith('Basic ') === true) {
    const [oprid = '', password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return users[oprid]?.password !== undefined && users[oprid]?.password === password ? oprid : undefined;
  }
  if (header?.startsWith('Bearer ') === true)
    return Object.entries(users).find(([, user]) => user.token !== undefined && user.token === header.slice(7))?.[0];
  return undefined;
}

export async function startCirtTestServer(options: CirtTestServerOptions): Promise<CirtTestServer> {
  const store = options.store ?? seedCirtStore();
  const running = await startSimulator({
    name: 'peoplesoft-cirt-test',
    controlTotals: () => ({}),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    handle: (request, response) => {
      const oprid = signedInOprid(request.headers.authorization, options.users);
      if (oprid === undefined) {
        response.writeHead(401, { 'www-authenticate': 'Basic realm="PeopleSoft"', 'content-length': '0' });
        response.end();
        return;
      }
      const handled = handleCirt(request, response, {
        node: TEST_NODE,
        operations: options.operations ?? TEST_OPERATIONS,
        store,
        oprid,
        permissionLists: new Set(options.users[oprid]?.permissionLists ?? []),
        errorDetail: options.errorDetail ?? 'development',
        now: options.now ?? (() => new Date('2026-01-06T09:30:00Z')),
      });
      if (!handled) sendJson(response, 404, {});
    },
  });
  return { ...running, store, restBase: `${running.url}/PSIGW/RESTListeningConnector/${TEST_NODE}` };
}
