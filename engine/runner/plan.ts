/**
 * The write plan: what a run would do to each destination table (inserts, updates, unchanged), and
 * how many rows it would hold, reading from the current watermark exactly as a run would. Writes nothing.
 */
import type { DataRow } from '../model/io.ts';
import { effectivePageSize } from '../model/page-size.ts';
import { openRunStore, type HoldReason, type RunStoreReader } from '../store/index.ts';
import { stateFromDestination } from './checkpoint.ts';
import { ConnectionPool, type ConnectionOptions } from './connections.ts';
import { BoundaryTracker, readStart } from './incremental.ts';
import { buildLookupTables } from './lookups.ts';
import { PipelineProblemsError, type LoadedPipeline } from './pipeline-loader.ts';
import { prepareMapping } from './prepare-stream.ts';
import { RowMapper } from './row-mapper.ts';
import { evalContextFor, selectedStreams } from './run-pipeline.ts';
import { targetTableOf } from './target-table.ts';
import type { StreamPlan } from '../model/run-events.ts';

export interface PlanOptions extends ConnectionOptions {
  readonly stateDir: string;
  readonly streams?: readonly string[];
}

export interface PlanResult {
  readonly streams: readonly StreamPlan[];
}

export async function planRun(loaded: LoadedPipeline, options: PlanOptions): Promise<PlanResult> {
  const pool = new ConnectionPool(loaded, options);
  // Read-only: a plan writes nothing, not even an empty state folder. No store yet means no state yet.
  let store: RunStoreReader | undefined;
  try {
    store = openRunStore(options.stateDir, { readonly: true });
  } catch {
    store = undefined;
  }
  const lookups = buildLookupTables(loaded.pipeline, loaded.dir);
  const context = evalContextFor(loaded, lookups);
  const streams: StreamPlan[] = [];
  try {
    for (const name of selectedStreams(loaded, options.streams)) {
      const stream = loaded.pipeline.streams[name]!;
      const source = await pool.source(stream.source.connection);
      const destination = await pool.destination(stream.target.connection);
      const entity = (await source.discover()).find((e) => e.entity === stream.source.entity);
      const prepared = prepareMapping(name, stream, entity, lookups);
      if (!prepared.ok) throw new PipelineProblemsError(loaded.path, prepared.problems);
      const mapper = new RowMapper(prepared.mapping);
      const target = targetTableOf(stream);
      const replace = stream.target.writeMode === 'replace';
      const state = replace ? undefined : store?.getStreamState(loaded.id, name);
      const cursorField = stream.source.cursor;
      // As a run would: with no state in the folder, from where the destination says the stream stopped.
      const recovered =
        state || replace || !cursorField ? undefined : await stateFromDestination(destination, target, loaded.id, name);
      const watermark = state ? { cursor: state.cursor, keysAtCursor: state.keysAtCursor } : recovered?.watermark;
      const from = cursorField ? readStart(watermark, stream.source.lookback) : undefined;
      const tracker = new BoundaryTracker(stream.source.key, cursorField, watermark, !stream.source.lookback);
      const counts = { read: 0, inserts: 0, updates: 0, unchanged: 0, held: 0 };
      for await (const page of source.read({
        entity: stream.source.entity,
        key: stream.source.key,
        ...(cursorField ? { cursorField } : {}),
        ...(from !== undefined ? { from: { cursor: from } } : {}),
        ...(stream.source.end !== undefined ? { end: stream.source.end } : {}),
        pageSize: effectivePageSize(loaded.pipeline, stream),
      })) {
        const records: DataRow[] = [];
        const holds = new Map<number, HoldReason[]>();
        const problemIndexes = new Set((page.problems ?? []).map((p) => p.recordIndex));
        page.records.forEach((record, index) => {
          if (!tracker.accept(record)) return;
          if (problemIndexes.has(index)) holds.set(records.length, []);
          records.push(record);
        });
        counts.read += records.length;
        const mapped = mapper.map(records, holds, context);
        counts.held += holds.size;
        const plan = await destination.plan(target, mapped.rows);
        counts.inserts += plan.inserts;
        counts.updates += plan.updates;
        counts.unchanged += plan.unchanged;
      }
      streams.push({ name, table: target.table, writeMode: target.writeMode, ...counts });
    }
    return { streams };
  } finally {
    store?.close();
    await pool.closeAll();
  }
}
