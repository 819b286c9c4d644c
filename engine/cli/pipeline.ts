/** Loading the pipeline a command names, and checking the stream names given with --stream. */
import { closestName } from '../mapping/type-rules.ts';
import { hasOwnName, problemLine, streamRunOrder } from '../model/index.ts';
import { loadPipelineFile, type LoadedPipeline } from '../runner/pipeline-loader.ts';
import type { Output } from './context.ts';
import { UsageError } from './errors.ts';

/**
 * Loads the file; an invalid one throws (exit 2 with its first problem). Warnings do not stop a
 * command, so they go to stderr, where they are seen without disturbing a script reading stdout.
 */
export function loadPipeline(file: string, err: Output): LoadedPipeline {
  const loaded = loadPipelineFile(file);
  for (const warning of loaded.warnings) err.line(`warning: ${problemLine(warning)}`);
  return loaded;
}

/** Names given with --stream must exist; a typo gets the closest name, not a list to read through. */
export function checkStreamNames(loaded: LoadedPipeline, names: readonly string[]): void {
  const known = streamRunOrder(loaded.pipeline);
  for (const name of names) {
    if (hasOwnName(loaded.pipeline.streams, name)) continue;
    const suggestion = closestName(name, known);
    const hint = suggestion ? `did you mean "${suggestion}"?` : `streams: ${known.join(', ')}`;
    throw new UsageError(`the pipeline has no stream "${name}"; ${hint}`);
  }
}
