/**
 * The simulators behind `ml-connector simulate`, `demo`, the e2e tests and the bench, started by name
 * with one option set; each system's module starts its own. Each handle says where it listens, the demo
 * credentials it accepts (also as secrets by the reference names the example pipelines use), the address
 * parts a pipeline connection needs, and counts of what it served so batch sizes can be tuned.
 */
import { KitError } from './kit/errors.ts';
import { describeProxy, proxyFor, proxySettingsFromEnv } from './kit/http/network.ts';
import type { AnyConnectorModule } from './kit/module/module.ts';
import type { SimulatorHandle, SimulatorStartOptions } from './kit/module/simulator-handle.ts';
import { CONNECTOR_MODULES } from './index.ts';

export type {
  SimulatorAddress,
  SimulatorHandle,
  SimulatorStartOptions,
  SimulatorStats,
} from './kit/module/simulator-handle.ts';

/** `simulate`'s names, in the module list's order. */
export const SIMULATOR_SYSTEMS: readonly string[] = CONNECTOR_MODULES.flatMap((module) =>
  module.startSimulator && module.descriptor.simulator ? [module.descriptor.simulator.name] : [],
);

export async function startSimulatorOf(
  module: AnyConnectorModule | undefined,
  name: string,
  options: SimulatorStartOptions,
): Promise<SimulatorHandle> {
  const simulator = module?.descriptor.simulator;
  if (module?.startSimulator === undefined || simulator === undefined) {
    throw new KitError(
      'CONFIG_INVALID',
      `there is no simulator for "${name}"; available: ${SIMULATOR_SYSTEMS.join(', ')} (the other systems come later)`,
    );
  }
  return withProxyNote(await module.startSimulator({ ...options, port: options.port ?? simulator.defaultPort }));
}

/** A proxy in this environment would also be asked for the simulator's loopback address (as curl does): say so. */
function withProxyNote(handle: SimulatorHandle): SimulatorHandle {
  const proxy = proxyFor(handle.url, proxySettingsFromEnv());
  if (proxy === undefined) return handle;
  const note = `  note: clients started with this environment reach ${new URL(handle.url).host} through the proxy ${describeProxy(proxy)}; add 127.0.0.1 to NO_PROXY to reach the simulator directly`;
  return { ...handle, banner: [...handle.banner, note] };
}
