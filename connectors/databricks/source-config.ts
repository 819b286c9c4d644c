/**
 * The Databricks source's streams as the pipeline names them: each stream reading from this connection
 * gives its `source.entity` (the stream's own name), `source.key`, `source.cursor`, and in
 * `source.options` either `table` (catalog.schema.table) or `query` (one SELECT). Checked when the source
 * opens, so a mistake is named by its JSON path before anything is read.
 */
import { UnsupportedConnectionError, type ConnectionContext } from '../kit/module/connection-parts.ts';
import { baseQuery, type DatabricksStreamDefinition } from './source-streams.ts';

/** The `source.options` a Databricks stream reads, for the descriptor and the docs. */
export const DATABRICKS_STREAM_OPTIONS = [
  {
    name: 'table',
    description:
      'The table or view to read, as catalog.schema.table (needs USE CATALOG, USE SCHEMA and SELECT on it). Give table or query, not both.',
  },
  {
    name: 'query',
    description:
      "Instead of table: one SELECT (or WITH … SELECT) whose columns are the stream's fields, e.g. a join of hierarchy tables. It is read as a subquery, ordered and paged by the stream's cursor and key, which must be among its columns.",
  },
] as const;

export function databricksStreams(context: ConnectionContext): DatabricksStreamDefinition[] {
  const definitions = new Map<string, DatabricksStreamDefinition>();
  for (const [name, stream] of Object.entries(context.pipeline.streams)) {
    if (stream.source.connection !== context.name) continue;
    const options = stream.source.options ?? {};
    const at = `streams.${name}.source.options`;
    const text = (option: 'table' | 'query'): string | undefined => {
      const value = options[option];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.trim() === '')
        throw new UnsupportedConnectionError(`${at}.${option}: text, not ${JSON.stringify(value)}`);
      return value;
    };
    const unknown = Object.keys(options).filter((option) => option !== 'table' && option !== 'query');
    if (unknown.length > 0)
      throw new UnsupportedConnectionError(
        `${at}: a Databricks stream reads table or query, not ${unknown.join(', ')}`,
      );
    const table = text('table');
    const query = text('query');
    const definition: DatabricksStreamDefinition = {
      entity: stream.source.entity,
      ...(table === undefined ? {} : { table }),
      ...(query === undefined ? {} : { query }),
      key: stream.source.key,
      ...(stream.source.cursor === undefined ? {} : { cursor: stream.source.cursor }),
    };
    try {
      baseQuery(definition);
    } catch (error) {
      throw new UnsupportedConnectionError(`${at}: ${(error as Error).message}`);
    }
    const earlier = definitions.get(definition.entity);
    if (earlier !== undefined && JSON.stringify(earlier) !== JSON.stringify(definition))
      throw new UnsupportedConnectionError(
        `streams.${name}.source.entity: another stream reads "${definition.entity}" from ${context.name} with another table, query, key or cursor; give each its own entity name`,
      );
    definitions.set(definition.entity, definition);
  }
  return [...definitions.values()];
}
