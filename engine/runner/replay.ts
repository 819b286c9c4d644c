/**
 * Replay: re-runs held rows (of a run or a batch) from the payload stored with them, through the
 * *current* mapping and lookups, without reading the source again. Rows that now pass are written
 * and their holds resolved; rows that still fail stay held with their new reasons. Replaying again
 * finds nothing open and does nothing; a replay batch id is derived from the holds it carries, so a
 * replay retried after a crash never writes a row twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EvalContext } from '../mapping/functions/spec.ts';
import { MlcError } from '../model/errors.ts';
import { ownEntry } from '../model/own-names.ts';
import { rememberSecret, secretValues } from '../secrets/index.ts';
import { openRunStore, type HoldRecord, type RunStore } from '../store/index.ts';
import { writeBatch } from './batch-writer.ts';
import { ConnectionPool, type ConnectionOptions } from './connections.ts';
import type { RunEvent, StreamResult } from './events.ts';
import { buildLookupTables } from './lookups.ts';
import { PipelineProblemsError, type LoadedPipeline } from './pipeline-loader.ts';
import { holdPipelineLock, type LockOptions } from './pipeline-lock.ts';
import { prepareMapping } from './prepare-stream.ts';
import { DEFAULT_RETRY } from './retry.ts';
import { RowMapper } from './row-mapper.ts';
import { evalContextFor, mappingHash } from './run-pipeline.ts';
import { targetTableOf } from './target-table.ts';

export interface ReplayOptions extends ConnectionOptions, LockOptions {
  readonly stateDir: string;
  /** A run id or a batch id, as `audit` and `holds` show them. */
  readonly id: string;
  readonly secretValues?: () => readonly string[];
  readonly onEvent?: (event: RunEvent) => void;
  readonly runDate?: EvalContext['runDate'];
  readonly clock?: () => number;
}

export interface ReplayOutcome {
  readonly runId: string;
  readonly status: 'ok' | 'held' | 'failed';
  /** Holds that were open and replayed. */
  readonly replayed: number;
  readonly resolved: number;
  readonly stillHeld: number;
  readonly streams: readonly StreamResult[];
}

function openHoldsFor(store: RunStore, pipelineId: string, id: string): HoldRecord[] {
  const byBatch = store.listHolds({ pipelineId, batchId: id, status: 'open' });
  if (byBatch.length > 0 || store.getBatch(id)) return byBatch;
  if (store.getRun(id)) return store.listHolds({ pipelineId, runId: id, status: 'open' });
  throw new MlcError(
    'NOT_FOUND',
    `There is no run or batch "${id}" in this state folder (see \`ml-connector audit\`).`,
  );
}

