/**
 * The file connector as the registry sees it: CSV and JSONL files in one folder, read as a source. Each
 * stream's `source.options` (file, format, delimiter, encoding, invalidBytes, defaultZone) become the
 * entity's settings as the descriptor documents them; the source refuses a value that is not one of its
 * choices, naming them.
 */
import type { ConnectorModule } from '../kit/module/module.ts';
import { addressText, streamsReadingFrom, type ConnectionContext } from '../kit/module/connection-parts.ts';
import { resolve } from 'node:path';
import type { FileEntityConfig, FileFormat, FileSourceConfig } from './config.ts';
import { fileConnectorDescriptor as file } from './descriptor.ts';
import type { FileEncoding, InvalidBytesPolicy } from './text-decoding.ts';

/** The folder resolved against the pipeline file's folder, and the entities the pipeline's streams read. */
export function fileConfig(context: ConnectionContext): FileSourceConfig & { readonly shownFolder: string } {
  const shownFolder = addressText(context, 'folder');
  const pipelineZone = context.pipeline.settings?.timeZone;
  const entities = streamsReadingFrom(context).map((stream): FileEntityConfig => {
    const options = stream.source.options ?? {};
    const text = (name: string): string | undefined =>
      options[name] === undefined ? undefined : String(options[name]);
    const defaultZone = text('defaultZone') ?? pipelineZone;
    return {
      entity: stream.source.entity,
      file: text('file') ?? `${stream.source.entity}.csv`,
      // Passed as written: the file source refuses a value that is not one of its choices, naming them.
      ...(options.format !== undefined ? { format: String(options.format) as FileFormat } : {}),
      ...(typeof options.delimiter === 'string' ? { delimiter: options.delimiter } : {}),
      ...(options.encoding !== undefined ? { encoding: String(options.encoding) as FileEncoding } : {}),
      ...(options.invalidBytes !== undefined
        ? { invalidBytes: String(options.invalidBytes) as InvalidBytesPolicy }
        : {}),
      ...(stream.source.fields ? { fields: stream.source.fields } : {}),
      ...(defaultZone ? { defaultZone } : {}),
      key: stream.source.key,
      ...(stream.source.cursor ? { cursorField: stream.source.cursor } : {}),
    };
  });
  return { connection: { folder: resolve(context.pipelineDir, shownFolder) }, entities, shownFolder };
}

export const fileModule: ConnectorModule<ReturnType<typeof fileConfig>> = {
  descriptor: {
    id: file.id,
    label: file.label,
    description: file.description,
    roles: ['source'],
    authMethods: [{ method: 'none', secrets: [] }],
    addressParts: file.addressParts,
    // The user names the files and their fields; there are no fixed streams.
    streams: [],
    connectionTest: file.connectionTest.label,
  },
  config: fileConfig,
  openSource: async (_context, config) =>
    (await import('./source.ts')).createFileSource({ connection: config.connection, entities: config.entities }),
  testConnection: async (config) =>
    (await import('./check.ts')).findFolder(config.connection.folder, config.shownFolder),
};
