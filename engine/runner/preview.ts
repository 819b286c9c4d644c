/**
 * Preview: the same pipeline with a sample source and a dry destination. It reads the first rows of
 * a stream, maps them with the same RowMapper a run uses, and returns rows and held rows with their
 * reasons. Nothing is written and no state moves.
 */
import type { EvalContext, LookupTable } from '../mapping/functions/spec.ts';
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
  /** For each row (same order): the lookup tables that did not have the row's key, so LOOKUP gave its default. */
  readonly lookupDefaults: readonly (readonly string[])[];
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
    // A miss in a row that is not held was a LOOKUP with a default: a miss anywhere else holds the row.
    const missed = new Set<string>();
    const context = evalContextFor(loaded, noticingMisses(lookups, missed), options.runDate);
    const mapper = new RowMapper(prepared.mapping);
    const rows: DataRow[] = [];
    const lookupDefaults: string[][] = [];
    // One record at a time, so each miss is known to belong to its row.
    records.forEach((record, index) => {
      if (holds.has(index)) return;
      missed.clear();
      const own = new Map<number, HoldReason[]>();
      const mapped = mapper.map([record], own, context);
      const reasons = own.get(0);
      if (reasons !== undefined) holds.set(index, reasons);
      else {
        rows.push(mapped.rows[0]!);
        lookupDefaults.push([...missed].sort());
      }
    });
    return {
      stream: name!,
      columns: Object.keys(stream.mappings),
      rows,
      lookupDefaults,
      held: [...holds.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, reasons]) => ({ sourceRecord: records[index]!, reasons })),
      read: records.length,
    };
  } finally {
    await pool.closeAll();
  }
}

/** The same tables, each noting its name in `missed` when it has no value for a key. */
function noticingMisses(
  tables: ReadonlyMap<string, LookupTable>,
  missed: Set<string>,
): ReadonlyMap<string, LookupTable> {
  const noticing = new Map<string, LookupTable>();
  for (const [name, table] of tables) {
    const get: LookupTable['get'] = (key, asOf) => {
      const found = table.get(key, asOf);
      if (found === undefined) missed.add(name);
      return found;
    };
    noticing.set(name, Object.assign(Object.create(table) as LookupTable, { get }));
  }
  return noticing;
}
