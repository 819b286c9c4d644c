/**
 * Preview: the engine's own preview (same code path as a run) over the unsaved text, plus where each
 * column's value comes from. The source sample is read once and replayed from the sample cache, so
 * while the analyst types, each request costs a compile, an evaluation and the answer's transfer.
 */
import { setOwnEntry, type DataRow } from '../../model/index.ts';
import { fieldsRead } from '../../mapping/index.ts';
import { previewStream, readLastWritten, selectedStreams, withSource } from '../../runner/index.ts';
import { connectors, systemLabel } from './connectors.ts';
import { secretAccess, jsonRow, loadRef, stateDirFor, type HostContext, type PipelineRefInput } from './context.ts';
import { readSample, replaySource, sampleKey, sampleRecords, type OpenSource } from './preview-sample.ts';
import { SampleCache } from './sample-cache.ts';

/** What the engine's preview maps when no limit is asked for. */
const DEFAULT_LIMIT = 20;

export interface PreviewServiceOptions {
  readonly cache?: SampleCache;
  /** Opens the real source; tests count reads through it. */
  readonly openSource?: OpenSource;
}

export function previewService(context: HostContext, options: PreviewServiceOptions = {}) {
  const cache = options.cache ?? new SampleCache();
  const open = options.openSource ?? connectors.openSource;
  const secrets = secretAccess(context);
  return {
    async stream(request: {
      pipeline: PipelineRefInput;
      stream: string;
      limit?: number | undefined;
      refresh?: boolean | undefined;
    }) {
      const loaded = loadRef(context, request.pipeline);
      const [name] = selectedStreams(loaded, [request.stream]);
      const stream = loaded.pipeline.streams[name!]!;
      const limit = request.limit ?? DEFAULT_LIMIT;
      const { sample, reused } = await cache.get(
        sampleKey(loaded, name!),
        limit,
        () => readSample(open, loaded, name!, limit, secrets, cache.now),
        {
          refresh: request.refresh === true,
        },
      );
      const result = await previewStream(loaded, {
        stream: name!,
        limit,
        ...secrets,
        connectors: withSource(connectors, stream.source.connection, replaySource(sample)),
      });
      const roots = new Set<string>();
      const columns = result.columns.map((column) => {
        const expression = stream.mappings[column]?.expression ?? '';
        const read = fieldsRead(expression);
        for (const use of read.fields) roots.add(use.root);
        return {
          name: column,
          expression,
          fields: read.fields.map((use) => use.path),
          lookups: read.lookups.map((use) => use.table),
        };
      });
      const records = sampleRecords(sample, result.read);
      const positions = new Map(records.map((record, position) => [record, position]));
      const held = result.held.map((row) => ({
        sourceRecord: jsonRow(row.sourceRecord),
        reasons: row.reasons.map((r) => ({ column: r.column, code: r.code, message: r.message })),
        position: positions.get(row.sourceRecord) ?? -1,
      }));
      return {
        stream: result.stream,
        columns,
        rows: result.rows.map(jsonRow),
        rowSources: rowSources(
          records,
          new Set(result.held.map((row) => row.sourceRecord)),
          [...roots],
          result.lookupDefaults,
        ),
        held,
        read: result.read,
        sample: { readAt: new Date(sample.readAt).toISOString(), reused, records: sample.records },
      };
    },

    /**
     * What the destination holds now for the preview's keys (merge-key values in the key's order), read
     * back through the destination, with the newest run that wrote the stream; or why it cannot be compared.
     */
    async lastWritten(request: { pipeline: PipelineRefInput; stream: string; keys: readonly (readonly unknown[])[] }) {
      const loaded = loadRef(context, request.pipeline);
      const [name] = selectedStreams(loaded, [request.stream]);
      const answer = await readLastWritten(loaded, {
        stream: name!,
        keys: request.keys,
        stateDir: stateDirFor(context, loaded.path),
        connectors,
        ...secrets,
        systemLabel,
      });
      if (!answer.available) return answer;
      return {
        ...answer,
        rows: answer.rows.map((written) => ({
          values: jsonRow(written.row),
          runId: written.runId,
          syncedAt: written.syncedAt,
        })),
      };
    },
  };
}

type JsonRecord = ReturnType<typeof jsonRow>;

/** A sample record as JSON, made once: the sample's records are the same objects for every edit while it is kept. */
const recordJson = new WeakMap<DataRow, JsonRecord>();

function jsonOfRecord(record: DataRow): JsonRecord {
  let json = recordJson.get(record);
  if (json === undefined) {
    json = jsonRow(record);
    recordJson.set(record, json);
  }
  return json;
}

/**
 * For each mapped row, its position in the sample and the values of the fields the columns read.
 * The engine's preview hands back the held records themselves (the sample's own objects, replayed),
 * and maps the others in order, so the rows are the sample's records that were not held, in order
 * (and the engine's `lookupDefaults`, one per row, follow the same order).
 */
function rowSources(
  records: readonly DataRow[],
  held: ReadonlySet<DataRow>,
  fields: readonly string[],
  lookupDefaults: readonly (readonly string[])[],
) {
  const sources: { position: number; values: JsonRecord; lookupDefaults: readonly string[] }[] = [];
  records.forEach((record, position) => {
    if (held.has(record)) return;
    const json = jsonOfRecord(record);
    const values: JsonRecord = {};
    for (const field of fields) if (Object.hasOwn(json, field)) setOwnEntry(values, field, json[field]!);
    sources.push({ position, values, lookupDefaults: lookupDefaults[sources.length] ?? [] });
  });
  return sources;
}
