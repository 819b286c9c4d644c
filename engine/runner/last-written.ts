/**
 * What the destination holds now for some of a stream's keys, read back through the destination's
 * optional `readByKeys`, for the studio's "values that differ from the last run". Writes nothing:
 * when no run has written the stream yet, the destination is not even opened (opening a DuckDB file
 * would create it). When the rows cannot be compared, the answer says why in plain words.
 */
import { coerceValue, type CoercionTarget, type Value } from '../model/values/index.ts';
import type { WrittenRow } from '../model/io.ts';
import { ownEntry } from '../model/own-names.ts';
import { openRunStore, type RunStoreReader, type RunSummary } from '../store/index.ts';
import { ConnectionPool, type ConnectionOptions } from './connections.ts';
import type { LoadedPipeline } from './pipeline-loader.ts';
import { targetTableOf } from './target-table.ts';

export interface LastWrittenOptions extends ConnectionOptions {
  readonly stateDir: string;
  readonly stream: string;
  /** Each key's values in merge-key order, as the preview shows them (decimals and dates as text). */
  readonly keys: readonly (readonly unknown[])[];
  /** The system's name as the analyst knows it ("Dynamics GP"), for the words of a refusal. */
  readonly systemLabel?: (system: string) => string;
}

export interface LastRunInfo {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export type LastWritten =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly table: string;
      readonly key: readonly string[];
      /** The newest run that wrote this stream (the rows themselves say which run last wrote each). */
      readonly lastRun: LastRunInfo;
      readonly rows: readonly WrittenRow[];
    };

/** How many runs back to look for one that wrote the stream. */
const RUNS_LOOKED_AT = 200;

export async function readLastWritten(loaded: LoadedPipeline, options: LastWrittenOptions): Promise<LastWritten> {
  const stream = ownEntry(loaded.pipeline.streams, options.stream);
  if (stream === undefined) return { available: false, reason: `There is no stream named "${options.stream}".` };
  const target = targetTableOf(stream);
  if (target.mergeKey.length === 0)
    return {
      available: false,
      reason: `${options.stream} has no merge key, so a row here cannot be matched with the row a run wrote.`,
    };
  const lastRun = newestRunWriting(options.stateDir, loaded.id, options.stream);
  if (lastRun === undefined)
    return {
      available: false,
      reason: `No run has written ${options.stream} yet. Run it on the Runs tab, then compare.`,
    };

  const pool = new ConnectionPool(loaded, options);
  try {
    const destination = await pool.destination(stream.target.connection);
    if (destination.readByKeys === undefined) {
      const system = ownEntry(loaded.pipeline.connections, stream.target.connection)?.system ?? '';
      const label = options.systemLabel?.(system) ?? system;
      return {
        available: false,
        reason: `${label} cannot be read back, so what the last run sent there cannot be compared.`,
      };
    }
    const types = target.mergeKey.map(
      (name) => target.columns.find((column) => column.name === name)?.type.kind ?? 'string',
    );
    const keys = options.keys.flatMap((key) => {
      const typed = typedKey(key, types);
      return typed === undefined ? [] : [typed];
    });
    const rows = await destination.readByKeys(target, keys);
    if (rows === undefined)
      return {
        available: false,
        reason: `The table ${target.table} is not in the destination (it was dropped or renamed since the last run).`,
      };
    return {
      available: true,
      table: target.table,
      key: target.mergeKey,
      lastRun: { runId: lastRun.runId, startedAt: lastRun.startedAt, finishedAt: lastRun.finishedAt },
      rows,
    };
  } finally {
    await pool.closeAll();
  }
}

/** The key's parts as the columns' types; undefined when a part is not of its type (it cannot be in the table). */
function typedKey(key: readonly unknown[], types: readonly CoercionTarget[]): Value[] | undefined {
  if (key.length !== types.length) return undefined;
  const typed: Value[] = [];
  for (const [index, part] of key.entries()) {
    const coerced = coerceValue(part, types[index]!);
    if (!coerced.ok) return undefined;
    typed.push(coerced.value);
  }
  return typed;
}

function newestRunWriting(stateDir: string, pipelineId: string, stream: string): RunSummary | undefined {
  let store: RunStoreReader;
  try {
    store = openRunStore(stateDir, { readonly: true });
  } catch {
    // No run store yet: nothing has run with this state folder.
    return undefined;
  }
  try {
    return store
      .listRuns({ pipelineId, limit: RUNS_LOOKED_AT })
      .find((run) =>
        run.streams.some((totals) => totals.stream === stream && totals.written + totals.alreadyLoaded > 0),
      );
  } finally {
    store.close();
  }
}
