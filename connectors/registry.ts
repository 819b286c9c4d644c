/**
 * The one door from the engine to the connectors: given a connection from a pipeline file, open a
 * source or a destination. Adding a system means adding it here and in its own folder.
 */
import { resolve } from 'node:path';
import type { Connection, Destination, Pipeline, Source } from '../engine/model/index.ts';

export interface ConnectionContext {
  readonly name: string;
  readonly connection: Connection;
  readonly pipeline: Pipeline;
  /** Relative paths in a pipeline file resolve against the file's own folder. */
  readonly pipelineDir: string;
  readonly resolveSecret: (name: string) => Promise<string>;
}

export class UnsupportedConnectionError extends Error {
  readonly code = 'UNSUPPORTED_CONNECTION';
}

function addressText(context: ConnectionContext, part: string): string {
  const value = context.connection.address[part];
  if (typeof value !== 'string' || value === '') {
    throw new UnsupportedConnectionError(`connections.${context.name}.address.${part}: give the ${part} of this ${context.connection.system} connection`);
  }
  return value;
}

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
      // Loaded on demand: a command that never opens a system never loads its native parts.
      const { createFileSource } = await import('./file/index.ts');
      return createFileSource({ connection: { folder }, entities });
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
    default:
      throw new UnsupportedConnectionError(
        `connections.${context.name}: writing to ${context.connection.system} is not available in this version`,
      );
  }
}
