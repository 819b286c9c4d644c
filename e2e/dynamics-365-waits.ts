/**
 * The connector registry as the CLI uses it, except that the Dynamics 365 destination's waits (Retry-After
 * of a 429, the request budget's window) move a fake clock and are recorded instead of slept: an
 * end-to-end test under a 429 storm then proves the run slowed down as Dataverse asked, without waiting
 * on a clock.
 */
import { openDynamicsDestination } from '../connectors/dynamics-365/destination/destination.ts';
import { dynamicsConfig } from '../connectors/dynamics-365/module.ts';
import * as registry from '../connectors/registry.ts';
import type { ConnectorRegistry } from '../engine/runner/index.ts';

export function registryRecordingDynamicsWaits(waits: number[]): ConnectorRegistry {
  const clock = { now: Date.now() };
  return {
    openSource: registry.openSource,
    openDestination: async (context) => {
      if (context.connection.system !== 'dynamics-365') return registry.openDestination(context);
      return openDynamicsDestination({
        ...dynamicsConfig(context),
        now: () => clock.now,
        sleep: (ms) => {
          waits.push(ms);
          clock.now += ms;
          return Promise.resolve();
        },
      });
    },
  };
}
