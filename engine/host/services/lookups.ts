/**
 * Lookup tables in the studio: CSV text parsed into typed rows for an import, a file-based table's
 * rows as the run reads them, and a coverage report (which keys of a stream's sample its LOOKUPs do
 * not find). Everything works on the unsaved pipeline text the request carries.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openSource } from '../../../connectors/registry.ts';
import type { DataRow } from '../../model/index.ts';
import { connectionContext } from '../../model/connection-context.ts';
import { MlcError } from '../../model/errors.ts';
import { ownEntry } from '../../model/own-names.ts';
import { secretAccess, loadRef, type HostContext, type PipelineRefInput } from './context.ts';
import { lookupCoverage } from './lookup-coverage.ts';
import { lookupRowsFromCsv, type LookupCsvRequest } from './lookup-csv.ts';

/** Sample records a coverage report reads when none is asked for: enough to meet most accounts of a month. */
const DEFAULT_COVERAGE_SAMPLE = 500;

function fileProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT'
    ? 'there is no such file'
    : code === 'EISDIR'
      ? 'it is a folder'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : 'it cannot be read';
}

export function lookupsService(context: HostContext) {
  const secrets = secretAccess(context);
  return {
    async parseCsv(request: LookupCsvRequest) {
      return lookupRowsFromCsv(request);
    },

    async fileRows(request: { pipeline: PipelineRefInput; table: string }) {
      const loaded = loadRef(context, request.pipeline);
      const definition = ownEntry(loaded.pipeline.lookups, request.table);
      if (!definition)
        throw new MlcError('NOT_FOUND', `There is no lookup table named "${request.table}" in this pipeline.`);
      if (!definition.file)
        throw new MlcError(
          'LOOKUP_NOT_FILE',
          `The lookup table "${request.table}" keeps its rows in the pipeline file, not in a CSV file.`,
        );
      const { path, keyColumn, valueColumn, effectiveFromColumn } = definition.file;
      let text: string;
      try {
        text = await readFile(resolve(loaded.dir, path), 'utf8');
      } catch (error) {
        throw new MlcError(
          'LOOKUP_FILE_UNREADABLE',
          `Cannot read ${path} for the lookup table "${request.table}": ${fileProblem(error)} (looked beside the pipeline file).`,
        );
      }
      const csv = lookupRowsFromCsv(
        {
          text,
          keyColumn,
          valueColumn,
          effectiveFromColumn,
          ranges:
            definition.ranges === true
              ? { fromColumn: definition.file.fromColumn ?? '', toColumn: definition.file.toColumn ?? '' }
              : undefined,
          keyType: definition.keyType,
          valueType: definition.valueType,
        },
        `${path} (lookup table "${request.table}")`,
      );
      return { ...csv, path };
    },

    async coverage(request: { pipeline: PipelineRefInput; stream: string; limit?: number | undefined }) {
      const loaded = loadRef(context, request.pipeline);
      const stream = ownEntry(loaded.pipeline.streams, request.stream);
      if (!stream) throw new MlcError('NOT_FOUND', `There is no stream named "${request.stream}" in this pipeline.`);
      const name = stream.source.connection;
      const connection = ownEntry(loaded.pipeline.connections, name);
      if (!connection)
        throw new MlcError(
          'NOT_FOUND',
          `The stream "${request.stream}" reads from "${name}", and there is no connection by that name.`,
        );
      const limit = request.limit ?? DEFAULT_COVERAGE_SAMPLE;
      const records: DataRow[] = [];
      let entity;
      try {
        const source = await openSource(connectionContext(loaded, name, secrets, connection));
        const controller = new AbortController();
        try {
          entity = (await source.discover()).find((candidate) => candidate.entity === stream.source.entity);
          for await (const page of source.read({
            entity: stream.source.entity,
            key: stream.source.key,
            ...(stream.source.cursor ? { cursorField: stream.source.cursor } : {}),
            ...(stream.source.filters ? { filters: stream.source.filters } : {}),
            pageSize: Math.min(limit, 1000),
            signal: controller.signal,
          })) {
            records.push(...page.records.slice(0, limit - records.length));
            if (records.length >= limit) break;
          }
        } finally {
          controller.abort();
          await source.close();
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new MlcError(
          typeof code === 'string' ? code : 'SOURCE_UNREADABLE',
          `Could not read a sample of "${request.stream}" from the connection "${name}": ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return {
        stream: request.stream,
        read: records.length,
        tables: lookupCoverage(loaded, request.stream, entity, records),
      };
    },
  };
}
