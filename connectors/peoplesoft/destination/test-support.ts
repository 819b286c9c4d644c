/** Test-only: a CIRT test server with three users, and the destination signed in as one of them. */
import type { DataRow, TargetTable, WriteBatch } from '../../../engine/model/io.ts';
import { apiKeyAuth } from '../../kit/auth/api-key.ts';
import { basicAuth } from '../../kit/auth/basic.ts';
import type { RetryOptions } from '../../kit/http/retry.ts';
import {
  type CirtTestServer,
  type CirtTestServerOptions,
  startCirtTestServer,
} from '../simulator/cirt/test-cirt-server.ts';
import type { PeopleSoftDestinationConfig } from './config.ts';
import { PeopleSoftDestination } from './destination.ts';

/** Secret values used to prove they reach no message. */
export const SYNC_PASSWORD = 'Sync-Pw-7d1e9a';
export const TOKEN = 'tok-5b0c2f9e1a';

export const USERS: CirtTestServerOptions['users'] = {
  MLC_SYNC: { password: SYNC_PASSWORD, permissionLists: ['ZZ_VNDR_CIRT', 'ZZ_CUST_CIRT'] },
  VP1: { password: 'vp1-pw', permissionLists: [] },
  ODA_USER: { token: TOKEN, permissionLists: ['ZZ_VNDR_CIRT'] },
};

export const TARGETS: PeopleSoftDestinationConfig['targets'] = {
  vendors: {
    getTemplate: 'VNDR_ID_G.v1/{SETID}/{VENDOR_ID}',
    updateTemplate: 'VNDR_ID_U.v1/{SETID}/{VENDOR_ID}',
    findTemplate: 'VNDR_ID_F.v1/{SETID}/{VENDOR_ID}',
    attributes: ['VENDOR_CLASS', 'VENDOR_STATUS', 'VENDOR_PERSISTENCE'],
  },
  customers: {
    getTemplate: 'CUSTOMER_G.v1/{SETID}/{CUST_ID}',
    updateTemplate: 'CUSTOMER_U.v1/{SETID}/{CUST_ID}',
    attributes: ['CUST_STATUS', 'CUST_LEVEL'],
  },
};

export function vendorsTarget(attributes: readonly string[] = ['VENDOR_CLASS', 'VENDOR_STATUS']): TargetTable {
  return {
    table: 'vendors',
    columns: ['SETID', 'VENDOR_ID', ...attributes].map((name) => ({
      name,
      type: { kind: 'string' },
      required: name === 'SETID' || name === 'VENDOR_ID',
    })) as unknown as TargetTable['columns'],
    writeMode: 'merge',
    mergeKey: ['SETID', 'VENDOR_ID'],
    allowDestructiveChanges: false,
  };
}

export function batch(rows: readonly DataRow[], batchId = 'run-1.vendors.000001'): WriteBatch {
  return {
    lineage: { runId: 'run-1', batchId, syncedAt: '2026-01-06T09:00:00Z' },
    rows,
    sourceModified: rows.map(() => null),
  };
}

export type SignIn = { readonly basic: string; readonly password: string } | { readonly bearer: string };

export function destinationFor(
  server: CirtTestServer,
  signIn: SignIn = { basic: 'MLC_SYNC', password: SYNC_PASSWORD },
  retry: RetryOptions | false = false,
): PeopleSoftDestination {
  const resolveSecret = async (name: string) =>
    'password' in signIn ? signIn.password : name === 'token' ? signIn.bearer : '';
  const auth =
    'basic' in signIn
      ? basicAuth({ user: signIn.basic, passwordSecret: 'password', resolveSecret })
      : apiKeyAuth({ in: 'header', name: 'authorization', scheme: 'Bearer', keySecret: 'token', resolveSecret });
  return new PeopleSoftDestination({ restBase: server.restBase, auth, targets: TARGETS, retry });
}

export const started: CirtTestServer[] = [];

export async function startServer(options: Partial<CirtTestServerOptions> = {}): Promise<CirtTestServer> {
  const server = await startCirtTestServer({ users: USERS, ...options });
  started.push(server);
  return server;
}
