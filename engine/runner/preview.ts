/**
 * Preview: the same pipeline with a sample source and a dry destination. It reads the first rows of
 * a stream, maps them with the same RowMapper a run uses, and returns rows and held rows with their
 * reasons. Nothing is written and no state moves.
 */
import type { EvalContext } from '../mapping/functions/spec.ts';
import type { DataRow, RecordProblem } from '../model/io.ts';
import type { HoldReason } from '../store/index.ts';
import { ConnectionPool, type ConnectionOptions } from './connections.ts';
import { buildLookupTables } from './lookups.ts';
import { PipelineProblemsError, type LoadedPipeline } from './pipeline-loader.ts';
import { prepareMapping } from './prepare-stream.ts';
import { RowMapper } from './row-mapper.ts';
import { evalContextFor, selectedStreams } from './run-pipeline.ts';

export interface PreviewOptions extends ConnectionOptions {
  readonly stream: string;
  readonly limit?: number;
  readonly runDate?: EvalContext['runDate'];
}

export interface PreviewResult {
  readonly stream: string;
  readonly columns: readonly string[];
  readonly rows: readonly DataRow[];
  readonly held: readonly { readonly sourceRecord: DataRow; readonly reasons: readonly HoldReason[] }[];
  /** Source records read for the sample. */
  readonly read: number;
}

export async function previewStream(loaded: LoadedPipeline, options: PreviewOptions): Promise<PreviewResult> {
  const [name] = selectedStreams(loaded, [options.stream]);
  const stream = loaded.pipeline.streams[name!]!;
  const limit = options.limit ?? 20;
  const pool = new ConnectionPool(loaded, options);
  try {
    const lookups = buildLookupTables(loaded.pipeline, loaded.dir);
    const source = await pool.source(stream.source.connection);
    const entity = (await source.discover()).find((e) => e.entity === stream.source.entity);
    const prepared = prepareMapping(name!, stream, entity, lookups);
    if (!prepared.ok) throw new PipelineProblemsError(loaded.path, prepared.problems);
    const records: DataRow[] = [];
    const holds = new Map<number, HoldReason[]>();
    const controller = new AbortController();
    const pages = source.read({
      entity: stream.source.entity,
      key: stream.source.key,
      ...(stream.source.cursor ? { cursorField: stream.source.cursor } : {}),
      ...(stream.source.filters ? { filters: stream.source.filters } : {}),
      pageSize: Math.max(1, Math.min(limit, 1000)),
      signal: controller.signal,
    });
    for await (const page of pages) {
      const offset = records.length;
      for (const problem of (page.problems ?? []) as readonly RecordProblem[]) {
        const index = offset + problem.recordIndex;
        if (problem.recordIndex < limit - offset)
          holds.set(index, [
            ...(holds.get(index) ?? []),
            { column: problem.field, code: 'bad-source-value', message: problem.message },
          ]);
      }
      records.push(...page.records.slice(0, limit - offset));
      if (records.length >= limit) break;
    }
    controller.abort();
    const context = evalContextFor(loaded, lookups, options.runDate);
    const mapped = new RowMapper(prepared.mapping).map(records, holds, context);
    return {
      stream: name!,
      columns: Object.keys(stream.mappings),
      rows: mapped.rows,
      held: [...holds.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, reasons]) => ({ sourceRecord: records[index]!, reasons })),
      read: records.length,
    };
  } finally {
    await pool.closeAll();
  }
}
