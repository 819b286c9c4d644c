/** Where each stream sits in the load-order graph: reference data first, each stream after what it waits for. */
import { ownEntry, streamRunOrder, type Pipeline } from '../../../engine/model/index.ts';

/** Each stream's column: 0 for one that waits for none, else one more than the latest it waits for. */
export function dependencyLevels(pipeline: Pipeline): Map<string, number> {
  const levels = new Map<string, number>();
  for (const name of streamRunOrder(pipeline)) {
    const waits = ownEntry(pipeline.streams, name)?.dependsOn ?? [];
    levels.set(name, Math.max(-1, ...waits.map((dependency) => levels.get(dependency) ?? -1)) + 1);
  }
  return levels;
}
