/**
 * The embedded local warehouse as the registry sees it: one DuckDB file, a destination. DuckDB is a
 * native module: it loads only when a destination is opened, never for listing or testing.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ping } from '../kit/descriptor.ts';
import type { ConnectorModule } from '../kit/module/module.ts';
import { addressText, type ConnectionContext } from '../kit/module/connection-parts.ts';

/** The warehouse file resolved against the pipeline file's folder, and as the pipeline writes it. */
export function duckDbConfig(context: ConnectionContext): { readonly path: string; readonly shownPath: string } {
  const shownPath = addressText(context, 'path');
  return { path: resolve(context.pipelineDir, shownPath), shownPath };
}

export const duckDbModule: ConnectorModule<ReturnType<typeof duckDbConfig>> = {
  descriptor: {
    id: 'duckdb',
    label: 'Local warehouse (DuckDB file)',
    description:
      'The embedded warehouse: one DuckDB file on this machine; tables are created and evolved as the mappings say.',
    roles: ['destination'],
    addressParts: [
      {
        name: 'path',
        label: 'Warehouse file',
        kind: 'path',
        required: true,
        description:
          "The .duckdb file; a relative path resolves against the pipeline file's folder. The first run creates it.",
        example: './warehouse.duckdb',
      },
    ],
    authMethods: [{ method: 'none', secrets: [] }],
    streams: [],
    connectionTest: 'Find the warehouse file or its folder',
  },
  config: duckDbConfig,
  openDestination: async (_context, config) =>
    (await import('./index.ts')).openDuckDbDestination({ path: config.path }),
  // Opening the warehouse would create it; a missing file is fine when its folder is there.
  testConnection: (config) =>
    ping(async () => {
      if (
        await stat(config.path).then(
          () => true,
          () => false,
        )
      )
        return `warehouse ${config.shownPath} found`;
      await stat(dirname(config.path));
      return `warehouse ${config.shownPath} is not there yet; the first run creates it`;
    }),
};