export async function replay(loaded: LoadedPipeline, options: ReplayOptions): Promise<ReplayOutcome> {
  const emit = options.onEvent ?? (() => {});
  const clock = options.clock ?? Date.now;
  const now = () => new Date(clock()).toISOString();
  for (const value of options.secretValues?.() ?? []) rememberSecret(value);
  const runId = `${now().replace(/[-:]/g, '').replace(/\..*$/, '')}-replay-${randomUUID().slice(0, 8)}`;
  // A replay writes the same destination and holds as a run: the same lock, taken before anything is opened.
  const lock = await holdPipelineLock(options, { stateDir: options.stateDir, pipelineId: loaded.id, runId }, 'replay');
  let store: RunStore;
  let pool: ConnectionPool;
  try {
    store = openRunStore(options.stateDir, { secretValues });
    pool = new ConnectionPool(loaded, options);
  } catch (error) {
    lock.done();
    throw error;
  }
  try {
    const holds = openHoldsFor(store, loaded.id, options.id);
    const lookups = buildLookupTables(loaded.pipeline, loaded.dir);
    const context = evalContextFor(loaded, lookups, options.runDate);
    store.startRun({
      runId,
      pipelineId: loaded.id,
      pipelineName: loaded.pipeline.name,
      mappingHash: mappingHash(loaded),
      trigger: 'replay',
      startedAt: now(),
    });
    const byStream = new Map<string, HoldRecord[]>();
    for (const hold of holds) byStream.set(hold.stream, [...(byStream.get(hold.stream) ?? []), hold]);
    const results: StreamResult[] = [];
    let resolved = 0;
    for (const [name, streamHolds] of byStream) {
      const stream = ownEntry(loaded.pipeline.streams, name);
      if (!stream)
        throw new MlcError(
          'UNKNOWN_STREAM',
          `Held rows belong to stream "${name}", which this pipeline no longer has.`,
        );
      const source = await pool.source(stream.source.connection);
      const entity = (await source.discover()).find((e) => e.entity === stream.source.entity);
      const prepared = prepareMapping(name, stream, entity, lookups);
      if (!prepared.ok) throw new PipelineProblemsError(loaded.path, prepared.problems);
      const destination = await pool.destination(stream.target.connection);
      const target = targetTableOf(stream);
      await destination.ensureTable(target);
      // The same holds replayed with the same mapping and lookups give the same batch id, so a replay
      // retried after a crash never writes twice; a fixed mapping or lookup gives a new one.
      const identity = createHash('sha256')
        .update(`${mappingHash(loaded)}|${streamHolds.map((h) => `${h.batchId}#${h.rowIndex}`).join(',')}`)
        .digest('hex')
        .slice(0, 16);
      const batchId = `replay.${name}.${identity}`;
      const earlier = store.getBatch(batchId);
      if (earlier?.state === 'committed') {
        // Replayed before with this very mapping: the outcome cannot differ, so nothing is written again.
        results.push({
          name,
          read: 0,
          written: 0,
          held: streamHolds.length,
          alreadyLoaded: 0,
          failed: 0,
          status: 'held',
        });
        continue;
      }
      const outcome = await writeBatch(
        {
          pipelineId: loaded.id,
          runId,
          stream: name,
          target,
          destination,
          store,
          mapper: new RowMapper(prepared.mapping),
          evalContext: context,
          cursorField: stream.source.cursor,
          keyFields: stream.source.key,
          totals: { source: stream.controlTotals?.source ?? {}, target: stream.controlTotals?.target ?? {} },
          retry: DEFAULT_RETRY,
          now,
        },
        {
          batchId,
          sequence: 1,
          records: streamHolds.map((h) => h.sourceRecord),
          problems: [],
          fromCursor: null,
          replaceStarts: false,
          alreadyRecorded: earlier !== undefined,
          keepHoldsWithCaller: true,
        },
      );
      const stillHeld = outcome.holds;
      const passed = streamHolds.filter((_, index) => !stillHeld.has(index));
      store.resolveHolds(
        passed.map((h) => h.id),
        { resolvedByRunId: runId, resolvedAt: now() },
      );
      const updated = streamHolds.flatMap((h, index) => {
        const reasons = stillHeld.get(index);
        return reasons
          ? [{ batchId: h.batchId, stream: name, rowIndex: h.rowIndex, sourceRecord: h.sourceRecord, reasons }]
          : [];
      });
      if (updated.length > 0) store.addHolds(updated);
      resolved += passed.length;
      const { read, written, held, alreadyLoaded } = outcome;
      const result: StreamResult = {
        name,
        read,
        written,
        held,
        alreadyLoaded,
        failed: 0,
        status: held > 0 ? 'held' : 'ok',
      };
      results.push(result);
      emit({ type: 'stream-finished', stream: name, status: result.status, read, written, held, alreadyLoaded });
    }
    const stillHeld = holds.length - resolved;
    const status = stillHeld > 0 ? 'held' : 'ok';
    store.finishRun(runId, { status, finishedAt: now() });
    emit({ type: 'summary', runId, status, streams: results });
    return { runId, status, replayed: holds.length, resolved, stillHeld, streams: results };
  } finally {
    try {
      store.close();
      await pool.closeAll();
    } finally {
      lock.done();
    }
  }
}
