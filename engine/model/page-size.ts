/**
 * How many records a stream asks its source for per page. A system may serve fewer than the engine's
 * default of 10,000 (Dynamics GP serves at most 1,000): its connector says so (`maxPageSize`, installed
 * with the system rules), a larger `source.pageSize` is a problem in the pipeline, and a stream that
 * sets none asks for no more than the system serves.
 */
import { installedSystemRules, type SystemRules } from './references.ts';
import { ownEntry } from './own-names.ts';
import type { Pipeline } from './schema/pipeline.ts';
import type { StreamDefinition } from './schema/stream.ts';

/** The engine's page size when neither the stream nor its system says otherwise. */
export const DEFAULT_PAGE_SIZE = 10_000;

/** The most records the stream's source system serves per page, or undefined when it has no limit (or is unknown). */
export function sourcePageLimit(
  pipeline: Pick<Pipeline, 'connections'>,
  stream: Pick<StreamDefinition, 'source'>,
  rules: SystemRules = installedSystemRules(),
): number | undefined {
  const connection = ownEntry(pipeline.connections, stream.source.connection);
  return connection === undefined ? undefined : ownEntry(rules, connection.system)?.maxPageSize;
}

/** The page size a stream reads with: its own, else the batch size capped by the engine's default and the system's limit. */
export function effectivePageSize(
  pipeline: Pick<Pipeline, 'connections'>,
  stream: Pick<StreamDefinition, 'source'>,
  batchSize: number = DEFAULT_PAGE_SIZE,
  rules: SystemRules = installedSystemRules(),
): number {
  if (stream.source.pageSize !== undefined) return stream.source.pageSize;
  return Math.min(batchSize, DEFAULT_PAGE_SIZE, sourcePageLimit(pipeline, stream, rules) ?? DEFAULT_PAGE_SIZE);
}
