/**
 * Reading the sample a preview maps, and handing it back to the engine's preview as a source.
 * The read asks the source exactly what the engine's preview asks (entity, key, cursor, filters,
 * page size), so a preview over a replayed sample maps the very records a fresh read would give.
 */
import type { openSource } from '../../../connectors/registry.ts';
import {
  connectionContext,
  ownEntry,
  type DataRow,
  type SecretAccess,
  type Source,
  type SourcePage,
} from '../../model/index.ts';
import type { LoadedPipeline } from '../../runner/index.ts';
import type { SourceSample } from './sample-cache.ts';

export type OpenSource = typeof openSource;

/**
 * What decides which records a stream's sample holds: the pipeline file (its folder anchors relative
 * paths), the stream, its source definition, the connection it reads and the pipeline's settings
 * (time zone). Mappings and lookups are not in it: editing them never needs a new read.
 */
export function sampleKey(loaded: LoadedPipeline, streamName: string): string {
  const stream = loaded.pipeline.streams[streamName]!;
  const connection = ownEntry(loaded.pipeline.connections, stream.source.connection);
  return JSON.stringify([loaded.path, streamName, stream.source, connection ?? null, loaded.pipeline.settings ?? null]);
}

/** Reads up to `limit` records of the stream from its source, with the entities the source offers. */
export async function readSample(
  open: OpenSource,
  loaded: LoadedPipeline,
  streamName: string,
  limit: number,
  secrets: SecretAccess,
  now: () => number,
): Promise<SourceSample> {
  const stream = loaded.pipeline.streams[streamName]!;
  const name = stream.source.connection;
  const connection = ownEntry(loaded.pipeline.connections, name);
  if (!connection) throw new Error(`There is no connection named "${name}"`);
  const source = await open(connectionContext(loaded, name, secrets, connection));
  const controller = new AbortController();
  try {
    const entities = await source.discover();
    const pages: SourcePage[] = [];
    let records = 0;
    let complete = true;
    for await (const page of source.read({
      entity: stream.source.entity,
      key: stream.source.key,
      ...(stream.source.cursor ? { cursorField: stream.source.cursor } : {}),
      ...(stream.source.filters ? { filters: stream.source.filters } : {}),
      pageSize: Math.max(1, Math.min(limit, 1000)),
      signal: controller.signal,
    })) {
      const kept = page.records.slice(0, limit - records);
      const problems = page.problems?.filter((problem) => problem.recordIndex < kept.length);
      pages.push({ records: kept, ...(problems && problems.length > 0 ? { problems } : {}) });
      records += kept.length;
      if (records >= limit) {
        complete = false;
        break;
      }
    }
    return { entities, pages, records, complete, readAt: now() };
  } finally {
    controller.abort();
    await source.close();
  }
}

/** The sample as a source: the engine's preview reads it as it would read the system. */
export function replaySource(sample: SourceSample): Source {
  return {
    orderedByCursor: false,
    discover: () => Promise.resolve(sample.entities),
    async *read() {
      yield* sample.pages;
    },
    close: () => Promise.resolve(),
  };
}

/** The sample's records in the order the preview read them, the first `count` of them. */
export function sampleRecords(sample: SourceSample, count: number): DataRow[] {
  const records: DataRow[] = [];
  for (const page of sample.pages) {
    for (const record of page.records) {
      if (records.length >= count) return records;
      records.push(record);
    }
  }
  return records;
}
