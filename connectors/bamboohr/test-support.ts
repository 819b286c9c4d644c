/** Wiring for the tests: a simulator, a connection config to it for either sign-in, and the secrets it uses. */
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorServer } from '../kit/simulator/https.ts';
import type { ChangedRecord } from '../kit/testing/conformance.ts';
import type { BambooConnectionConfig } from './client.ts';
import type { BambooSimulator } from './simulator/index.ts';
import { TABLES } from './simulator/index.ts';

export type Method = BambooConnectionConfig['auth']['method'];

/** A secret store in memory: what the keychain holds, with a log of writes (rotation must land here). */
export class MemorySecrets {
  readonly values = new Map<string, string>();
  readonly writes: { readonly name: string; readonly value: string }[] = [];
  onWrite: ((name: string, value: string) => void) | undefined;

  resolve = (name: string): Promise<string> => {
    const value = this.values.get(name);
    return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
  };

  store = (name: string, value: string): Promise<void> => {
    this.onWrite?.(name, value);
    this.values.set(name, value);
    this.writes.push({ name, value });
    return Promise.resolve();
  };
}

export function secretsFor(sim: BambooSimulator): MemorySecrets {
  const secrets = new MemorySecrets();
  secrets.values.set('bamboo-key', sim.credentials.apiKey);
  secrets.values.set('bamboo-client-secret', sim.credentials.app.clientSecret);
  secrets.values.set('bamboo-refresh', sim.auth.issueRefreshToken());
  return secrets;
}

export function configFor(
  sim: BambooSimulator,
  method: Method,
  secrets: MemorySecrets,
  extra: Partial<BambooConnectionConfig> = {},
): BambooConnectionConfig {
  return {
    companyDomain: sim.companyDomain,
    apiBase: sim.apiBase,
    tokenUrl: sim.tokenUrl,
    auth:
      method === 'api-key'
        ? { method, apiKeySecret: 'bamboo-key' }
        : {
            method,
            clientId: sim.credentials.app.clientId,
            clientSecretSecret: 'bamboo-client-secret',
            refreshTokenSecret: 'bamboo-refresh',
            scope: 'openid offline_access employee report',
          },
    resolveSecret: secrets.resolve,
    storeSecret: secrets.store,
    ...extra,
  };
}

/** A changed employee changes its employee row and, in the changed-tables feed, every one of its rows (§3). */
export function changedRecords(sim: BambooSimulator, n: number): ChangedRecord[] {
  return sim
    .advance(n)
    .flatMap((change): ChangedRecord[] => [
      { entity: 'employees', key: [change.employeeId] },
      ...TABLES.flatMap((table) =>
        sim.store.rowsOf(table, change.employeeId).map((row) => ({ entity: table, key: [change.employeeId, row.id] })),
      ),
    ]);
}

/** A webhook receiver served over HTTPS (BambooHR delivers to https:// only), with the CA its sender must trust. */
export async function serveOverHttps(
  listener: RequestListener,
): Promise<{ readonly url: string; readonly ca: string; close(): Promise<void> }> {
  const { server, caCert } = createSimulatorServer('bamboohr webhook receiver', true, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: caCert!,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
