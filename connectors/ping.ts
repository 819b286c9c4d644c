/**
 * Connection tests for `ml-connector check` and the studio's "Test" button: the module's one connection
 * test (the one its conformance suite runs), answered in words, never with a stack trace. A connection
 * whose settings cannot be read (a missing part, an unreadable caCertFile) is an answer too.
 * Loaded by the registry only for a ping.
 */
import { ping } from './kit/descriptor.ts';
import type { AnyConnectorModule } from './kit/module/module.ts';
import type { ConnectionContext } from './connection-config.ts';

export interface PingAnswer {
  readonly ok: boolean;
  /** What was tried, in the words of the connector's descriptor. */
  readonly test: string;
  readonly message: string;
  readonly code?: string;
}

export async function pingConnectionOf(
  context: ConnectionContext,
  module: AnyConnectorModule | undefined,
): Promise<PingAnswer> {
  const { system } = context.connection;
  if (module === undefined) {
    return {
      ok: false,
      test: 'Connect',
      message: `testing a ${system} connection is not available in this version`,
      code: 'UNSUPPORTED_CONNECTION',
    };
  }
  const test = module.descriptor.connectionTest;
  let config: unknown;
  try {
    config = await module.config(context);
  } catch (error) {
    return { test, ...(await ping(() => Promise.reject(error))) };
  }
  return { test, ...(await module.testConnection(config)) };
}
