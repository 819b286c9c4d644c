/**
 * What the example benches (`*-to-*-run.ts`) share: the simulators' demo secrets as a resolver, the
 * simulators' counts at a moment (so a figure is the difference over what was measured), and the
 * baseline: streams of the shipped example read by its source alone, asked for exactly as the runner asks.
 */
import type { SimulatorHandle } from '../connectors/registry.ts';
import * as connectors from '../connectors/registry.ts';
import { effectivePageSize } from '../engine/model/page-size.ts';
import type { DataRow } from '../engine/model/index.ts';
import type { loadPipelineFile } from '../engine/runner/index.ts';
import { neededFields } from '../engine/runner/needed-fields.ts';

type Loaded = ReturnType<typeof loadPipelineFile>;
type SimulatorStats = ReturnType<SimulatorHandle['stats']>;
export type ResolveSecret = (name: string) => Promise<string>;

export function demoSecrets(...simulators: readonly SimulatorHandle[]): ResolveSecret {
  const secrets: Record<string, string> = Object.assign({}, ...simulators.map((sim) => sim.secrets));
  return (name) => {
    const value = secrets[name];
    return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
  };
}

export interface CountsAt {
  readonly at: number;
  readonly stats: Readonly<Record<string, SimulatorStats>>;
}

export function countsAt(simulators: Readonly<Record<string, SimulatorHandle>>): CountsAt {
  const stats = Object.fromEntries(Object.entries(simulators).map(([name, sim]) => [name, sim.stats()]));
  return { at: performance.now(), stats };
}

/** What one simulator served between two moments: `field` of its stats (0 where it does not count it). */
export function served(before: CountsAt, after: CountsAt, simulator: string, field: keyof SimulatorStats): number {
  return Number(after.stats[simulator]?.[field] ?? 0) - Number(before.stats[simulator]?.[field] ?? 0);
}

/**
 * The baseline: `streams` read by the source of `connection` alone (opened, read in full, closed), with the
 * entity, key, cursor, fields and page size the runner would ask for. Returns seconds and records per stream;
 * `onRecords` sees each page's records (a correctness check may need a field of them).
 */
export async function readAlone(
  loaded: Loaded,
  connection: string,
  pipelineDir: string,
  resolveSecret: ResolveSecret,
  streams: readonly string[],
  onRecords: (stream: string, records: readonly DataRow[]) => void = () => undefined,
): Promise<{ seconds: number; records: Record<string, number> }> {
  const started = performance.now();
  const source = await connectors.openSource({
    name: connection,
    connection: loaded.pipeline.connections[connection]!,
    pipeline: loaded.pipeline,
    pipelineDir,
    resolveSecret,
  });
  const records: Record<string, number> = {};
  try {
    for (const name of streams) {
      const stream = loaded.pipeline.streams[name]!;
      records[name] = 0;
      for await (const page of source.read({
        entity: stream.source.entity,
        key: stream.source.key,
        ...(stream.source.cursor === undefined ? {} : { cursorField: stream.source.cursor }),
        fields: neededFields(stream),
        // As the runner: the stream's page size, else its batch size capped by the system's limit.
        pageSize: effectivePageSize(loaded.pipeline, stream, loaded.pipeline.settings?.batchSize ?? 10_000),
      })) {
        records[name] += page.records.length;
        onRecords(name, page.records);
      }
    }
  } finally {
    await source.close();
  }
  return { seconds: (performance.now() - started) / 1000, records };
}
