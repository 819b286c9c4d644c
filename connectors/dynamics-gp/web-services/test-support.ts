/** The Web Services client pointed at a GP simulator started for one test (real server on loopback, port 0). */
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from '../simulator/server.ts';
import { GpWebServicesClient } from './client.ts';
import type { GpWebServicesConfig } from './types.ts';

export interface Rig {
  readonly sim: GpSimulator;
  readonly client: GpWebServicesClient;
  close(): Promise<void>;
}

export function clientConfig(sim: GpSimulator, overrides: Partial<GpWebServicesConfig> = {}): GpWebServicesConfig {
  return {
    url: sim.webServicesUrl,
    companyKey: sim.companyKey,
    auth: { method: 'ntlm', domain: sim.credentials.domain, user: sim.credentials.user, passwordSecret: 'gp-password' },
    resolveSecret: () => Promise.resolve(sim.credentials.password),
    retry: false,
    ...overrides,
  };
}

export async function startRig(
  options: GpSimulatorOptions = {},
  overrides: Partial<GpWebServicesConfig> = {},
): Promise<Rig> {
  const sim = await startGpSimulator({ rows: 40, ...options });
  const client = new GpWebServicesClient(clientConfig(sim, overrides));
  return {
    sim,
    client,
    close: async () => {
      await client.close();
      await sim.close();
    },
  };
}
