/**
 * The one door from the engine to the connectors: given a connection from a pipeline file, open a
 * source or a destination, test it (ping), or start a system's simulator. Adding a system means adding
 * it here and in its own folder. Every system is imported on demand: a command that never opens a
 * system never loads it (nor its native parts).
 */
import { resolve } from 'node:path';
import type { Destination, Source } from '../engine/model/index.ts';
import { addressText, bambooConfig, databricksOptions, gpConfig, UnsupportedConnectionError, type ConnectionContext } from './connection-config.ts';
import type { SystemInfo } from './catalog.ts';
import type { PingAnswer } from './ping.ts';
import type { SimulatorHandle, SimulatorStartOptions } from './simulators.ts';

export { UnsupportedConnectionError } from './connection-config.ts';
export type { ConnectionContext } from './connection-config.ts';

export type { SimulatorHandle, SimulatorStartOptions } from './simulators.ts';
export type { SystemAuthMethod, SystemInfo } from './catalog.ts';

/** A connection test's answer, in words for an analyst (never a stack trace). */
export type ConnectionPing = PingAnswer;

/** Systems `simulate` can start, with their fixed default ports (PRODUCT.md conventions). */
export const SIMULATED_SYSTEMS: Readonly<Record<string, number>> = { gp: 47001, bamboohr: 47002, databricks: 47007 };

export async function openSource(context: ConnectionContext): Promise<Source> {
  switch (context.connection.system) {
    case 'file': {
      const folder = resolve(context.pipelineDir, addressText(context, 'folder'));
      const defaultZone = context.pipeline.settings?.timeZone;
      const entities = Object.values(context.pipeline.streams)
        .filter((stream) => stream.source.connection === context.name)
        .map((stream) => ({
          entity: stream.source.entity,
          file: String(stream.source.options?.file ?? `${stream.source.entity}.csv`),
          ...(typeof stream.source.options?.delimiter === 'string' ? { delimiter: stream.source.options.delimiter } : {}),
          ...(stream.source.fields ? { fields: stream.source.fields } : {}),
          ...(defaultZone ? { defaultZone } : {}),
          key: stream.source.key,
          ...(stream.source.cursor ? { cursorField: stream.source.cursor } : {}),
        }));
      const { createFileSource } = await import('./file/index.ts');
      return createFileSource({ connection: { folder }, entities });
    }
    case 'dynamics-gp': {
      const config = gpConfig(context);
      const { createGpSource } = await import('./dynamics-gp/index.ts');
      return createGpSource(config);
    }
    case 'bamboohr': {
      const config = bambooConfig(context);
      // The payroll stream's window of pay periods lives in its source.options.
      const options = Object.fromEntries(
        Object.values(context.pipeline.streams)
          .filter((stream) => stream.source.connection === context.name && stream.source.options !== undefined)
          .map((stream) => [stream.source.entity, stream.source.options!]),
      );
      const { createBambooSource } = await import('./bamboohr/source.ts');
      return createBambooSource(config, options);
    }
    default:
      throw new UnsupportedConnectionError(
        `connections.${context.name}: reading from ${context.connection.system} is not available in this version`,
      );
  }
}

export async function openDestination(context: ConnectionContext): Promise<Destination> {
  switch (context.connection.system) {
    case 'duckdb': {
      const { openDuckDbDestination } = await import('./duckdb/index.ts');
      return openDuckDbDestination({ path: resolve(context.pipelineDir, addressText(context, 'path')) });
    }
    case 'databricks': {
      const options = await databricksOptions(context);
      const { openDatabricksDestination } = await import('./databricks/destination.ts');
      return openDatabricksDestination(options);
    }
    case 'dynamics-gp': {
      const config = gpConfig(context);
      const { openGpDestination } = await import('./dynamics-gp/destination/destination.ts');
      return openGpDestination(config);
    }
    default:
      throw new UnsupportedConnectionError(
        `connections.${context.name}: writing to ${context.connection.system} is not available in this version`,
      );
  }
}

/**
 * Tests one connection the way its descriptor's connection test says (sign in and read one record,
 * run one statement, find the folder). Never throws: a failure is an answer with a code.
 */
export async function pingConnection(context: ConnectionContext): Promise<ConnectionPing> {
  const { pingConnectionOf } = await import('./ping.ts');
  return pingConnectionOf(context);
}

/** The systems a connection can name, described as data for the studio's connection form. */
export async function systemCatalog(): Promise<SystemInfo[]> {
  const { systemCatalog: catalog } = await import('./catalog.ts');
  return catalog();
}

/** Starts a system's simulator (`ml-connector simulate`, `demo`, tests and benches). */
export async function startSimulator(system: string, options: SimulatorStartOptions = {}): Promise<SimulatorHandle> {
  const { startSimulatorOf } = await import('./simulators.ts');
  return startSimulatorOf(system, options);
}
