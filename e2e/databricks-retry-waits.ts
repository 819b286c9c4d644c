/**
 * The connector registry as the CLI uses it, except that the Databricks client's waits between retries
 * of a statement (2 s and up, by its retry policy) are recorded instead of slept: an end-to-end test
 * under injected 503s then proves the retries happened without waiting on a clock.
 */
import { openDatabricksDestination } from '../connectors/databricks/destination.ts';
import { databricksOptions } from '../connectors/databricks/module.ts';
import * as registry from '../connectors/registry.ts';
import type { ConnectorRegistry } from '../engine/runner/index.ts';

export function registryRecordingDatabricksWaits(waits: number[]): ConnectorRegistry {
  return {
    openSource: registry.openSource,
    openDestination: async (context) => {
      if (context.connection.system !== 'databricks') return registry.openDestination(context);
      const options = await databricksOptions(context);
      return openDatabricksDestination({
        ...options,
        retry: { ...options.retry, sleep: async (ms) => void waits.push(ms) },
      });
    },
  };
}
